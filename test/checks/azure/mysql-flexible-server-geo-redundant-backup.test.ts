import { describe } from 'vitest';
import check from '../../../checks/azure/mysql-flexible-server-geo-redundant-backup.js';
import { flexibleServerRow, gradesRows } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'geo-redundant', row: flexibleServerRow('mysql', 'mysql-claims-prod'), status: 'pass', evidence: { geoRedundantBackup: 'Enabled' } },
    { name: 'locally redundant', row: flexibleServerRow('mysql', 'mysql-reporting', { backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled', backupIntervalHours: 24 } }), status: 'fail', evidence: { geoRedundantBackup: 'Disabled', backupRetentionDays: 7 } },
    { name: 'a value the check does not know', row: flexibleServerRow('mysql', 'mysql-odd', { backup: { backupRetentionDays: 7, geoRedundantBackup: 'Pending' } }), status: 'error', evidence: { geoRedundantBackup: 'Pending' } },
  ]);
});
