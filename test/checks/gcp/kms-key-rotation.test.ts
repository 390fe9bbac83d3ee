import { describe } from 'vitest';
import check from '../../../checks/gcp/kms-key-rotation.js';
import { apiAsset, exportAsset, gradesAssets, KEY, sampleAssets, sampleNdjson } from './assets.js';

const TYPE = 'cloudkms.googleapis.com/CryptoKey';

/** A CryptoKey's `resource.data`; the export's update_time (the observation) is 2025-03-14. */
function key(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    name: KEY,
    createTime: '2024-06-03T11:02:41.650275024Z',
    primary: { name: `${KEY}/cryptoKeyVersions/4`, state: 'ENABLED', algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: 'SOFTWARE' },
    purpose: 'ENCRYPT_DECRYPT',
    versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: 'SOFTWARE' },
    ...extra,
  };
}
const asset = (extra: Record<string, unknown>) => exportAsset(TYPE, `//cloudkms.googleapis.com/${KEY}`, key(extra));

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: '90 days, next rotation in 30 days (API envelope)',
      asset: apiAsset(TYPE, `//cloudkms.googleapis.com/${KEY}`, key({ rotationPeriod: '7776000s', nextRotationTime: '2025-04-13T00:00:00Z' })),
      status: 'pass',
      evidence: { rotationPeriod: '7776000s', rotationDays: 90 },
    },
    { name: 'one year', asset: asset({ rotationPeriod: '31536000s', nextRotationTime: '2025-06-03T00:00:00Z' }), status: 'fail', evidence: { rotationDays: 365 } },
    { name: 'no rotation period', asset: asset({}), status: 'fail', evidence: { rotationPeriod: null } },
    { name: '30 days, but next rotation pushed a year out', asset: asset({ rotationPeriod: '2592000s', nextRotationTime: '2026-03-14T00:00:00Z' }), status: 'fail', evidence: { rotationDays: 30, nextRotationTime: '2026-03-14T00:00:00Z' } },
    {
      name: 'asymmetric signing key',
      asset: asset({ purpose: 'ASYMMETRIC_SIGN', versionTemplate: { algorithm: 'EC_SIGN_P256_SHA256', protectionLevel: 'HSM' } }),
      status: 'not_applicable',
      evidence: { purpose: 'ASYMMETRIC_SIGN' },
    },
    {
      name: 'external (Cloud EKM) key',
      asset: asset({ versionTemplate: { algorithm: 'EXTERNAL_SYMMETRIC_ENCRYPTION', protectionLevel: 'EXTERNAL' } }),
      status: 'not_applicable',
      evidence: { protectionLevel: 'EXTERNAL' },
    },
    { name: 'a rotation period that is not a duration', asset: asset({ rotationPeriod: '90d' }), status: 'error', evidence: { rotationPeriod: '90d' } },
    { name: 'an IAM-policy-only record', asset: exportAsset(TYPE, `//cloudkms.googleapis.com/${KEY}`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const rotation = sampleAssets('policy-library/kms-crypto-keys-rotation.json');
  const expected: Record<string, ['pass' | 'fail', number | null]> = {
    'rotation-30-days': ['pass', 30],
    'rotation-never': ['fail', null],
    'rotation-365-days': ['fail', 365],
    'rotation-90-days': ['pass', 90],
    'rotation-400-days': ['fail', 400],
    'rotation-100-days': ['fail', 120],
  };
  gradesAssets(check, [
    ...rotation.map((asset) => {
      const name = String(asset.name).split('/').pop()!;
      const [status, days] = expected[name]!;
      return { name: `policy-library ${name}`, asset, status, evidence: days === null ? { rotationPeriod: null } : { rotationDays: days } };
    }),
    { name: 'policy-library bigquery-cmek test-1', asset: sampleAssets('policy-library/bigquery-cmek.json')[4], status: 'pass', evidence: { rotationDays: 90 } },
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', TYPE).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'pass' as const, evidence: { rotationDays: 90 } })),
    // terraform-validator's template sets only the purpose: no rotation.
    { name: 'terraform-validator example_kms_crypto_key', asset: sampleAssets('terraform-validator/example_kms_crypto_key.json')[0], status: 'fail', evidence: { rotationPeriod: null } },
  ]);
});
