import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-uniform-access.js';
import { apiBucketAsset, bucketAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sampleNdjson } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    { name: 'uniform bucket-level access on (API envelope)', asset: apiBucketAsset(`${PROJECT}-claims`), status: 'pass', evidence: { uniformBucketLevelAccess: { enabled: true } } },
    {
      name: 'off, with fine-grained ACLs',
      asset: bucketAsset(`${PROJECT}-claims`, { iamConfiguration: { bucketPolicyOnly: { enabled: false }, uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: 'inherited' } }),
      status: 'fail',
      evidence: { uniformBucketLevelAccess: { enabled: false } },
    },
    { name: 'no iamConfiguration at all (the default: off)', asset: bucketAsset(`${PROJECT}-claims`, { iamConfiguration: undefined }), status: 'fail', evidence: { uniformBucketLevelAccess: null, bucketPolicyOnly: null } },
    { name: 'an IAM-policy-only record', asset: exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${PROJECT}-claims`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const uniform = sampleAssets('policy-library/storage-buckets-uniform-access.json');
  gradesAssets(check, [
    { name: 'policy-library bucketPolicyOnly enabled (legacy name)', asset: uniform[0], status: 'pass', evidence: { bucketPolicyOnly: { enabled: true, lockedTime: '2019-09-05T10:18:44.437Z' } } },
    { name: 'policy-library uniformBucketLevelAccess enabled', asset: uniform[1], status: 'pass', evidence: { uniformBucketLevelAccess: { enabled: true, lockedTime: '2019-09-05T10:18:44.437Z' } } },
    { name: 'policy-library bucketPolicyOnly enabled: null', asset: uniform[2], status: 'fail', evidence: { bucketPolicyOnly: { enabled: null } } },
    { name: 'policy-library bucketPolicyOnly {}', asset: uniform[3], status: 'fail', evidence: { bucketPolicyOnly: {} } },
    ...sampleAssets('policy-library/storage-buckets-cmek-and-logging.json').map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { bucketPolicyOnly: {} } })),
    // forseti's 2017 buckets predate the setting: no iamConfiguration, so the default (off).
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', 'storage.googleapis.com/Bucket').map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { uniformBucketLevelAccess: null } })),
  ]);
});
