import { describe } from 'vitest';
import check from '../../../checks/aws/s3-bucket-access-logging.js';
import { asApiItem, s3BucketItem, sampleItem, verdictTable } from './items.js';

describe('aws-s3-bucket-access-logging', () => {
  verdictTable(check, [
    {
      title: 'passes a bucket that logs to a log bucket',
      item: s3BucketItem({ BucketLoggingConfiguration: { destinationBucketName: 'acme-access-logs', logFilePrefix: 's3/acme-patient-exports/' } }),
      status: 'pass',
      evidence: { destinationBucketName: 'acme-access-logs', logFilePrefix: 's3/acme-patient-exports/' },
    },
    {
      title: 'passes the API shape (supplementary values as JSON strings)',
      item: asApiItem(s3BucketItem({ BucketLoggingConfiguration: { destinationBucketName: 'acme-access-logs', logFilePrefix: null } })),
      status: 'pass',
      evidence: { destinationBucketName: 'acme-access-logs' },
    },
    { title: 'fails the rdk sample bucket (destinationBucketName null)', item: sampleItem('rdk-example-ci/AWS_S3_Bucket.json'), status: 'fail', evidence: { destinationBucketName: null } },
    { title: 'is undecided when the item carries no supplementaryConfiguration', item: { ...s3BucketItem({}), supplementaryConfiguration: {} }, status: 'error', evidence: { supplementaryConfiguration: {} } },
    { title: 'is undecided when the destination is not a bucket name', item: s3BucketItem({ BucketLoggingConfiguration: { destinationBucketName: 42 } }), status: 'error', evidence: { destinationBucketName: 42 } },
  ]);
});
