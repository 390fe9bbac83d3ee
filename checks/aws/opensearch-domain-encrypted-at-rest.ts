import { defineCheck } from '../../src/engine/check.js';
import { undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';
import { OPENSEARCH_TYPES } from './_shared/opensearch.js';

export default defineCheck({
  id: 'aws-opensearch-domain-encrypted-at-rest',
  title: 'OpenSearch domain is encrypted at rest',
  provider: 'aws',
  resourceTypes: OPENSEARCH_TYPES,
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Search indices often copy whole records (notes, claims, logs with identifiers); without encryption at rest, the indices, swap files and automated snapshots of an OpenSearch domain hold that ePHI in the clear.',
  remediation: {
    text: 'Enable encryption at rest on the domain with a KMS key (domains on OpenSearch or Elasticsearch 6.7+ can enable it in place).',
    cli: 'aws opensearch update-domain-config --domain-name DOMAIN --encryption-at-rest-options Enabled=true,KmsKeyId=KEY-ARN',
    terraform: 'resource "aws_opensearch_domain" "this" {\n  # ...\n  encrypt_at_rest {\n    enabled    = true\n    kms_key_id = aws_kms_key.search.arn\n  }\n}',
  },
  evaluate(domain, context) {
    const missing = configurationMissing(domain, 'domain', 'whether it is encrypted at rest');
    if (missing) return missing;
    const kmsKeyId = anyCaseString(domain.config, 'EncryptionAtRestOptions.KmsKeyId');
    const evidence = { EncryptionAtRestEnabled: anyCase(domain.config, 'EncryptionAtRestOptions.Enabled') ?? null, KmsKeyId: kmsKeyId ?? null };
    const enabled = anyCaseBoolean(domain.config, 'EncryptionAtRestOptions.Enabled');
    if (enabled === undefined) return undecided('The domain record does not say whether encryption at rest is enabled.', evidence);
    return gradeEncryptedStore('search domain', enabled, kmsKeyId, domain, context, evidence);
  },
});
