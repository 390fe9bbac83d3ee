import { describe } from 'vitest';
import check from '../../../checks/azure/postgresql-flexible-server-tls-required.js';
import { argRow, flexibleServerRow, gradesRows, serverParameter } from './rows.js';

const TYPE = 'Microsoft.DBforPostgreSQL/flexibleServers/configurations';
const server = flexibleServerRow('postgresql', 'psql-phi-prod');
const PARAMETER_ID = `${String(server.id)}/configurations/require_secure_transport`;
// As `GET …/configurations/require_secure_transport` (api-version 2024-08-01) returns it.
const secureTransport = (value: string, source: string) =>
  serverParameter(server, 'require_secure_transport', value, TYPE, { description: 'Whether client connections to the server are required to use some form of secure transport.', defaultValue: 'on', dataType: 'Boolean', allowedValues: 'on,off', source });
const minProtocol = (value: string) => serverParameter(server, 'ssl_min_protocol_version', value, TYPE, { defaultValue: 'TLSv1.2', allowedValues: 'TLSv1,TLSv1.1,TLSv1.2,TLSv1.3', source: 'user-override' });

describe(check.id, () => {
  gradesRows(check, [
    { name: 'on (system default)', row: server, others: [secureTransport('on', 'system-default')], status: 'pass', evidence: { parameterId: PARAMETER_ID, requireSecureTransport: 'on', source: 'system-default' } },
    { name: 'on, minimum TLSv1.3', row: server, others: [secureTransport('on', 'system-default'), minProtocol('TLSv1.3')], status: 'pass', evidence: { ssl_min_protocol_version: 'TLSv1.3' } },
    { name: 'off', row: server, others: [secureTransport('off', 'user-override')], status: 'fail', evidence: { requireSecureTransport: 'off', source: 'user-override', defaultValue: 'on' } },
    { name: 'on, but minimum TLSv1', row: server, others: [secureTransport('on', 'system-default'), minProtocol('TLSv1')], status: 'fail', evidence: { requireSecureTransport: 'on', ssl_min_protocol_version: 'TLSv1' } },
    { name: 'parameter not exported (default ON is not evidence)', row: server, status: 'error', evidence: { parameterId: PARAMETER_ID, requireSecureTransport: null } },
    { name: 'a value the check does not know', row: server, others: [secureTransport('prefer', 'user-override')], status: 'error', evidence: { requireSecureTransport: 'prefer' } },
    { name: 'row projected without properties', row: argRow('Microsoft.DBforPostgreSQL/flexibleServers', 'Microsoft.DBforPostgreSQL/flexibleServers/psql-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
