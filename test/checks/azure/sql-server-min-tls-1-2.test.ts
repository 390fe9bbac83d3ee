import { describe } from 'vitest';
import check from '../../../checks/azure/sql-server-min-tls-1-2.js';
import { argRow, armExampleBody, gradesRows, sqlServerRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'minimal TLS 1.2', row: sqlServerRow('sql-phi-prod'), status: 'pass', evidence: { minimalTlsVersion: '1.2' } },
    { name: 'minimal TLS 1.3', row: sqlServerRow('sql-phi-new', { minimalTlsVersion: '1.3' }), status: 'pass', evidence: { minimalTlsVersion: '1.3' } },
    { name: 'minimal TLS 1.0', row: sqlServerRow('sql-legacy', { minimalTlsVersion: '1.0' }), status: 'fail', evidence: { minimalTlsVersion: '1.0' } },
    { name: '"None" (every version accepted)', row: sqlServerRow('sql-none', { minimalTlsVersion: 'None' }), status: 'fail', evidence: { minimalTlsVersion: 'None' } },
    { name: 'ServerGet (2021-11-01): no minimalTlsVersion', row: armExampleBody('Microsoft.Sql/ServerGet.json'), status: 'fail', evidence: { minimalTlsVersion: null } },
    { name: 'a value the check does not know', row: sqlServerRow('sql-odd', { minimalTlsVersion: 'latest' }), status: 'error', evidence: { minimalTlsVersion: 'latest' } },
    { name: 'row projected without properties', row: argRow('Microsoft.Sql/servers', 'Microsoft.Sql/servers/sql-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
