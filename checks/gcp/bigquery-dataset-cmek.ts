import { defineCheck } from '../../src/engine/check.js';
import { configurationMissing } from './_shared/asset.js';
import { gradeCustomerManagedKey } from './_shared/customer-key.js';

export default defineCheck({
  id: 'gcp-bigquery-dataset-cmek',
  title: 'BigQuery dataset encrypts new tables with a customer-managed key',
  provider: 'gcp',
  resourceTypes: ['bigquery.googleapis.com/Dataset'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'BigQuery encrypts all data at rest; a dataset default Cloud KMS key makes every new table use a key the organisation controls, audits and can revoke.',
  remediation: {
    text: 'Set a default Cloud KMS key on the dataset; it applies to tables created afterwards, so copy existing tables to re-encrypt them.',
    cli: 'bq update --default_kms_key=projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY PROJECT:DATASET',
    terraform:
      'resource "google_bigquery_dataset" "this" {\n  dataset_id = "DATASET"\n  location   = "US"\n  default_encryption_configuration {\n    kms_key_name = google_kms_crypto_key.this.id\n  }\n}',
  },
  evaluate(dataset, context) {
    return configurationMissing(dataset, 'default encryption key') ?? gradeCustomerManagedKey('dataset', dataset.config, 'defaultEncryptionConfiguration.kmsKeyName', context);
  },
});
