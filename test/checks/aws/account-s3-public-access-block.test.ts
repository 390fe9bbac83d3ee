import { describe } from 'vitest';
import check from '../../../checks/aws/account-s3-public-access-block.js';
import { configItem, estateVerdictTable, s3BucketItem, snapshotFile } from './items.js';

const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const snapshot = (...extra: unknown[]) => snapshotFile([s3BucketItem({}), ...extra]);
// AWS Config's own record of the setting (camelCase, aws-config-resource-schema AWS::S3::AccountPublicAccessBlock).
const configRecord = (restrictPublicBuckets: boolean) =>
  configItem({
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: '123456789012',
    arn: 'arn:aws:s3:::123456789012',
    availabilityZone: 'Not Applicable',
    configuration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets },
  });

describe('aws-account-s3-public-access-block', () => {
  estateVerdictTable(check, [
    {
      title: 'passes when aws s3control get-public-access-block shows all four settings on',
      files: { 'snapshot.json': snapshot(), 'aws-account-123456789012/s3control-public-access-block.json': { PublicAccessBlockConfiguration: all } },
      status: 'pass',
      evidence: { s3PublicAccessBlock: { blockPublicAcls: true, restrictPublicBuckets: true } },
    },
    { title: "passes on AWS Config's AWS::S3::AccountPublicAccessBlock item", files: { 'snapshot.json': snapshot(configRecord(true)) }, status: 'pass', evidence: { s3PublicAccessBlock: { ignorePublicAcls: true } } },
    {
      title: 'fails when RestrictPublicBuckets is off',
      files: { 'snapshot.json': snapshot(), 's3control-public-access-block.json': { PublicAccessBlockConfiguration: { ...all, RestrictPublicBuckets: false } } },
      status: 'fail',
      evidence: { off: ['restrictPublicBuckets'] },
    },
    { title: 'fails on a Config record with a setting off', files: { 'snapshot.json': snapshot(configRecord(false)) }, status: 'fail', evidence: { off: ['restrictPublicBuckets'] } },
    { title: 'is undecided when the scan does not hold the setting', files: { 'snapshot.json': snapshot() }, status: 'error', evidence: { s3PublicAccessBlock: null } },
  ]);
});
