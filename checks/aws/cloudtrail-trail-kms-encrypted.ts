import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-kms-encrypted',
  title: 'CloudTrail trail encrypts its logs with a KMS key',
  provider: 'aws',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  category: 'audit-logging',
  severity: 'low',
  // CloudTrail log files are encrypted with SSE-S3 by default: a KMS key is the stricter variant.
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'CloudTrail logs name every principal, resource and source address of the account; encrypting them with a KMS key adds a key policy, and a record of every decryption, to the bucket\'s access controls.',
  remediation: {
    text: 'Create a KMS key whose policy lets CloudTrail encrypt (GenerateDataKey with the aws:cloudtrail:arn context) and set it on the trail.',
    cli: 'aws cloudtrail update-trail --name TRAIL --kms-key-id alias/cloudtrail',
    terraform: 'resource "aws_cloudtrail" "this" {\n  # ...\n  kms_key_id = aws_kms_key.cloudtrail.arn\n}',
  },
  evaluate(trail, context) {
    const missing = configurationMissing(trail, 'trail', 'how its logs are encrypted');
    if (missing) return missing;
    const keyId = stringField(trail.config, 'kmsKeyId');
    if (!keyId) return fail('The trail\'s log files are encrypted with S3-managed keys only, not a KMS key.', { kmsKeyId: null });
    const key = kmsKeyFacts(keyId, trail, context);
    const evidence = { kmsKeyId: keyId, ...keyEvidence(key) };
    if (keyUnusable(key)) return fail(`The trail encrypts with ${describeKey(key)}, but the key is ${key.keyState}, so CloudTrail cannot deliver logs.`, evidence);
    return pass(`The trail encrypts its log files with ${describeKey(key)}.`, evidence);
  },
});
