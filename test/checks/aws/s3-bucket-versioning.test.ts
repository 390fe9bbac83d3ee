import { describe } from 'vitest';
import check from '../../../checks/aws/s3-bucket-versioning.js';
import { s3BucketItem, sampleItem, verdictTable } from './items.js';

describe('aws-s3-bucket-versioning', () => {
  verdictTable(check, [
    { title: 'passes the rdk sample bucket (versioning Enabled)', item: sampleItem('rdk-example-ci/AWS_S3_Bucket.json'), status: 'pass', evidence: { versioningStatus: 'Enabled' } },
    {
      title: 'passes a bucket with Object Lock and names it',
      item: s3BucketItem({ ObjectLockConfiguration: { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'GOVERNANCE', days: 365 } } } }),
      status: 'pass',
      evidence: { versioningStatus: 'Enabled', objectLockEnabled: 'Enabled', objectLockDefaultRetention: { mode: 'GOVERNANCE', days: 365 } },
    },
    { title: 'fails a bucket whose versioning is Suspended', item: s3BucketItem({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null } }), status: 'fail', evidence: { versioningStatus: 'Suspended' } },
    { title: 'fails a bucket whose versioning is Off', item: s3BucketItem({ BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null } }), status: 'fail', evidence: { versioningStatus: 'Off' } },
    { title: 'is undecided when the item carries no supplementaryConfiguration', item: { ...s3BucketItem({}), supplementaryConfiguration: {} }, status: 'error', evidence: { supplementaryConfiguration: {} } },
  ]);
});
