import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/sns-topic-encrypted.js';
import { kmsKeyItem, snsTopic, verdictTable } from './items.js';

const KEY_ID = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';

describe('aws-sns-topic-encrypted', () => {
  it('is not a data store for the default gate', () => {
    expect(check.dataStore).toBeUndefined();
  });

  verdictTable(check, [
    {
      title: 'passes a topic with the AWS managed key alias/aws/sns',
      item: snsTopic({ KmsMasterKeyId: 'alias/aws/sns' }),
      status: 'pass',
      evidence: { KmsMasterKeyId: 'alias/aws/sns', keyManager: 'AWS' },
    },
    {
      title: 'passes a topic with a customer managed key',
      item: snsTopic({ KmsMasterKeyId: `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}` }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'fails a topic with no KMS key (SNS has no default encryption)',
      item: snsTopic({}),
      status: 'fail',
      evidence: { KmsMasterKeyId: null, TopicArn: 'arn:aws:sns:us-east-1:123456789012:appointment-reminders' },
    },
    {
      title: 'fails a topic whose key is pending deletion',
      item: snsTopic({ KmsMasterKeyId: KEY_ID }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'PendingDeletion')],
      status: 'fail',
      evidence: { keyState: 'PendingDeletion' },
    },
    {
      title: 'is undecided when the record is incomplete (no TopicArn)',
      item: { ...snsTopic({}), configuration: { DisplayName: 'x' } },
      status: 'error',
      evidence: { TopicArn: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: snsTopic(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
