import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/s3-bucket-kms-customer-key.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, kmsAliasItem, kmsKeyItem, s3BucketItem, sampleItem, verdictTable } from './items.js';

const CMK_ID = 'b3e22a2f-6bbd-48b2-8a60-6f70795dbf93';
const CMK = `arn:aws:kms:us-east-1:123456789012:key/${CMK_ID}`;
const AWS_S3_KEY_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

const sse = (sseAlgorithm: string, kmsMasterKeyID: string | null = null) => ({
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID }, bucketKeyEnabled: sseAlgorithm !== 'AES256' }],
});

const bucket = (supplementary: Record<string, unknown>) => s3BucketItem(supplementary);

describe('aws-s3-bucket-kms-customer-key', () => {
  it('runs only in the strict and nprm-2025 profiles', () => {
    expect(check.profiles).toEqual(['strict', 'nprm-2025']);
    expect(check.dataStore).toBeUndefined();
  });

  verdictTable(check, [
    {
      title: 'passes when the default rule names a key the scan shows is customer managed',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', CMK) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: CMK, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'passes with DSSE-KMS and a customer alias (aliases outside alias/aws/ are customer managed)',
      item: asApiItem(bucket({ ServerSideEncryptionConfiguration: sse('aws:kms:dsse', 'alias/phi-uploads') })),
      status: 'pass',
      evidence: { sseAlgorithm: 'aws:kms:dsse', keyManager: 'CUSTOMER', keyState: 'not in the scan' },
    },
    {
      title: 'passes when a named key ARN is not in the scan (S3 records no key id for aws/s3)',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', CMK) }),
      status: 'pass',
      evidence: { kmsMasterKeyID: CMK, keyManager: 'unknown', keyState: 'not in the scan' },
    },
    {
      title: 'passes when a customer alias resolves through the scan to a customer managed key',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', 'arn:aws:kms:us-east-1:123456789012:alias/phi') }),
      others: [kmsAliasItem('alias/phi', CMK_ID), kmsKeyItem(CMK_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'fails when default encryption is SSE-S3 (AES256), which every bucket has had since 2023',
      item: bucket({ ServerSideEncryptionConfiguration: sse('AES256') }),
      status: 'fail',
      evidence: { sseAlgorithms: ['AES256'] },
    },
    {
      title: 'fails when SSE-KMS names no key, which is the AWS managed key aws/s3',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms') }),
      status: 'fail',
      evidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: null, keyManager: 'AWS' },
    },
    {
      title: 'fails when the rule names the alias alias/aws/s3',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', 'alias/aws/s3') }),
      status: 'fail',
      evidence: { kmsMasterKeyID: 'alias/aws/s3', keyManager: 'AWS' },
    },
    {
      title: 'fails when the named key ARN is, per the scan, the AWS managed key',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', `arn:aws:kms:us-east-1:123456789012:key/${AWS_S3_KEY_ID}`) }),
      others: [kmsKeyItem(AWS_S3_KEY_ID, 'AWS')],
      status: 'fail',
      evidence: { keyManager: 'AWS', keyState: 'Enabled' },
    },
    {
      title: 'fails when the customer managed key is pending deletion',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', CMK_ID) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER', 'PendingDeletion')],
      status: 'fail',
      evidence: { kmsMasterKeyID: CMK_ID, keyManager: 'CUSTOMER', keyState: 'PendingDeletion' },
    },
    {
      title: 'fails when there is no default encryption configuration',
      item: bucket({}),
      status: 'fail',
      evidence: { ServerSideEncryptionConfiguration: null },
    },
    {
      title: 'is undecided when the rules list is unreadable',
      item: bucket({ ServerSideEncryptionConfiguration: { rules: 'aws:kms' } }),
      status: 'error',
      evidence: { ServerSideEncryptionConfiguration: { rules: 'aws:kms' } },
    },
    {
      title: 'is undecided when Config did not record the bucket',
      item: { ...bucket({}), configurationItemStatus: 'ResourceNotRecorded', configuration: null, supplementaryConfiguration: {} },
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('fails the real rdk sample bucket (no default encryption recorded)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_S3_Bucket.json')));
    expect(verdict.status).toBe('fail');
  });

  it('reads the real rdk sample KMS key as AWS managed', () => {
    const key = fromConfigItem(sampleItem('rdk-example-ci/AWS_KMS_Key.json'));
    const verdict = verdictOf(check, fromConfigItem(bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', key.id) })), [key]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ keyManager: 'AWS' });
  });
});
