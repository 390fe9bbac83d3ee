import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { pass, undecided } from '../../src/engine/verdict.js';
import { gradeCustomerKey, optionalKeyName, REENABLE_KEY_VERSION_CLI, resourceDataMissing } from './_shared/kms.js';

export default defineCheck({
  id: 'gcp-sql-instance-encrypted',
  title: 'Cloud SQL instance data is encrypted with a usable key',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Cloud SQL encrypts every instance disk at rest; an instance whose customer-managed key version is disabled or destroyed cannot serve its ePHI.',
  remediation: {
    text: 'Re-enable (or restore) the Cloud KMS key version the instance uses; a CMEK cannot be changed on an existing instance, so moving keys means restoring into a new instance.',
    cli: REENABLE_KEY_VERSION_CLI,
    terraform:
      'resource "google_sql_database_instance" "this" {\n  name                = "INSTANCE"\n  database_version    = "POSTGRES_15"\n  encryption_key_name = google_kms_crypto_key.this.id\n  settings { tier = "db-custom-2-7680" }\n}',
  },
  evaluate(instance, context) {
    const missing = resourceDataMissing(instance);
    if (missing) return missing;
    const key = optionalKeyName(instance.config, 'diskEncryptionConfiguration.kmsKeyName');
    if (!key) {
      return undecided('The instance names a disk encryption key that is not readable text.', { diskEncryptionConfiguration: instance.config.diskEncryptionConfiguration });
    }
    if (key.name === null) {
      return pass('The instance is encrypted at rest with Google-managed keys.', { keyType: 'Google-managed', kmsKeyName: null });
    }
    // diskEncryptionStatus says which key version actually protects the disk.
    const inUse = stringField(instance.config, 'diskEncryptionStatus.kmsKeyVersionName');
    return gradeCustomerKey('instance', key.name, context, { kmsKeyName: key.name, kmsKeyVersionName: inUse ?? null }, inUse);
  },
});
