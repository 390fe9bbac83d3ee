import { defineCheck } from '../../src/engine/check.js';
import { pass, undecided } from '../../src/engine/verdict.js';
import { gradeCustomerKey, optionalKeyName, REENABLE_KEY_VERSION_CLI, resourceDataMissing } from './_shared/kms.js';

export default defineCheck({
  id: 'gcp-storage-bucket-encrypted',
  title: 'Cloud Storage bucket data is encrypted with a usable key',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Google encrypts every object at rest; a bucket whose default customer-managed key is disabled or destroyed holds ePHI that can no longer be read or written.',
  remediation: {
    text: 'Re-enable (or restore) the Cloud KMS key version, or point the bucket at an enabled key; Google-managed encryption needs no change.',
    cli: `${REENABLE_KEY_VERSION_CLI}\ngcloud storage buckets update gs://BUCKET --default-encryption-key=projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY`,
    terraform:
      'resource "google_storage_bucket" "this" {\n  name     = "BUCKET"\n  location = "US"\n  encryption {\n    default_kms_key_name = google_kms_crypto_key.this.id\n  }\n}',
  },
  evaluate(bucket, context) {
    const missing = resourceDataMissing(bucket);
    if (missing) return missing;
    const key = optionalKeyName(bucket.config, 'encryption.defaultKmsKeyName');
    if (!key) return undecided('The bucket names a default encryption key that is not readable text.', { encryption: bucket.config.encryption });
    if (key.name === null) {
      return pass('The bucket is encrypted at rest with Google-managed keys.', { keyType: 'Google-managed', defaultKmsKeyName: null });
    }
    // The default key covers objects written without a key of their own; objects may name others.
    return gradeCustomerKey('bucket', key.name, context, { defaultKmsKeyName: key.name });
  },
});
