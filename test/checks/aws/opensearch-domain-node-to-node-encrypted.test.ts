import { describe } from 'vitest';
import check from '../../../checks/aws/opensearch-domain-node-to-node-encrypted.js';
import { elasticsearchDomain, openSearchDomain, verdictTable } from './items.js';

describe('aws-opensearch-domain-node-to-node-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes an OpenSearch domain with node-to-node encryption',
      item: openSearchDomain({ NodeToNodeEncryptionOptions: { Enabled: true } }),
      status: 'pass',
      evidence: { NodeToNodeEncryptionEnabled: true },
    },
    {
      title: 'passes an Elasticsearch domain with node-to-node encryption (camelCase)',
      item: elasticsearchDomain({ nodeToNodeEncryptionOptions: { enabled: true } }),
      status: 'pass',
      evidence: { NodeToNodeEncryptionEnabled: true },
    },
    {
      title: 'fails a domain without node-to-node encryption',
      item: openSearchDomain({ NodeToNodeEncryptionOptions: { Enabled: false } }),
      status: 'fail',
      evidence: { NodeToNodeEncryptionEnabled: false },
    },
    {
      title: 'is undecided when the record does not say',
      item: elasticsearchDomain({}),
      status: 'error',
      evidence: { NodeToNodeEncryptionEnabled: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: openSearchDomain(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
