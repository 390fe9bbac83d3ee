import { describe } from 'vitest';
import check from '../../../checks/gcp/subnetwork-flow-logs.js';
import { apiAsset, exportAsset, gradesAssets, PROJECT, sampleNdjson } from './assets.js';

const TYPE = 'compute.googleapis.com/Subnetwork';
const NAME = `//compute.googleapis.com/projects/${PROJECT}/regions/us-central1/subnetworks/phi-apps`;

function subnet(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'compute#subnetwork',
    id: '11510',
    name: 'phi-apps',
    network: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/networks/phi-vpc`,
    ipCidrRange: '10.20.0.0/20',
    gatewayAddress: '10.20.0.1',
    region: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/us-central1`,
    privateIpGoogleAccess: true,
    purpose: 'PRIVATE',
    stackType: 'IPV4_ONLY',
    ...extra,
  };
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'flow logs on (API envelope)',
      asset: apiAsset(TYPE, NAME, subnet({ enableFlowLogs: true, logConfig: { enable: true, aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' } })),
      status: 'pass',
      evidence: { logConfig: { enable: true } },
    },
    { name: 'legacy enableFlowLogs only', asset: exportAsset(TYPE, NAME, subnet({ enableFlowLogs: true })), status: 'pass', evidence: { enableFlowLogs: true, logConfig: null } },
    {
      name: 'flow logs explicitly off',
      asset: exportAsset(TYPE, NAME, subnet({ enableFlowLogs: false, logConfig: { enable: false, aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'EXCLUDE_ALL_METADATA' } })),
      status: 'fail',
      evidence: { logConfig: { enable: false } },
    },
    { name: 'proxy-only subnet', asset: exportAsset(TYPE, NAME, subnet({ purpose: 'REGIONAL_MANAGED_PROXY', role: 'ACTIVE' })), status: 'not_applicable', evidence: { purpose: 'REGIONAL_MANAGED_PROXY' } },
    { name: 'an IAM-policy-only record', asset: exportAsset(TYPE, NAME, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  // forseti's 24 default-network subnets predate flow logs: the field is unset, which is off.
  gradesAssets(
    check,
    sampleNdjson('forseti/mock_cai_resources.ndjson', TYPE).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { logConfig: null, enableFlowLogs: null } })),
  );
});
