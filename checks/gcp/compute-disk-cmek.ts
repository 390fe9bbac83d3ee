import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeCustomerManagedKey } from './_shared/customer-key.js';

export default defineCheck({
  id: 'gcp-compute-disk-cmek',
  title: 'Compute Engine disk is encrypted with a customer-managed or customer-supplied key',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/Disk', 'compute.googleapis.com/RegionDisk'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Compute Engine encrypts every disk; a customer-managed Cloud KMS key (or a customer-supplied key) keeps control of the disk key with the organisation, so access can be audited and revoked.',
  remediation: {
    text: 'A disk key cannot be changed in place: snapshot the disk and create a new disk from the snapshot with a Cloud KMS key, then swap it in.',
    cli: 'gcloud compute disks create NEW-DISK --zone=ZONE --source-snapshot=SNAPSHOT --kms-key=projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
    terraform:
      'resource "google_compute_disk" "this" {\n  name = "DISK"\n  zone = "us-central1-a"\n  disk_encryption_key {\n    kms_key_self_link = google_kms_crypto_key.this.id\n  }\n}',
  },
  evaluate(disk, context) {
    const missing = configurationMissing(disk, 'encryption key');
    if (missing) return missing;
    // Only the hash of a customer-supplied key is returned; the key itself stays with the customer.
    const sha256 = stringField(disk.config, 'diskEncryptionKey.sha256');
    if (sha256 && !stringField(disk.config, 'diskEncryptionKey.kmsKeyName')) {
      return pass('The disk is encrypted with a customer-supplied key.', { keyType: 'customer-supplied (CSEK)', sha256 });
    }
    return gradeCustomerManagedKey('disk', disk.config, 'diskEncryptionKey.kmsKeyName', context);
  },
});
