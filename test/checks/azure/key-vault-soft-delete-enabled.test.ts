import { describe } from 'vitest';
import check from '../../../checks/azure/key-vault-soft-delete-enabled.js';
import { argRow, armExampleBody, gradesRows, keyVaultRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'soft delete on, 90 days', row: keyVaultRow('kv-phi-prod'), status: 'pass', evidence: { enableSoftDelete: true, softDeleteRetentionInDays: 90 } },
    { name: 'soft delete off', row: keyVaultRow('kv-legacy', { enableSoftDelete: false, softDeleteRetentionInDays: undefined }), status: 'fail', evidence: { enableSoftDelete: false } },
    { name: 'getVault (2023-07-01): enableSoftDelete not recorded', row: armExampleBody('Microsoft.KeyVault/getVault.json'), status: 'fail', evidence: { enableSoftDelete: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.KeyVault/vaults', 'Microsoft.KeyVault/vaults/kv-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
