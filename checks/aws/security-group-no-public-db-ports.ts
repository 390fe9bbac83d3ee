import { defineCheck } from '../../src/engine/check.js';
import { arrayField, field, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';

/**
 * Ports that must never accept connections from the whole internet: database engines and the two
 * remote-administration protocols that lead to them.
 */
export const SENSITIVE_PORTS: Record<number, string> = {
  22: 'SSH',
  1433: 'SQL Server',
  1521: 'Oracle',
  3306: 'MySQL/MariaDB/Aurora MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL/Aurora PostgreSQL',
  5439: 'Redshift',
  6379: 'Redis/Valkey (ElastiCache)',
  9200: 'Elasticsearch/OpenSearch',
  27017: 'MongoDB/DocumentDB',
};

const WHOLE_INTERNET = new Set(['0.0.0.0/0', '::/0']);

export default defineCheck({
  id: 'aws-security-group-no-public-db-ports',
  title: 'Security group does not open database or admin ports to the internet',
  provider: 'aws',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'An inbound rule from 0.0.0.0/0 or ::/0 on a database, SSH or RDP port puts the login of everything in the group in front of the whole internet, where it is scanned within minutes.',
  remediation: {
    text: 'Replace the rule\'s 0.0.0.0/0 or ::/0 source with the security group of the clients (or a specific range); reach hosts through SSM Session Manager instead of open SSH/RDP.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port PORT --cidr 0.0.0.0/0\naws ec2 authorize-security-group-ingress --group-id SG_ID --protocol tcp --port PORT --source-group CLIENT_SG_ID',
    terraform: 'resource "aws_vpc_security_group_ingress_rule" "db_from_app" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.app.id\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n}',
  },
  evaluate(group) {
    const missing = configurationMissing(group, 'security group', 'its inbound rules');
    if (missing) return missing;
    const permissions = arrayField(group.config, 'ipPermissions');
    if (!permissions) return undecided('The security group record has no readable ipPermissions list.', { ipPermissions: field(group.config, 'ipPermissions') ?? null });
    const exposed = new Map<number, { port: number; service: string; sources: Set<string> }>();
    for (const p of permissions.filter(isRecord)) {
      const sources = openSources(p);
      if (sources.length === 0) continue;
      const ports = portRange(p);
      if (ports === undefined) return undecided('An inbound rule open to the internet has a port range this check cannot read.', { rule: p });
      if (ports === null) continue;
      for (const [port, service] of Object.entries(SENSITIVE_PORTS)) {
        const n = Number(port);
        if (n < ports[0] || n > ports[1]) continue;
        const hit = exposed.get(n) ?? { port: n, service, sources: new Set<string>() };
        for (const s of sources) hit.sources.add(s);
        exposed.set(n, hit);
      }
    }
    const list = [...exposed.values()].sort((a, b) => a.port - b.port).map((e) => ({ port: e.port, service: e.service, sources: [...e.sources].sort() }));
    const evidence = { groupId: anyCaseString(group.config, 'groupId') ?? group.name, exposedPorts: list, checkedPorts: Object.keys(SENSITIVE_PORTS).map(Number) };
    if (list.length === 0) return pass('No inbound rule opens a database, SSH or RDP port to the whole internet.', evidence);
    return fail(`The group opens ${list.map((e) => `${e.service} (${e.port})`).join(', ')} to the whole internet.`, evidence);
  },
});

/** The rule's sources that are the whole internet (Config: ipv4Ranges[].cidrIp, ipv6Ranges[].cidrIpv6, and the older ipRanges strings). */
function openSources(p: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const r of (anyCase(p, 'ipv4Ranges') as unknown[] | undefined) ?? []) {
    const cidr = anyCaseString(r, 'cidrIp');
    if (cidr && WHOLE_INTERNET.has(cidr)) out.add(cidr);
  }
  for (const r of (anyCase(p, 'ipv6Ranges') as unknown[] | undefined) ?? []) {
    const cidr = anyCaseString(r, 'cidrIpv6');
    if (cidr && WHOLE_INTERNET.has(cidr)) out.add(cidr);
  }
  const legacy = anyCase(p, 'ipRanges');
  if (Array.isArray(legacy)) for (const r of legacy) if (typeof r === 'string' && WHOLE_INTERNET.has(r)) out.add(r);
  return [...out];
}

/** The TCP ports a rule opens: `null` when it opens none that matter (ICMP, UDP-only), `undefined` when unreadable. */
function portRange(p: Record<string, unknown>): [number, number] | null | undefined {
  const protocol = String(anyCase(p, 'ipProtocol') ?? '').toLowerCase();
  if (protocol === '-1' || protocol === 'all') return [0, 65535];
  if (protocol !== 'tcp' && protocol !== '6') return null;
  const from = anyCase(p, 'fromPort');
  const to = anyCase(p, 'toPort');
  if (from === undefined && to === undefined) return [0, 65535];
  if (typeof from !== 'number' || typeof to !== 'number') return undefined;
  // -1 means every port.
  if (from === -1 || to === -1) return [0, 65535];
  return [from, to];
}
