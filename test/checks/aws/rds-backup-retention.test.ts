import { describe, expect, it } from 'vitest';
import check, { MIN_BACKUP_RETENTION_DAYS } from '../../../checks/aws/rds-backup-retention.js';
import { sampleItem, verdictTable } from './items.js';
import { rdsCluster, rdsInstance } from './rds-items.js';

describe('aws-rds-backup-retention', () => {
  it('asks for a week of automated backups', () => expect(MIN_BACKUP_RETENTION_DAYS).toBe(7));

  verdictTable(check, [
    { title: 'passes an instance keeping 14 days', item: rdsInstance({}), status: 'pass', evidence: { backupRetentionPeriod: 14 } },
    { title: 'passes the rdk sample instance (7 days)', item: sampleItem('rdk-example-ci/AWS_RDS_DBInstance.json'), status: 'pass', evidence: { backupRetentionPeriod: 7 } },
    { title: 'fails the rdk sample cluster (1 day)', item: sampleItem('rdk-example-ci/AWS_RDS_DBCluster.json'), status: 'fail', evidence: { backupRetentionPeriod: 1, minimumDays: 7 } },
    { title: 'fails an instance with automated backups off', item: rdsInstance({ backupRetentionPeriod: 0 }), status: 'fail', evidence: { backupRetentionPeriod: 0 } },
    { title: 'passes an Aurora cluster keeping 7 days', item: rdsCluster({}), status: 'pass', evidence: { backupRetentionPeriod: 7 } },
    { title: 'is not applicable to an Aurora cluster member', item: rdsInstance({ engine: 'aurora-postgresql', dBClusterIdentifier: 'imaging-meta', backupRetentionPeriod: 1 }), status: 'not_applicable', evidence: { dBClusterIdentifier: 'imaging-meta' } },
    { title: 'is not applicable to a read replica', item: rdsInstance({ readReplicaSourceDBInstanceIdentifier: 'patients-db-primary', backupRetentionPeriod: 0 }), status: 'not_applicable', evidence: { readReplicaSourceDBInstanceIdentifier: 'patients-db-primary' } },
    { title: 'is undecided when the retention is absent', item: rdsInstance({ backupRetentionPeriod: undefined }), status: 'error', evidence: { backupRetentionPeriod: null } },
  ]);
});
