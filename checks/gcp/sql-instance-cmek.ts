import { defineCheck } from '../../src/engine/check.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeCustomerManagedKey } from './_shared/customer-key.js';

export default defineCheck({
  id: 'gcp-sql-instance-cmek',
  title: 'Cloud SQL instance is encrypted with a customer-managed key',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Cloud SQL always encrypts its disks; a customer-managed key lets the organisation control, audit and revoke the key that protects the database, its backups and replicas.',
  remediation: {
    text: 'A CMEK can only be chosen when an instance is created: create a new instance with a Cloud KMS key (or restore a backup into one) and migrate to it.',
    cli: 'gcloud sql instances create INSTANCE --database-version=POSTGRES_15 --region=REGION --disk-encryption-key=projects/PROJECT/locations/REGION/keyRings/RING/cryptoKeys/KEY',
    terraform:
      'resource "google_sql_database_instance" "this" {\n  name                = "INSTANCE"\n  database_version    = "POSTGRES_15"\n  encryption_key_name = google_kms_crypto_key.this.id\n  settings { tier = "db-custom-2-7680" }\n}',
  },
  evaluate(instance, context) {
    return configurationMissing(instance, 'encryption key') ?? gradeCustomerManagedKey('instance', instance.config, 'diskEncryptionConfiguration.kmsKeyName', context);
  },
});
