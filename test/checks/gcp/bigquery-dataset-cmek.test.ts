import { describe } from 'vitest';
import check from '../../../checks/gcp/bigquery-dataset-cmek.js';
import { apiAsset, cryptoKey, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets, sampleNdjson } from './assets.js';

const DATASET = 'bigquery.googleapis.com/Dataset';
const NAME = `//bigquery.googleapis.com/projects/${PROJECT}/datasets/claims`;

function dataset(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'bigquery#dataset',
    id: `${PROJECT}:claims`,
    datasetReference: { datasetId: 'claims', projectId: PROJECT },
    location: 'US',
    creationTime: '1717412400000',
    labels: { 'data-classification': 'phi' },
    ...extra,
  };
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'default CMEK (API envelope)',
      asset: apiAsset(DATASET, NAME, dataset({ defaultEncryptionConfiguration: { kmsKeyName: KEY } })),
      others: [cryptoKey('ENABLED')],
      status: 'pass',
      evidence: { kmsKeyName: KEY, keyState: 'ENABLED' },
    },
    { name: 'no default key', asset: exportAsset(DATASET, NAME, dataset()), status: 'fail', evidence: { keyType: 'Google-managed', kmsKeyName: null } },
    { name: 'a key name that is not text', asset: exportAsset(DATASET, NAME, dataset({ defaultEncryptionConfiguration: { kmsKeyName: true } })), status: 'error', evidence: { kmsKeyName: true } },
    { name: 'an IAM-policy-only record', asset: exportAsset(DATASET, NAME, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  gradesAssets(check, [
    // Google's fixture: the dataset sets no default key; its tables carry their own keys.
    { name: 'policy-library anand_bq_test_3', asset: sampleAssets('policy-library/bigquery-cmek.json')[0], status: 'fail', evidence: { keyType: 'Google-managed' } },
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', DATASET).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { keyType: 'Google-managed' } })),
  ]);
});
