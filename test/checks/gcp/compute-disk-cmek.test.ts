import { describe } from 'vitest';
import check from '../../../checks/gcp/compute-disk-cmek.js';
import { apiAsset, cryptoKeyVersion, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets } from './assets.js';

const DISK = 'compute.googleapis.com/Disk';
const NAME = `//compute.googleapis.com/projects/${PROJECT}/zones/us-central1-a/disks/ehr-data-01`;
const V1 = `${KEY}/cryptoKeyVersions/1`;

function disk(diskEncryptionKey?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'compute#disk',
    id: '4417263950918273645',
    name: 'ehr-data-01',
    sizeGb: '500',
    zone: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a`,
    status: 'READY',
    type: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/us-central1-a/diskTypes/pd-balanced`,
    ...(diskEncryptionKey ? { diskEncryptionKey } : {}),
  };
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'CMEK key version (API envelope)',
      asset: apiAsset(DISK, NAME, disk({ kmsKeyName: V1, kmsKeyServiceAccount: 'service-418207351962@compute-system.iam.gserviceaccount.com' })),
      others: [cryptoKeyVersion(V1, 'ENABLED')],
      status: 'pass',
      evidence: { keyType: 'customer-managed (Cloud KMS)', kmsKeyName: V1, kmsKey: KEY, keyState: 'ENABLED' },
    },
    { name: 'customer-supplied key', asset: exportAsset(DISK, NAME, disk({ sha256: 'hZ9h1p2Iq3PPwH1nJEPMUdJ6DZ8Ys5T4xHLHq3h8jDE=' })), status: 'pass', evidence: { keyType: 'customer-supplied (CSEK)' } },
    { name: 'Google-managed keys', asset: exportAsset(DISK, NAME, disk()), status: 'fail', evidence: { keyType: 'Google-managed', kmsKeyName: null } },
    { name: 'a key name that is not text', asset: exportAsset(DISK, NAME, disk({ kmsKeyName: { v: 1 } })), status: 'error', evidence: { kmsKeyName: { v: 1 } } },
    { name: 'an IAM-policy-only record', asset: exportAsset(DISK, NAME, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  gradesAssets(
    check,
    sampleAssets('policy-library/compute-disks.json').map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { keyType: 'Google-managed' } })),
  );
});
