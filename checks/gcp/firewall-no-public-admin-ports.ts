import { defineCheck } from '../../src/engine/check.js';
import { arrayField, booleanField, isRecord, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';
import { isWholeInternet, portRange } from './_shared/network.js';

/** Remote administration and database ports that should never face the whole internet. */
const SENSITIVE_PORTS: Record<number, string> = {
  22: 'SSH',
  23: 'Telnet',
  3389: 'RDP',
  5985: 'WinRM',
  5986: 'WinRM over HTTPS',
  1433: 'SQL Server',
  1521: 'Oracle',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  6379: 'Redis',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
};

/** Protocols whose port lists the sensitive ports are about; `all` (or an omitted list) covers them. */
const PORT_PROTOCOLS = new Set(['tcp', '6', 'udp', '17', 'all']);

export default defineCheck({
  id: 'gcp-firewall-no-public-admin-ports',
  title: 'VPC firewall rule does not open admin or database ports to the internet',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/Firewall'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'An ingress rule that allows SSH, RDP or a database port from 0.0.0.0/0 exposes the login of every matching VM to the whole internet, the usual first step of a breach.',
  remediation: {
    text: 'Restrict the rule\'s source ranges to known addresses, or remove it and reach VMs through Identity-Aware Proxy TCP forwarding (source 35.235.240.0/20).',
    cli: 'gcloud compute firewall-rules update RULE --source-ranges=35.235.240.0/20',
    terraform:
      'resource "google_compute_firewall" "ssh_via_iap" {\n  name          = "allow-ssh-from-iap"\n  network       = google_compute_network.vpc.id\n  direction     = "INGRESS"\n  source_ranges = ["35.235.240.0/20"]\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n}',
  },
  evaluate(rule) {
    const missing = configurationMissing(rule, 'sources and ports');
    if (missing) return missing;
    const direction = stringField(rule.config, 'direction') ?? 'INGRESS';
    if (direction !== 'INGRESS') return notApplicable('The rule governs outbound traffic.', { direction });
    if (booleanField(rule.config, 'disabled') === true) return notApplicable('The rule is disabled and allows nothing.', { disabled: true });
    const allowed = (arrayField(rule.config, 'allowed') ?? []).filter(isRecord);
    if (allowed.length === 0) return notApplicable('The rule denies traffic; it opens nothing.', { denied: rule.config.denied ?? null });
    const ranges = (arrayField(rule.config, 'sourceRanges') ?? []).filter((r): r is string => typeof r === 'string');
    const evidence = { sourceRanges: ranges, allowed, targetTags: rule.config.targetTags ?? null };
    if (ranges.length === 0) {
      if (arrayField(rule.config, 'sourceTags')?.length || arrayField(rule.config, 'sourceServiceAccounts')?.length) {
        return pass('The rule admits traffic only from tagged VMs or service accounts, not from the internet.', evidence);
      }
      return undecided('The rule names no source ranges, tags or service accounts, so who it admits is unknown.', evidence);
    }
    if (!ranges.some(isWholeInternet)) return pass('The rule admits traffic only from specific source ranges.', evidence);
    const exposed = exposedPorts(allowed);
    if (exposed === undefined) return undecided('The rule lists a port this check cannot read.', evidence);
    if (exposed.length === 0) return pass('The rule is open to the internet, but not on remote-administration or database ports.', evidence);
    return fail(`The rule opens ${exposed.map((e) => `${e.service} (${e.port})`).join(', ')} to the whole internet.`, { ...evidence, exposedPorts: exposed });
  },
});

function exposedPorts(allowed: Record<string, unknown>[]): { port: number; service: string }[] | undefined {
  const hits = new Map<number, string>();
  for (const a of allowed) {
    const protocol = String(a.IPProtocol ?? '').toLowerCase();
    if (!PORT_PROTOCOLS.has(protocol)) continue;
    const ports = Array.isArray(a.ports) ? a.ports : [];
    // No port list means every port of the protocol.
    const ranges = ports.length === 0 ? [[0, 65535] as [number, number]] : ports.map((p) => (typeof p === 'string' ? portRange(p) : undefined));
    for (const r of ranges) {
      if (!r) return undefined;
      for (const [port, service] of Object.entries(SENSITIVE_PORTS)) if (Number(port) >= r[0] && Number(port) <= r[1]) hits.set(Number(port), service);
    }
  }
  return [...hits].sort(([a], [b]) => a - b).map(([port, service]) => ({ port, service }));
}
