import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../src/report/job-summary.js';
import type { ScanReport } from '../src/report/scan-report.js';
import { repoRoot, runCli } from './support/cli.js';
import { plan } from './import/terraform-plan-builder.js';

/**
 * What a scan reads from its inputs, and what its summary says it left out: a CI job that keeps
 * its evidence beside its exports, names a file twice, or grades nothing must be told so.
 */

const DEMO = join(repoRoot, 'fixtures/demo');

/** A working folder holding a copy of the demo exports as `exp/`; the CLI runs there. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-inputs-'));
  cpSync(DEMO, join(dir, 'exp'), { recursive: true });
  return dir;
}

interface Findings {
  scan: { inputs: { file: string }[] };
  summary: { resources: number; superseded: number };
}

const findings = (dir: string): Findings => JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as Findings;

/** The summary without the safeguard table, which says nothing about inputs. */
const lead = (stdout: string) => stdout.slice(0, stdout.indexOf('\nSafeguard '));

describe('scan --input FOLDER with evidence bundles inside it', () => {
  it('skips its own earlier --out inside the input folder, says so, and reads the same exports again', () => {
    const cwd = workspace();
    const first = runCli(['scan', '--input', 'exp', '--out', 'exp/report'], cwd);
    expect(first.code, first.stderr).toBe(1);
    const before = findings(join(cwd, 'exp/report'));

    const again = runCli(['scan', '--input', 'exp', '--out', 'exp/report', '--force'], cwd);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    expect(lead(again.stdout)).toContain("Skipped exp/report: this scan's own evidence bundle (--out).");
    const after = findings(join(cwd, 'exp/report'));
    expect(after.scan.inputs.map((i) => i.file)).toEqual(before.scan.inputs.map((i) => i.file));
    expect(after.summary).toMatchObject({ resources: before.summary.resources, superseded: before.summary.superseded });
  });

  it('skips an older bundle in the folder, names it, and still reads the exports beside it', () => {
    const cwd = workspace();
    expect(runCli(['scan', '--input', 'exp', '--out', 'q1'], cwd).code).toBe(1);
    cpSync(join(cwd, 'q1'), join(cwd, 'exp/evidence/q1'), { recursive: true });
    const r = runCli(['scan', '--input', 'exp'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(lead(r.stdout)).toMatch(/^Read 23 files: 86 resources/m);
    expect(lead(r.stdout)).toContain('Skipped exp/evidence/q1: an evidence bundle.');
  });

  it('skips its own archive (--archive zip) inside the input folder on a second run', () => {
    const cwd = workspace();
    expect(runCli(['scan', '--input', 'exp', '--out', 'exp/report', '--archive', 'zip'], cwd).code).toBe(1);
    const again = runCli(['scan', '--input', 'exp', '--out', 'exp/report', '--archive', 'zip', '--force'], cwd);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    expect(lead(again.stdout)).toContain("Skipped exp/report.zip: this scan's own evidence bundle (--out).");
  });

  it('refuses a bundle given as --input with exit 2, in one line naming it and pointing to diff', () => {
    const cwd = workspace();
    expect(runCli(['scan', '--input', 'exp', '--out', 'report'], cwd).code).toBe(1);
    const r = runCli(['scan', '--input', 'report'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('safeguard: error: report: is an evidence bundle, not an export; to compare scans use safeguard diff\n');
  });

  it('refuses a folder that holds only a bundle, naming what was skipped', () => {
    const cwd = workspace();
    expect(runCli(['scan', '--input', 'exp', '--out', 'evidence/q1'], cwd).code).toBe(1);
    const r = runCli(['scan', '--input', 'evidence'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['safeguard: error: evidence: the folder holds no export files (hidden files are skipped; skipped evidence/q1: an evidence bundle)']);
  });
});

describe('scan --input: each file is read once', () => {
  const readLine = (stdout: string) => /^Read .*$/m.exec(stdout)?.[0];

  it('reads a file named twice once, with nothing superseded', () => {
    const file = join(DEMO, 'aws-config-snapshot.json');
    const once = runCli(['scan', '--input', file]);
    const twice = runCli(['scan', '--input', file, '--input', file]);
    expect(readLine(once.stdout)).toMatch(/^Read 1 file: \d+ resources/);
    expect(readLine(twice.stdout)).toBe(readLine(once.stdout));
    expect(twice.stdout).not.toContain('superseded');
  });

  it('reads a file and its folder (and a link to the file) as the folder alone', () => {
    const cwd = workspace();
    symlinkSync(join(cwd, 'exp/aws-config-snapshot.json'), join(cwd, 'snapshot-link.json'));
    const folder = runCli(['scan', '--input', 'exp'], cwd);
    const both = runCli(['scan', '--input', 'exp/aws-config-snapshot.json', '--input', 'exp', '--input', 'snapshot-link.json', '--input', 'exp/'], cwd);
    expect(both.stderr).toBe('');
    expect(readLine(folder.stdout)).toMatch(/^Read 23 files: 86 resources/);
    expect(readLine(both.stdout)).toBe(readLine(folder.stdout));
  });
});

describe('scan: a summary that graded nothing says why', () => {
  /** The warning, unwrapped, and the line it sits on relative to the gate's verdict. */
  function warning(stdout: string): { text: string; aboveGate: boolean } | undefined {
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Warning: '));
    if (at < 0) return undefined;
    let end = at + 1;
    while (lines[end]?.startsWith('  ')) end++;
    return { text: lines.slice(at, end).map((l) => l.trim()).join(' '), aboveGate: lines[end]?.startsWith('Gate ') === true };
  }

  it('warns when --scope ephi with unmatched tag keys leaves every resource out, and still exits 0', () => {
    const r = runCli(['scan', '--input', 'fixtures/demo', '--scope', 'ephi', '--ephi-tag-keys', 'nosuchtag']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Gate unencrypted-storage: PASSED/);
    expect(warning(r.stdout)).toEqual({
      text: 'Warning: graded 0 resources, so the gate passed on nothing: all 86 resources are out of scope by --scope ephi: none has a tag key in nosuchtag with a value in true, yes, y, 1, phi, ephi, hipaa, restricted-phi (--ephi-tag-keys, --ephi-tag-values).',
      aboveGate: true,
    });
  });

  it('warns when no check of their own type grades the resources, naming the types with counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-inputs-'));
    const wanted = /"asset_type": ?"(compute\.googleapis\.com\/(Instance|Network)|logging\.googleapis\.com\/LogSink)"/;
    const lines = readFileSync(join(DEMO, 'gcp-assets.ndjson'), 'utf8').split('\n').filter((l) => wanted.test(l));
    expect(lines).toHaveLength(5);
    writeFileSync(join(dir, 'compute.ndjson'), lines.join('\n') + '\n');
    const r = runCli(['scan', '--input', join(dir, 'compute.ndjson')]);
    expect(r.code).toBe(0);
    expect(warning(r.stdout)?.text).toBe(
      'Warning: graded 0 resources, so the gate passed on nothing: 5 resources have no check of their own type (only the HIPAA-eligible-service check): ' +
        'compute.googleapis.com/Instance (1), compute.googleapis.com/Network (1), logging.googleapis.com/LogSink (3).',
    );
  });

  it('names the Terraform types of a plan no check grades, and warns when that leaves nothing graded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-inputs-'));
    const file = join(dir, 'queues.tfplan.json');
    writeFileSync(file, JSON.stringify(plan([
      { address: 'aws_sqs_queue.intake', values: { name: 'intake' } },
      { address: 'aws_sqs_queue.outbox', values: { name: 'outbox' } },
      { address: 'aws_route53_zone.main', values: { name: 'example.org' } },
      { address: 'aws_sqs_queue.legacy', values: { name: 'legacy' }, actions: ['delete'] },
    ])));
    const r = runCli(['scan', '--input', file]);
    expect(r.code).toBe(0);
    const text = lead(r.stdout).replace(/\n {2}/g, ' ');
    expect(text).toContain(`Not graded in ${file}: 3 resources of Terraform types no check grades yet: aws_route53_zone (1), aws_sqs_queue (2).`);
    expect(warning(r.stdout)).toEqual({
      text: `Warning: graded 0 resources, so the gate passed on nothing: ${file} holds 3 resources of Terraform types no check grades (named above); ${file} deletes or forgets 1 resource (not graded).`,
      aboveGate: true,
    });
  });

  it('names untranslated Terraform types beside graded ones, with no warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-inputs-'));
    const file = join(dir, 'mixed.tfplan.json');
    const source = JSON.parse(readFileSync(join(repoRoot, 'fixtures/terraform/pr-encrypted-rds.tfplan.json'), 'utf8')) as Record<string, unknown>;
    const queue = plan([{ address: 'aws_sqs_queue.intake', values: { name: 'intake' } }]) as { resource_changes: unknown[] };
    writeFileSync(file, JSON.stringify({ ...source, resource_changes: [...(source.resource_changes as unknown[]), ...queue.resource_changes] }));
    const r = runCli(['scan', '--input', file]);
    expect(r.code).toBe(0);
    expect(lead(r.stdout).replace(/\n {2}/g, ' ')).toContain(`Not graded in ${file}: 1 resource of a Terraform type no check grades yet: aws_sqs_queue (1).`);
    expect(warning(r.stdout)).toBeUndefined();
  });

  it('prints no warning and skips nothing on a scan that grades resources', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-inputs-')), 'bundle');
    const r = runCli(['scan', '--input', 'fixtures/demo', '--out', out]);
    expect(r.code).toBe(1);
    expect(warning(r.stdout)).toBeUndefined();
    expect(r.stdout).not.toMatch(/^(Skipped|Not graded in) /m);
    expect(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'))).not.toHaveProperty('warnings');
  });

  it('puts the warnings in findings.json, the job summary and report.html, one line each', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-inputs-')), 'bundle');
    const r = runCli(['scan', '--input', 'fixtures/demo', '--scope', 'ephi', '--ephi-tag-keys', 'nosuchtag', '--out', out]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as ScanReport;
    expect(report.warnings).toEqual([expect.stringMatching(/^Warning: graded 0 resources, so the gate passed on nothing: all 86 resources are out of scope by --scope ephi: none has a tag key in nosuchtag /)]);
    expect(report.warnings![0]).not.toContain('\n');
    const summary = renderJobSummary(report);
    expect(summary).toContain('> [!WARNING]\n> - Warning: graded 0 resources, so the gate passed on nothing');
    expect(summary.indexOf('[!WARNING]')).toBeLessThan(summary.indexOf('| pass | fail |'));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<ul class="warnings" id="warnings"><li>Warning: graded 0 resources, so the gate passed on nothing: all 86 resources/);
  });
});

// The folder walk must not mistake an export folder that merely has a manifest for a bundle.
describe('scan --input: only a folder with manifest.json and findings.json is a bundle', () => {
  it('reads an export folder that holds a manifest.json export but no findings.json', () => {
    const cwd = workspace();
    mkdirSync(join(cwd, 'exp/gcp'));
    cpSync(join(cwd, 'exp/gcp-assets.ndjson'), join(cwd, 'exp/gcp/manifest.json'));
    const r = runCli(['scan', '--input', 'exp'], cwd);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Read 24 files: 86 resources/m);
    expect(r.stdout).not.toContain('Skipped');
  });
});
