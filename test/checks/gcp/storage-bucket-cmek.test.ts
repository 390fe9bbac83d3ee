import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-cmek.js';
import { apiBucketAsset, bucketAsset, cryptoKey, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'default key is a CMEK whose primary is enabled (API envelope)',
      asset: apiBucketAsset(`${PROJECT}-claims`, { encryption: { defaultKmsKeyName: KEY } }),
      others: [cryptoKey('ENABLED')],
      status: 'pass',
      evidence: { keyType: 'customer-managed (Cloud KMS)', defaultKmsKeyName: KEY, keyState: 'ENABLED' },
    },
    {
      name: 'default key is a CMEK not in the scan',
      asset: bucketAsset(`${PROJECT}-claims`, { encryption: { defaultKmsKeyName: KEY } }),
      status: 'pass',
      evidence: { kmsKey: KEY, keyState: 'not in the inventory' },
    },
    { name: 'Google-managed keys (no encryption block)', asset: bucketAsset(`${PROJECT}-scans`), status: 'fail', evidence: { keyType: 'Google-managed', defaultKmsKeyName: null } },
    { name: 'Google-managed keys (API envelope, encryption: {})', asset: apiBucketAsset(`${PROJECT}-scans`, { encryption: {} }), status: 'fail', evidence: { keyType: 'Google-managed' } },
    { name: 'a key name that is not text', asset: bucketAsset(`${PROJECT}-odd`, { encryption: { defaultKmsKeyName: 7 } }), status: 'error', evidence: { defaultKmsKeyName: 7 } },
    { name: 'an IAM-policy-only record', asset: exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${PROJECT}-scans`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const cmekAndLogging = sampleAssets('policy-library/storage-buckets-cmek-and-logging.json');
  const uniform = sampleAssets('policy-library/storage-buckets-uniform-access.json');
  const key = 'projects/andresolarte-gke-ent/locations/us/keyRings/us-ring/cryptoKeys/key1';
  gradesAssets(check, [
    { name: 'policy-library my-storage-bucket', asset: cmekAndLogging[0], status: 'pass', evidence: { kmsKey: key } },
    { name: 'policy-library my-storage-bucket-with-logging', asset: cmekAndLogging[1], status: 'pass', evidence: { kmsKey: key } },
    { name: 'policy-library my-storage-bucket-with-secure-logging', asset: cmekAndLogging[2], status: 'fail', evidence: { keyType: 'Google-managed' } },
    { name: 'policy-library bucket-with-bucketpolicyonly', asset: uniform[0], status: 'pass', evidence: { kmsKey: key } },
    { name: 'policy-library bucketwithuniformbucketlevelaccess', asset: uniform[1], status: 'pass', evidence: { kmsKey: key } },
    { name: 'policy-library bucket-with-null-bucketpolicyonly', asset: uniform[2], status: 'pass', evidence: { kmsKey: key } },
    { name: 'policy-library bucket-with-no-bucketpolicyonly-data', asset: uniform[3], status: 'fail', evidence: { keyType: 'Google-managed' } },
  ]);
});
