import { describe } from 'vitest';
import check from '../../../checks/azure/managed-disk-cmk.js';
import { argRow, gradesRows, RESOURCE_GROUP, resourceGraphRows, SUBSCRIPTION } from './rows.js';

const TYPE = 'Microsoft.Compute/disks';
const DES = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Compute/diskEncryptionSets/des-phi-prod`;

/** A data disk's full Resources row with its `encryption` block. */
function disk(name: string, encryption: Record<string, unknown> | undefined): Record<string, unknown> {
  return argRow(
    TYPE,
    `${TYPE}/${name}`,
    {
      creationData: { createOption: 'Empty' },
      diskSizeGB: 512,
      diskIOPSReadWrite: 2300,
      diskMBpsReadWrite: 150,
      ...(encryption ? { encryption } : {}),
      networkAccessPolicy: 'DenyAll',
      publicNetworkAccess: 'Disabled',
      timeCreated: '2025-06-03T10:12:44.5012345+00:00',
      provisioningState: 'Succeeded',
      diskState: 'Attached',
      diskSizeBytes: 549755813888,
      uniqueId: '3d5f7a9c-1e2b-4c6d-8f0a-2b4c6d8e0f1a',
      tier: 'P20',
    },
    { managedBy: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/vm-ehr-01`, sku: { name: 'Premium_LRS', tier: 'Premium' }, zones: ['1'] },
  );
}

describe(check.id, () => {
  gradesRows(check, [
    { name: 'customer key through a disk encryption set', row: disk('data-phi-01', { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES }), status: 'pass', evidence: { encryptionType: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES } },
    { name: 'double encryption', row: disk('data-phi-02', { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: DES }), status: 'pass', evidence: { encryptionType: 'EncryptionAtRestWithPlatformAndCustomerKeys' } },
    { name: 'platform-managed key', row: disk('data-scratch-01', { type: 'EncryptionAtRestWithPlatformKey' }), status: 'fail', evidence: { encryptionType: 'EncryptionAtRestWithPlatformKey', diskEncryptionSetId: null } },
    { name: 'no encryption type recorded', row: disk('data-unknown-01', undefined), status: 'error', evidence: { encryptionType: null } },
    { name: 'ResourcesFirstPageQuery (2024-04-01) disk row: no properties', row: resourceGraphRows('ResourcesFirstPageQuery.2024-04-01.json')[0], status: 'error', evidence: { properties: null } },
  ]);
});
