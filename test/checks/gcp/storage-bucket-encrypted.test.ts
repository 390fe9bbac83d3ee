import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-encrypted.js';
import { apiAsset, cryptoKey, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets } from './assets.js';

const TYPE = 'storage.googleapis.com/Bucket';

/** A bucket's `resource.data` as the Cloud Storage JSON API returns it. */
function bucket(name: string, encryption?: Record<string, unknown>): Record<string, unknown> {
  return {
    id: name,
    name,
    kind: 'storage#bucket',
    projectNumber: '418207351962',
    location: 'US-CENTRAL1',
    locationType: 'region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
    metageneration: '1',
    selfLink: `https://www.googleapis.com/storage/v1/b/${name}`,
    timeCreated: '2024-06-03T11:15:22.691Z',
    updated: '2024-06-03T11:15:22.691Z',
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
    labels: { 'data-classification': 'phi' },
    softDeletePolicy: { retentionDurationSeconds: '604800', effectiveTime: '2024-06-03T11:15:22.691Z' },
    versioning: { enabled: true },
    ...(encryption ? { encryption } : {}),
  };
}

const asset = (name: string, encryption?: Record<string, unknown>) => exportAsset(TYPE, `//storage.googleapis.com/${name}`, bucket(name, encryption));

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'Google-managed keys (no encryption block)',
      asset: asset(`${PROJECT}-scans`),
      status: 'pass',
      evidence: { keyType: 'Google-managed', defaultKmsKeyName: null },
    },
    {
      name: 'CMEK whose primary version is enabled (API envelope)',
      asset: apiAsset(TYPE, `//storage.googleapis.com/${PROJECT}-claims`, bucket(`${PROJECT}-claims`, { defaultKmsKeyName: KEY })),
      others: [cryptoKey('ENABLED')],
      status: 'pass',
      evidence: { defaultKmsKeyName: KEY, keyState: 'ENABLED', kmsKeyVersion: `${KEY}/cryptoKeyVersions/1`, keyStateFrom: `//cloudkms.googleapis.com/${KEY}` },
    },
    {
      name: 'CMEK whose key is not in the scan',
      asset: asset(`${PROJECT}-claims`, { defaultKmsKeyName: KEY }),
      status: 'pass',
      evidence: { kmsKey: KEY, keyState: 'not in the inventory', keyStateFrom: null },
    },
    {
      name: 'CMEK whose primary version is disabled',
      asset: asset(`${PROJECT}-claims`, { defaultKmsKeyName: KEY }),
      others: [cryptoKey('DISABLED')],
      status: 'fail',
      evidence: { kmsKey: KEY, keyState: 'DISABLED' },
    },
    {
      name: 'CMEK whose primary version is scheduled for destruction',
      asset: asset(`${PROJECT}-claims`, { defaultKmsKeyName: KEY }),
      others: [cryptoKey('DESTROY_SCHEDULED')],
      status: 'fail',
      evidence: { keyState: 'DESTROY_SCHEDULED' },
    },
    {
      name: 'CMEK whose primary version is destroyed (API envelope)',
      asset: apiAsset(TYPE, `//storage.googleapis.com/${PROJECT}-claims`, bucket(`${PROJECT}-claims`, { defaultKmsKeyName: KEY })),
      others: [cryptoKey('DESTROYED')],
      status: 'fail',
      evidence: { keyState: 'DESTROYED' },
    },
    {
      name: 'an IAM-policy-only record (no resource data)',
      asset: exportAsset(TYPE, `//storage.googleapis.com/${PROJECT}-scans`, null),
      status: 'error',
      evidence: { resourceData: null },
    },
    {
      name: 'a default key name that is not text',
      asset: asset(`${PROJECT}-odd`, { defaultKmsKeyName: { name: KEY } }),
      status: 'error',
      evidence: { encryption: { defaultKmsKeyName: { name: KEY } } },
    },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const policyLibrary = sampleAssets('policy-library/storage-buckets-cmek-and-logging.json');
  const sampleKey = 'projects/andresolarte-gke-ent/locations/us/keyRings/us-ring/cryptoKeys/key1';
  gradesAssets(check, [
    { name: 'policy-library my-storage-bucket', asset: policyLibrary[0], status: 'pass', evidence: { kmsKey: sampleKey, keyState: 'not in the inventory' } },
    { name: 'policy-library my-storage-bucket-with-logging', asset: policyLibrary[1], status: 'pass', evidence: { kmsKey: sampleKey } },
    { name: 'policy-library my-storage-bucket-with-secure-logging (encryption: {})', asset: policyLibrary[2], status: 'pass', evidence: { keyType: 'Google-managed' } },
    {
      // The template's key name is a placeholder, not a key resource name; it is reported as configured.
      name: 'terraform-validator full_storage_bucket',
      asset: sampleAssets('terraform-validator/full_storage_bucket.json')[0],
      status: 'pass',
      evidence: { defaultKmsKeyName: 'test-default_kms_key_name', kmsKey: 'test-default_kms_key_name', keyState: 'not in the inventory' },
    },
  ]);
});
