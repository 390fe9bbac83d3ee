import { defineCheck, type CheckContext } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import type { Resource } from '../../src/inventory/resource.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeSslPolicy } from './_shared/ssl-policy.js';

const SSL_POLICY = 'compute.googleapis.com/SslPolicy';

export default defineCheck({
  id: 'gcp-load-balancer-tls-policy',
  title: 'HTTPS and SSL proxy load balancers use a strong SSL policy',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/TargetHttpsProxy', 'compute.googleapis.com/RegionTargetHttpsProxy', 'compute.googleapis.com/TargetSslProxy'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'A target proxy without an SSL policy gets Google\'s default, the COMPATIBLE profile with TLS 1.0, so clients reaching ePHI through the load balancer may negotiate out-of-date TLS.',
  remediation: {
    text: 'Attach an SSL policy with the MODERN profile and minimum TLS 1.2 (or RESTRICTED) to the target proxy.',
    cli: 'gcloud compute ssl-policies create tls12-modern --profile=MODERN --min-tls-version=1.2\ngcloud compute target-https-proxies update PROXY --ssl-policy=tls12-modern',
    terraform:
      'resource "google_compute_target_https_proxy" "this" {\n  name             = "PROXY"\n  url_map          = google_compute_url_map.this.id\n  ssl_certificates = [google_compute_managed_ssl_certificate.this.id]\n  ssl_policy       = google_compute_ssl_policy.modern_tls12.id\n}',
  },
  evaluate(proxy, context) {
    const missing = configurationMissing(proxy, 'SSL policy');
    if (missing) return missing;
    const url = stringField(proxy.config, 'sslPolicy');
    if (!url) {
      return fail('The proxy has no SSL policy, so it uses Google\'s default: the COMPATIBLE profile with TLS 1.0.', { sslPolicy: null, profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_0' });
    }
    const policy = findPolicy(url, context);
    if (!policy || policy.related.resourceMissing) return undecided(`The proxy's SSL policy ${url} is not in the scan, so its TLS settings are unknown.`, { sslPolicy: url });
    const grade = gradeSslPolicy(policy.config);
    const evidence = { sslPolicy: url, sslPolicyAsset: policy.id, ...grade.evidence };
    return grade.strong
      ? pass(`The proxy's SSL policy ${policy.name} offers only TLS 1.2 or later with strong cipher suites.`, evidence)
      : fail(`The proxy's SSL policy ${policy.name} is weak: ${grade.problems.join('; ')}.`, evidence);
  },
});

/** The SslPolicy asset a proxy's `sslPolicy` URL names (`https://www.googleapis.com/compute/v1/projects/...`). */
function findPolicy(url: string, context: CheckContext): Resource | undefined {
  const path = /\/compute\/(?:v1|beta|alpha)\/(projects\/.+)$/.exec(url)?.[1] ?? (url.startsWith('projects/') ? url : undefined);
  const byName = path ? context.resourceById('gcp', `//compute.googleapis.com/${path}`) : undefined;
  if (byName?.type === SSL_POLICY) return byName;
  return context.resourcesOfType('gcp', SSL_POLICY).find((p) => stringField(p.config, 'selfLink') === url);
}
