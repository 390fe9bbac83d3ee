import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-no-public-blob-access.js';
import { argRow, armExampleBody, gradesRows, storageAccountRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'public access disallowed', row: storageAccountRow('stphirecords'), status: 'pass', evidence: { allowBlobPublicAccess: false } },
    { name: 'public access allowed', row: storageAccountRow('stmarketing', { allowBlobPublicAccess: true }), status: 'fail', evidence: { allowBlobPublicAccess: true } },
    { name: 'unset (null allows anonymous access on older accounts)', row: storageAccountRow('stold2019', { allowBlobPublicAccess: undefined }), status: 'fail', evidence: { allowBlobPublicAccess: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/stnoprops', null), status: 'error', evidence: { properties: null } },
    {
      name: 'StorageAccountGetPropertiesCMKEnabled (2023-05-01): allowBlobPublicAccess not set',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json'),
      status: 'fail',
      evidence: { allowBlobPublicAccess: null },
    },
  ]);
});
