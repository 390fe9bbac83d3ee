import { describe } from 'vitest';
import check from '../../../checks/gcp/compute-disk-encrypted.js';
import { apiAsset, cryptoKey, cryptoKeyVersion, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets } from './assets.js';

const DISK = 'compute.googleapis.com/Disk';
const REGION_DISK = 'compute.googleapis.com/RegionDisk';
const NAME = `//compute.googleapis.com/projects/${PROJECT}/zones/us-central1-a/disks/ehr-data-01`;
const REGION_NAME = `//compute.googleapis.com/projects/${PROJECT}/regions/us-central1/disks/ehr-shared-01`;
const V2 = `${KEY}/cryptoKeyVersions/2`;
const CSEK_SHA = 'hZ9h1p2Iq3PPwH1nJEPMUdJ6DZ8Ys5T4xHLHq3h8jDE=';

/** A disk's `resource.data` as the Compute Engine API returns it. */
function disk(diskEncryptionKey?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'compute#disk',
    id: '4417263950918273645',
    name: 'ehr-data-01',
    creationTimestamp: '2024-06-03T04:21:07.118-07:00',
    sizeGb: '500',
    zone: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a`,
    status: 'READY',
    selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a/disks/ehr-data-01`,
    type: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a/diskTypes/pd-balanced`,
    users: [`https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a/instances/ehr-app-01`],
    labels: { 'data-classification': 'phi' },
    labelFingerprint: 'vb2pw2Tlc5Q=',
    physicalBlockSizeBytes: '4096',
    lastAttachTimestamp: '2024-06-03T04:21:19.442-07:00',
    ...(diskEncryptionKey ? { diskEncryptionKey } : {}),
  };
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'Google-managed keys',
      asset: exportAsset(DISK, NAME, disk()),
      status: 'pass',
      evidence: { keyType: 'Google-managed', diskEncryptionKey: null },
    },
    {
      name: 'customer-supplied key (only its hash is returned)',
      asset: exportAsset(DISK, NAME, disk({ sha256: CSEK_SHA })),
      status: 'pass',
      evidence: { keyType: 'customer-supplied (CSEK)', sha256: CSEK_SHA },
    },
    {
      name: 'CMEK version reported by GET, enabled (API envelope)',
      asset: apiAsset(DISK, NAME, disk({ kmsKeyName: V2, kmsKeyServiceAccount: `service-418207351962@compute-system.iam.gserviceaccount.com` })),
      others: [cryptoKeyVersion(V2, 'ENABLED')],
      status: 'pass',
      evidence: { kmsKeyName: V2, kmsKey: KEY, kmsKeyVersion: V2, keyState: 'ENABLED' },
    },
    {
      name: 'regional disk with CMEK whose key is not in the scan',
      asset: exportAsset(REGION_DISK, REGION_NAME, disk({ kmsKeyName: KEY }), 'us-central1'),
      status: 'pass',
      evidence: { kmsKey: KEY, keyState: 'not in the inventory' },
    },
    {
      name: 'CMEK version disabled',
      asset: exportAsset(DISK, NAME, disk({ kmsKeyName: V2 })),
      others: [cryptoKey('ENABLED'), cryptoKeyVersion(V2, 'DISABLED')],
      status: 'fail',
      evidence: { kmsKeyVersion: V2, keyState: 'DISABLED' },
    },
    {
      name: 'regional disk with CMEK whose primary is destroyed (API envelope)',
      asset: apiAsset(REGION_DISK, REGION_NAME, disk({ kmsKeyName: KEY }), 'us-central1'),
      others: [cryptoKey('DESTROYED')],
      status: 'fail',
      evidence: { kmsKey: KEY, keyState: 'DESTROYED' },
    },
    {
      name: 'an IAM-policy-only record (no resource data)',
      asset: exportAsset(DISK, NAME, null),
      status: 'error',
      evidence: { resourceData: null },
    },
    {
      name: 'a key name that is not text',
      asset: exportAsset(DISK, NAME, disk({ kmsKeyName: [KEY] })),
      status: 'error',
      evidence: { diskEncryptionKey: { kmsKeyName: [KEY] } },
    },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const disks = sampleAssets('policy-library/compute-disks.json');
  gradesAssets(check, [
    ...disks.map((asset) => ({ name: `policy-library ${String(asset.asset_type)} ${String(asset.name)}`, asset, status: 'pass' as const, evidence: { keyType: 'Google-managed' } })),
    { name: 'terraform-validator example_compute_disk', asset: sampleAssets('terraform-validator/example_compute_disk.json')[0], status: 'pass', evidence: { keyType: 'Google-managed' } },
  ]);
});
