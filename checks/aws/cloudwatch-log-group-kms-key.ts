import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-cloudwatch-log-group-kms-key',
  title: 'CloudWatch log group is encrypted with a customer managed KMS key',
  provider: 'aws',
  // AWS Config does not record log groups (only AWS::Logs::Destination): these items come from a
  // collector (DescribeLogGroups, camelCase) or a CloudFormation-shaped source (PascalCase).
  resourceTypes: ['AWS::Logs::LogGroup'],
  category: 'encryption-at-rest',
  severity: 'low',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'CloudWatch Logs encrypts every log group with its own keys; application logs often capture identifiers and payloads, and a customer managed KMS key lets you control and audit who can read them, and revoke that access.',
  remediation: {
    text: 'Associate a customer managed KMS key with the log group (its key policy must allow the logs service principal of the region).',
    cli: 'aws logs associate-kms-key --log-group-name LOG-GROUP --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    terraform: 'resource "aws_cloudwatch_log_group" "this" {\n  name       = "LOG-GROUP"\n  kms_key_id = aws_kms_key.logs.arn\n}',
  },
  evaluate(group, context) {
    const missing = configurationMissing(group, 'log group', 'its encryption key');
    if (missing) return missing;
    const name = anyCaseString(group.config, 'LogGroupName') ?? anyCaseString(group.config, 'Arn') ?? null;
    const keyId = anyCaseString(group.config, 'KmsKeyId');
    if (!keyId) {
      if (name === null) return undecided('The log group record is incomplete (no name or ARN), so its key is unknown.', { LogGroupName: null, KmsKeyId: null });
      return fail('The log group is encrypted with CloudWatch Logs service keys, not a customer managed KMS key.', { LogGroupName: name, KmsKeyId: null });
    }
    const key = kmsKeyFacts(keyId, group, context);
    const evidence = { LogGroupName: name, KmsKeyId: keyId, ...keyEvidence(key) };
    if (keyUnusable(key)) return fail(`The log group's ${describeKey(key)} is ${key.keyState}, so its log events cannot be read or written.`, evidence);
    // CloudWatch Logs accepts only customer managed keys, so a named key is one.
    return pass(`The log group is encrypted with ${describeKey(key)}.`, evidence);
  },
});
