import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/finding.js';
import { applyWaivers, globToRegExp, parseWaivers, requiredCitations, type Waiver, type WaiverSet } from '../src/engine/waivers.js';
import { InputError } from '../src/import/input-error.js';
import { loadMappings } from '../src/mappings/index.js';
import { runCli } from './support/cli.js';
import { plantedEstate } from './evidence/estate.js';

const catalogue = loadMappings().safeguards;

function finding(over: Partial<Finding> & { name: string; id?: string; provider?: Finding['resource']['provider'] }): Finding {
  const { name, id = `arn:aws:ec2:us-east-1:123456789012:volume/${name}`, provider = 'aws', ...rest } = over;
  return {
    check: 'aws-ebs-volume-encrypted',
    title: 'EBS volume is encrypted',
    status: 'fail',
    severity: 'high',
    checkSeverity: 'high',
    ephi: false,
    category: 'encryption-at-rest',
    resource: { provider, type: 'AWS::EC2::Volume', id, name, account: '123456789012', region: 'us-east-1' },
    safeguards: ['164.312(a)(2)(iv)'],
    reason: 'The volume stores its data unencrypted.',
    evidence: { encrypted: false },
    remediation: { text: 'Encrypt it.' },
    fingerprint: `fp-${name}`,
    source: { format: 'test', file: 'test' },
    ...rest,
  };
}

function waiver(over: Partial<Waiver> = {}): Waiver {
  return {
    id: 'W1',
    line: 2,
    check: 'aws-ebs-volume-encrypted',
    resource: 'vol-1',
    rationale: 'Scratch volume; holds no ePHI.',
    compensatingControl: 'Private subnet, snapshots denied.',
    approver: 'Security Official',
    approved: '2026-01-01',
    expires: '2026-12-31',
    ...over,
  };
}

const set = (...waivers: Waiver[]): WaiverSet => ({ file: 'safeguard.waivers.yaml', bytes: Buffer.from(''), waivers });
const options = { asOf: '2026-06-01', catalogue, knownChecks: new Set(['aws-ebs-volume-encrypted', 'aws-s3-bucket-secure-transport', 'gcp-audit-logs-data-access-enabled']) };

describe('applying waivers', () => {
  it('turns a matching fail into waived, with the decision in the finding', () => {
    const { findings, report } = applyWaivers([finding({ name: 'vol-1' }), finding({ name: 'vol-2' })], set(waiver()), options);
    expect(findings[0]).toMatchObject({ status: 'waived', waiver: { id: 'W1', rationale: 'Scratch volume; holds no ePHI.', compensatingControl: 'Private subnet, snapshots denied.', approver: 'Security Official', expires: '2026-12-31', file: 'safeguard.waivers.yaml', line: 2 } });
    expect(findings[1]).toMatchObject({ status: 'fail' });
    expect(findings[1]!.waiver).toBeUndefined();
    expect(report.counts).toEqual({ applied: 1, expired: 0, stale: 0, invalid: 0 });
    expect(report.waivers[0]).toMatchObject({ status: 'applied', matched: ['fp-vol-1'], waived: ['fp-vol-1'], problems: [] });
  });

  it('matches a glob on the resource id or name; Azure compares case-insensitively', () => {
    const byId = applyWaivers([finding({ name: 'vol-9' })], set(waiver({ resource: 'arn:aws:ec2:us-east-1:*:volume/*' })), options);
    expect(byId.findings[0]!.status).toBe('waived');
    const byName = applyWaivers([finding({ name: 'scratch-7' })], set(waiver({ resource: 'scratch-?' })), options);
    expect(byName.findings[0]!.status).toBe('waived');
    expect(globToRegExp('a.b*').test('axb-1')).toBe(false);
    const azure = finding({ name: 'DiskA', id: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/disks/DiskA', provider: 'azure' });
    expect(applyWaivers([azure], set(waiver({ resource: '/subscriptions/s/resourcegroups/rg/*' })), options).findings[0]!.status).toBe('waived');
  });

  it('an expired waiver applies to nothing and is reported (in force through its expiry date)', () => {
    const onTheDay = applyWaivers([finding({ name: 'vol-1' })], set(waiver({ expires: '2026-06-01' })), options);
    expect(onTheDay.findings[0]!.status).toBe('waived');
    const { findings, report } = applyWaivers([finding({ name: 'vol-1' })], set(waiver({ expires: '2026-05-31' })), options);
    expect(findings[0]!.status).toBe('fail');
    expect(report.waivers[0]).toMatchObject({ status: 'expired', matched: ['fp-vol-1'], waived: [] });
    expect(report.waivers[0]!.problems[0]).toMatch(/expired on 2026-05-31/);
  });

  it('a waiver that matches no failing result is stale', () => {
    const passing = finding({ name: 'vol-1', status: 'pass' });
    const { report } = applyWaivers([passing, finding({ name: 'vol-2' })], set(waiver()), options);
    expect(report.waivers[0]).toMatchObject({ status: 'stale', matched: [] });
    expect(report.counts.stale).toBe(1);
  });

  it('never waives a Required specification: the finding stays fail and the waiver is invalid', () => {
    const audit = finding({ name: 'proj', check: 'gcp-audit-logs-data-access-enabled', safeguards: ['164.308(a)(1)(ii)(D)', '164.312(b)'], provider: 'gcp', id: '//cloudresourcemanager.googleapis.com/projects/p' });
    const { findings, report } = applyWaivers([audit], set(waiver({ check: 'gcp-audit-logs-data-access-enabled', resource: 'proj' })), options);
    expect(findings[0]!.status).toBe('fail');
    expect(report.waivers[0]).toMatchObject({ status: 'invalid', matched: ['fp-proj'], waived: [] });
    expect(report.waivers[0]!.problems).toEqual([expect.stringMatching(/164\.308\(a\)\(1\)\(ii\)\(D\), 164\.312\(b\), Required specifications/)]);
  });

  it('a standard graded through Addressable specifications does not block a waiver; one with none does', () => {
    expect(requiredCitations({ safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'] }, catalogue)).toEqual([]);
    expect(requiredCitations({ safeguards: ['164.312(d)'] }, catalogue)).toEqual(['164.312(d)']);
    const transit = finding({ name: 'bucket', check: 'aws-s3-bucket-secure-transport', safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'] });
    expect(applyWaivers([transit], set(waiver({ check: 'aws-s3-bucket-secure-transport', resource: 'bucket' })), options).findings[0]!.status).toBe('waived');
  });

  it('a waiver without rationale, or without a compensating control, does not apply', () => {
    for (const missing of [{ rationale: undefined }, { compensatingControl: '' }]) {
      const { findings, report } = applyWaivers([finding({ name: 'vol-1' })], set(waiver(missing)), options);
      expect(findings[0]!.status).toBe('fail');
      expect(report.waivers[0]!.status).toBe('invalid');
      expect(report.waivers[0]!.problems.join(' ')).toMatch(/164\.306\(d\)\(3\)/);
    }
  });

  it('an unknown check id is invalid; the first applicable waiver wins', () => {
    const typo = applyWaivers([finding({ name: 'vol-1' })], set(waiver({ check: 'aws-ebs-volume-encryptd' })), options);
    expect(typo.report.waivers[0]).toMatchObject({ status: 'invalid', problems: [expect.stringMatching(/No check is called aws-ebs-volume-encryptd/)] });
    const two = applyWaivers([finding({ name: 'vol-1' })], set(waiver({ id: 'A' }), waiver({ id: 'B' })), options);
    expect(two.findings[0]!.waiver!.id).toBe('A');
    expect(two.report.waivers.map((w) => w.status)).toEqual(['applied', 'stale']);
    expect(two.report.waivers[1]!.problems).toEqual([expect.stringMatching(/already waived by A/)]);
  });
});

describe('reading a waiver file', () => {
  const good = `# accepted risks
waivers:
  - id: RA-1
    check: aws-ebs-volume-encrypted
    resource: "vol-*"
    rationale: Scratch volumes.
    compensatingControl: Private subnet.
    approver: Security Official
    approved: 2026-01-01
    expires: 2026-12-31
  - check: aws-ebs-volume-encrypted
    resource: vol-2
    approver: CTO
    approved: 2026-02-01
    expires: 2026-03-01
`;

  it('parses entries with their line numbers, dates as YYYY-MM-DD', () => {
    const waivers = parseWaivers(good, 'w.yaml');
    expect(waivers).toMatchObject([
      { id: 'RA-1', line: 3, resource: 'vol-*', approved: '2026-01-01', expires: '2026-12-31' },
      { id: 'W2', line: 11 },
    ]);
    expect(waivers[1]!.rationale).toBeUndefined();
  });

  const bad: [string, string, RegExp][] = [
    ['invalid YAML', 'waivers:\n  - check: [oops\n', /^w\.yaml: line \d+, column \d+: invalid YAML/],
    ['a missing field', good.replace('    approver: CTO\n', ''), /^w\.yaml: line 11: waivers\[1\]\.approver: missing$/],
    ['an unknown field (a typo)', good.replace('compensatingControl:', 'compensating_control:'), /^w\.yaml: line 7: waivers\[0\]: unknown field "compensating_control"/],
    ['a bad date', good.replace('expires: 2026-12-31', 'expires: 2026-02-30'), /^w\.yaml: line 10: waivers\[0\]\.expires: not a date: expected YYYY-MM-DD, got "2026-02-30"$/],
    ['no waivers key', 'exceptions: []\n', /^w\.yaml: line 1: waivers: missing$/],
    ['an empty file', '', /^w\.yaml: the waiver file is empty/],
  ];
  for (const [what, text, message] of bad) {
    it(`${what}: one line naming the file and line`, () => {
      let error: unknown;
      try {
        parseWaivers(text, 'w.yaml');
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });
  }
});

describe('safeguard scan --waivers', () => {
  it('shows the waiver status in the console, findings.json, safeguards.md and the risk register', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-waivers-'));
    const input = plantedEstate(dir);
    const file = join(dir, 'safeguard.waivers.yaml');
    const today = new Date().toISOString().slice(0, 10);
    const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    writeFileSync(
      file,
      `waivers:
  - id: RA-7
    check: aws-rds-instance-encrypted
    resource: reporting
    rationale: Reporting replica of de-identified data, being rebuilt encrypted.
    compensatingControl: Reachable only from the reporting subnet.
    approver: Security Official
    approved: 2026-01-01
    expires: ${inAYear}
  - id: RA-8
    check: aws-rds-instance-encrypted
    resource: records
    rationale: Old.
    compensatingControl: Old.
    approver: Security Official
    approved: 2025-01-01
    expires: 2025-06-30
`,
    );
    const out = join(dir, 'b');
    const r = runCli(['scan', '-i', input, '--waivers', file, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/Waivers \(.*safeguard\.waivers\.yaml\): 1 applied \(1 result waived\), 1 expired; see safeguards\.md for why\./);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(report.waivers.counts).toEqual({ applied: 1, expired: 1, stale: 0, invalid: 0 });
    expect(report.findings.find((f: { resource: { name: string }; check: string }) => f.resource.name === 'reporting' && f.check === 'aws-rds-instance-encrypted')).toMatchObject({ status: 'waived', waiver: { id: 'RA-7' } });
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    expect(md).toMatch(/waiver \*\*RA-7\*\*, approved by Security Official/);
    expect(md).toMatch(/\| RA-8 \| 10 \| `aws-rds-instance-encrypted` \| `records` \| \*\*expired\*\* \|/);
    expect(readFileSync(join(out, 'risk-register.csv'), 'utf8')).toMatch(/reporting,.*,accepted,"?RA-7: accepted by Security Official/);
    expect(readFileSync(join(out, 'waivers.yaml'))).toEqual(readFileSync(file));
  });

  it('a bad waiver file: exit 2, one line with the file and line, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-waivers-'));
    const input = plantedEstate(dir);
    const file = join(dir, 'w.yaml');
    writeFileSync(file, 'waivers:\n  - check: aws-rds-instance-encrypted\n    resource: reporting\n    approver: x\n    approved: 2026-01-01\n    expires: someday\n');
    const r = runCli(['scan', '-i', input, '--waivers', file, '--out', join(dir, 'b')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/w\.yaml: line 6: waivers\[0\]\.expires: not a date/);
    const missing = runCli(['scan', '-i', input, '--waivers', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such waiver file/);
  });

  it('the demo waiver file shows each outcome', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-waivers-'));
    const r = runCli(['scan', '-i', 'fixtures/demo', '--waivers', 'fixtures/waivers/safeguard.waivers.yaml', '--out', join(dir, 'b'), '-q']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'b', 'findings.json'), 'utf8'));
    const status = Object.fromEntries(report.waivers.waivers.map((w: { id: string; status: string }) => [w.id, w.status]));
    // Dated waivers: RA-2026-001/002 apply until 2027; past that they expire, which is the point.
    expect(status).toMatchObject({ 'RA-2025-014': 'expired', 'RA-2026-003': 'stale', 'RA-2026-004': 'invalid', 'RA-2026-005': 'invalid' });
  });
});
