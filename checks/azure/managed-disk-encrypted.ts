import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

/** Server-side encryption types a managed disk reports in `encryption.type`. */
const SSE_TYPES = new Map([
  ['encryptionatrestwithplatformkey', 'platform-managed keys'],
  ['encryptionatrestwithcustomerkey', 'a customer-managed key'],
  ['encryptionatrestwithplatformandcustomerkeys', 'platform-managed and customer-managed keys (double encryption)'],
]);

export default defineCheck({
  id: 'azure-managed-disk-encrypted',
  title: 'Managed disk is encrypted at rest',
  provider: 'azure',
  resourceTypes: ['Microsoft.Compute/disks'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Azure encrypts managed disks server-side by default; a disk that reports no server-side encryption and has Azure Disk Encryption off may hold ePHI unencrypted.',
  remediation: {
    text: 'Set server-side encryption on the disk (platform-managed keys at least, a disk encryption set for customer-managed keys).',
    cli: 'az disk update --resource-group RG --name DISK --encryption-type EncryptionAtRestWithPlatformKey',
    terraform:
      'resource "azurerm_managed_disk" "this" {\n  name                   = "DISK"\n  resource_group_name    = "RG"\n  location               = "eastus"\n  storage_account_type   = "Premium_LRS"\n  create_option          = "Empty"\n  disk_size_gb           = 128\n  disk_encryption_set_id = azurerm_disk_encryption_set.this.id\n}',
  },
  evaluate(disk) {
    if (disk.related.propertiesMissing) return undecided('The resource row carries no properties, so the disk\'s encryption is unknown.', { properties: null });
    const type = field(disk.config, 'encryption.type');
    const setId = stringField(disk.config, 'encryption.diskEncryptionSetId') ?? null;
    const ade = booleanField(disk.config, 'encryptionSettingsCollection.enabled');
    const evidence = { encryptionType: type ?? null, diskEncryptionSetId: setId, azureDiskEncryptionEnabled: ade ?? null };
    const set = setId ? ` from disk encryption set ${setId.split('/').pop()}` : '';

    const sse = typeof type === 'string' ? SSE_TYPES.get(type.toLowerCase()) : undefined;
    if (sse) return pass(`The disk is encrypted at rest with ${sse}${set}.`, evidence);
    if (ade === true) return pass('The disk is encrypted by Azure Disk Encryption inside the virtual machine.', evidence);
    if (type !== undefined && type !== null) return undecided(`The disk reports an encryption type this check does not recognise (${String(type)}).`, evidence);
    if (setId) return pass(`The disk is encrypted at rest with a customer-managed key${set}.`, evidence);
    if (ade === false) return fail('The disk reports no server-side encryption and Azure Disk Encryption is turned off.', evidence);
    return undecided('The disk reports neither a server-side encryption type nor Azure Disk Encryption settings.', evidence);
  },
});
