import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-encrypted.js';
import { argRow, armExampleBody, gradesRows } from './rows.js';

const TYPE = 'Microsoft.Storage/storageAccounts';

/** An account's `properties` as Resource Graph returns them, with its `encryption` block replaced. */
function account(name: string, encryption: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    creationTime: '2023-09-12T14:08:51.3274410Z',
    primaryLocation: 'eastus2',
    statusOfPrimary: 'available',
    supportsHttpsTrafficOnly: true,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    accessTier: 'Hot',
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
    primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, file: `https://${name}.file.core.windows.net/` },
  };
  if (encryption) properties.encryption = encryption;
  return argRow(TYPE, `${TYPE}/${name}`, properties, { kind: 'StorageV2', sku: { name: 'Standard_GRS', tier: 'Standard' } });
}

const services = (blob: unknown, file: unknown) => ({
  blob: { keyType: 'Account', enabled: blob, lastEnabledTime: '2023-09-12T14:08:51.4524310Z' },
  file: { keyType: 'Account', enabled: file, lastEnabledTime: '2023-09-12T14:08:51.4524310Z' },
});

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'Microsoft-managed keys with infrastructure encryption',
      row: account('stphiimaging', { services: services(true, true), keySource: 'Microsoft.Storage', requireInfrastructureEncryption: true }),
      status: 'pass',
      evidence: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption: true, servicesEncrypted: { blob: true, file: true } },
    },
    {
      name: 'customer-managed key from Key Vault',
      row: account('stphiclaims', {
        services: services(true, true),
        keySource: 'Microsoft.Keyvault',
        keyvaultproperties: { keyvaulturi: 'https://kv-phi-prod.vault.azure.net', keyname: 'claims-wrap', keyversion: '' },
        requireInfrastructureEncryption: false,
      }),
      status: 'pass',
      evidence: { keySource: 'Microsoft.Keyvault', keyName: 'claims-wrap', keyVaultUri: 'https://kv-phi-prod.vault.azure.net' },
    },
    {
      name: 'blob encryption turned off',
      row: account('stlegacyexports', { services: services(false, true), keySource: 'Microsoft.Storage' }),
      status: 'fail',
      evidence: { servicesEncrypted: { blob: false, file: true } },
    },
    {
      name: 'file encryption turned off',
      row: account('stlegacyshares', { services: services(true, false), keySource: 'Microsoft.Storage' }),
      status: 'fail',
      evidence: { servicesEncrypted: { blob: true, file: false } },
    },
    {
      name: 'row projected without properties',
      row: argRow(TYPE, `${TYPE}/stnoprops`, null),
      status: 'error',
      evidence: { properties: null },
    },
    {
      name: 'properties without an encryption block',
      row: account('stnoencryption', undefined),
      status: 'error',
      evidence: { encryption: null },
    },
    {
      name: 'encryption block that names no service',
      row: account('stnoservices', { keySource: 'Microsoft.Storage' }),
      status: 'error',
      evidence: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption: null },
    },
  ]);
});

describe(`${check.id} on Azure REST API examples`, () => {
  gradesRows(check, [
    {
      name: 'StorageAccountGetProperties (2023-05-01)',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'pass',
      evidence: { keySource: 'Microsoft.Storage', servicesEncrypted: { blob: true, file: true }, requireInfrastructureEncryption: null },
    },
    {
      name: 'StorageAccountGetPropertiesCMKEnabled (2023-05-01)',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json'),
      status: 'pass',
      evidence: { keySource: 'Microsoft.Keyvault', keyName: 'wrappingKey', keyVaultUri: 'https://myvault8569.vault.azure.net' },
    },
  ]);
});
