import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

const CUSTOMER_KEY_TYPES = new Set(['encryptionatrestwithcustomerkey', 'encryptionatrestwithplatformandcustomerkeys']);

export default defineCheck({
  id: 'azure-managed-disk-cmk',
  title: 'Managed disk is encrypted with a customer-managed key',
  provider: 'azure',
  resourceTypes: ['Microsoft.Compute/disks'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Platform-managed keys protect the disk at rest, but only a disk encryption set with a Key Vault key lets the organisation control, audit and revoke the key that decrypts it.',
  remediation: {
    text: 'Create a disk encryption set with a Key Vault key and switch the disk to it (the disk must be detached or its VM deallocated).',
    cli: 'az disk update --resource-group RG --name DISK --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DES_RESOURCE_ID',
    terraform: 'resource "azurerm_managed_disk" "this" {\n  # ...\n  disk_encryption_set_id = azurerm_disk_encryption_set.this.id\n}',
  },
  evaluate(disk) {
    const missing = withoutProperties(disk, "the disk's encryption key");
    if (missing) return missing;
    const type = stringField(disk.config, 'encryption.type');
    const setId = stringField(disk.config, 'encryption.diskEncryptionSetId');
    const evidence = { encryptionType: type ?? null, diskEncryptionSetId: setId ?? null };
    const set = setId ? ` from disk encryption set ${setId.split('/').pop()}` : '';
    if (type && CUSTOMER_KEY_TYPES.has(type.toLowerCase())) return pass(`The disk is encrypted with a customer-managed key${set}.`, evidence);
    if (type?.toLowerCase() === 'encryptionatrestwithplatformkey') return fail('The disk is encrypted with a platform-managed key, not a key the organisation controls.', evidence);
    if (type) return undecided(`The disk reports an encryption type this check does not know (${type}).`, evidence);
    if (setId) return pass(`The disk is encrypted with a customer-managed key${set}.`, evidence);
    return undecided('The disk does not record its server-side encryption type.', evidence);
  },
});
