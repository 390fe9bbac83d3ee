import { describe } from 'vitest';
import check from '../../../checks/aws/elasticache-encrypted-at-rest.js';
import { elastiCacheCluster, kmsKeyItem, replicationGroup, verdictTable } from './items.js';

const KEY_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe('aws-elasticache-encrypted-at-rest', () => {
  verdictTable(check, [
    {
      title: 'passes a replication group encrypted at rest with a customer managed key',
      item: replicationGroup({ AtRestEncryptionEnabled: true, KmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { AtRestEncryptionEnabled: true, KmsKeyId: KEY, keyManager: 'CUSTOMER' },
    },
    {
      title: 'passes a group described with camelCase names (a Config-style serializer)',
      item: replicationGroup({ atRestEncryptionEnabled: true }),
      status: 'pass',
      evidence: { AtRestEncryptionEnabled: true, KmsKeyId: null },
    },
    {
      title: 'passes a standalone Valkey cache cluster encrypted at rest',
      item: elastiCacheCluster({ Engine: 'valkey', AtRestEncryptionEnabled: true }),
      status: 'pass',
      evidence: { AtRestEncryptionEnabled: true, Engine: 'valkey' },
    },
    {
      title: 'fails a replication group without encryption at rest',
      item: replicationGroup({ AtRestEncryptionEnabled: false }),
      status: 'fail',
      evidence: { AtRestEncryptionEnabled: false },
    },
    {
      title: 'fails when the group key is disabled',
      item: replicationGroup({ AtRestEncryptionEnabled: true, KmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyState: 'Disabled' },
    },
    {
      title: 'is not applicable to a node of a replication group (the group is graded)',
      item: elastiCacheCluster({ Engine: 'redis', ReplicationGroupId: 'sessions', AtRestEncryptionEnabled: false }),
      status: 'not_applicable',
      evidence: { ReplicationGroupId: 'sessions' },
    },
    {
      title: 'is not applicable to node-based Memcached, which has nothing on disk',
      item: elastiCacheCluster({ Engine: 'memcached' }),
      status: 'not_applicable',
      evidence: { Engine: 'memcached' },
    },
    {
      title: 'is undecided when the record does not say',
      item: replicationGroup({}),
      status: 'error',
      evidence: { AtRestEncryptionEnabled: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: replicationGroup(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
