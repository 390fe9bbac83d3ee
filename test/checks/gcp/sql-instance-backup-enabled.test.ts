import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-backup-enabled.js';
import { apiSqlAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sqlAsset } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'daily backups kept 14 times (API envelope)',
      asset: apiSqlAsset('ehr-pg', { backupConfiguration: { enabled: true, startTime: '03:00', backupRetentionSettings: { retentionUnit: 'COUNT', retainedBackups: 14 } } }),
      status: 'pass',
      evidence: { enabled: true, retainedBackups: 14 },
    },
    { name: 'backups disabled', asset: sqlAsset('ehr-pg', { backupConfiguration: { enabled: false, startTime: '03:00' } }), status: 'fail', evidence: { enabled: false } },
    { name: 'no backup configuration', asset: sqlAsset('ehr-pg', { backupConfiguration: undefined }), status: 'fail', evidence: { enabled: null } },
    {
      name: 'a read replica',
      asset: sqlAsset('ehr-pg-replica', { backupConfiguration: { enabled: false } }, { instanceType: 'READ_REPLICA_INSTANCE', masterInstanceName: `${PROJECT}:ehr-pg` }),
      status: 'not_applicable',
      evidence: { instanceType: 'READ_REPLICA_INSTANCE' },
    },
    { name: 'an IAM-policy-only record', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const backup = sampleAssets('policy-library/sql-instances-backup.json');
  const expected: Record<string, 'pass' | 'fail'> = {
    'mysqlv1-nomaintenance': 'pass',
    'mysqlv2-nomaintenance': 'fail',
    'mysqlv2-withmaintenance': 'pass',
    'postgres-nomaintenance': 'fail',
    'postgres-withmaintenance': 'pass',
    'brunore-mon-3pm': 'fail',
    'brunore-sun-3am': 'fail',
  };
  gradesAssets(
    check,
    backup.map((asset) => {
      const name = String(asset.name).split('/').pop()!;
      return { name: `policy-library ${name}`, asset, status: expected[name]!, evidence: { enabled: expected[name] === 'pass' } };
    }),
  );
});
