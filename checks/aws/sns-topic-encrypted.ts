import { defineCheck } from '../../src/engine/check.js';
import { fail, undecided } from '../../src/engine/verdict.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-sns-topic-encrypted',
  title: 'SNS topic encrypts messages with KMS',
  provider: 'aws',
  resourceTypes: ['AWS::SNS::Topic'],
  category: 'encryption-at-rest',
  severity: 'medium',
  rationale:
    'SNS has no default encryption: unless a topic names a KMS key, the messages it stores while delivering them (alerts, appointment notices, event payloads that may carry ePHI) are kept unencrypted.',
  remediation: {
    text: 'Set a KMS key on the topic (the AWS managed key alias/aws/sns, or a customer managed key whose policy lets the publishing services use it).',
    cli: 'aws sns set-topic-attributes --topic-arn TOPIC-ARN --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns',
    terraform: 'resource "aws_sns_topic" "this" {\n  # ...\n  kms_master_key_id = "alias/aws/sns"\n}',
  },
  evaluate(topic, context) {
    const missing = configurationMissing(topic, 'topic', 'whether it is encrypted');
    if (missing) return missing;
    // Config records SNS in the CloudFormation shape; GetTopicAttributes omits KmsMasterKeyId when none is set.
    const topicArn = anyCaseString(topic.config, 'TopicArn') ?? null;
    const kmsKeyId = anyCaseString(topic.config, 'KmsMasterKeyId');
    if (!kmsKeyId) {
      if (topicArn === null) return undecided('The topic record is incomplete (no TopicArn), so whether it names a KMS key is unknown.', { TopicArn: null, KmsMasterKeyId: null });
      return fail('The topic names no KMS key, so SNS stores its messages unencrypted.', { TopicArn: topicArn, KmsMasterKeyId: null });
    }
    return gradeEncryptedStore('topic', true, kmsKeyId, topic, context, { TopicArn: topicArn, KmsMasterKeyId: kmsKeyId });
  },
});
