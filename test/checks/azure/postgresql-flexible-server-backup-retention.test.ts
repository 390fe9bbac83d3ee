import { describe } from 'vitest';
import check from '../../../checks/azure/postgresql-flexible-server-backup-retention.js';
import { flexibleServerRow, gradesRows } from './rows.js';

const backup = (backupRetentionDays: unknown) => ({ backup: { backupRetentionDays, geoRedundantBackup: 'Enabled', earliestRestoreDate: '2026-02-23T09:00:00+00:00' } });

describe(check.id, () => {
  gradesRows(check, [
    { name: '14 days', row: flexibleServerRow('postgresql', 'psql-phi-prod'), status: 'pass', evidence: { backupRetentionDays: 14, minimumDays: 7 } },
    { name: '7 days (the default)', row: flexibleServerRow('postgresql', 'psql-default', backup(7)), status: 'pass', evidence: { backupRetentionDays: 7 } },
    { name: '3 days', row: flexibleServerRow('postgresql', 'psql-short', backup(3)), status: 'fail', evidence: { backupRetentionDays: 3 } },
    { name: 'retention not recorded', row: flexibleServerRow('postgresql', 'psql-unknown', { backup: { geoRedundantBackup: 'Enabled' } }), status: 'error', evidence: { backupRetentionDays: null } },
  ]);
});
