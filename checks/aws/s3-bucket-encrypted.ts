import { defineCheck } from '../../src/engine/check.js';
import { arrayField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

const ENCRYPTING_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

export default defineCheck({
  id: 'aws-s3-bucket-encrypted',
  title: 'S3 bucket has default server-side encryption',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Objects written without a default encryption rule may be stored unencrypted; ePHI in S3 must be encrypted at rest.',
  remediation: {
    text: 'Set a default encryption rule on the bucket (SSE-S3 at least, SSE-KMS for customer-controlled keys).',
    cli: 'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}\'',
    terraform:
      'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" }\n  }\n}',
  },
  evaluate(bucket) {
    // AWS Config records default encryption in supplementaryConfiguration; an item without
    // any (a narrow advanced query, or a bucket Config did not record) cannot be graded.
    const supplementary = bucket.related.supplementaryConfiguration;
    if (bucket.related.configurationMissing || supplementary === undefined || Object.keys(supplementary as object).length === 0) {
      return undecided('The configuration item carries no supplementaryConfiguration, so default encryption is unknown.', {
        configuration: bucket.related.configurationMissing ? null : 'present',
        supplementaryConfiguration: supplementary ?? null,
      });
    }
    const sse = field(bucket.config, 'ServerSideEncryptionConfiguration');
    if (sse === undefined || sse === null) {
      return fail('The bucket has no default encryption configuration.', { ServerSideEncryptionConfiguration: sse ?? null });
    }
    const rules = arrayField(sse, 'rules');
    if (!rules) {
      return undecided('ServerSideEncryptionConfiguration has no readable rules list.', { ServerSideEncryptionConfiguration: sse });
    }
    const algorithms = rules.map((rule) => stringField(rule, 'applyServerSideEncryptionByDefault.sseAlgorithm'));
    const used = algorithms.find((a): a is string => a !== undefined && ENCRYPTING_ALGORITHMS.has(a));
    if (used) {
      return pass(`Default encryption is ${used}.`, { sseAlgorithm: used, kmsMasterKeyID: kmsKeyOf(rules) });
    }
    return fail('No default encryption rule names an encrypting algorithm.', { sseAlgorithms: algorithms });
  },
});

function kmsKeyOf(rules: unknown[]): string | null {
  for (const rule of rules) {
    const key = stringField(rule, 'applyServerSideEncryptionByDefault.kmsMasterKeyID');
    if (key) return key;
  }
  return null;
}
