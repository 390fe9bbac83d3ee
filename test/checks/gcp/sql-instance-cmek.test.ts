import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-cmek.js';
import { apiSqlAsset, cryptoKey, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets, sqlAsset } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'CMEK whose primary is enabled (API envelope)',
      asset: apiSqlAsset('ehr-pg', {}, { diskEncryptionConfiguration: { kmsKeyName: KEY, kind: 'sql#diskEncryptionConfiguration' } }),
      others: [cryptoKey('ENABLED')],
      status: 'pass',
      evidence: { kmsKeyName: KEY, keyState: 'ENABLED' },
    },
    { name: 'Google-managed keys', asset: sqlAsset('ehr-pg'), status: 'fail', evidence: { keyType: 'Google-managed', kmsKeyName: null } },
    { name: 'a key name that is not text', asset: sqlAsset('ehr-pg', {}, { diskEncryptionConfiguration: { kmsKeyName: [KEY] } }), status: 'error', evidence: { kmsKeyName: [KEY] } },
    { name: 'an IAM-policy-only record', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  // None of Google's Cloud SQL test instances sets a CMEK.
  const samples = ['policy-library/sql-instances-require-ssl.json', 'policy-library/sql-instances-backup.json', 'policy-library/sql-instances-public-ip.json'].flatMap(sampleAssets);
  gradesAssets(
    check,
    samples.map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { keyType: 'Google-managed' } })),
  );
});
