import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import { sbomForBundle, SBOM_FILE } from '../../src/evidence/sbom.js';
import { verifyBundle } from '../../src/evidence/verify.js';
import { repoRoot, runCli } from '../support/cli.js';
import { plantedEstate } from './estate.js';

/**
 * The scanner's own SBOM: `npm run build` writes dist/sbom.cdx.json from package-lock.json (npm
 * sbom, offline), and every evidence bundle carries it as sbom.cdx.json, hashed in the manifest
 * like every other file. No network: the SBOM comes from the lockfile.
 */

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-sbom-'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Component {
  'bom-ref': string;
  type: string;
  name: string;
  version: string;
  purl: string;
  hashes?: { alg: string; content: string }[];
  externalReferences?: { type: string; url: string }[];
}

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  name?: string;
}

const built = join(repoRoot, 'dist', 'sbom.cdx.json');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
/** The top-level install of each package, as the lockfile pins it. */
const top = (name: string): LockEntry | undefined => lock.packages[`node_modules/${name}`];
const CLOUD_SDKS = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@aws-sdk/') || d.startsWith('@azure/') || d === 'google-auth-library');

describe('dist/sbom.cdx.json (written by npm run build)', () => {
  const bom = JSON.parse(readFileSync(built, 'utf8')) as { bomFormat: string; specVersion: string; serialNumber: string; version: number; metadata: { timestamp?: string; component: { name: string; version: string; type: string } }; components: Component[] };

  it('is a CycloneDX document describing safeguard itself', () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toMatch(/^1\.[4-9]$/);
    // Reproducible: the serial number is derived from the content, and there is no build time
    // unless SOURCE_DATE_EPOCH gives one, so the same lockfile always gives the same bytes.
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    if (!process.env.SOURCE_DATE_EPOCH) expect(bom.metadata.timestamp).toBeUndefined();
    expect(bom.metadata.component).toMatchObject({ name: pkg.name, version: pkg.version, type: 'application' });
    expect(bom.components.length).toBeGreaterThan(50);
  });

  it('lists every cloud SDK with the exact version and SHA-512 package-lock.json pins', () => {
    expect(CLOUD_SDKS.length).toBeGreaterThanOrEqual(10);
    for (const name of CLOUD_SDKS) {
      const pinned = top(name)!;
      const c = bom.components.find((x) => x.name === name && x.version === pinned.version);
      expect(c, name).toBeDefined();
      expect(c!.purl).toBe(`pkg:npm/${name.replace('@', '%40')}@${pinned.version}`);
      const sha512 = Buffer.from(pinned.integrity!.replace(/^sha512-/, ''), 'base64').toString('hex');
      expect(c!.hashes, name).toContainEqual({ alg: 'SHA-512', content: sha512 });
    }
  });

  it('lists exactly the production packages of the lockfile (those without dev: true), no dev tool', () => {
    const production = new Set<string>();
    for (const [loc, e] of Object.entries(lock.packages)) {
      if (!loc || e.link || e.dev || !e.version) continue;
      production.add(`${e.name ?? loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${e.version}`);
    }
    expect(new Set(bom.components.map((c) => `${c.name}@${c.version}`))).toEqual(production);
    for (const dev of Object.keys(pkg.devDependencies)) expect(bom.components.some((c) => c.name === dev), dev).toBe(false);
    // Every production dependency package.json names is there, including those a dev tool also
    // reaches, which `npm sbom --omit dev` drops (npm/cli#7909): yaml (vite), tslib.
    for (const dep of [...Object.keys(pkg.dependencies), 'tslib']) expect(bom.components.some((c) => c.name === dep), dep).toBe(true);
  });
});

describe('the SBOM in the evidence bundle', () => {
  it('is copied byte for byte as sbom.cdx.json and listed in the manifest with its SHA-256 (built CLI)', () => {
    const dir = tmp();
    const out = join(dir, 'bundle');
    const run = runCli(['scan', '--input', plantedEstate(dir), '--out', out, '-q']);
    expect(run.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { sbom: Record<string, unknown>; files: { path: string; sha256: string; size: number }[] };
    const bytes = readFileSync(join(out, SBOM_FILE));
    expect(bytes.equals(readFileSync(built))).toBe(true);
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: SBOM_FILE, sha256: sha256(bytes), size: bytes.length }));
    const bom = JSON.parse(bytes.toString('utf8')) as { specVersion: string; serialNumber: string; components: unknown[] };
    expect(manifest.sbom).toEqual({ file: SBOM_FILE, format: 'CycloneDX', specVersion: bom.specVersion, serialNumber: bom.serialNumber, components: bom.components.length });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`| \`${SBOM_FILE}\` | The CycloneDX`);
  });

  it('safeguard verify covers it: a changed byte or a manifest that drops it is named', () => {
    const dir = tmp();
    const out = join(dir, 'bundle');
    runCli(['scan', '--input', plantedEstate(dir), '--out', out, '-q']);
    expect(runCli(['verify', out]).code).toBe(0);
    const file = join(out, SBOM_FILE);
    const original = readFileSync(file);
    const changed = Buffer.from(original);
    changed[changed.indexOf('"version"')] = '\''.charCodeAt(0);
    writeFileSync(file, changed);
    const r = runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^sbom\.cdx\.json: changed: SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/m);
    // A manifest rewritten to leave the SBOM out is caught too (the file is unlisted, and the record names it).
    writeFileSync(file, original);
    const manifestFile = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: { path: string }[] };
    manifest.files = manifest.files.filter((f) => f.path !== SBOM_FILE);
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const dropped = runCli(['verify', out]);
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toContain('sbom.cdx.json: unlisted file: the manifest does not name it');
    expect(dropped.stdout).toContain('sbom.cdx.json: the manifest names it as the SBOM but does not list it with its SHA-256');
  });

  it('travels in an archive bundle and verifies there', () => {
    const dir = tmp();
    const out = join(dir, 'bundle.zip');
    runCli(['scan', '--input', plantedEstate(dir), '--out', out, '--archive', 'zip', '-q']);
    const r = runCli(['verify', out]);
    expect(r.code).toBe(0);
  });

  it('running from source (tests): the checkout\'s dist/sbom.cdx.json, as the built CLI carries it', async () => {
    const dir = tmp();
    const out = join(dir, 'bundle');
    await runScan({ inputs: [plantedEstate(dir)], out, profile: 'default', policy: 'none', failOnError: false, version: 'test' });
    expect(readFileSync(join(out, SBOM_FILE)).equals(readFileSync(built))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { sbom: { file: string }; files: { path: string }[] };
    expect(manifest.sbom.file).toBe(SBOM_FILE);
    expect(manifest.files.map((f) => f.path)).toContain(SBOM_FILE);
    expect((await verifyBundle(out)).problems).toEqual([]);
  });

  it('a file that is not CycloneDX is not copied; the record says so', async () => {
    const dir = tmp();
    const bogus = join(dir, 'sbom.cdx.json');
    writeFileSync(bogus, '{"bomFormat":"SPDX"}');
    const got = await sbomForBundle(bogus);
    expect(got.extraFiles).toEqual([]);
    const none = await sbomForBundle(join(dir, 'missing.json'));
    expect(none).toEqual({ extraFiles: [], sbom: { file: null, format: 'CycloneDX', note: expect.stringMatching(/^No SBOM of safeguard's own dependencies in this bundle: safeguard runs from source and `npm run build`, which writes dist\/sbom\.cdx\.json, has not run\.$/) } });
    expect(got.extraFiles).toEqual([]);
    expect(got.sbom).toMatchObject({ file: null, note: expect.stringContaining('is not a CycloneDX document') });
    const ok = await sbomForBundle(built);
    expect(ok.extraFiles.map((f) => f.path)).toEqual([SBOM_FILE]);
    expect(ok.sbom.file).toBe(SBOM_FILE);
  });
});
