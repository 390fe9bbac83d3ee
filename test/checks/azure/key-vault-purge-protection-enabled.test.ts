import { describe } from 'vitest';
import check from '../../../checks/azure/key-vault-purge-protection-enabled.js';
import { argRow, armExampleBody, gradesRows, keyVaultRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'purge protection on', row: keyVaultRow('kv-phi-prod'), status: 'pass', evidence: { enablePurgeProtection: true } },
    { name: 'getVault (2023-07-01): purge protection never turned on', row: armExampleBody('Microsoft.KeyVault/getVault.json'), status: 'fail', evidence: { enablePurgeProtection: null } },
    { name: 'not recorded on a row', row: keyVaultRow('kv-dev', { enablePurgeProtection: undefined }), status: 'fail', evidence: { enablePurgeProtection: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.KeyVault/vaults', 'Microsoft.KeyVault/vaults/kv-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
