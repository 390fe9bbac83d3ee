import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { PLANTED, plantedEstate } from './estate.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-bundle-'));

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full, base) : [relative(base, full).split('\\').join('/')];
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('safeguard scan --out: the evidence bundle', () => {
  const dir = tmp();
  const input = plantedEstate(dir);
  const out = join(dir, 'bundle');
  const run = runCli(['scan', '--input', input, '--out', out]);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));

  it('keeps the gate as the exit code and says where the bundle is', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Evidence bundle: ${out}`);
    expect(run.stdout).toMatch(/SHA-256 of its manifest\.json[^\n]*\n {2}[0-9a-f]{64}\n/);
    expect(run.stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('holds every file the issue lists, and the manifest lists every other file with its SHA-256 and size', () => {
    const onDisk = walk(out).sort();
    expect(onDisk).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'findings.json',
        'findings.csv',
        'findings.sarif',
        'safeguards.md',
        'safeguards.json',
        'risk-register.csv',
        'asset-inventory.csv',
        'report.html',
        'inventory/aws/resources.ndjson',
        'inventory/azure/resources.ndjson',
        'inventory/gcp/resources.ndjson',
      ]),
    );
    const listed = (manifest.files as { path: string; size: number; sha256: string }[]).map((f) => f.path).sort();
    expect(listed).toEqual(onDisk.filter((p) => p !== 'manifest.json'));
    for (const f of manifest.files as { path: string; size: number; sha256: string }[]) {
      const bytes = readFileSync(join(out, f.path));
      expect(f.size, f.path).toBe(bytes.length);
      expect(f.sha256, f.path).toBe(sha256(bytes));
    }
  });

  it('records tool, time, scope, profile and gate in the manifest', () => {
    expect(manifest).toMatchObject({
      manifestVersion: '1.0',
      tool: { name: 'safeguard' },
      scan: { command: 'scan', profile: 'default' },
      scope: { accounts: ['123456789012'], subscriptions: ['5d1f0c2a-7e4b-4b8e-9f3a-61c2d8e4a7b9'], graded: 'all' },
      gate: { policy: 'unencrypted-storage', passed: false, failing: 1 },
      hashAlgorithm: 'sha256',
    });
    expect(manifest.scope.regions).toContain('us-east-1');
    expect(manifest.scope.projects).toHaveLength(1);
    expect(Date.parse(manifest.scan.startedAt)).toBeLessThanOrEqual(Date.parse(manifest.scan.finishedAt));
    for (const i of manifest.scope.inputs) expect(i.sha256).toBe(sha256(readFileSync(i.file)));
  });

  it('keeps the findings.json contract, adding a waivers section', () => {
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(report.schemaVersion).toBe('1.0');
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['tool', 'scan', 'summary', 'gate', 'safeguards', 'findings', 'waivers']));
    expect(report.waivers).toMatchObject({ file: null, counts: { applied: 0, expired: 0, stale: 0, invalid: 0 }, waivers: [] });
    const failing = report.findings.find((f: { status: string }) => f.status === 'fail');
    expect(failing).toMatchObject({ check: 'aws-rds-instance-encrypted', resource: { name: 'reporting' }, evidence: { storageEncrypted: false } });
  });

  it('writes the inventory per cloud, in native shape with provenance', () => {
    const aws = readFileSync(join(out, 'inventory/aws/resources.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(aws.map((r) => r.name)).toEqual(expect.arrayContaining(['reporting', 'records', 'hl7-intake']));
    const db = aws.find((r) => r.name === 'reporting');
    expect(db).toMatchObject({ type: 'AWS::RDS::DBInstance', id: 'arn:aws:rds:us-east-1:123456789012:db:reporting', account: '123456789012', region: 'us-east-1', config: { storageEncrypted: false, engine: 'mysql' } });
    expect(db.source).toMatchObject({ format: 'aws-config-snapshot', index: 0, observedAt: '2025-03-04T10:15:30.120Z' });
    const gcp = readFileSync(join(out, 'inventory/gcp/resources.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(gcp[0]).toMatchObject({ type: 'storage.googleapis.com/Bucket', config: { name: 'phi-extracts' }, source: { file: join(input, 'gcp-assets.ndjson'), observedAt: '2025-03-14T09:26:53.589Z' } });
  });

  it('never includes a secret: passwords, connection strings, private keys, tokens, AWS secret keys, in config or tags', () => {
    const files = walk(out);
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      for (const [what, value] of Object.entries(PLANTED)) expect(text.includes(value), `${what} in ${f}`).toBe(false);
    }
    const aws = readFileSync(join(out, 'inventory/aws/resources.ndjson'), 'utf8');
    expect(aws).toContain('"DB_PASSWORD":"[REDACTED]"');
    expect(aws).toContain('"LOG_LEVEL":"info"');
    expect(aws).toContain('{"key":"api-token","value":"[REDACTED]"}');
    const azure = readFileSync(join(out, 'inventory/azure/resources.ndjson'), 'utf8');
    expect(azure).toContain('"connectionString":"[REDACTED]"');
    expect(azure).toContain('{"name":"STRIPE_API_KEY","value":"[REDACTED]"}');
    expect(azure).toContain('{"name":"REGION","value":"eastus2"}');
    expect(azure).toContain('"client-secret":"[REDACTED]"');
  });

  it('fills the risk register and the asset inventory', () => {
    const risk = readFileSync(join(out, 'risk-register.csv'), 'utf8').split('\r\n');
    expect(risk[0]).toMatch(/^Risk ID,Asset,Cloud,Account,ePHI tagged,Threat,Vulnerability,Likelihood,Impact,Risk level,Safeguard,/);
    const row = risk.find((l) => l.includes(',reporting,') && l.includes(',164.312(a)(2)(iv),'))!;
    // high check on an ePHI store (impact Very High) that is publicly accessible (likelihood Very High).
    expect(row).toMatch(/,yes,.*,Very High,Very High,Very High,164\.312\(a\)\(2\)\(iv\),/);
    expect(row).toContain('dba-team');
    const assets = readFileSync(join(out, 'asset-inventory.csv'), 'utf8');
    expect(assets).toMatch(/\r\nreporting,aws,123456789012,us-east-1,AWS::RDS::DBInstance,stores,yes,tagged phi=true,dba-team,yes \(/);
    expect(assets).toContain('phi-extracts');
    expect(assets).not.toContain('hl7-intake');
  });

  it('writes one section per specification in safeguards.md and safeguards.json', () => {
    const doc = JSON.parse(readFileSync(join(out, 'safeguards.json'), 'utf8'));
    const enc = doc.safeguards.find((s: { id: string }) => s.id === '164.312(a)(2)(iv)');
    expect(enc).toMatchObject({ status: 'addressable', outcome: 'fail', decisionNeeded: true });
    expect(enc.failing.map((f: { resource: { name: string } }) => f.resource.name)).toContain('reporting');
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    for (const s of doc.safeguards) expect(md).toContain(`## ${s.id} `);
    expect(md).toMatch(/## 164\.312\(a\)\(2\)\(i\) Unique user identification[\s\S]*?\*\*Evidence a person must attach:\*\*/);
  });
});

describe('bundle writes are atomic and never overwrite', () => {
  it('refuses an existing bundle without --force (exit 2, one line) and leaves it untouched', () => {
    const dir = tmp();
    const input = plantedEstate(dir);
    const out = join(dir, 'b');
    expect(runCli(['scan', '-i', input, '--out', out, '-q']).code).toBe(1);
    const before = readFileSync(join(out, 'manifest.json'));
    const mtime = statSync(join(out, 'manifest.json')).mtimeMs;
    const r = runCli(['scan', '-i', input, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(join(out, 'manifest.json'))).toEqual(before);
    expect(statSync(join(out, 'manifest.json')).mtimeMs).toBe(mtime);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces an existing bundle with --force, leaving nothing behind', () => {
    const dir = tmp();
    const input = plantedEstate(dir);
    const out = join(dir, 'b');
    runCli(['scan', '-i', input, '--out', out, '-q']);
    writeFileSync(join(out, 'stray.txt'), 'left by hand');
    const first = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).createdAt;
    expect(runCli(['scan', '-i', input, '--out', out, '--force', '-q']).code).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).createdAt).not.toBe(first);
    expect(existsSync(join(out, 'stray.txt'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['b', 'exports']);
    expect(runCli(['verify', out]).code).toBe(0);
  });

  it('never replaces a folder that is not a bundle, even with --force; an empty folder is fine', () => {
    const dir = tmp();
    const input = plantedEstate(dir);
    const notes = join(dir, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'todo.txt'), 'keep me');
    const r = runCli(['scan', '-i', input, '--out', notes, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an evidence bundle/);
    expect(readFileSync(join(notes, 'todo.txt'), 'utf8')).toBe('keep me');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(runCli(['scan', '-i', input, '--out', empty, '-q']).code).toBe(1);
    expect(existsSync(join(empty, 'manifest.json'))).toBe(true);
  });

  it('bad input, a bad waiver file or --force without --out write nothing', () => {
    const dir = tmp();
    const input = plantedEstate(dir);
    writeFileSync(join(dir, 'bad.json'), '{"configurationItems": [');
    const out = join(dir, 'b');
    expect(runCli(['scan', '-i', input, '-i', join(dir, 'bad.json'), '--out', out]).code).toBe(2);
    writeFileSync(join(dir, 'w.yaml'), 'waivers:\n  - check: [unclosed\n');
    expect(runCli(['scan', '-i', input, '--waivers', join(dir, 'w.yaml'), '--out', out]).code).toBe(2);
    expect(runCli(['scan', '-i', input, '--force']).code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'exports', 'w.yaml']);
  });
});

describe('safeguard verify', () => {
  const fresh = () => {
    const dir = tmp();
    const out = join(dir, 'b');
    runCli(['scan', '-i', plantedEstate(dir), '--out', out, '-q']);
    return out;
  };

  it('passes an untouched bundle with a short line', () => {
    const out = fresh();
    const r = runCli(['verify', out]);
    expect(r.code).toBe(0);
    const listed = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files.length;
    expect(r.stdout).toMatch(new RegExp(`^verified ${listed} files and manifest\\.json in `));
    // The scanner's own SBOM is one of the files checked, and the line says so.
    expect(r.stdout).toContain("(the scanner's SBOM, sbom.cdx.json, among them): every SHA-256 matches");
  });

  it('names a file in which one byte changed', () => {
    const out = fresh();
    const file = join(out, 'findings.csv');
    const bytes = readFileSync(file);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(file, bytes);
    const r = runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^findings\.csv: changed: SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/verification FAILED .*: 1 problem$/m);
  });

  it('names a missing file, an added file and a missing manifest', () => {
    const out = fresh();
    rmSync(join(out, 'safeguards.md'));
    writeFileSync(join(out, 'inventory', 'extra.ndjson'), '{}\n');
    const r = runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^safeguards\.md: missing$/m);
    expect(r.stdout).toMatch(/^inventory\/extra\.ndjson: unlisted file/m);
    rmSync(join(out, 'manifest.json'));
    const noManifest = runCli(['verify', out]);
    expect(noManifest.code).toBe(1);
    expect(noManifest.stdout).toMatch(/^manifest\.json: missing/m);
  });

  it('exits 2 for a path that is not a bundle at all', () => {
    const dir = tmp();
    expect(runCli(['verify', join(dir, 'nope')]).code).toBe(2);
    writeFileSync(join(dir, 'x.txt'), 'hello');
    const r = runCli(['verify', join(dir, 'x.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.txt: not an evidence bundle/);
  });
});

describe('archives: --archive zip and tar.gz', () => {
  for (const format of ['zip', 'tar.gz'] as const) {
    it(`${format}: bundle writes one archive that verify accepts, and rejects when tampered`, async () => {
      const dir = tmp();
      const input = plantedEstate(dir);
      const r = runCli(['bundle', '-i', input, '--out', join(dir, 'evidence'), '--archive', format, '-q']);
      // bundle exits 0 once written, whatever the gate says.
      expect(r.code).toBe(0);
      const archive = join(dir, `evidence.${format}`);
      expect(readdirSync(dir).sort()).toEqual(['evidence.' + format, 'exports']);
      const ok = runCli(['verify', archive]);
      expect(ok.stdout).toMatch(/^verified \d+ files/);
      expect(ok.code).toBe(0);

      // Unpack, change one file, pack again: verify names it.
      const unpacked = join(dir, 'unpacked');
      mkdirSync(unpacked);
      const tampered = join(dir, `tampered.${format}`);
      if (format === 'tar.gz') {
        const tar = await import('tar');
        await tar.extract({ file: archive, cwd: unpacked });
        writeFileSync(join(unpacked, 'evidence', 'risk-register.csv'), 'nothing to see\r\n');
        await tar.create({ gzip: true, file: tampered, cwd: unpacked }, ['evidence']);
      } else {
        const yauzl = await import('yauzl');
        const yazl = await import('yazl');
        const zip = await yauzl.openPromise(archive, { lazyEntries: true });
        const out = new yazl.ZipFile();
        for await (const entry of zip.eachEntry()) {
          const stream = await zip.openReadStreamPromise(entry);
          const chunks: Buffer[] = [];
          for await (const c of stream) chunks.push(c as Buffer);
          out.addBuffer(entry.fileName.endsWith('risk-register.csv') ? Buffer.from('nothing to see\r\n') : Buffer.concat(chunks), entry.fileName);
        }
        zip.close();
        out.addBuffer(Buffer.from('added'), 'evidence/added.txt');
        out.end();
        const { createWriteStream } = await import('node:fs');
        const { pipeline } = await import('node:stream/promises');
        await pipeline(out.outputStream, createWriteStream(tampered));
      }
      const bad = runCli(['verify', tampered]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^risk-register\.csv: changed/m);
      if (format === 'zip') expect(bad.stdout).toMatch(/^added\.txt: unlisted file/m);
    });
  }

  it('refuses to overwrite an archive without --force, and replaces it with it', () => {
    const dir = tmp();
    const input = plantedEstate(dir);
    const out = join(dir, 'ev.tar.gz');
    expect(runCli(['bundle', '-i', input, '--out', out, '--archive', 'tar.gz', '-q']).code).toBe(0);
    const before = readFileSync(out);
    const again = runCli(['bundle', '-i', input, '--out', out, '--archive', 'tar.gz', '-q']);
    expect(again.code).toBe(2);
    expect(readFileSync(out)).toEqual(before);
    expect(runCli(['bundle', '-i', input, '--out', out, '--archive', 'tar.gz', '--force', '-q']).code).toBe(0);
    expect(runCli(['verify', out]).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['ev.tar.gz', 'exports']);
  });
});
