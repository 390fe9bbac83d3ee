import { describe } from 'vitest';
import check from '../../../checks/aws/rds-snapshot-encrypted.js';
import { asApiItem, configItem, kmsKeyItem, verdictTable } from './items.js';

const KEY_ID = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

// Field names per awslabs/aws-config-resource-schema AWS::RDS::DBSnapshot (`encrypted`, `dBSnapshotIdentifier`).
function dbSnapshot(extra: Record<string, unknown> | null) {
  const id = 'rds:reporting-db-2026-03-01-05-10';
  return configItem({
    resourceType: 'AWS::RDS::DBSnapshot',
    resourceId: id,
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:snapshot:${id}`,
    configuration: extra && {
      dBSnapshotIdentifier: id,
      dBInstanceIdentifier: 'reporting-db',
      snapshotCreateTime: 1772341800000,
      engine: 'mysql',
      engineVersion: '8.0.35',
      allocatedStorage: 100,
      status: 'available',
      port: 3306,
      availabilityZone: 'us-east-1a',
      vpcId: 'vpc-0084930f27dcd9d5e',
      masterUsername: 'admin',
      licenseModel: 'general-public-license',
      snapshotType: 'automated',
      storageType: 'gp3',
      dBSnapshotArn: `arn:aws:rds:us-east-1:123456789012:snapshot:${id}`,
      iAMDatabaseAuthenticationEnabled: false,
      dbiResourceId: 'db-AXHWSFDEPFSFLICULY2ZGWSQGK',
      ...extra,
    },
  });
}

// AWS::RDS::DBClusterSnapshot uses `storageEncrypted` and `dbcluster…` names.
function clusterSnapshot(extra: Record<string, unknown>) {
  const id = 'lumen-imaging-meta-before-upgrade';
  return configItem({
    resourceType: 'AWS::RDS::DBClusterSnapshot',
    resourceId: id,
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${id}`,
    configuration: {
      dbclusterSnapshotIdentifier: id,
      dbclusterIdentifier: 'lumen-imaging-meta',
      snapshotCreateTime: 1772341800000,
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      engineVersion: '15.4',
      status: 'available',
      snapshotType: 'manual',
      dbclusterSnapshotArn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${id}`,
      ...extra,
    },
  });
}

describe('aws-rds-snapshot-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes an encrypted DB snapshot, citing its key',
      item: dbSnapshot({ encrypted: true, kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { encrypted: true, kmsKeyId: KEY, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'passes an encrypted cluster snapshot (storageEncrypted) in the API shape',
      item: asApiItem(clusterSnapshot({ storageEncrypted: true, kmsKeyId: KEY })),
      status: 'pass',
      evidence: { storageEncrypted: true, engine: 'aurora-postgresql' },
    },
    {
      title: 'fails an unencrypted automated DB snapshot',
      item: dbSnapshot({ encrypted: false }),
      status: 'fail',
      evidence: { encrypted: false, kmsKeyId: null, snapshotType: 'automated' },
    },
    {
      title: 'fails an unencrypted cluster snapshot',
      item: clusterSnapshot({ storageEncrypted: false }),
      status: 'fail',
      evidence: { storageEncrypted: false },
    },
    {
      title: 'fails when the snapshot key is pending deletion (the snapshot can no longer be restored)',
      item: dbSnapshot({ encrypted: true, kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'PendingDeletion')],
      status: 'fail',
      evidence: { keyState: 'PendingDeletion' },
    },
    {
      title: 'is undecided when a cluster snapshot carries only the DB snapshot field name',
      item: clusterSnapshot({ encrypted: true }),
      status: 'error',
      evidence: { storageEncrypted: null },
    },
    {
      title: 'is undecided when the DB snapshot does not say whether it is encrypted',
      item: dbSnapshot({}),
      status: 'error',
      evidence: { encrypted: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: dbSnapshot(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
