import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMerge } from '../src/commands/merge.js';
import { runScan, type ScanRequest } from '../src/commands/scan.js';
import { verifyBundle } from '../src/evidence/verify.js';
import { InputError } from '../src/import/input-error.js';
import { repoRoot, runCli } from './support/cli.js';

/**
 * `safeguard merge`: bundles of parts of an estate (a matrix of jobs, one per scope) combine into
 * the bundle a scan of the whole estate writes. The demo estate is split by cloud (AWS in one
 * bundle; Azure, Entra ID and GCP in the other), with the waiver file, whose decisions span both.
 */

const demo = join(repoRoot, 'fixtures', 'demo');
const parts = readdirSync(demo).sort();
const awsHalf = parts.filter((n) => n.startsWith('aws-')).map((n) => join(demo, n));
const otherHalf = parts.filter((n) => !n.startsWith('aws-')).map((n) => join(demo, n));
const waivers = join(repoRoot, 'fixtures', 'waivers', 'safeguard.waivers.yaml');
const VERSION = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
const bundle = (inputs: string[], out: string, extra: Partial<ScanRequest> = {}) =>
  runScan({ inputs, out: join(dir, out), profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: VERSION, command: 'bundle', waivers, asOf: '2026-06-01', ...extra });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-merge-'));
  await bundle([demo], 'whole');
  await bundle(awsHalf, 'aws');
  await bundle(otherHalf, 'rest');
  await bundle(otherHalf, 'rest.zip', { archive: 'zip', out: join(dir, 'rest-archive') });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every file of a bundle, with its own scan times and manifest time replaced by placeholders. */
async function normalised(path: string): Promise<Map<string, string>> {
  const manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as { createdAt: string; scan: { startedAt: string; finishedAt: string } };
  const times = [manifest.createdAt, manifest.scan.startedAt, manifest.scan.finishedAt];
  const out = new Map<string, string>();
  const walk = async (sub: string): Promise<void> => {
    for (const e of await readdir(join(path, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else {
        let text = await readFile(join(path, rel), 'utf8');
        if (rel === 'manifest.json') {
          // Hashes and sizes follow from the files compared here; the merged manifest also names its bundles.
          const m = JSON.parse(text) as { files: { sha256?: string; size?: number }[]; mergedFrom?: unknown };
          for (const f of m.files) {
            delete f.sha256;
            delete f.size;
          }
          delete m.mergedFrom;
          text = JSON.stringify(m, null, 2);
        }
        // Each time as written for machines and as shown to people (report.html, safeguards.md).
        for (const t of times) {
          for (const form of [t, `${t.slice(0, 10)} ${t.slice(11, 19)} UTC`, `${t.slice(0, 10)} ${t.slice(11, 16)} UTC`]) text = text.split(form).join(`<time>`);
        }
        out.set(rel, text);
      }
    }
  };
  await walk('');
  return out;
}

describe('safeguard merge', () => {
  it('two halves of the demo estate merge into the bundle of the whole estate (times aside), which verifies', async () => {
    const outcome = await runMerge({ bundles: [join(dir, 'aws'), join(dir, 'rest')], out: join(dir, 'merged'), version: VERSION });
    expect(outcome.passed).toBe(false);
    const merged = await normalised(join(dir, 'merged'));
    const whole = await normalised(join(dir, 'whole'));
    expect([...merged.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [file, text] of whole) expect(merged.get(file), file).toBe(text);
    expect((await verifyBundle(join(dir, 'merged'))).problems).toEqual([]);
  });

  it('the manifest names the bundles merged, with the SHA-256 of each manifest', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'merged', 'manifest.json'), 'utf8')) as { mergedFrom: { bundle: string; manifestSha256: string; scope: { accounts: string[] } }[] };
    const aws = await verifyBundle(join(dir, 'aws'));
    expect(manifest.mergedFrom).toHaveLength(2);
    expect(manifest.mergedFrom[0]).toMatchObject({ bundle: join(dir, 'aws'), manifestSha256: aws.manifestSha256, scope: { accounts: ['123456789012'] } });
  });

  it('the same resources in two bundles count once (the summary of one bundle)', async () => {
    const outcome = await runMerge({ bundles: [join(dir, 'aws'), join(dir, 'aws')], out: join(dir, 'twice'), version: VERSION });
    const once = JSON.parse(await readFile(join(dir, 'aws', 'findings.json'), 'utf8')) as { summary: { resources: number; byStatus: unknown }; findings: unknown[] };
    expect(outcome.report.summary.resources).toBe(once.summary.resources);
    expect(outcome.report.summary.byStatus).toEqual(once.summary.byStatus);
    expect(outcome.report.findings).toHaveLength(once.findings.length);
    expect(outcome.summary).toMatch(/^Merged 2 bundles: \d+ resources \(\d+ read in more than one bundle, counted once\)/);
  });

  it('reads archives as well as folders', async () => {
    const outcome = await runMerge({ bundles: [join(dir, 'aws'), join(dir, 'rest-archive.zip')], out: join(dir, 'from-archive'), version: VERSION });
    const whole = JSON.parse(await readFile(join(dir, 'whole', 'findings.json'), 'utf8')) as { findings: unknown[] };
    expect(outcome.report.findings).toEqual(whole.findings);
  });

  it('refuses a bundle that does not verify, naming it, and writes nothing', async () => {
    const tampered = join(dir, 'tampered');
    await bundle(awsHalf, 'tampered');
    await writeFile(join(tampered, 'findings.csv'), 'changed\n');
    const err = await runMerge({ bundles: [join(dir, 'rest'), tampered], out: join(dir, 'never'), version: VERSION }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/tampered: does not verify against its manifest \(findings\.csv: changed/);
    await expect(readdir(join(dir, 'never'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses bundles graded under different profiles', async () => {
    await bundle(otherHalf, 'strict', { profile: 'strict' });
    await expect(runMerge({ bundles: [join(dir, 'aws'), join(dir, 'strict')], out: join(dir, 'never'), version: VERSION })).rejects.toThrow(/cannot be merged with .*aws: the profile differs/);
  });

  it('carries the organisation\'s attestations and BAA register over, recomputed as a scan of the whole estate gives them', async () => {
    // Every job of a matrix reads the same safeguard.yaml: the same answers and the same register.
    const scan = (inputs: string[], out: string) => {
      const r = runCli(['scan', '-q', '--config', 'fixtures/attestations/safeguard.yaml', ...inputs.flatMap((i) => ['--input', i]), '--as-of', '2026-06-01', '--out', join(dir, out)]);
      expect(r.code, r.stderr).toBe(1);
    };
    scan([demo], 'org-whole');
    scan(awsHalf, 'org-aws');
    scan(otherHalf, 'org-rest');
    const outcome = await runMerge({ bundles: [join(dir, 'org-aws'), join(dir, 'org-rest')], out: join(dir, 'org-merged'), version: VERSION });
    const merged = await normalised(join(dir, 'org-merged'));
    const whole = await normalised(join(dir, 'org-whole'));
    expect([...merged.keys()].sort()).toEqual([...whole.keys()].sort());
    expect(merged.has('attestations.yaml') && merged.has('baa-register.csv')).toBe(true);
    for (const [file, text] of whole) expect(merged.get(file), file).toBe(text);
    // The AWS half alone sees one account; the register of the merge covers every account of the estate.
    const half = JSON.parse(await readFile(join(dir, 'org-aws', 'findings.json'), 'utf8')) as { baaRegister: { counts: { accounts: number } } };
    const report = outcome.report as unknown as { baaRegister: { counts: { accounts: number } } };
    expect(report.baaRegister.counts.accounts).toBeGreaterThan(half.baaRegister.counts.accounts);
  });

  it('refuses bundles scanned with different attestation files or registers', async () => {
    // The same settings without the answers (paths made absolute: the copy lives elsewhere).
    const settings = (await readFile(join(repoRoot, 'fixtures', 'attestations', 'safeguard.yaml'), 'utf8'))
      .replace(/^attestations: .*$/m, '')
      .replace(/^input: \.\.\/demo$/m, `input: ${demo}`)
      .replace(/^waivers: \.\.\/waivers\/(.*)$/m, `waivers: ${relative(dir, join(repoRoot, 'fixtures', 'waivers'))}/$1`);
    await writeFile(join(dir, 'no-answers.yaml'), settings);
    const r = runCli(['scan', '-q', '--config', join(dir, 'no-answers.yaml'), ...otherHalf.flatMap((i) => ['--input', i]), '--as-of', '2026-06-01', '--out', join(dir, 'org-rest-unanswered')]);
    expect(r.code, r.stderr).toBe(1);
    await expect(runMerge({ bundles: [join(dir, 'org-aws'), join(dir, 'org-rest-unanswered')], out: join(dir, 'never'), version: VERSION })).rejects.toThrow(/cannot be merged with .*org-aws: the attestation file .* differs/);
  });

  it('the CLI: exit 1 when the organisation fails its gate, and the bundle verifies', () => {
    const out = join(dir, 'cli');
    const r = runCli(['merge', join(dir, 'aws'), join(dir, 'rest'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Merged 2 bundles/);
    expect(r.stdout).toContain(`safeguard verify ${out}`);
    expect(runCli(['verify', out]).code).toBe(0);
    expect(runCli(['merge', join(dir, 'aws'), '--out', join(dir, 'one')]).code).toBe(2);
  });
});
