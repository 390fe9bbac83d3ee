import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-ssl-required.js';
import { apiSqlAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sampleNdjson, sqlAsset } from './assets.js';

const ip = (extra: Record<string, unknown>) => ({ ipConfiguration: { ipv4Enabled: false, privateNetwork: `projects/${PROJECT}/global/networks/phi-vpc`, ...extra } });

describe(check.id, () => {
  gradesAssets(check, [
    { name: 'ENCRYPTED_ONLY (API envelope)', asset: apiSqlAsset('ehr-pg', ip({ sslMode: 'ENCRYPTED_ONLY' })), status: 'pass', evidence: { sslMode: 'ENCRYPTED_ONLY' } },
    {
      name: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED with legacy requireSsl',
      asset: sqlAsset('ehr-pg', ip({ sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED', requireSsl: true })),
      status: 'pass',
      evidence: { sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED', requireSsl: true },
    },
    { name: 'legacy requireSsl only', asset: sqlAsset('ehr-pg', ip({ requireSsl: true })), status: 'pass', evidence: { sslMode: null, requireSsl: true } },
    {
      name: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED',
      asset: sqlAsset('ehr-pg', ip({ sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', requireSsl: false })),
      status: 'fail',
      evidence: { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', requireSsl: false },
    },
    { name: 'neither field (the default allows unencrypted)', asset: sqlAsset('ehr-pg', ip({})), status: 'fail', evidence: { sslMode: null, requireSsl: null } },
    { name: 'no settings', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, { name: 'ehr-pg', kind: 'sql#instance' }), status: 'error', evidence: { settings: null } },
    { name: 'an IAM-policy-only record', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const ssl = sampleAssets('policy-library/sql-instances-require-ssl.json');
  gradesAssets(check, [
    { name: 'policy-library sql-instance-with-ssl', asset: ssl[0], status: 'pass', evidence: { requireSsl: true } },
    { name: 'policy-library sql-instance-without-ssl', asset: ssl[1], status: 'fail', evidence: { requireSsl: false } },
    { name: 'policy-library sql-instance-without-ipconfig', asset: ssl[2], status: 'error', evidence: { ipConfiguration: null } },
    ...sampleAssets('policy-library/sql-instances-public-ip.json').map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { sslMode: null, requireSsl: null } })),
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', 'sqladmin.googleapis.com/Instance').map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { requireSsl: null } })),
  ]);
});
