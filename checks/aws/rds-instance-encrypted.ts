import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'aws-rds-instance-encrypted',
  title: 'RDS DB instance storage is encrypted',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'An unencrypted RDS instance keeps its data, automated backups, read replicas and snapshots in the clear on disk; databases holding ePHI must be encrypted at rest.',
  remediation: {
    text: 'Encryption cannot be switched on for an existing instance: snapshot it, copy the snapshot with a KMS key, restore a new instance from the encrypted copy and cut over.',
    cli: 'aws rds copy-db-snapshot --source-db-snapshot-identifier SNAPSHOT --target-db-snapshot-identifier SNAPSHOT-encrypted --kms-key-id alias/aws/rds\naws rds restore-db-instance-from-db-snapshot --db-instance-identifier NEW-INSTANCE --db-snapshot-identifier SNAPSHOT-encrypted',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}',
  },
  evaluate(db) {
    if (db.related.configurationMissing) {
      return undecided('AWS Config holds no configuration for this database instance, so whether its storage is encrypted is unknown.', { configuration: null });
    }
    const evidence = {
      storageEncrypted: field(db.config, 'storageEncrypted') ?? null,
      kmsKeyId: stringField(db.config, 'kmsKeyId') ?? null,
      engine: stringField(db.config, 'engine') ?? null,
    };
    const encrypted = booleanField(db.config, 'storageEncrypted');
    if (encrypted === undefined) return undecided('The database instance record does not say whether its storage is encrypted.', evidence);
    return encrypted
      ? pass('The database instance storage is encrypted with a KMS key.', evidence)
      : fail('The database instance stores its data unencrypted.', evidence);
  },
});
