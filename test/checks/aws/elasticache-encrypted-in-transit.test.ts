import { describe } from 'vitest';
import check from '../../../checks/aws/elasticache-encrypted-in-transit.js';
import { elastiCacheCluster, replicationGroup, verdictTable } from './items.js';

describe('aws-elasticache-encrypted-in-transit', () => {
  verdictTable(check, [
    {
      title: 'passes a group that requires TLS',
      item: replicationGroup({ TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' }),
      status: 'pass',
      evidence: { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' },
    },
    {
      title: 'passes an older group with TLS on and no mode (TLS was always required then)',
      item: replicationGroup({ transitEncryptionEnabled: true }),
      status: 'pass',
      evidence: { TransitEncryptionEnabled: true, TransitEncryptionMode: null },
    },
    {
      title: 'passes a Memcached cluster with TLS',
      item: elastiCacheCluster({ Engine: 'memcached', TransitEncryptionEnabled: true }),
      status: 'pass',
      evidence: { Engine: 'memcached', TransitEncryptionEnabled: true },
    },
    {
      title: 'fails a group with in-transit encryption off',
      item: replicationGroup({ TransitEncryptionEnabled: false }),
      status: 'fail',
      evidence: { TransitEncryptionEnabled: false },
    },
    {
      title: 'fails a group in the preferred (migration) mode, which still accepts plaintext',
      item: replicationGroup({ TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' }),
      status: 'fail',
      evidence: { TransitEncryptionMode: 'preferred' },
    },
    {
      title: 'is not applicable to a node of a replication group',
      item: elastiCacheCluster({ Engine: 'valkey', ReplicationGroupId: 'sessions', TransitEncryptionEnabled: false }),
      status: 'not_applicable',
      evidence: { ReplicationGroupId: 'sessions' },
    },
    {
      title: 'is undecided when the record does not say',
      item: replicationGroup({}),
      status: 'error',
      evidence: { TransitEncryptionEnabled: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: replicationGroup(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
