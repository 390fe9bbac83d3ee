import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/rds-cluster-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/8b1d0c3e-6f2a-4d9b-a7e5-1c4f9e2d7b30';

function auroraCluster(configuration: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: 'cluster-K3JH5QW2RT7YUZP4XB6NLD8MCA',
    resourceName: 'claims',
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster:claims',
    availabilityZone: 'Multiple Availability Zones',
    configuration: configuration && {
      dbclusterIdentifier: 'claims',
      dbclusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:claims',
      dbClusterResourceId: 'cluster-K3JH5QW2RT7YUZP4XB6NLD8MCA',
      engine: 'aurora-postgresql',
      engineVersion: '15.6',
      engineMode: 'provisioned',
      status: 'available',
      multiAZ: true,
      deletionProtection: true,
      ...configuration,
    },
    supplementaryConfiguration: { Tags: [] },
  });
}

describe('aws-rds-cluster-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when storageEncrypted is true',
      item: auroraCluster({ storageEncrypted: true, kmsKeyId: KEY }),
      status: 'pass',
      evidence: { storageEncrypted: true, kmsKeyId: KEY, engine: 'aurora-postgresql' },
    },
    {
      title: 'passes when the API shape says storageEncrypted is the string "true"',
      item: asApiItem(auroraCluster({ storageEncrypted: 'true', kmsKeyId: KEY })),
      status: 'pass',
      evidence: { storageEncrypted: 'true' },
    },
    {
      title: 'fails when storageEncrypted is false',
      item: auroraCluster({ storageEncrypted: false }),
      status: 'fail',
      evidence: { storageEncrypted: false, kmsKeyId: null },
    },
    {
      title: 'is undecided when storageEncrypted is absent',
      item: auroraCluster({}),
      status: 'error',
      evidence: { storageEncrypted: null, engine: 'aurora-postgresql' },
    },
    {
      title: 'is undecided when storageEncrypted is null',
      item: auroraCluster({ storageEncrypted: null }),
      status: 'error',
      evidence: { storageEncrypted: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: auroraCluster(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('passes the real rdk sample cluster (aurora-mysql, KMS-encrypted)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_RDS_DBCluster.json')));
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ storageEncrypted: true, kmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/test', engine: 'aurora-mysql' });
  });
});
