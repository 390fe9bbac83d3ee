import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/cloudtrail-trail-kms-encrypted.js';
import { cloudTrailItem, kmsKeyItem, sampleItem, verdictTable } from './items.js';

const KEY_ID = 'b3e22a2f-6bbd-48b2-8a60-6f70795dbf93';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe('aws-cloudtrail-trail-kms-encrypted', () => {
  it('runs only in the strict profiles: CloudTrail encrypts log files with SSE-S3 by default', () => {
    expect(check.profiles).toEqual(['strict', 'nprm-2025']);
  });

  verdictTable(check, [
    {
      title: 'passes a trail encrypting with a customer managed key in the scan',
      item: cloudTrailItem({ kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      profile: 'strict',
      status: 'pass',
      evidence: { kmsKeyId: KEY, keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    { title: 'fails the rdk sample trail (no kmsKeyId)', item: sampleItem('rdk-example-ci/AWS_Cloudtrail_Trail.json'), profile: 'strict', status: 'fail', evidence: { kmsKeyId: null } },
    {
      title: 'fails when the trail key is pending deletion',
      item: cloudTrailItem({ kmsKeyId: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'PendingDeletion')],
      profile: 'strict',
      status: 'fail',
      evidence: { keyState: 'PendingDeletion' },
    },
    { title: 'is undecided when Config recorded no configuration', item: cloudTrailItem(null), profile: 'strict', status: 'error', evidence: { configuration: null } },
  ]);
});
