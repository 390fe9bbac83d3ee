import { describe } from 'vitest';
import check from '../../../checks/azure/sql-server-public-network-access-disabled.js';
import { argRow, armExampleBody, gradesRows, sqlServerRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'public network access disabled', row: sqlServerRow('sql-phi-prod'), status: 'pass', evidence: { publicNetworkAccess: 'Disabled' } },
    { name: 'secured by a network security perimeter', row: sqlServerRow('sql-phi-nsp', { publicNetworkAccess: 'SecuredByPerimeter' }), status: 'pass', evidence: { publicNetworkAccess: 'SecuredByPerimeter' } },
    { name: 'ServerGet (2021-11-01): publicNetworkAccess Enabled', row: armExampleBody('Microsoft.Sql/ServerGet.json'), status: 'fail', evidence: { publicNetworkAccess: 'Enabled', privateEndpointConnections: 1 } },
    { name: 'not recorded (servers older than the property)', row: sqlServerRow('sql-2018', { publicNetworkAccess: undefined }), status: 'fail', evidence: { publicNetworkAccess: null } },
    { name: 'a value the check does not know', row: sqlServerRow('sql-odd', { publicNetworkAccess: 'Partial' }), status: 'error', evidence: { publicNetworkAccess: 'Partial' } },
    { name: 'row projected without properties', row: argRow('Microsoft.Sql/servers', 'Microsoft.Sql/servers/sql-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
