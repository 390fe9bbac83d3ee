import { describe } from 'vitest';
import check from '../../../checks/aws/s3-bucket-public-access-block.js';
import { estateVerdictTable, s3BucketItem, sampleItem, snapshotFile, verdictTable } from './items.js';

const on = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const accountFile = (settings: Record<string, boolean>) => ({ 'aws-account-123456789012/s3control-public-access-block.json': { PublicAccessBlockConfiguration: settings } });

describe('aws-s3-bucket-public-access-block', () => {
  verdictTable(check, [
    { title: 'passes a bucket with all four settings on', item: s3BucketItem({ PublicAccessBlockConfiguration: on }), status: 'pass', evidence: { bucket: on, account: 'unknown' } },
    {
      title: 'is undecided when the bucket has no setting of its own and the account setting is unknown',
      item: sampleItem('rdk-example-ci/AWS_S3_Bucket.json'),
      status: 'error',
      evidence: { bucket: { blockPublicAcls: null }, account: 'unknown' },
    },
    {
      title: 'is undecided when the item carries no supplementaryConfiguration',
      item: { ...s3BucketItem({}), supplementaryConfiguration: {} },
      status: 'error',
      evidence: { supplementaryConfiguration: {} },
    },
  ]);

  estateVerdictTable(check, [
    {
      title: 'passes a bucket without settings when the account blocks all four',
      files: { 'snapshot.json': snapshotFile([s3BucketItem({})]), ...accountFile({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }) },
      status: 'pass',
      evidence: { bucket: { blockPublicAcls: null }, account: on },
    },
    {
      title: 'fails when neither the bucket nor the account blocks public policies',
      files: {
        'snapshot.json': snapshotFile([s3BucketItem({ PublicAccessBlockConfiguration: { ...on, blockPublicPolicy: false, restrictPublicBuckets: false } })]),
        ...accountFile({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false }),
      },
      status: 'fail',
      evidence: { off: ['blockPublicPolicy', 'restrictPublicBuckets'] },
    },
  ]);
});
