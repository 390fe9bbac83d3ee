import { describe } from 'vitest';
import check from '../../../checks/aws/cloudtrail-trail-bucket-access-logging.js';
import { cloudTrailItem, s3BucketItem, verdictTable } from './items.js';

const TRAIL_BUCKET = 'acme-cloudtrail-123456789012';

describe('aws-cloudtrail-trail-bucket-access-logging', () => {
  verdictTable(check, [
    {
      title: "passes when the trail's bucket logs its access",
      item: cloudTrailItem({}),
      others: [s3BucketItem({ BucketLoggingConfiguration: { destinationBucketName: 'acme-access-logs', logFilePrefix: 'cloudtrail/' } }, TRAIL_BUCKET)],
      status: 'pass',
      evidence: { s3BucketName: TRAIL_BUCKET, destinationBucketName: 'acme-access-logs' },
    },
    {
      title: "fails when the trail's bucket has no access logging",
      item: cloudTrailItem({}),
      others: [s3BucketItem({ BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null } }, TRAIL_BUCKET)],
      status: 'fail',
      evidence: { s3BucketName: TRAIL_BUCKET, destinationBucketName: null },
    },
    { title: "is undecided when the trail's bucket is not in the scan (a log-archive account)", item: cloudTrailItem({}), status: 'error', evidence: { s3BucketName: TRAIL_BUCKET } },
    { title: 'is undecided when the trail names no bucket', item: cloudTrailItem({ s3BucketName: undefined }), status: 'error', evidence: { s3BucketName: null } },
  ]);
});
