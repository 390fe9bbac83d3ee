import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { pass, undecided } from '../../src/engine/verdict.js';
import { gradeCustomerKey, optionalKeyName, REENABLE_KEY_VERSION_CLI, resourceDataMissing } from './_shared/kms.js';

export default defineCheck({
  id: 'gcp-compute-disk-encrypted',
  title: 'Compute Engine disk data is encrypted with a usable key',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/Disk', 'compute.googleapis.com/RegionDisk'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Compute Engine encrypts every persistent disk at rest; a disk whose customer-managed key version is disabled or destroyed cannot be attached or read.',
  remediation: {
    text: 'Re-enable (or restore) the Cloud KMS key version that protects the disk; Google-managed and customer-supplied keys need no change.',
    cli: REENABLE_KEY_VERSION_CLI,
    terraform:
      'resource "google_compute_disk" "this" {\n  name = "DISK"\n  zone = "us-central1-a"\n  disk_encryption_key {\n    kms_key_self_link = google_kms_crypto_key.this.id\n  }\n}',
  },
  evaluate(disk, context) {
    const missing = resourceDataMissing(disk);
    if (missing) return missing;
    const key = optionalKeyName(disk.config, 'diskEncryptionKey.kmsKeyName');
    if (!key) return undecided('The disk names an encryption key that is not readable text.', { diskEncryptionKey: disk.config.diskEncryptionKey });
    if (key.name !== null) return gradeCustomerKey('disk', key.name, context, { kmsKeyName: key.name });
    // Only the hash of a customer-supplied key is ever returned; the key itself stays with the customer.
    const sha256 = stringField(disk.config, 'diskEncryptionKey.sha256');
    if (sha256) return pass('The disk is encrypted at rest with a customer-supplied key.', { keyType: 'customer-supplied (CSEK)', sha256 });
    return pass('The disk is encrypted at rest with Google-managed keys.', { keyType: 'Google-managed', diskEncryptionKey: disk.config.diskEncryptionKey ?? null });
  },
});
