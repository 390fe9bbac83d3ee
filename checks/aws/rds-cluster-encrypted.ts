import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'aws-rds-cluster-encrypted',
  title: 'Aurora / RDS DB cluster storage is encrypted',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBCluster'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    "A cluster's storage volume is shared by every instance in it and by its snapshots; if it is unencrypted, ePHI in the database sits in the clear at rest.",
  remediation: {
    text: 'Encryption cannot be switched on for an existing cluster: snapshot it and restore a new cluster from the snapshot with a KMS key, then cut over.',
    cli: 'aws rds create-db-cluster-snapshot --db-cluster-identifier CLUSTER --db-cluster-snapshot-identifier SNAPSHOT\naws rds restore-db-cluster-from-snapshot --db-cluster-identifier NEW-CLUSTER --snapshot-identifier SNAPSHOT --engine aurora-postgresql --kms-key-id alias/aws/rds',
    terraform: 'resource "aws_rds_cluster" "this" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}',
  },
  evaluate(cluster) {
    if (cluster.related.configurationMissing) {
      return undecided('AWS Config holds no configuration for this database cluster, so whether its storage is encrypted is unknown.', { configuration: null });
    }
    const evidence = {
      storageEncrypted: field(cluster.config, 'storageEncrypted') ?? null,
      kmsKeyId: stringField(cluster.config, 'kmsKeyId') ?? null,
      engine: stringField(cluster.config, 'engine') ?? null,
    };
    const encrypted = booleanField(cluster.config, 'storageEncrypted');
    if (encrypted === undefined) return undecided('The database cluster record does not say whether its storage is encrypted.', evidence);
    return encrypted
      ? pass('The database cluster storage is encrypted with a KMS key.', evidence)
      : fail('The database cluster stores its data unencrypted, in every instance and snapshot.', evidence);
  },
});
