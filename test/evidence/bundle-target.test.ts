import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import { DEFAULT_EPHI_SCOPE } from '../../src/engine/scope.js';
import { checkTarget, writeBundle } from '../../src/evidence/bundle.js';
import { InputError } from '../../src/import/input-error.js';
import { loadMappings } from '../../src/mappings/index.js';
import { repoRoot, runCli, type CliRun } from '../support/cli.js';

/**
 * An --out the bundle cannot be written to is bad input: exit 2 with one line naming the path,
 * said before the scan, with nothing left behind. /proc answers every new name with ENOENT, under
 * which Node's recursive mkdir never returns, so these tests also guard against a hang.
 */

const scratch = mkdtempSync(join(tmpdir(), 'sg-bundle-target-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const demo = join(repoRoot, 'fixtures/demo');
const procfs = existsSync('/proc/self');

/**
 * A scan that fails exit 2 in one line naming `out`, with nothing on stdout: refused before the
 * scan. `within` kills a scan that hangs (as it once did under /proc), so a regression fails
 * rather than stalling the suite.
 */
function expectRefused(out: string, detail: RegExp, within?: number): void {
  const args = ['scan', '--input', demo, '--out', out];
  const run = within === undefined ? runCli(args) : bounded(args, within);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${out}: cannot create the bundle there: `);
  expect(lines[0]).toMatch(detail);
}

function bounded(args: string[], ms: number): CliRun {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: ms, killSignal: 'SIGKILL' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr || (r.error ? String(r.error) : '') };
}

describe('scan --out where no bundle can be written', () => {
  it.skipIf(!procfs)('a folder that takes no new names (/proc/nope): exit 2, one line, nothing written', () => {
    expectRefused('/proc/nope', /cannot create a folder in \/proc \(ENOENT\)/);
    expect(readdirSync('/proc').filter((n) => n.includes('safeguard'))).toEqual([]);
  });

  it.skipIf(!procfs)('a folder below one (/proc/nope/sub): exit 2, not a hang', () => {
    expectRefused('/proc/nope/sub', /cannot create a folder in \/proc \(ENOENT\)/, 30_000);
  }, 60_000);

  it('a file where a folder must be: exit 2 naming the file, and the file untouched', () => {
    const dir = join(scratch, 'file-above');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expectRefused(join(dir, 'notes.txt', 'evidence'), new RegExp(`${join(dir, 'notes.txt').replace(/[.\\]/g, '\\$&')} is not a folder`));
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a link to nothing where a folder must be: exit 2 naming the link', () => {
    const dir = join(scratch, 'dangling');
    mkdirSync(dir);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'link'));
    expectRefused(join(dir, 'link', 'evidence'), /link is a link to nothing/);
    expect(readdirSync(dir)).toEqual(['link']);
  });
});

describe('checkTarget and writeBundle', () => {
  it('checking a target leaves nothing behind, not even the folders above it', async () => {
    const dir = join(scratch, 'probe');
    mkdirSync(dir);
    await expect(checkTarget({ out: join(dir, 'a', 'b', 'bundle'), force: false })).resolves.toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!procfs)('writeBundle under /proc rejects with an input error rather than never settling', async () => {
    const { report } = await runScan({ inputs: [demo], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: '0.0.0' });
    const write = writeBundle({ out: '/proc/nope/sub', force: false }, { command: 'scan', report, resources: [], checks: [], catalogue: loadMappings().safeguards, ephiScope: DEFAULT_EPHI_SCOPE, only: 'all' });
    await expect(write).rejects.toBeInstanceOf(InputError);
    await expect(write).rejects.toThrow(/^\/proc\/nope\/sub: cannot create the bundle there: /);
  }, 10_000);

  it('creates missing folders above the bundle, and removes them again when the bundle is not written', async () => {
    const dir = join(scratch, 'parents');
    mkdirSync(dir);
    const { report } = await runScan({ inputs: [demo], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: '0.0.0' });
    const contents = { command: 'scan' as const, report, resources: [], checks: [], catalogue: loadMappings().safeguards, ephiScope: DEFAULT_EPHI_SCOPE, only: 'all' as const };
    const out = join(dir, 'a', 'b', 'bundle');
    const good = await writeBundle({ out, force: false }, contents);
    expect(good.path).toBe(out);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    // A value JSON cannot write: findings.json fails half-way.
    report.findings[0]!.evidence = { size: 1n };
    await expect(writeBundle({ out: join(dir, 'c', 'd', 'bundle'), force: false }, contents)).rejects.toThrow(/BigInt/);
    expect(readdirSync(dir)).toEqual(['a']);
  });
});
