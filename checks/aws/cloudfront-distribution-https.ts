import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseArray, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';

const HTTPS_ONLY = new Set(['https-only', 'redirect-to-https']);

export default defineCheck({
  id: 'aws-cloudfront-distribution-https',
  title: 'CloudFront distribution requires HTTPS with TLS 1.2+ to viewers and origins',
  provider: 'aws',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'A CloudFront cache behavior that allows HTTP serves pages and API responses, with any ePHI in them, unencrypted; the default *.cloudfront.net certificate and older security policies still negotiate TLS 1.0, and an http-only origin sends the same content in the clear between CloudFront and the origin.',
  remediation: {
    text: 'Set every cache behavior to redirect-to-https or https-only, serve a custom certificate with the TLSv1.2_2021 (or newer) security policy, and use https-only for custom origins.',
    cli: 'aws cloudfront get-distribution-config --id DISTRIBUTION-ID > dist.json\n# edit ViewerProtocolPolicy, ViewerCertificate.MinimumProtocolVersion and OriginProtocolPolicy, then:\naws cloudfront update-distribution --id DISTRIBUTION-ID --if-match ETAG --distribution-config file://dist-config.json',
    terraform:
      'resource "aws_cloudfront_distribution" "this" {\n  # ...\n  default_cache_behavior {\n    viewer_protocol_policy = "redirect-to-https"\n    # ...\n  }\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n    ssl_support_method       = "sni-only"\n    minimum_protocol_version = "TLSv1.2_2021"\n  }\n}',
  },
  evaluate(distribution) {
    const missing = configurationMissing(distribution, 'distribution', 'its viewer protocol policy');
    if (missing) return missing;
    // Config records distributions camelCase: distributionConfig.{defaultCacheBehavior, cacheBehaviors.items, viewerCertificate, origins.items}.
    const config = anyCase(distribution.config, 'distributionConfig');
    if (!isRecord(config)) return undecided('The distribution record has no distributionConfig.', { distributionConfig: config ?? null });

    const behaviors = [
      { path: 'default', policy: anyCaseString(config, 'defaultCacheBehavior.viewerProtocolPolicy') ?? null },
      ...(anyCaseArray(config, 'cacheBehaviors.items') ?? []).map((b) => ({ path: anyCaseString(b, 'pathPattern') ?? '?', policy: anyCaseString(b, 'viewerProtocolPolicy') ?? null })),
    ];
    const defaultCertificate = anyCaseBoolean(config, 'viewerCertificate.cloudFrontDefaultCertificate') ?? null;
    const minimumProtocolVersion = anyCaseString(config, 'viewerCertificate.minimumProtocolVersion') ?? null;
    const origins = (anyCaseArray(config, 'origins.items') ?? [])
      .filter((o) => anyCase(o, 'customOriginConfig') !== undefined && anyCase(o, 'customOriginConfig') !== null)
      .map((o) => ({ id: anyCaseString(o, 'id') ?? '?', originProtocolPolicy: anyCaseString(o, 'customOriginConfig.originProtocolPolicy') ?? null }));
    const evidence = { viewerProtocolPolicies: behaviors, cloudFrontDefaultCertificate: defaultCertificate, minimumProtocolVersion, customOrigins: origins };

    const problems: string[] = [];
    const plain = behaviors.filter((b) => b.policy !== null && !HTTPS_ONLY.has(b.policy));
    if (plain.length > 0) problems.push(`cache behavior ${plain.map((b) => b.path).join(', ')} allows HTTP`);
    // The *.cloudfront.net certificate always negotiates with the TLSv1 policy.
    if (defaultCertificate === true) problems.push('the default *.cloudfront.net certificate accepts TLS 1.0');
    else if (minimumProtocolVersion !== null && !/^TLSv1\.[23]_/.test(minimumProtocolVersion)) problems.push(`the security policy ${minimumProtocolVersion} accepts protocols older than TLS 1.2`);
    const httpOrigins = origins.filter((o) => o.originProtocolPolicy === 'http-only');
    if (httpOrigins.length > 0) problems.push(`origin ${httpOrigins.map((o) => o.id).join(', ')} is reached over plain HTTP`);
    if (problems.length > 0) return fail(`The distribution is not HTTPS-only: ${problems.join('; ')}.`, evidence);

    if (behaviors.some((b) => b.policy === null)) return undecided('A cache behavior in the record has no viewer protocol policy.', evidence);
    if (defaultCertificate === null && minimumProtocolVersion === null) return undecided('The record does not show the viewer certificate, so the minimum TLS version is unknown.', evidence);
    return pass(`Viewers must use HTTPS with ${minimumProtocolVersion ?? 'TLS 1.2'} or newer${origins.length > 0 ? ', and custom origins are reached over HTTPS' : ''}.`, evidence);
  },
});
