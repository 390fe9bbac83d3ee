import { describe } from 'vitest';
import check from '../../../checks/gcp/load-balancer-tls-policy.js';
import { apiAsset, exportAsset, gradesAssets, PROJECT, sampleNdjson, sslPolicy } from './assets.js';

const HTTPS = 'compute.googleapis.com/TargetHttpsProxy';
const SSL = 'compute.googleapis.com/TargetSslProxy';
const COMPUTE = `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global`;

function proxy(type: string, name: string, sslPolicyUrl?: string, api = false): Record<string, unknown> {
  const plural = type === HTTPS ? 'targetHttpsProxies' : 'targetSslProxies';
  const data = {
    kind: type === HTTPS ? 'compute#targetHttpsProxy' : 'compute#targetSslProxy',
    id: '9081',
    name,
    selfLink: `${COMPUTE}/${plural}/${name}`,
    sslCertificates: [`${COMPUTE}/sslCertificates/portal-cert`],
    ...(type === HTTPS ? { urlMap: `${COMPUTE}/urlMaps/portal`, quicOverride: 'NONE' } : { service: `${COMPUTE}/backendServices/portal`, proxyHeader: 'NONE' }),
    ...(sslPolicyUrl ? { sslPolicy: sslPolicyUrl } : {}),
  };
  return (api ? apiAsset : exportAsset)(type, `//compute.googleapis.com/projects/${PROJECT}/global/${plural}/${name}`, data, 'global');
}
const policyAsset = (name: string, extra: Record<string, unknown>) =>
  exportAsset('compute.googleapis.com/SslPolicy', `//compute.googleapis.com/projects/${PROJECT}/global/sslPolicies/${name}`, sslPolicy(name, extra), 'global');

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'HTTPS proxy with a MODERN/TLS 1.2 policy (API envelope)',
      asset: proxy(HTTPS, 'portal', `${COMPUTE}/sslPolicies/modern-tls12`, true),
      others: [policyAsset('modern-tls12', { profile: 'MODERN', minTlsVersion: 'TLS_1_2' })],
      status: 'pass',
      evidence: { sslPolicyAsset: `//compute.googleapis.com/projects/${PROJECT}/global/sslPolicies/modern-tls12`, profile: 'MODERN' },
    },
    {
      name: 'SSL proxy with a COMPATIBLE policy',
      asset: proxy(SSL, 'hl7-tls', `${COMPUTE}/sslPolicies/compat`),
      others: [policyAsset('compat', { profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_2' })],
      status: 'fail',
      evidence: { profile: 'COMPATIBLE' },
    },
    { name: 'HTTPS proxy with no SSL policy (Google default)', asset: proxy(HTTPS, 'legacy'), status: 'fail', evidence: { sslPolicy: null, profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_0' } },
    { name: 'the policy named is not in the scan', asset: proxy(HTTPS, 'portal', `${COMPUTE}/sslPolicies/elsewhere`), status: 'error', evidence: { sslPolicy: `${COMPUTE}/sslPolicies/elsewhere` } },
    { name: 'an IAM-policy-only record', asset: exportAsset(HTTPS, `//compute.googleapis.com/projects/${PROJECT}/global/targetHttpsProxies/x`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  // forseti's target HTTPS and SSL proxies attach no SSL policy.
  gradesAssets(
    check,
    [HTTPS, SSL].flatMap((t) => sampleNdjson('forseti/mock_cai_resources.ndjson', t)).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { sslPolicy: null } })),
  );
});
