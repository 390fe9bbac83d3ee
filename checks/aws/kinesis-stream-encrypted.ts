import { defineCheck } from '../../src/engine/check.js';
import { fail, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-kinesis-stream-encrypted',
  title: 'Kinesis data stream is encrypted at rest',
  provider: 'aws',
  resourceTypes: ['AWS::Kinesis::Stream'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'A Kinesis stream keeps every record for its retention period (a day to a year); without server-side encryption, device readings, events and other ePHI in those records are stored in the clear.',
  remediation: {
    text: 'Start server-side encryption on the stream with a KMS key (alias/aws/kinesis or a customer managed key); records written afterwards are encrypted.',
    cli: 'aws kinesis start-stream-encryption --stream-name STREAM --encryption-type KMS --key-id alias/aws/kinesis',
    terraform: 'resource "aws_kinesis_stream" "this" {\n  # ...\n  encryption_type = "KMS"\n  kms_key_id      = "alias/aws/kinesis"\n}',
  },
  evaluate(stream, context) {
    const missing = configurationMissing(stream, 'stream', 'whether it is encrypted');
    if (missing) return missing;
    // Config records Kinesis in the CloudFormation shape: `StreamEncryption.{EncryptionType, KeyId}`, absent when off.
    const name = anyCaseString(stream.config, 'Name') ?? anyCaseString(stream.config, 'Arn') ?? null;
    const encryption = anyCase(stream.config, 'StreamEncryption') ?? null;
    const type = anyCaseString(encryption, 'EncryptionType') ?? null;
    const keyId = anyCaseString(encryption, 'KeyId');
    const evidence = { Name: name, StreamEncryption: encryption };
    if (encryption === null) {
      if (name === null) return undecided('The stream record is incomplete (no Name or Arn), so its encryption is unknown.', evidence);
      return fail('The stream stores its records unencrypted: server-side encryption is off.', evidence);
    }
    if (type === 'NONE') return fail('The stream stores its records unencrypted (EncryptionType NONE).', evidence);
    if (type !== 'KMS' || !keyId) return undecided('The stream record does not say which KMS key encrypts it.', evidence);
    return gradeEncryptedStore('stream', true, keyId, stream, context, evidence);
  },
});
