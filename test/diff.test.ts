import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffScans, readScan, renderDiffMarkdown, renderDiffText, runDiff, type ScanDiff } from '../src/commands/diff.js';
import { fingerprintOf } from '../src/engine/finding.js';
import { configItem } from './checks/aws/items.js';
import { runCli } from './support/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-diff-'));

type Status = 'pass' | 'fail' | 'error' | 'waived' | 'not_applicable';
interface Row {
  check: string;
  id: string;
  status: Status;
  provider?: 'aws' | 'azure' | 'gcp';
  severity?: string;
}

/** A findings.json with just what a diff reads (and what any scan writes). */
function findings(rows: Row[], startedAt = '2026-03-01T03:17:00.000Z', profile = 'default') {
  return {
    schemaVersion: '1.0',
    tool: { name: 'safeguard', version: '0.1.0' },
    scan: { startedAt, finishedAt: startedAt, profile, inputs: [], checks: 3 },
    gate: { policy: 'unencrypted-storage', failOnError: false, passed: !rows.some((r) => r.status === 'fail'), failing: 0, reason: 'x', failingFingerprints: [] },
    findings: rows.map((r) => {
      const provider = r.provider ?? 'aws';
      return {
        check: r.check,
        title: r.check,
        status: r.status,
        severity: r.severity ?? 'high',
        ephi: false,
        category: 'encryption-at-rest',
        resource: { provider, type: provider === 'azure' ? 'Microsoft.Sql/servers/databases' : 'AWS::RDS::DBInstance', id: r.id, name: r.id.split('/').pop()!, account: '111122223333', region: 'us-east-1' },
        safeguards: ['164.312(a)(2)(iv)'],
        reason: `${r.check} on ${r.id}: ${r.status}.`,
        evidence: {},
        fingerprint: fingerprintOf(r.check, { provider, id: r.id }),
      };
    }),
  };
}

function write(dir: string, name: string, doc: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const AZ = '/subscriptions/s/resourceGroups/RG/providers/Microsoft.Sql/servers/srv/databases/claims';

const before = findings([
  { check: 'enc', id: 'db-a', status: 'pass' },
  { check: 'enc', id: 'db-b', status: 'fail' },
  { check: 'enc', id: 'db-c', status: 'fail' },
  { check: 'tls', id: 'db-a', status: 'error' },
  { check: 'enc', id: 'db-gone', status: 'fail' },
  { check: 'tde', id: AZ, status: 'pass', provider: 'azure' },
]);
const after = findings(
  [
    { check: 'enc', id: 'db-a', status: 'fail' }, // regression: pass -> fail
    { check: 'enc', id: 'db-b', status: 'fail' }, // still failing: not new
    { check: 'enc', id: 'db-c', status: 'waived' }, // resolved by a waiver
    { check: 'tls', id: 'db-a', status: 'pass' }, // error -> pass
    { check: 'enc', id: 'db-new', status: 'fail', severity: 'critical' }, // a new resource that fails
    // Azure ids compare case-insensitively: the same database, re-cased by an export.
    { check: 'tde', id: AZ.toLowerCase(), status: 'fail', provider: 'azure', severity: 'medium' },
  ],
  '2026-03-02T03:17:00.000Z',
);

describe('diffScans', () => {
  let d: ScanDiff;
  beforeAll(() => {
    d = diffScans({ path: 'old', report: before as never }, { path: 'new', report: after as never });
  });

  it('lists new failures by fingerprint, most severe first, with what they were', () => {
    expect(d.newFailures.map((f) => [f.check, f.resource.id, f.was])).toEqual([
      ['enc', 'db-new', null],
      ['enc', 'db-a', 'pass'],
      ['tde', AZ.toLowerCase(), 'pass'],
    ]);
  });

  it('lists resolved failures with what they became, or that they are gone', () => {
    expect(d.resolvedFailures.map((f) => [f.resource.id, f.now])).toEqual([
      ['db-c', 'waived'],
      ['db-gone', null],
    ]);
  });

  it('lists every status change of a result in both scans', () => {
    expect(d.statusChanges.map((c) => [c.check, c.resource.id, c.from, c.to])).toEqual([
      ['enc', 'db-a', 'pass', 'fail'],
      ['enc', 'db-c', 'fail', 'waived'],
      ['tls', 'db-a', 'error', 'pass'],
      ['tde', AZ.toLowerCase(), 'pass', 'fail'],
    ]);
  });

  it('lists resources added and removed, by cloud id', () => {
    expect(d.resourcesAdded.map((r) => r.id)).toEqual(['db-new']);
    expect(d.resourcesRemoved.map((r) => r.id)).toEqual(['db-gone']);
    expect(d.failuresInNew).toBe(4);
    expect(d.old.byStatus).toMatchObject({ pass: 2, fail: 3, error: 1 });
  });

  it('pairs a result on a resource a live scan listed but could not read with the read one, by name, only when one matches', () => {
    const named = (doc: ReturnType<typeof findings>, id: string, name: string, unread: boolean) => {
      const f = doc.findings.find((x) => x.resource.id === id)!;
      f.resource.name = name;
      if (unread) Object.assign(f, { source: { format: 'collection-error', file: 'config:BatchGetResourceConfig' } });
    };
    const old = findings([{ check: 'enc', id: 'arn:aws:rds:us-east-1:111122223333:db:claims', status: 'fail' }, { check: 'enc', id: 'arn:aws:rds:us-east-1:111122223333:db:twin', status: 'fail' }]);
    const now = findings([{ check: 'enc', id: 'db-ABC', status: 'error' }, { check: 'enc', id: 'db-DEF', status: 'error' }, { check: 'enc', id: 'db-GHI', status: 'error' }]);
    named(old, 'arn:aws:rds:us-east-1:111122223333:db:claims', 'claims', false);
    named(now, 'db-ABC', 'claims', true);
    // Two unread resources both named "twin": which one is the old one is unknown, so neither is paired.
    named(old, 'arn:aws:rds:us-east-1:111122223333:db:twin', 'twin', false);
    named(now, 'db-DEF', 'twin', true);
    named(now, 'db-GHI', 'twin', true);
    const p = diffScans({ path: 'old', report: old as never }, { path: 'new', report: now as never });
    expect(p.statusChanges.map((c) => [c.resource.id, c.from, c.to])).toEqual([['db-ABC', 'fail', 'error']]);
    expect(p.resourcesAdded.map((r) => r.id)).toEqual(['db-DEF', 'db-GHI']);
    expect(p.resourcesRemoved.map((r) => r.id)).toEqual(['arn:aws:rds:us-east-1:111122223333:db:twin']);
    // Two read resources of one name are never paired with each other: only an unread side pairs.
    const renamed = findings([{ check: 'enc', id: 'arn:aws:rds:us-east-1:111122223333:db:x', status: 'fail' }]);
    const other = findings([{ check: 'enc', id: 'arn:aws:rds:us-east-1:111122223333:db:y', status: 'pass' }]);
    named(other, 'arn:aws:rds:us-east-1:111122223333:db:y', 'x', false);
    expect(diffScans({ path: 'a', report: renamed as never }, { path: 'b', report: other as never }).statusChanges).toEqual([]);
  });

  it('renders text and Markdown', () => {
    const text = renderDiffText(d, { failOn: 'new', failOnError: false, failed: true });
    expect(text).toMatch(/^safeguard diff: 3 new failures, 2 resolved, 1 other status change; 1 resource added, 1 removed\./);
    expect(text).toContain('  CRITICAL db-new (aws 111122223333 us-east-1) new');
    expect(text).toContain('  HIGH     db-c (aws 111122223333 us-east-1) now waived');
    expect(text).toContain('  error -> pass');
    expect(text).toContain('--fail-on new: FAILED (3 new failures).');
    const md = renderDiffMarkdown(d);
    expect(md).toContain('## safeguard: changes since the previous scan');
    expect(md).toContain('**3 new failures** · 2 resolved · 4 status changes · 1 resource added · 1 removed');
    expect(md).toContain('### New failures (3)');
    expect(md).toMatch(/\| critical \| `db-new`<br>AWS 111122223333 us-east-1 \| `enc` \| new \| enc on db-new: fail\. \|/);
    expect(md).toContain('<details><summary>Resources removed (1)</summary>');
  });
});

describe('safeguard diff', () => {
  let dir: string;
  let oldFile: string;
  let newFile: string;
  beforeAll(() => {
    dir = tmp();
    oldFile = write(dir, 'old.json', before);
    newFile = write(dir, 'new.json', after);
  });

  it('--fail-on new exits 1 on regressions only; --fail-on any on any failure; none never', async () => {
    expect((await runDiff(oldFile, newFile, { failOn: 'new' })).exitCode).toBe(1);
    expect((await runDiff(newFile, newFile, { failOn: 'new' })).exitCode).toBe(0);
    expect((await runDiff(newFile, newFile, { failOn: 'any' })).exitCode).toBe(1);
    expect((await runDiff(oldFile, newFile, {})).exitCode).toBe(0);
    const clean = write(dir, 'clean.json', findings([{ check: 'enc', id: 'db-a', status: 'pass' }]));
    expect((await runDiff(oldFile, clean, { failOn: 'any' })).exitCode).toBe(0);
  });

  it('prints JSON with --json', async () => {
    const r = await runDiff(oldFile, newFile, { json: true });
    const parsed = JSON.parse(r.output) as ScanDiff;
    expect(parsed.newFailures).toHaveLength(3);
    expect(parsed.old.path).toBe(oldFile);
    expect(Object.keys(parsed).sort()).toEqual(['failuresInNew', 'new', 'newErrors', 'newFailures', 'old', 'resolvedFailures', 'resourcesAdded', 'resourcesRemoved', 'statusChanges']);
  });

  describe('--fail-on-error: undecided results fail too', () => {
    // A lost permission: a result that passed last night is undecided tonight.
    const lastNight = findings([
      { check: 'enc', id: 'db-a', status: 'pass' },
      { check: 'enc', id: 'db-b', status: 'fail' },
      { check: 'tls', id: 'db-a', status: 'error' },
      { check: 'tls', id: 'db-b', status: 'pass' },
    ]);
    const tonight = findings([
      { check: 'enc', id: 'db-a', status: 'error' }, // pass -> error: a new undecided result
      { check: 'enc', id: 'db-b', status: 'error' }, // fail -> error: no longer known to fail, not known to pass
      { check: 'tls', id: 'db-a', status: 'error' }, // error -> error: the baseline had it
      { check: 'tls', id: 'db-b', status: 'pass' },
      { check: 'enc', id: 'db-new', status: 'error' }, // a new resource, undecided: not a regression
    ]);
    let oldScan: string;
    let newScan: string;
    beforeAll(() => {
      oldScan = write(dir, 'last-night.json', lastNight);
      newScan = write(dir, 'tonight.json', tonight);
    });

    it('lists the results that became error, with what they were', async () => {
      const r = await runDiff(oldScan, newScan, { json: true });
      expect(r.diff.newErrors.map((f) => [f.check, f.resource.id, f.was])).toEqual([
        ['enc', 'db-a', 'pass'],
        ['enc', 'db-b', 'fail'],
      ]);
      expect((JSON.parse(r.output) as ScanDiff).newErrors).toHaveLength(2);
      // The new resource's undecided result is in the new scan, not among the regressions.
      expect(r.diff.resourcesAdded.map((x) => x.id)).toEqual(['db-new']);
    });

    it('--fail-on new keeps its meaning; with --fail-on-error a result that became error fails', async () => {
      expect((await runDiff(oldScan, newScan, { failOn: 'new' })).exitCode).toBe(0);
      const r = await runDiff(oldScan, newScan, { failOn: 'new', failOnError: true });
      expect(r.exitCode).toBe(1);
      expect(r.output).toContain('--fail-on new --fail-on-error: FAILED (0 new failures, 2 new undecided results).');
      expect(r.output).toMatch(/New undecided results \(2\):\n {2}HIGH {5}db-a \(aws 111122223333 us-east-1\) was pass\n/);
      // The same undecided results as the baseline: nothing regressed.
      const same = await runDiff(newScan, newScan, { failOn: 'new', failOnError: true });
      expect(same.exitCode).toBe(0);
      expect(same.output).toContain('--fail-on new --fail-on-error: PASSED (0 new failures, 0 new undecided results).');
    });

    it('--fail-on any with --fail-on-error fails on any error in NEW', async () => {
      const clean = write(dir, 'clean-but-undecided.json', findings([{ check: 'tls', id: 'db-a', status: 'error' }]));
      expect((await runDiff(clean, clean, { failOn: 'any' })).exitCode).toBe(0);
      const r = await runDiff(clean, clean, { failOn: 'any', failOnError: true });
      expect(r.exitCode).toBe(1);
      expect(r.output).toContain('--fail-on any --fail-on-error: FAILED (0 failures, 1 undecided result in the new scan).');
    });

    it('shows the verdict and the new undecided results in the Markdown', async () => {
      const r = await runDiff(oldScan, newScan, { failOn: 'new', failOnError: true, markdown: true });
      expect(r.exitCode).toBe(1);
      expect(r.output).toContain('**--fail-on new --fail-on-error: FAILED** (0 new failures, 2 new undecided results).');
      expect(r.output).toContain('### New undecided results (2)');
      expect(r.output).toMatch(/\| high \| `db-a`<br>AWS 111122223333 us-east-1 \| `enc` \| pass \| /);
    });

    it('on the command line: with --fail-on new, and refused without --fail-on', () => {
      const r = runCli(['diff', oldScan, newScan, '--fail-on', 'new', '--fail-on-error']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/--fail-on new --fail-on-error: FAILED/);
      const alone = runCli(['diff', oldScan, newScan, '--fail-on-error']);
      expect(alone.code).toBe(2);
      expect(alone.stderr).toMatch(/^safeguard: error: --fail-on-error goes with --fail-on new or --fail-on any\n$/);
    });
  });

  it('--json and --markdown together is a usage error; --markdown warns that the profiles differ, as the text does', () => {
    const r = runCli(['diff', oldFile, newFile, '--json', '--markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/'--json' cannot be used with option '--markdown'/);
    const strict = write(dir, 'strict.json', findings([{ check: 'enc', id: 'db-a', status: 'pass' }], '2026-03-03T03:17:00.000Z', 'strict'));
    const md = runCli(['diff', oldFile, strict, '--markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('> The profiles differ: results of checks only one profile runs show as new or gone.');
    expect(runCli(['diff', oldFile, strict]).stdout).toContain('  The profiles differ: results of checks only one profile runs show as new or gone.');
  });

  it('reads bundle folders and bundle archives as the CLI writes them', () => {
    const ws = tmp();
    const snapshot = (encrypted: boolean) =>
      write(ws, `snap-${encrypted}.json`, {
        fileVersion: '1.0',
        configSnapshotId: 'x',
        configurationItems: [
          configItem({ resourceType: 'AWS::RDS::DBInstance', resourceId: 'reporting', arn: 'arn:aws:rds:us-east-1:123456789012:db:reporting', configuration: { storageEncrypted: encrypted, engine: 'mysql' } }),
        ],
      });
    expect(runCli(['scan', '-q', '--no-config', '-i', snapshot(true), '--out', join(ws, 'night1'), '--archive', 'tar.gz']).code).toBe(0);
    expect(runCli(['scan', '-q', '--no-config', '-i', snapshot(false), '--out', join(ws, 'night2')]).code).toBe(1);
    expect(runCli(['scan', '-q', '--no-config', '-i', snapshot(false), '--out', join(ws, 'night3'), '--archive', 'zip']).code).toBe(1);
    const r = runCli(['diff', join(ws, 'night1.tar.gz'), join(ws, 'night2'), '--fail-on', 'new']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/New failures \(\d+\):/);
    expect(r.stdout).toContain('aws-rds-instance-encrypted');
    const same = runCli(['diff', join(ws, 'night2'), join(ws, 'night3.zip'), '--fail-on', 'new', '--markdown']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('Nothing changed');
  });

  it('refuses what is not a scan with exit 2, naming it', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const notFindings = write(dir, 'other.json', { hello: 'world' });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"schemaVersion": ');
    await expect(readScan(join(dir, 'missing'))).rejects.toThrow(/missing: no such bundle or findings file/);
    await expect(readScan(empty)).rejects.toThrow(/empty: not an evidence bundle: it holds no findings.json/);
    await expect(readScan(notFindings)).rejects.toThrow(/other.json: schemaVersion: not a safeguard findings.json/);
    await expect(readScan(broken)).rejects.toThrow(/broken.json: .*invalid JSON/);
    const r = runCli(['diff', notFindings, oldFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^safeguard: error: .*other\.json: schemaVersion: not a safeguard findings\.json/);
    expect(runCli(['diff', oldFile]).code).toBe(2);
    expect(runCli(['diff', oldFile, newFile, '--fail-on', 'sometimes']).code).toBe(2);
  });
});
