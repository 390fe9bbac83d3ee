import { describe } from 'vitest';
import check from '../../../checks/azure/managed-disk-encrypted.js';
import { argRow, gradesRows, RESOURCE_GROUP, resourceGraphRows, SUBSCRIPTION } from './rows.js';

const TYPE = 'Microsoft.Compute/disks';
const DES = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Compute/diskEncryptionSets/des-phi-prod`;

/** A managed disk's Resource Graph row; `encryption` fields as the Compute disks API returns them. */
function disk(name: string, encryption: Record<string, unknown>): Record<string, unknown> {
  return argRow(
    TYPE,
    `${TYPE}/${name}`,
    {
      osType: 'Linux',
      hyperVGeneration: 'V2',
      creationData: { createOption: 'FromImage', imageReference: { id: '/Subscriptions/5d1f0c2a-7e4b-4b8e-9f3a-61c2d8e4a7b9/Providers/Microsoft.Compute/Locations/eastus2/Publishers/canonical/ArtifactTypes/VMImage/Offers/0001-com-ubuntu-server-jammy/Skus/22_04-lts-gen2/Versions/22.04.202402010' } },
      diskSizeGB: 128,
      diskIOPSReadWrite: 500,
      diskMBpsReadWrite: 100,
      diskState: 'Attached',
      networkAccessPolicy: 'AllowAll',
      publicNetworkAccess: 'Enabled',
      timeCreated: '2024-02-19T08:31:07.0618327+00:00',
      provisioningState: 'Succeeded',
      uniqueId: '8c0b7f3e-2d4a-4f59-9c1e-6a7b3d2e1f08',
      tier: 'P10',
      ...encryption,
    },
    { managedBy: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/vm-ehr-01`, sku: { name: 'Premium_LRS', tier: 'Premium' }, zones: ['1'] },
  );
}

const ade = (enabled: boolean) => ({
  enabled,
  encryptionSettings: [
    {
      diskEncryptionKey: {
        sourceVault: { id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/kv-ade` },
        secretUrl: 'https://kv-ade.vault.azure.net/secrets/7d3f2a1b-0c4e-4f8a-9b6d-5e2c1a3f7b90/4e1c7a9b2d3f4a5b8c6d7e9f0a1b2c3d',
      },
    },
  ],
});

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'platform-managed key (the default)',
      row: disk('vm-ehr-01_OsDisk_1', { encryption: { type: 'EncryptionAtRestWithPlatformKey' } }),
      status: 'pass',
      evidence: { encryptionType: 'EncryptionAtRestWithPlatformKey', diskEncryptionSetId: null },
    },
    {
      name: 'customer-managed key through a disk encryption set',
      row: disk('vm-ehr-01_DataDisk_0', { encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES } }),
      status: 'pass',
      evidence: { encryptionType: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES },
    },
    {
      name: 'double encryption',
      row: disk('vm-ehr-01_DataDisk_1', { encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: DES } }),
      status: 'pass',
      evidence: { encryptionType: 'EncryptionAtRestWithPlatformAndCustomerKeys' },
    },
    {
      name: 'disk encryption set without a type (as the 2023-04-02 create response writes it)',
      row: disk('vm-ehr-01_DataDisk_2', { encryption: { diskEncryptionSetId: DES } }),
      status: 'pass',
      evidence: { encryptionType: null, diskEncryptionSetId: DES },
    },
    {
      name: 'Azure Disk Encryption on, no server-side type recorded',
      row: disk('vm-legacy-01_OsDisk_1', { encryptionSettingsCollection: ade(true) }),
      status: 'pass',
      evidence: { encryptionType: null, azureDiskEncryptionEnabled: true },
    },
    {
      name: 'Azure Disk Encryption off and no server-side type',
      row: disk('vm-legacy-02_OsDisk_1', { encryptionSettingsCollection: ade(false) }),
      status: 'fail',
      evidence: { encryptionType: null, azureDiskEncryptionEnabled: false },
    },
    {
      name: 'an encryption type the check does not know',
      row: disk('vm-ehr-02_OsDisk_1', { encryption: { type: 'EncryptionAtRestWithQuantumKey' }, encryptionSettingsCollection: ade(false) }),
      status: 'error',
      evidence: { encryptionType: 'EncryptionAtRestWithQuantumKey' },
    },
    {
      name: 'neither server-side type nor Azure Disk Encryption settings',
      row: disk('vm-ehr-03_OsDisk_1', {}),
      status: 'error',
      evidence: { encryptionType: null, azureDiskEncryptionEnabled: null },
    },
    {
      name: 'row projected without properties',
      row: argRow(TYPE, `${TYPE}/vm-ehr-04_OsDisk_1`, null),
      status: 'error',
      evidence: { properties: null },
    },
  ]);
});

describe(`${check.id} on Resource Graph examples`, () => {
  gradesRows(check, [
    {
      // The query projects only id, name, type and location: nothing to grade.
      name: 'ResourcesFirstPageQuery (2024-04-01) disk row',
      row: resourceGraphRows('ResourcesFirstPageQuery.2024-04-01.json')[0],
      status: 'error',
      evidence: { properties: null },
    },
  ]);
});
