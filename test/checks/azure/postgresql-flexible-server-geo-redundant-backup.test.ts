import { describe } from 'vitest';
import check from '../../../checks/azure/postgresql-flexible-server-geo-redundant-backup.js';
import { argRow, flexibleServerRow, gradesRows } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'geo-redundant', row: flexibleServerRow('postgresql', 'psql-phi-prod'), status: 'pass', evidence: { geoRedundantBackup: 'Enabled', backupRetentionDays: 14 } },
    { name: 'locally redundant', row: flexibleServerRow('postgresql', 'psql-dev', { backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled', earliestRestoreDate: '2026-02-23T09:00:00+00:00' } }), status: 'fail', evidence: { geoRedundantBackup: 'Disabled' } },
    { name: 'no backup block', row: flexibleServerRow('postgresql', 'psql-nobackup', { backup: undefined }), status: 'error', evidence: { geoRedundantBackup: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.DBforPostgreSQL/flexibleServers', 'Microsoft.DBforPostgreSQL/flexibleServers/psql-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
