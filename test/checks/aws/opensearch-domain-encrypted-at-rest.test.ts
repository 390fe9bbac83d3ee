import { describe } from 'vitest';
import check from '../../../checks/aws/opensearch-domain-encrypted-at-rest.js';
import { asApiItem, elasticsearchDomain, kmsKeyItem, openSearchDomain, verdictTable } from './items.js';

const KEY_ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe('aws-opensearch-domain-encrypted-at-rest', () => {
  verdictTable(check, [
    {
      title: 'passes an OpenSearch domain encrypted with a KMS key',
      item: openSearchDomain({ EncryptionAtRestOptions: { Enabled: true, KmsKeyId: KEY } }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { EncryptionAtRestEnabled: true, KmsKeyId: KEY, keyManager: 'CUSTOMER' },
    },
    {
      title: 'passes an Elasticsearch domain (camelCase names) in the API shape',
      item: asApiItem(elasticsearchDomain({ encryptionAtRestOptions: { enabled: true, kmsKeyId: 'alias/aws/es' } })),
      status: 'pass',
      evidence: { EncryptionAtRestEnabled: true, keyManager: 'AWS' },
    },
    {
      title: 'fails an OpenSearch domain without encryption at rest',
      item: openSearchDomain({ EncryptionAtRestOptions: { Enabled: false } }),
      status: 'fail',
      evidence: { EncryptionAtRestEnabled: false, KmsKeyId: null },
    },
    {
      title: 'fails an Elasticsearch domain without encryption at rest',
      item: elasticsearchDomain({ encryptionAtRestOptions: { enabled: false } }),
      status: 'fail',
      evidence: { EncryptionAtRestEnabled: false },
    },
    {
      title: 'is undecided when the record has no encryption options',
      item: openSearchDomain({}),
      status: 'error',
      evidence: { EncryptionAtRestEnabled: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: openSearchDomain(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
