import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/cloudwatch-log-group-kms-key.js';
import { kmsKeyItem, logGroup, verdictTable } from './items.js';

const KEY_ID = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe('aws-cloudwatch-log-group-kms-key', () => {
  it('runs only in the strict and nprm-2025 profiles (CloudWatch Logs encrypts every group)', () => {
    expect(check.profiles).toEqual(['strict', 'nprm-2025']);
  });

  verdictTable(check, [
    {
      title: 'passes a log group with a customer managed key',
      item: logGroup({ kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { KmsKeyId: KEY, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'passes a CloudFormation-shaped log group (PascalCase) naming a key',
      item: { ...logGroup({}), configuration: { LogGroupName: '/ecs/portal', KmsKeyId: KEY, RetentionInDays: 90 } },
      status: 'pass',
      evidence: { LogGroupName: '/ecs/portal', KmsKeyId: KEY },
    },
    {
      title: 'fails a log group encrypted only with CloudWatch Logs service keys',
      item: logGroup({}),
      status: 'fail',
      evidence: { LogGroupName: '/aws/lambda/hl7-normalizer', KmsKeyId: null },
    },
    {
      title: 'fails when the key is disabled',
      item: logGroup({ kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyState: 'Disabled' },
    },
    {
      title: 'is undecided when the record is incomplete',
      item: { ...logGroup({}), configuration: { retentionInDays: 30 } },
      status: 'error',
      evidence: { LogGroupName: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: logGroup(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
