import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-versioning.js';
import { apiBucketAsset, bucketAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sampleNdjson } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    { name: 'versioning on (API envelope)', asset: apiBucketAsset(`${PROJECT}-claims`, { versioning: { enabled: true } }), status: 'pass', evidence: { versioning: { enabled: true } } },
    { name: 'versioning suspended', asset: bucketAsset(`${PROJECT}-claims`, { versioning: { enabled: false } }), status: 'fail', evidence: { versioning: { enabled: false }, softDeleteRetentionSeconds: '604800' } },
    { name: 'never set', asset: bucketAsset(`${PROJECT}-claims`), status: 'fail', evidence: { versioning: null } },
    { name: 'an IAM-policy-only record', asset: exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${PROJECT}-claims`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  gradesAssets(check, [
    // Google's fixtures write `versioning: {}`: the API leaves out `enabled: false`.
    ...['policy-library/storage-buckets-cmek-and-logging.json', 'policy-library/storage-buckets-uniform-access.json']
      .flatMap(sampleAssets)
      .map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { versioning: {} } })),
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', 'storage.googleapis.com/Bucket').map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { versioning: null } })),
    { name: 'terraform-validator full_storage_bucket', asset: sampleAssets('terraform-validator/full_storage_bucket.json')[0], status: 'pass', evidence: { versioning: { enabled: true } } },
  ]);
});
