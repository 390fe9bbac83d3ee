import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-infrastructure-encryption.js';
import { armExampleBody, gradesRows, storageAccountRow } from './rows.js';

const encryption = (extra: Record<string, unknown>) => ({
  services: { blob: { keyType: 'Account', enabled: true }, file: { keyType: 'Account', enabled: true } },
  keySource: 'Microsoft.Storage',
  ...extra,
});

describe(check.id, () => {
  gradesRows(check, [
    { name: 'infrastructure encryption on', row: storageAccountRow('stphidouble', { encryption: encryption({ requireInfrastructureEncryption: true }) }), status: 'pass', evidence: { requireInfrastructureEncryption: true } },
    { name: 'infrastructure encryption off', row: storageAccountRow('stphirecords'), status: 'fail', evidence: { requireInfrastructureEncryption: false } },
    { name: 'not recorded (only written when chosen at creation)', row: storageAccountRow('stsingle', { encryption: encryption({}) }), status: 'fail', evidence: { requireInfrastructureEncryption: null } },
    { name: 'no encryption block', row: storageAccountRow('stnoenc', { encryption: undefined }), status: 'error', evidence: { encryption: null } },
    {
      name: 'StorageAccountGetProperties (2023-05-01)',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'fail',
      evidence: { requireInfrastructureEncryption: null },
    },
  ]);
});
