import { describe } from 'vitest';
import check from '../../../checks/aws/kinesis-stream-encrypted.js';
import { asApiItem, kinesisStream, kmsKeyItem, verdictTable } from './items.js';

const KEY_ID = '6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c';

describe('aws-kinesis-stream-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes a stream encrypted with alias/aws/kinesis',
      item: kinesisStream({ StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } }),
      status: 'pass',
      evidence: { StreamEncryption: { EncryptionType: 'KMS' }, keyManager: 'AWS' },
    },
    {
      title: 'passes a stream encrypted with a customer managed key (API shape)',
      item: asApiItem(kinesisStream({ StreamEncryption: { EncryptionType: 'KMS', KeyId: `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}` } })),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'fails a stream without StreamEncryption (Kinesis does not encrypt by default)',
      item: kinesisStream({}),
      status: 'fail',
      evidence: { Name: 'device-readings', StreamEncryption: null },
    },
    {
      title: 'fails a stream whose encryption type is NONE',
      item: kinesisStream({ StreamEncryption: { EncryptionType: 'NONE' } }),
      status: 'fail',
      evidence: { StreamEncryption: { EncryptionType: 'NONE' } },
    },
    {
      title: 'is undecided when KMS is named without a key',
      item: kinesisStream({ StreamEncryption: { EncryptionType: 'KMS' } }),
      status: 'error',
      evidence: { StreamEncryption: { EncryptionType: 'KMS' } },
    },
    {
      title: 'is undecided when the record is incomplete',
      item: { ...kinesisStream({}), configuration: { ShardCount: 2 } },
      status: 'error',
      evidence: { Name: null, StreamEncryption: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: kinesisStream(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
