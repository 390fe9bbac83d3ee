import { defineCheck } from '../../src/engine/check.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeSslPolicy } from './_shared/ssl-policy.js';

export default defineCheck({
  id: 'gcp-ssl-policy-strong',
  title: 'Load balancer SSL policy requires TLS 1.2 and strong cipher suites',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/SslPolicy'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'An SSL policy decides which TLS versions and cipher suites a load balancer offers clients; TLS 1.0/1.1 and suites without forward secrecy leave ePHI in transit open to downgrade and decryption attacks.',
  remediation: {
    text: 'Use the MODERN profile with minimum TLS 1.2, or RESTRICTED; a CUSTOM profile must require TLS 1.2 and leave out the TLS_RSA_* suites.',
    cli: 'gcloud compute ssl-policies update POLICY --profile=MODERN --min-tls-version=1.2',
    terraform: 'resource "google_compute_ssl_policy" "this" {\n  name            = "POLICY"\n  profile         = "MODERN"\n  min_tls_version = "TLS_1_2"\n}',
  },
  evaluate(policy) {
    const missing = configurationMissing(policy, 'TLS settings');
    if (missing) return missing;
    const grade = gradeSslPolicy(policy.config);
    return grade.strong
      ? pass(`The SSL policy offers only TLS 1.2 or later with strong cipher suites (${grade.evidence.profile}).`, grade.evidence)
      : fail(`The SSL policy is weak: ${grade.problems.join('; ')}.`, grade.evidence);
  },
});
