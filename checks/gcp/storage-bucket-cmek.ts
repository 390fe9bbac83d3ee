import { defineCheck } from '../../src/engine/check.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeCustomerManagedKey } from './_shared/customer-key.js';

export default defineCheck({
  id: 'gcp-storage-bucket-cmek',
  title: 'Cloud Storage bucket encrypts new objects with a customer-managed key',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Google encrypts every object at rest; a customer-managed Cloud KMS key adds control the organisation can show an auditor: it decides who may use the key, logs every use, and can revoke access to the data by disabling the key.',
  remediation: {
    text: 'Set a default Cloud KMS key on the bucket (grant the Cloud Storage service agent Encrypter/Decrypter on the key first); existing objects keep their key until rewritten.',
    cli: 'gcloud storage buckets update gs://BUCKET --default-encryption-key=projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY',
    terraform:
      'resource "google_storage_bucket" "this" {\n  name     = "BUCKET"\n  location = "US"\n  encryption {\n    default_kms_key_name = google_kms_crypto_key.this.id\n  }\n}',
  },
  evaluate(bucket, context) {
    return configurationMissing(bucket, 'encryption key') ?? gradeCustomerManagedKey('bucket', bucket.config, 'encryption.defaultKmsKeyName', context);
  },
});
