import { describe } from 'vitest';
import check from '../../../checks/azure/mysql-flexible-server-backup-retention.js';
import { argRow, flexibleServerRow, gradesRows } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: '35 days', row: flexibleServerRow('mysql', 'mysql-claims-prod', { backup: { backupRetentionDays: 35, geoRedundantBackup: 'Enabled' } }), status: 'pass', evidence: { backupRetentionDays: 35 } },
    { name: '1 day', row: flexibleServerRow('mysql', 'mysql-scratch', { backup: { backupRetentionDays: 1, geoRedundantBackup: 'Disabled' } }), status: 'fail', evidence: { backupRetentionDays: 1, minimumDays: 7 } },
    { name: 'row projected without properties', row: argRow('Microsoft.DBforMySQL/flexibleServers', 'Microsoft.DBforMySQL/flexibleServers/mysql-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
