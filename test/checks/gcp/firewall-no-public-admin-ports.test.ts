import { describe } from 'vitest';
import check from '../../../checks/gcp/firewall-no-public-admin-ports.js';
import { apiAsset, exportAsset, gradesAssets, PROJECT, sampleNdjson } from './assets.js';

const TYPE = 'compute.googleapis.com/Firewall';

function rule(name: string, extra: Record<string, unknown>, api = false): Record<string, unknown> {
  const data = {
    kind: 'compute#firewall',
    id: '10712',
    name,
    network: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/networks/phi-vpc`,
    priority: 1000,
    direction: 'INGRESS',
    disabled: false,
    logConfig: { enable: false },
    selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/firewalls/${name}`,
    ...extra,
  };
  return (api ? apiAsset : exportAsset)(TYPE, `//compute.googleapis.com/projects/${PROJECT}/global/firewalls/${name}`, data, 'global');
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'SSH from Identity-Aware Proxy only (API envelope)',
      asset: rule('allow-ssh-iap', { sourceRanges: ['35.235.240.0/20'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] }, true),
      status: 'pass',
      evidence: { sourceRanges: ['35.235.240.0/20'] },
    },
    { name: 'HTTPS from anywhere', asset: rule('allow-https', { sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['443'] }] }), status: 'pass', evidence: { sourceRanges: ['0.0.0.0/0'] } },
    { name: 'from tagged VMs only', asset: rule('allow-pg-app', { sourceTags: ['app'], allowed: [{ IPProtocol: 'tcp', ports: ['5432'] }] }), status: 'pass', evidence: { sourceRanges: [] } },
    {
      name: 'a port range spanning PostgreSQL and MySQL from anywhere',
      asset: rule('allow-db', { sourceRanges: ['10.0.0.0/8', '0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['3000-6000'] }] }),
      status: 'fail',
      evidence: { exposedPorts: [{ port: 3306, service: 'MySQL' }, { port: 3389, service: 'RDP' }, { port: 5432, service: 'PostgreSQL' }, { port: 5985, service: 'WinRM' }, { port: 5986, service: 'WinRM over HTTPS' }] },
    },
    { name: 'every protocol from ::/0', asset: rule('allow-all-v6', { sourceRanges: ['::/0'], allowed: [{ IPProtocol: 'all' }] }), status: 'fail', evidence: { exposedPorts: expectAll() } },
    { name: 'egress rule', asset: rule('deny-egress', { direction: 'EGRESS', destinationRanges: ['0.0.0.0/0'], denied: [{ IPProtocol: 'all' }] }), status: 'not_applicable', evidence: { direction: 'EGRESS' } },
    { name: 'disabled rule', asset: rule('old-ssh', { disabled: true, sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] }), status: 'not_applicable', evidence: { disabled: true } },
    { name: 'no sources at all', asset: rule('odd', { allowed: [{ IPProtocol: 'tcp', ports: ['22'] }] }), status: 'error', evidence: { sourceRanges: [] } },
    { name: 'an unreadable port', asset: rule('odd-port', { sourceRanges: ['0.0.0.0/0'], allowed: [{ IPProtocol: 'tcp', ports: ['ssh'] }] }), status: 'error', evidence: { sourceRanges: ['0.0.0.0/0'] } },
    { name: 'an IAM-policy-only record', asset: exportAsset(TYPE, `//compute.googleapis.com/projects/${PROJECT}/global/firewalls/x`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

function expectAll() {
  return [22, 23, 1433, 1521, 3306, 3389, 5432, 5985, 5986, 6379, 9042, 9200, 11211, 27017].map((port) => ({ port }));
}

describe(`${check.id} on real asset exports`, () => {
  const expected: Record<string, ['pass' | 'fail', Record<string, unknown>]> = {
    'project1/global/firewalls/default-allow-https-lb': ['pass', { sourceRanges: ['130.211.0.0/22', '35.191.0.0/16'] }],
    'project1/global/firewalls/default-allow-ssh': ['fail', { exposedPorts: [{ port: 22, service: 'SSH' }] }],
    'project1/global/firewalls/default-allow-internal': ['pass', { sourceRanges: ['10.0.0.0/8'] }],
    'project2/global/firewalls/default-allow-icmp': ['pass', { sourceRanges: ['0.0.0.0/0'] }],
    'project2/global/firewalls/default-allow-rdp': ['fail', { exposedPorts: [{ port: 3389, service: 'RDP' }] }],
    'project2/global/firewalls/default-allow-ssh': ['fail', { exposedPorts: [{ port: 22, service: 'SSH' }] }],
    'project2/global/firewalls/default-allow-internal': ['pass', { sourceRanges: ['10.0.0.0/8'] }],
  };
  gradesAssets(
    check,
    sampleNdjson('forseti/mock_cai_resources.ndjson', TYPE).map((asset) => {
      const key = String(asset.name).replace('//compute.googleapis.com/projects/', '');
      const [status, evidence] = expected[key]!;
      return { name: `forseti ${key}`, asset, status, evidence };
    }),
  );
});
