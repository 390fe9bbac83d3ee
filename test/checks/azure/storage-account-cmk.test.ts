import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-cmk.js';
import { armExampleBody, gradesRows, storageAccountRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'StorageAccountGetPropertiesCMKEnabled (2023-05-01): Key Vault key',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json'),
      status: 'pass',
      evidence: { keySource: 'Microsoft.Keyvault', keyName: 'wrappingKey', keyVaultUri: 'https://myvault8569.vault.azure.net' },
    },
    {
      name: 'StorageAccountGetProperties (2023-05-01): Microsoft-managed keys',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'fail',
      evidence: { keySource: 'Microsoft.Storage', keyName: null },
    },
    { name: 'Microsoft-managed keys', row: storageAccountRow('stphirecords'), status: 'fail', evidence: { keySource: 'Microsoft.Storage' } },
    { name: 'no key source recorded', row: storageAccountRow('stnosource', { encryption: { services: { blob: { enabled: true } } } }), status: 'error', evidence: { keySource: null } },
  ]);
});
