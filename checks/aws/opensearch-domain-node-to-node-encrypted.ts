import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, configurationMissing } from './_shared/any-case.js';
import { OPENSEARCH_TYPES } from './_shared/opensearch.js';

export default defineCheck({
  id: 'aws-opensearch-domain-node-to-node-encrypted',
  title: 'OpenSearch domain encrypts traffic between its nodes',
  provider: 'aws',
  resourceTypes: OPENSEARCH_TYPES,
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'Documents, queries and shard replicas travel between the nodes of a domain; without node-to-node encryption that traffic, and the ePHI in it, crosses the VPC unencrypted.',
  remediation: {
    text: 'Enable node-to-node encryption on the domain (in place on OpenSearch and Elasticsearch 6.7+).',
    cli: 'aws opensearch update-domain-config --domain-name DOMAIN --node-to-node-encryption-options Enabled=true',
    terraform: 'resource "aws_opensearch_domain" "this" {\n  # ...\n  node_to_node_encryption {\n    enabled = true\n  }\n}',
  },
  evaluate(domain) {
    const missing = configurationMissing(domain, 'domain', 'whether node-to-node encryption is on');
    if (missing) return missing;
    const evidence = { NodeToNodeEncryptionEnabled: anyCase(domain.config, 'NodeToNodeEncryptionOptions.Enabled') ?? null };
    const enabled = anyCaseBoolean(domain.config, 'NodeToNodeEncryptionOptions.Enabled');
    if (enabled === undefined) return undecided('The domain record does not say whether node-to-node encryption is enabled.', evidence);
    return enabled
      ? pass('Traffic between the nodes of the domain is encrypted with TLS.', evidence)
      : fail('Traffic between the nodes of the domain is not encrypted.', evidence);
  },
});
