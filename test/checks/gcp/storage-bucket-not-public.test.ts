import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-not-public.js';
import { apiIamPolicy, bucketAsset, exportIamPolicy, gradesAssets, PROJECT, sampleAssets, sampleNdjson } from './assets.js';

const TYPE = 'storage.googleapis.com/Bucket';
const NAME = `//storage.googleapis.com/${PROJECT}-claims`;
const OWNERS = { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${PROJECT}`, `projectOwner:${PROJECT}`] };
const policy = (...bindings: Record<string, unknown>[]) => ({ version: 1, etag: 'CAc=', bindings: [OWNERS, ...bindings] });

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'private bucket with its IAM policy (export records)',
      asset: bucketAsset(`${PROJECT}-claims`),
      records: [exportIamPolicy(TYPE, NAME, policy({ role: 'roles/storage.objectViewer', members: ['group:claims@example.org'] }))],
      status: 'pass',
      evidence: { publicBindings: [], iamPolicyInScan: true },
    },
    {
      name: 'allUsers can read objects (API records)',
      asset: bucketAsset(`${PROJECT}-claims`),
      records: [apiIamPolicy(TYPE, NAME, policy({ role: 'roles/storage.objectViewer', members: ['allUsers', 'group:claims@example.org'] }))],
      status: 'fail',
      evidence: { publicBindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] },
    },
    {
      name: 'public ACL entry on a fine-grained bucket',
      asset: bucketAsset(`${PROJECT}-claims`, { acl: [{ entity: 'allAuthenticatedUsers', role: 'READER', kind: 'storage#bucketAccessControl' }] }),
      records: [exportIamPolicy(TYPE, NAME, policy())],
      status: 'fail',
      evidence: { publicAcl: [{ acl: { entity: 'allAuthenticatedUsers', role: 'READER', kind: 'storage#bucketAccessControl' } }] },
    },
    {
      name: 'public access prevention enforced overrides an allUsers grant',
      asset: bucketAsset(`${PROJECT}-claims`, { iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' } }),
      records: [exportIamPolicy(TYPE, NAME, policy({ role: 'roles/storage.objectViewer', members: ['allUsers'] }))],
      status: 'pass',
      evidence: { publicAccessPrevention: 'enforced' },
    },
    { name: 'IAM policy not exported', asset: bucketAsset(`${PROJECT}-claims`), status: 'error', evidence: { iamPolicyInScan: false } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const world = sampleAssets('policy-library/storage-buckets-iam-world-readable.json');
  gradesAssets(check, [
    { name: 'policy-library my-test-bucket (allUsers)', asset: world[0], status: 'fail', evidence: { publicBindings: [{ role: 'roles/storage.legacyBucketReader', members: ['allUsers'] }] } },
    { name: 'policy-library my-second-test-bucket (allAuthenticatedUsers)', asset: world[1], status: 'fail', evidence: { publicBindings: [{ role: 'roles/storage.legacyBucketOwner', members: ['allAuthenticatedUsers'] }] } },
    // An IAM-policy record alone: the policy is clean, but the bucket's ACLs were not exported.
    { name: 'policy-library my-third-test-bucket (IAM record only)', asset: world[2], status: 'error', evidence: { publicBindings: [], iamPolicyInScan: true } },
    // forseti's two buckets, merged with their IAM-policy records as an import of both dumps would.
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', TYPE).map((asset) => ({
      name: `forseti ${String(asset.name)} with its IAM policy`,
      asset,
      records: sampleNdjson('forseti/mock_cai_iam_policies.ndjson', TYPE).filter((p) => p.name === asset.name),
      status: 'pass' as const,
      evidence: { publicBindings: [], publicAcl: [] },
    })),
  ]);
});
