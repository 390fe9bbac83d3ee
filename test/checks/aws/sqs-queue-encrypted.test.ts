import { describe } from 'vitest';
import check from '../../../checks/aws/sqs-queue-encrypted.js';
import { asApiItem, kmsKeyItem, sqsQueue, verdictTable } from './items.js';

const KEY_ID = '4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

describe('aws-sqs-queue-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes a queue with SSE-SQS ("true" as Config writes it)',
      item: sqsQueue({ SqsManagedSseEnabled: 'true' }),
      status: 'pass',
      evidence: { SqsManagedSseEnabled: 'true', encryption: 'SSE-SQS' },
    },
    {
      title: 'passes a queue with SSE-KMS and the AWS managed key alias/aws/sqs',
      item: sqsQueue({ KmsMasterKeyId: 'alias/aws/sqs', KmsDataKeyReusePeriodSeconds: 300, SqsManagedSseEnabled: 'false' }),
      status: 'pass',
      evidence: { KmsMasterKeyId: 'alias/aws/sqs', encryption: 'SSE-KMS', keyManager: 'AWS' },
    },
    {
      title: 'passes a queue with a customer managed key in the API shape',
      item: asApiItem(sqsQueue({ KmsMasterKeyId: KEY_ID, KmsDataKeyReusePeriodSeconds: 300 })),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { KmsMasterKeyId: KEY_ID, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'fails a queue with neither SSE-SQS nor SSE-KMS',
      item: sqsQueue({ SqsManagedSseEnabled: 'false' }),
      status: 'fail',
      evidence: { SqsManagedSseEnabled: 'false', KmsMasterKeyId: null },
    },
    {
      title: 'fails a queue whose customer managed key is disabled',
      item: sqsQueue({ KmsMasterKeyId: KEY_ID }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyState: 'Disabled' },
    },
    {
      title: 'is undecided when the record says nothing about encryption (an item from before SSE-SQS existed)',
      item: sqsQueue({}),
      status: 'error',
      evidence: { KmsMasterKeyId: null, SqsManagedSseEnabled: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: sqsQueue(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
