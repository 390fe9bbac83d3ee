import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-point-in-time-recovery.js';
import { apiSqlAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sqlAsset } from './assets.js';

const backups = (extra: Record<string, unknown>) => ({ backupConfiguration: { enabled: true, startTime: '03:00', ...extra } });

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'PostgreSQL with PITR (API envelope)',
      asset: apiSqlAsset('ehr-pg', backups({ pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7 })),
      status: 'pass',
      evidence: { pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7 },
    },
    { name: 'MySQL with binary logging', asset: sqlAsset('ehr-mysql', backups({ binaryLogEnabled: true }), { databaseVersion: 'MYSQL_8_0' }), status: 'pass', evidence: { binaryLogEnabled: true } },
    { name: 'PostgreSQL without PITR', asset: sqlAsset('ehr-pg', backups({ pointInTimeRecoveryEnabled: false })), status: 'fail', evidence: { pointInTimeRecoveryEnabled: false } },
    { name: 'PITR asked for but backups off', asset: sqlAsset('ehr-pg', { backupConfiguration: { enabled: false, pointInTimeRecoveryEnabled: true } }), status: 'fail', evidence: { backupsEnabled: false } },
    {
      name: 'binary log on, engine unknown',
      asset: sqlAsset('ehr-db', backups({ binaryLogEnabled: true }), { databaseVersion: undefined }),
      status: 'error',
      evidence: { databaseVersion: null, binaryLogEnabled: true },
    },
    { name: 'a read replica', asset: sqlAsset('ehr-pg-replica', {}, { instanceType: 'READ_REPLICA_INSTANCE' }), status: 'not_applicable', evidence: { instanceType: 'READ_REPLICA_INSTANCE' } },
    { name: 'an IAM-policy-only record', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const ssl = sampleAssets('policy-library/sql-instances-require-ssl.json');
  const backup = sampleAssets('policy-library/sql-instances-backup.json');
  gradesAssets(check, [
    // MySQL 5.7 with backups and binary logging.
    ...ssl.map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'pass' as const, evidence: { binaryLogEnabled: true } })),
    // Backups on, no binary log / PITR flag; or backups off.
    ...backup.map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { pointInTimeRecoveryEnabled: null } })),
  ]);
});
