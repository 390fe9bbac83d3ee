import { describe } from 'vitest';
import check from '../../../checks/azure/sql-server-tde-cmk.js';
import { armChild, armExampleBody, gradesRows, sqlServerRow } from './rows.js';

const KEY = 'https://kv-phi-prod.vault.azure.net/keys/sql-tde/4e1c7a9b2d3f4a5b8c6d7e9f0a1b2c3d';
const server = sqlServerRow('sql-phi-prod');
const protector = (serverKeyType: string, extra: Record<string, unknown> = {}) =>
  armChild(server, 'encryptionProtector/current', 'Microsoft.Sql/servers/encryptionProtector', { serverKeyType, serverKeyName: serverKeyType === 'AzureKeyVault' ? 'kv-phi-prod_sql-tde_4e1c7a9b2d3f4a5b8c6d7e9f0a1b2c3d' : 'ServiceManaged', autoRotationEnabled: true, ...extra }, { kind: serverKeyType === 'AzureKeyVault' ? 'azurekeyvault' : 'servicemanaged' });

describe(check.id, () => {
  gradesRows(check, [
    { name: 'encryption protector in Key Vault', row: server, others: [protector('AzureKeyVault', { uri: KEY })], status: 'pass', evidence: { serverKeyType: 'AzureKeyVault' } },
    { name: 'server keyId names a Key Vault key (no protector record)', row: sqlServerRow('sql-phi-cmk', { keyId: KEY }), status: 'pass', evidence: { keyId: KEY, serverKeyType: null } },
    { name: 'service-managed protector', row: server, others: [protector('ServiceManaged')], status: 'fail', evidence: { serverKeyType: 'ServiceManaged' } },
    { name: 'keyId null and no protector record', row: server, status: 'fail', evidence: { keyId: null, serverKeyType: null } },
    { name: 'ServerGet (2021-11-01): neither keyId nor protector', row: armExampleBody('Microsoft.Sql/ServerGet.json'), status: 'error', evidence: { keyId: null, serverKeyType: null } },
    { name: 'a protector key type the check does not know', row: server, others: [protector('Hsm')], status: 'error', evidence: { serverKeyType: 'Hsm' } },
  ]);
});
