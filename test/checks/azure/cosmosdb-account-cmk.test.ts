import { describe } from 'vitest';
import check from '../../../checks/azure/cosmosdb-account-cmk.js';
import { argRow, cosmosAccountRow, gradesRows } from './rows.js';

const KEY = 'https://kv-phi-prod.vault.azure.net/keys/cosmos-cmk';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'Key Vault key', row: cosmosAccountRow('cosmos-phi-prod', { keyVaultKeyUri: KEY, defaultIdentity: 'SystemAssignedIdentity' }), status: 'pass', evidence: { keyVaultKeyUri: KEY } },
    { name: 'service-managed keys (no keyVaultKeyUri)', row: cosmosAccountRow('cosmos-sessions'), status: 'fail', evidence: { keyVaultKeyUri: null } },
    { name: 'empty keyVaultKeyUri', row: cosmosAccountRow('cosmos-empty', { keyVaultKeyUri: '' }), status: 'fail', evidence: { keyVaultKeyUri: '' } },
    { name: 'row projected without properties', row: argRow('Microsoft.DocumentDB/databaseAccounts', 'Microsoft.DocumentDB/databaseAccounts/cosmos-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
