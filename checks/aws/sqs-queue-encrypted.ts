import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-sqs-queue-encrypted',
  title: 'SQS queue encrypts messages at rest',
  provider: 'aws',
  resourceTypes: ['AWS::SQS::Queue'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Messages wait in a queue for up to 14 days; HL7 feeds, claims and notifications that carry ePHI stay on SQS storage in the clear unless the queue uses SSE-SQS or SSE-KMS. Queues created before 2023 were not encrypted by default.',
  remediation: {
    text: 'Turn on server-side encryption for the queue: SSE-SQS at least, or SSE-KMS with a customer managed key.',
    cli: 'aws sqs set-queue-attributes --queue-url QUEUE-URL --attributes SqsManagedSseEnabled=true\n# or: --attributes KmsMasterKeyId=alias/YOUR-KEY',
    terraform: 'resource "aws_sqs_queue" "this" {\n  # ...\n  sqs_managed_sse_enabled = true\n  # or: kms_master_key_id = aws_kms_key.queue.arn\n}',
  },
  evaluate(queue, context) {
    const missing = configurationMissing(queue, 'queue', 'whether it is encrypted');
    if (missing) return missing;
    // Config records SQS in the CloudFormation shape: `KmsMasterKeyId`, `SqsManagedSseEnabled` ("true"/"false").
    const kmsKeyId = anyCaseString(queue.config, 'KmsMasterKeyId');
    const evidence = { KmsMasterKeyId: kmsKeyId ?? null, SqsManagedSseEnabled: anyCase(queue.config, 'SqsManagedSseEnabled') ?? null };
    if (kmsKeyId) return gradeEncryptedStore('queue', true, kmsKeyId, queue, context, { ...evidence, encryption: 'SSE-KMS' });
    const sqsManaged = anyCaseBoolean(queue.config, 'SqsManagedSseEnabled');
    if (sqsManaged === true) return pass('The queue encrypts messages with SQS managed keys (SSE-SQS).', { ...evidence, encryption: 'SSE-SQS' });
    if (sqsManaged === false) return fail('The queue stores its messages unencrypted: neither SSE-SQS nor SSE-KMS is on.', evidence);
    return undecided('The queue record names no KMS key and does not say whether SSE-SQS is on, so its encryption is unknown.', evidence);
  },
});
