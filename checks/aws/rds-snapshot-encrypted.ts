import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-rds-snapshot-encrypted',
  title: 'RDS and Aurora snapshots are encrypted',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'A database snapshot is a full copy of the database; an unencrypted one keeps every row of ePHI in the clear, and can be copied or shared to other accounts and regions.',
  remediation: {
    text: 'Copy the snapshot with a KMS key, delete the unencrypted original, and encrypt the source database so new snapshots are encrypted too.',
    cli: 'aws rds copy-db-snapshot --source-db-snapshot-identifier SNAPSHOT --target-db-snapshot-identifier SNAPSHOT-encrypted --kms-key-id alias/aws/rds\naws rds delete-db-snapshot --db-snapshot-identifier SNAPSHOT',
    terraform:
      'resource "aws_db_snapshot_copy" "encrypted" {\n  source_db_snapshot_identifier = "SNAPSHOT"\n  target_db_snapshot_identifier = "SNAPSHOT-encrypted"\n  kms_key_id                    = aws_kms_key.rds.arn\n}',
  },
  evaluate(snapshot, context) {
    const missing = configurationMissing(snapshot, 'snapshot', 'whether it is encrypted');
    if (missing) return missing;
    // DBSnapshot says `encrypted`, DBClusterSnapshot `storageEncrypted` (AWS Config resource schema).
    const flag = snapshot.type === 'AWS::RDS::DBClusterSnapshot' ? 'storageEncrypted' : 'encrypted';
    const kmsKeyId = stringField(snapshot.config, 'kmsKeyId');
    const evidence = {
      [flag]: field(snapshot.config, flag) ?? null,
      kmsKeyId: kmsKeyId ?? null,
      engine: stringField(snapshot.config, 'engine') ?? null,
      snapshotType: stringField(snapshot.config, 'snapshotType') ?? null,
    };
    const encrypted = booleanField(snapshot.config, flag);
    if (encrypted === undefined) return undecided(`The snapshot record does not say whether it is encrypted (no ${flag}).`, evidence);
    return gradeEncryptedStore('snapshot', encrypted, kmsKeyId, snapshot, context, evidence);
  },
});
