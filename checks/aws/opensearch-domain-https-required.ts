import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { OPENSEARCH_TYPES } from './_shared/opensearch.js';

// Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0 and 1.1; the Policy-Min-TLS-1-2-* policies do not.
const TLS12_OR_NEWER = /^Policy-Min-TLS-1-[23]-/;
const OLDER_TLS = /^Policy-Min-TLS-1-[01]-/;

export default defineCheck({
  id: 'aws-opensearch-domain-https-required',
  title: 'OpenSearch domain endpoint requires HTTPS with TLS 1.2 or newer',
  provider: 'aws',
  resourceTypes: OPENSEARCH_TYPES,
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'Clients send documents and read search results, ePHI included, through the domain endpoint; unless HTTPS is enforced with a TLS 1.2 policy, requests can travel in plain HTTP or over deprecated TLS versions.',
  remediation: {
    text: 'Enforce HTTPS on the domain endpoint and choose a Policy-Min-TLS-1-2 security policy.',
    cli: 'aws opensearch update-domain-config --domain-name DOMAIN --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10',
    terraform:
      'resource "aws_opensearch_domain" "this" {\n  # ...\n  domain_endpoint_options {\n    enforce_https       = true\n    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n}',
  },
  evaluate(domain) {
    const missing = configurationMissing(domain, 'domain', 'whether HTTPS is required');
    if (missing) return missing;
    const policy = anyCaseString(domain.config, 'DomainEndpointOptions.TLSSecurityPolicy') ?? null;
    const evidence = { EnforceHTTPS: anyCase(domain.config, 'DomainEndpointOptions.EnforceHTTPS') ?? null, TLSSecurityPolicy: policy };
    const enforced = anyCaseBoolean(domain.config, 'DomainEndpointOptions.EnforceHTTPS');
    if (enforced === undefined) return undecided('The domain record does not say whether HTTPS is enforced.', evidence);
    if (!enforced) return fail('The domain endpoint accepts plain HTTP requests: HTTPS is not enforced.', evidence);
    if (policy === null) return undecided('HTTPS is enforced, but the record does not name the TLS security policy, so the minimum TLS version is unknown.', evidence);
    if (OLDER_TLS.test(policy)) return fail(`HTTPS is enforced, but the TLS policy ${policy} still accepts TLS 1.0 and 1.1.`, evidence);
    if (TLS12_OR_NEWER.test(policy)) return pass(`The domain endpoint requires HTTPS with TLS 1.2 or newer (${policy}).`, evidence);
    return undecided(`HTTPS is enforced, but the TLS policy ${policy} is not one this check knows, so the minimum TLS version is unknown.`, evidence);
  },
});
