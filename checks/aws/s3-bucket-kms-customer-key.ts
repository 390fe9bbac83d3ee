import { defineCheck } from '../../src/engine/check.js';
import { arrayField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

export default defineCheck({
  id: 'aws-s3-bucket-kms-customer-key',
  title: 'S3 bucket default encryption uses a customer managed KMS key',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Every bucket has had SSE-S3 since January 2023, so default encryption alone proves little; SSE-KMS with a customer managed key puts decryption behind a key policy you control, logs every use in CloudTrail and lets you revoke access to the ePHI by disabling the key.',
  remediation: {
    text: 'Set the bucket default encryption to SSE-KMS with a customer managed key (and turn on the S3 Bucket Key to keep KMS costs down).',
    cli: 'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"},"BucketKeyEnabled":true}]}\'',
    terraform:
      'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.phi.arn\n    }\n    bucket_key_enabled = true\n  }\n}',
  },
  evaluate(bucket, context) {
    const supplementary = bucket.related.supplementaryConfiguration;
    if (bucket.related.configurationMissing || supplementary === undefined || Object.keys(supplementary as object).length === 0) {
      return undecided('The configuration item carries no supplementaryConfiguration, so the default encryption key is unknown.', {
        configuration: bucket.related.configurationMissing ? null : 'present',
        supplementaryConfiguration: supplementary ?? null,
      });
    }
    const sse = field(bucket.config, 'ServerSideEncryptionConfiguration');
    if (sse === undefined || sse === null) {
      return fail('The bucket has no default encryption configuration, so no customer managed key protects new objects.', { ServerSideEncryptionConfiguration: null });
    }
    const rules = arrayField(sse, 'rules');
    if (!rules) return undecided('ServerSideEncryptionConfiguration has no readable rules list.', { ServerSideEncryptionConfiguration: sse });
    const kmsRule = rules.find((rule) => KMS_ALGORITHMS.has(stringField(rule, 'applyServerSideEncryptionByDefault.sseAlgorithm') ?? ''));
    if (!kmsRule) {
      const algorithms = rules.map((rule) => stringField(rule, 'applyServerSideEncryptionByDefault.sseAlgorithm') ?? null);
      const what = algorithms.includes('AES256') ? 'uses S3 managed keys (SSE-S3)' : 'names no KMS algorithm';
      return fail(`Default encryption ${what}, not a customer managed KMS key.`, { sseAlgorithms: algorithms });
    }
    const sseAlgorithm = stringField(kmsRule, 'applyServerSideEncryptionByDefault.sseAlgorithm');
    const keyId = stringField(kmsRule, 'applyServerSideEncryptionByDefault.kmsMasterKeyID');
    if (!keyId) {
      // SSE-KMS without a key id is the AWS managed key aws/s3.
      return fail('Default encryption is SSE-KMS with the AWS managed key aws/s3, not a customer managed key.', { sseAlgorithm, kmsMasterKeyID: null, keyManager: 'AWS' });
    }
    const key = kmsKeyFacts(keyId, bucket, context);
    const evidence = { sseAlgorithm, kmsMasterKeyID: keyId, ...keyEvidence(key) };
    if (key.keyManager === 'AWS') return fail(`Default encryption uses the ${describeKey(key)}, not a customer managed key.`, evidence);
    if (keyUnusable(key)) return fail(`Default encryption uses ${describeKey(key)}, but the key is ${key.keyState}, so objects under it cannot be decrypted.`, evidence);
    if (key.keyManager === 'CUSTOMER') return pass(`Default encryption is ${sseAlgorithm} with ${describeKey(key)}.`, evidence);
    // S3 records no key id for aws/s3, so a named key is the customer's unless the scan says otherwise.
    return pass(`Default encryption is ${sseAlgorithm} with a named KMS key (${keyId}); the key itself is not in this scan.`, evidence);
  },
});
