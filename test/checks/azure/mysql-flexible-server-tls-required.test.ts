import { describe } from 'vitest';
import check from '../../../checks/azure/mysql-flexible-server-tls-required.js';
import { flexibleServerRow, gradesRows, RESOURCE_GROUP, serverParameter } from './rows.js';

const TYPE = 'Microsoft.DBforMySQL/flexibleServers/configurations';
const server = flexibleServerRow('mysql', 'mysql-claims-prod');
const PARAMETER_ID = `${String(server.id)}/configurations/require_secure_transport`;
const secureTransport = (value: string, source: string) =>
  serverParameter(server, 'require_secure_transport', value, TYPE, { description: 'Whether client connections to the server are required to use some form of secure transport.', defaultValue: 'ON', allowedValues: 'ON,OFF', source });
const tlsVersion = (value: string) => serverParameter(server, 'tls_version', value, TYPE, { defaultValue: 'TLSv1.2', allowedValues: 'TLSv1,TLSv1.1,TLSv1.2,TLSv1.3', dataType: 'Set', source: 'user-override' });

/** `az mysql flexible-server parameter show` prints the parameter flattened, without `properties`. */
const cliShow = {
  allowedValues: 'ON,OFF',
  currentValue: 'OFF',
  dataType: 'Enumeration',
  defaultValue: 'ON',
  id: PARAMETER_ID,
  isConfigPendingRestart: 'False',
  isDynamicConfig: 'True',
  isReadOnly: 'False',
  name: 'require_secure_transport',
  resourceGroup: RESOURCE_GROUP,
  source: 'user-override',
  systemData: null,
  type: TYPE,
  value: 'OFF',
};

describe(check.id, () => {
  gradesRows(check, [
    { name: 'ON (system default), TLS 1.2 and 1.3', row: server, others: [secureTransport('ON', 'system-default'), tlsVersion('TLSv1.2,TLSv1.3')], status: 'pass', evidence: { requireSecureTransport: 'ON', tls_version: 'TLSv1.2,TLSv1.3' } },
    { name: 'OFF', row: server, others: [secureTransport('OFF', 'user-override')], status: 'fail', evidence: { parameterId: PARAMETER_ID, requireSecureTransport: 'OFF' } },
    { name: 'OFF, as az CLI prints it', row: server, others: [cliShow], status: 'fail', evidence: { requireSecureTransport: 'OFF', source: 'user-override' } },
    { name: 'ON, but TLS 1.1 still accepted', row: server, others: [secureTransport('ON', 'system-default'), tlsVersion('TLSv1.1,TLSv1.2')], status: 'fail', evidence: { tls_version: 'TLSv1.1,TLSv1.2' } },
    { name: 'parameter not exported', row: server, status: 'error', evidence: { parameterId: PARAMETER_ID, requireSecureTransport: null } },
  ]);
});
