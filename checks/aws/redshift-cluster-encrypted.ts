import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-redshift-cluster-encrypted',
  title: 'Redshift cluster is encrypted at rest',
  provider: 'aws',
  resourceTypes: ['AWS::Redshift::Cluster'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'A data warehouse gathers ePHI from many systems into one place; an unencrypted Redshift cluster keeps it, and its snapshots, in the clear on disk.',
  remediation: {
    text: 'Turn on encryption for the cluster with a KMS key; Redshift migrates the data to encrypted storage in place.',
    cli: 'aws redshift modify-cluster --cluster-identifier CLUSTER --encrypted --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    terraform: 'resource "aws_redshift_cluster" "this" {\n  # ...\n  encrypted  = true\n  kms_key_id = aws_kms_key.redshift.arn\n}',
  },
  evaluate(cluster, context) {
    const missing = configurationMissing(cluster, 'cluster', 'whether it is encrypted');
    if (missing) return missing;
    const kmsKeyId = stringField(cluster.config, 'kmsKeyId');
    const evidence = {
      encrypted: field(cluster.config, 'encrypted') ?? null,
      kmsKeyId: kmsKeyId ?? null,
      clusterStatus: stringField(cluster.config, 'clusterStatus') ?? null,
    };
    const encrypted = booleanField(cluster.config, 'encrypted');
    if (encrypted === undefined) return undecided('The cluster record does not say whether the cluster is encrypted.', evidence);
    return gradeEncryptedStore('Redshift cluster', encrypted, kmsKeyId, cluster, context, evidence);
  },
});
