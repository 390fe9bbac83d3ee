import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-not-public.js';
import { apiSqlAsset, exportAsset, gradesAssets, PROJECT, sampleAssets, sampleNdjson, sqlAsset } from './assets.js';

const ip = (extra: Record<string, unknown>) => ({ ipConfiguration: { sslMode: 'ENCRYPTED_ONLY', ...extra } });
const anywhere = { value: '0.0.0.0/0', name: 'anywhere', kind: 'sql#aclEntry' };
const office = { value: '203.0.113.0/24', name: 'office', kind: 'sql#aclEntry' };

describe(check.id, () => {
  gradesAssets(check, [
    { name: 'private IP only (API envelope)', asset: apiSqlAsset('ehr-pg', ip({ ipv4Enabled: false, privateNetwork: `projects/${PROJECT}/global/networks/phi-vpc` })), status: 'pass', evidence: { ipv4Enabled: false } },
    { name: 'public IP limited to an office range', asset: sqlAsset('ehr-pg', ip({ ipv4Enabled: true, authorizedNetworks: [office] })), status: 'pass', evidence: { ipv4Enabled: true, authorizedNetworks: [{ name: 'office', value: '203.0.113.0/24' }] } },
    { name: 'public IP with 0.0.0.0/0 authorized', asset: sqlAsset('ehr-pg', ip({ ipv4Enabled: true, authorizedNetworks: [office, anywhere] })), status: 'fail', evidence: { ipv4Enabled: true } },
    { name: 'public IP with ::/0 (API envelope)', asset: apiSqlAsset('ehr-pg', ip({ ipv4Enabled: true, authorizedNetworks: [{ value: '::/0', name: 'v6' }] })), status: 'fail', evidence: { authorizedNetworks: [{ name: 'v6', value: '::/0' }] } },
    { name: 'no IP configuration', asset: sqlAsset('ehr-pg', { ipConfiguration: undefined }), status: 'error', evidence: { ipConfiguration: null } },
    { name: 'an IAM-policy-only record', asset: exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-pg`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const publicIp = sampleAssets('policy-library/sql-instances-public-ip.json');
  gradesAssets(check, [
    // Google's public-IP fixtures authorize no networks: reachable only through the Auth Proxy.
    { name: 'policy-library public-private-sql2', asset: publicIp[0], status: 'pass', evidence: { ipv4Enabled: true, authorizedNetworks: [] } },
    { name: 'policy-library private-sql', asset: publicIp[1], status: 'pass', evidence: { ipv4Enabled: false } },
    { name: 'policy-library public-private-sql', asset: publicIp[2], status: 'pass', evidence: { ipv4Enabled: true } },
    { name: 'policy-library public-sql', asset: publicIp[3], status: 'pass', evidence: { ipv4Enabled: true } },
    { name: 'policy-library sql-instance-without-ipconfig', asset: sampleAssets('policy-library/sql-instances-require-ssl.json')[2], status: 'error', evidence: { ipConfiguration: null } },
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', 'sqladmin.googleapis.com/Instance').map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'pass' as const, evidence: { ipv4Enabled: true } })),
  ]);
});
