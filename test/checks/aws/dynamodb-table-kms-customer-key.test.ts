import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/dynamodb-table-kms-customer-key.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, dynamoDbTable, kmsKeyItem, sampleItem, verdictTable } from './items.js';

const CMK_ID = '6d2e9b4a-1c7f-4a35-8e0d-3b9f2c5a7e81';
const CMK = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
const AWS_DDB_KEY_ID = '2c9a7e15-83b4-4f0d-a6c2-51d8e4b7f3a9';
const AWS_DDB_KEY = `arn:aws:kms:us-east-1:123456789012:key/${AWS_DDB_KEY_ID}`;

const kms = (key: string, sse: Record<string, unknown> = {}) => ({ ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: key, ...sse } });

describe('aws-dynamodb-table-kms-customer-key', () => {
  it('runs only in the strict and nprm-2025 profiles', () => {
    expect(check.profiles).toEqual(['strict', 'nprm-2025']);
  });

  verdictTable(check, [
    {
      title: 'passes when the scan shows the table key is customer managed',
      item: dynamoDbTable(kms(CMK)),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { kmsKey: CMK, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'passes when the key is in another account (AWS managed keys never are)',
      item: asApiItem(dynamoDbTable(kms('arn:aws:kms:us-east-1:210987654321:key/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'))),
      status: 'pass',
      evidence: { keyManager: 'CUSTOMER', keyState: 'not in the scan' },
    },
    {
      title: 'fails when the table uses the AWS owned key (no ssedescription)',
      item: dynamoDbTable({}),
      status: 'fail',
      evidence: { ssedescription: null, encryptionKey: 'AWS owned key' },
    },
    {
      title: 'fails when the scan shows the table key is the AWS managed key aws/dynamodb',
      item: dynamoDbTable(kms(AWS_DDB_KEY)),
      others: [kmsKeyItem(AWS_DDB_KEY_ID, 'AWS')],
      status: 'fail',
      evidence: { kmsKey: AWS_DDB_KEY, keyManager: 'AWS' },
    },
    {
      title: 'fails when the customer managed key is disabled',
      item: dynamoDbTable(kms(CMK)),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyManager: 'CUSTOMER', keyState: 'Disabled' },
    },
    {
      title: 'is undecided when the key is not in the scan (DynamoDB reports aws/dynamodb by ARN too)',
      item: dynamoDbTable(kms(CMK)),
      status: 'error',
      evidence: { kmsKey: CMK, keyManager: 'unknown', keyState: 'not in the scan' },
    },
    {
      title: 'is undecided when ssedescription names no key',
      item: dynamoDbTable({ ssedescription: { status: 'ENABLED', ssetype: 'KMS' } }),
      status: 'error',
      evidence: { ssedescription: { ssetype: 'KMS' } },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: dynamoDbTable(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('fails the real rdk sample table, which uses the AWS owned key', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_DynamoDB_Table.json')));
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ encryptionKey: 'AWS owned key' });
  });
});
