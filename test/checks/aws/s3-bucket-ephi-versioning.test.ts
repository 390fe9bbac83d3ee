import { describe } from 'vitest';
import check from '../../../checks/aws/s3-bucket-ephi-versioning.js';
import { s3BucketItem, verdictTable } from './items.js';

const ephi = (supplementary: Record<string, unknown>) => ({ ...s3BucketItem(supplementary), tags: { phi: 'true', 'data-classification': 'phi' } });

describe('aws-s3-bucket-ephi-versioning', () => {
  verdictTable(check, [
    { title: 'passes an ePHI bucket with versioning Enabled', item: ephi({}), status: 'pass', evidence: { versioningStatus: 'Enabled' } },
    { title: 'fails an ePHI bucket whose versioning is Suspended', item: ephi({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null } }), status: 'fail', evidence: { versioningStatus: 'Suspended' } },
    {
      title: 'is not applicable to a bucket not tagged as holding ePHI',
      item: { ...s3BucketItem({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null } }), tags: { phi: 'false' } },
      status: 'not_applicable',
      evidence: { tags: { phi: 'false' } },
    },
    { title: 'is undecided for an ePHI bucket without supplementaryConfiguration', item: { ...ephi({}), supplementaryConfiguration: {} }, status: 'error', evidence: { supplementaryConfiguration: {} } },
  ]);
});
