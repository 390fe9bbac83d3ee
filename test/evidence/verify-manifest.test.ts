import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/evidence/verify.js';
import { CROSS_CHECK_LIMIT, topLevelFields } from '../../src/evidence/verify-findings.js';
import { configItem } from '../checks/aws/items.js';
import { runCli } from '../support/cli.js';

/**
 * `safeguard verify` beyond the hashes: a path that is no bundle at all (exit 2), the manifest
 * pinned by the SHA-256 the user recorded (`--manifest-sha256`), and what the manifest states (gate
 * verdict, counts by status) cross-checked against findings.json.
 */

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-verify-'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** One unencrypted database: the default gate fails, so the manifest says `"passed": false`. */
function estate(dir: string): string {
  const file = join(dir, 'estate.json');
  const db = configItem({ resourceType: 'AWS::RDS::DBInstance', resourceId: 'claims', resourceName: 'claims', arn: 'arn:aws:rds:us-east-1:123456789012:db:claims', configuration: { storageEncrypted: false, engine: 'postgres' } });
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [db] }));
  return file;
}

/** The edit the review found: the gate's verdict turned from failed to passed in manifest.json only. */
function passTheGate(manifestFile: string): void {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  expect(manifest.gate.passed).toBe(false);
  manifest.gate.passed = true;
  manifest.results.fail = 0;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
}

describe('safeguard verify', () => {
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    dir = tmp();
    bundle = join(dir, 'evidence');
    const r = runCli(['scan', '-q', '--no-config', '--input', estate(dir), '--out', bundle]);
    expect(r.code, r.stderr).toBe(1);
  });

  it('a folder with neither manifest.json nor findings.json is not a bundle: exit 2, one line', () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'notes.txt'), 'hello\n');
    const r = runCli(['verify', plain]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^safeguard: error: .*plain: not an evidence bundle: the folder holds neither manifest\.json nor findings\.json\n$/);
  });

  it('a folder with findings.json but no manifest.json is a bundle whose manifest was removed: exit 1', () => {
    const stripped = join(dir, 'stripped');
    cpSync(bundle, stripped, { recursive: true });
    rmSync(join(stripped, 'manifest.json'));
    const r = runCli(['verify', stripped]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^manifest\.json: missing/m);
  });

  it('an archive with neither file is not a bundle: exit 2', async () => {
    const plain = join(dir, 'plain-archive');
    mkdirSync(join(plain, 'top'), { recursive: true });
    writeFileSync(join(plain, 'top', 'notes.txt'), 'hello\n');
    const archive = join(dir, 'plain.tar.gz');
    await tar.create({ gzip: true, file: archive, cwd: plain }, ['top']);
    const r = runCli(['verify', archive]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain\.tar\.gz: not an evidence bundle: the archive holds neither manifest\.json nor findings\.json\n$/);
  });

  it('--manifest-sha256: the recorded SHA-256 passes; any other fails with one line naming the manifest', () => {
    const recorded = sha256(join(bundle, 'manifest.json'));
    const ok = runCli(['verify', bundle, '--manifest-sha256', recorded.toUpperCase()]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`(manifest SHA-256 ${recorded}, the one --manifest-sha256 gives, written `);
    const other = 'ab'.repeat(32);
    const bad = runCli(['verify', bundle, '--manifest-sha256', other]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(`manifest.json: changed: SHA-256 ${recorded}, --manifest-sha256 says ${other}\nverification FAILED for ${bundle}: 1 problem\n`);
    const typo = runCli(['verify', bundle, '--manifest-sha256', 'abc']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^safeguard: error: --manifest-sha256: expected the 64 hex digits of a SHA-256, got "abc"\n$/);
  });

  it('cross-checks the manifest against findings.json: an untouched bundle says so', () => {
    const r = runCli(['verify', bundle]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/every SHA-256 matches .*; its gate and counts match findings\.json\n$/);
  });

  it('fails a manifest edited to say the gate passed, folder and archives alike', async () => {
    const edited = join(dir, 'edited');
    cpSync(bundle, edited, { recursive: true });
    passTheGate(join(edited, 'manifest.json'));
    const expected = [/^manifest\.json: states gate\.passed true, but findings\.json says false$/m, /^manifest\.json: states results fail 0, but findings\.json says fail \d+$/m];
    const r = runCli(['verify', edited]);
    expect(r.code).toBe(1);
    for (const line of expected) expect(r.stdout).toMatch(line);
    expect(r.stdout).toMatch(/verification FAILED for .*: 2 problems\n$/);
    // The same bundle as archives, as `bundle --archive` lays them out (one top folder).
    for (const format of ['zip', 'tar.gz'] as const) {
      const out = join(dir, `archived-${format.replace('.', '-')}`);
      expect(runCli(['bundle', '-q', '--no-config', '--input', estate(dir), '--out', out, '--archive', format]).code).toBe(0);
      expect(runCli(['verify', `${out}.${format}`]).code).toBe(0);
    }
    const archive = join(dir, 'edited.tar.gz');
    await tar.create({ gzip: true, file: archive, cwd: dir }, ['edited']);
    const a = runCli(['verify', archive]);
    expect(a.code).toBe(1);
    for (const line of expected) expect(a.stdout).toMatch(line);
  });

  it('reads only the head of a findings.json however large, and skips one that states nothing in its first 256 MiB', async () => {
    // A large findings.json whose gate comes first is cross-checked: only its head is read.
    const large = join(dir, 'large');
    cpSync(bundle, large, { recursive: true });
    passTheGate(join(large, 'manifest.json'));
    const text = readFileSync(join(large, 'findings.json'), 'utf8');
    // The findings array, padded past the limit (sparse: nothing more is written to disk).
    writeFileSync(join(large, 'findings.json'), text);
    truncateSync(join(large, 'findings.json'), CROSS_CHECK_LIMIT + 1024);
    const crossed = await verifyBundle(large);
    expect(crossed.crossCheck).toEqual({ checked: true });
    expect(crossed.problems.map((p) => p.problem)).toContainEqual(expect.stringMatching(/^states gate\.passed true, but findings\.json says false$/));
    // A sparse file of zeros states nothing within the limit: skipped, and said so.
    const big = join(dir, 'big');
    cpSync(bundle, big, { recursive: true });
    passTheGate(join(big, 'manifest.json'));
    truncateSync(join(big, 'findings.json'), 0);
    truncateSync(join(big, 'findings.json'), CROSS_CHECK_LIMIT + 1);
    const result = await verifyBundle(big);
    expect(result.crossCheck).toEqual({ checked: false, why: 'findings.json states no gate or summary in its first 256 MiB' });
    expect(result.problems.map((p) => p.path)).toEqual(['findings.json']);
    const r = runCli(['verify', big]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("(the manifest's gate and counts were not cross-checked against findings.json: findings.json states no gate or summary in its first 256 MiB)");
  });
});

describe('topLevelFields: reads findings.json only as far as the fields it needs', () => {
  const doc = {
    schemaVersion: '1.0',
    tool: { name: 'safe"guard}', version: '0.1.0' },
    'gate\u00e9': { passed: true },
    summary: { byStatus: { pass: 1, fail: 2 }, note: '{"gate": {"passed": true}}, [' },
    gate: { passed: false, reason: 'a \\ b "c" }]' },
    findings: [{ gate: { passed: true } }],
  };

  async function* chunks(text: string, size: number): AsyncIterable<Buffer> {
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }

  it('finds top-level keys only, whatever the strings hold and wherever the chunks break', async () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      for (const size of [1, 3, 7, 4096]) {
        const found = await topLevelFields(chunks(text, size), ['gate', 'summary']);
        expect(Object.fromEntries(found), `chunks of ${size}`).toEqual({ gate: doc.gate, summary: doc.summary });
      }
    }
  });

  it('stops reading once it has every field', async () => {
    let read = 0;
    async function* counted(): AsyncIterable<Buffer> {
      for await (const c of chunks(JSON.stringify(doc) + ' '.repeat(1 << 20), 64)) {
        read += c.length;
        yield c;
      }
    }
    await topLevelFields(counted(), ['summary']);
    expect(read).toBeLessThan(400);
  });

  it('returns what is there, for a document without the field or not an object', async () => {
    expect(await topLevelFields(chunks('{"a": 1, "b": [1, {"gate": 2}]}', 5), ['gate'])).toEqual(new Map());
    expect(await topLevelFields(chunks('[{"gate": 1}]', 5), ['gate'])).toEqual(new Map());
    expect(await topLevelFields(chunks('{"gate": 3}', 2), ['gate'])).toEqual(new Map([['gate', 3]]));
  });
});
