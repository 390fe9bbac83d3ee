import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/s3-bucket-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/9c4b2e7d-3a1f-4d86-b0e5-7f2a6c8d1e94';

/** Default encryption as AWS Config records it: supplementaryConfiguration.ServerSideEncryptionConfiguration. */
const sse = (sseAlgorithm: string, kmsMasterKeyID: string | null = null) => ({
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID }, bucketKeyEnabled: sseAlgorithm !== 'AES256' }],
});

function bucket(supplementary: Record<string, unknown>) {
  return configItem({
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'acme-patient-exports',
    resourceName: 'acme-patient-exports',
    arn: 'arn:aws:s3:::acme-patient-exports',
    configuration: { name: 'acme-patient-exports', owner: { displayName: null, id: '8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12' }, creationDate: '2024-11-18T09:02:11.000Z' },
    supplementaryConfiguration: {
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      IsRequesterPaysEnabled: false,
      ...supplementary,
    },
  });
}

describe('aws-s3-bucket-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when the default rule is SSE-S3 (AES256)',
      item: bucket({ ServerSideEncryptionConfiguration: sse('AES256') }),
      status: 'pass',
      evidence: { sseAlgorithm: 'AES256', kmsMasterKeyID: null },
    },
    {
      title: 'passes when the default rule is SSE-KMS with a customer key',
      item: bucket({ ServerSideEncryptionConfiguration: sse('aws:kms', KEY) }),
      status: 'pass',
      evidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: KEY },
    },
    {
      title: 'passes when the API shape carries the supplementary value as a JSON string',
      item: asApiItem(bucket({ ServerSideEncryptionConfiguration: sse('aws:kms:dsse', KEY) })),
      status: 'pass',
      evidence: { sseAlgorithm: 'aws:kms:dsse', kmsMasterKeyID: KEY },
    },
    {
      title: 'fails when there is no ServerSideEncryptionConfiguration',
      item: bucket({}),
      status: 'fail',
      evidence: { ServerSideEncryptionConfiguration: null },
    },
    {
      title: 'fails when no rule names an encrypting algorithm',
      item: bucket({ ServerSideEncryptionConfiguration: sse('NONE') }),
      status: 'fail',
      evidence: { sseAlgorithms: ['NONE'] },
    },
    {
      title: 'is undecided when the rules list is unreadable',
      item: bucket({ ServerSideEncryptionConfiguration: { rules: 'AES256' } }),
      status: 'error',
      evidence: { ServerSideEncryptionConfiguration: { rules: 'AES256' } },
    },
  ]);

  it('is undecided when the item carries no supplementaryConfiguration (a narrow advanced query)', () => {
    const { supplementaryConfiguration: _omitted, ...item } = bucket({ ServerSideEncryptionConfiguration: sse('AES256') });
    const verdict = verdictOf(check, fromConfigItem(item));
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toMatch(/supplementaryConfiguration/);
    expect(verdict.evidence).toMatchObject({ supplementaryConfiguration: null });
  });

  it('is undecided, not failed, when Config did not record the bucket', () => {
    const item = { ...bucket({}), configurationItemStatus: 'ResourceNotRecorded', configuration: null, supplementaryConfiguration: {} };
    const verdict = verdictOf(check, fromConfigItem(item));
    expect(verdict.status).toBe('error');
    expect(verdict.evidence).toMatchObject({ configuration: null });
  });

  it('fails the real rdk sample bucket (2019, no default encryption recorded)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_S3_Bucket.json')));
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ ServerSideEncryptionConfiguration: null });
  });
});
