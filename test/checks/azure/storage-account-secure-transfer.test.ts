import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-secure-transfer.js';
import { argRow, armExampleBody, gradesRows, storageAccountRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'HTTPS only', row: storageAccountRow('stphirecords'), status: 'pass', evidence: { supportsHttpsTrafficOnly: true } },
    { name: 'secure transfer off', row: storageAccountRow('stlegacyexports', { supportsHttpsTrafficOnly: false }), status: 'fail', evidence: { supportsHttpsTrafficOnly: false } },
    { name: 'property absent (its default changed in api-version 2019-04-01)', row: storageAccountRow('stold2018', { supportsHttpsTrafficOnly: undefined }), status: 'error', evidence: { supportsHttpsTrafficOnly: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/stnoprops', null), status: 'error', evidence: { properties: null } },
    {
      name: 'StorageAccountGetProperties (2023-05-01): supportsHttpsTrafficOnly false',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'fail',
      evidence: { supportsHttpsTrafficOnly: false },
    },
  ]);
});
