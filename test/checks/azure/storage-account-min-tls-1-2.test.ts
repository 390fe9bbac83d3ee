import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-min-tls-1-2.js';
import { armExampleBody, gradesRows, storageAccountRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'TLS1_2', row: storageAccountRow('stphirecords'), status: 'pass', evidence: { minimumTlsVersion: 'TLS1_2' } },
    { name: 'TLS1_3', row: storageAccountRow('stphinew', { minimumTlsVersion: 'TLS1_3' }), status: 'pass', evidence: { minimumTlsVersion: 'TLS1_3' } },
    { name: 'TLS1_0', row: storageAccountRow('stlegacyexports', { minimumTlsVersion: 'TLS1_0' }), status: 'fail', evidence: { minimumTlsVersion: 'TLS1_0' } },
    { name: 'TLS1_1', row: storageAccountRow('stlegacyshares', { minimumTlsVersion: 'TLS1_1' }), status: 'fail', evidence: { minimumTlsVersion: 'TLS1_1' } },
    {
      name: 'unset: the Storage API interprets it as TLS 1.0',
      row: storageAccountRow('stunset', { minimumTlsVersion: undefined }),
      status: 'fail',
      evidence: { minimumTlsVersion: null, interpretedAs: 'TLS1_0' },
    },
    { name: 'a value the check does not know', row: storageAccountRow('stodd', { minimumTlsVersion: 'SSL3' }), status: 'error', evidence: { minimumTlsVersion: 'SSL3' } },
    {
      name: 'StorageAccountGetProperties (2023-05-01): no minimumTlsVersion',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'fail',
      evidence: { minimumTlsVersion: null },
    },
  ]);
});
