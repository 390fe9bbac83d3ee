import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCatalogue, catalogueChecks, readCatalogue, sourceHash, type Catalogue, type CatalogueLocation } from '../src/engine/prebuilt-catalogue.js';
import { repoRoot, runCli } from './support/cli.js';

/** What `npm run build` wrote, and the trees it describes. */
const built: CatalogueLocation = {
  file: join(repoRoot, 'dist', 'catalogue.json'),
  checksDir: join(repoRoot, 'dist', 'checks'),
  mappingsDir: join(repoRoot, 'mappings'),
  srcDir: join(repoRoot, 'dist', 'src'),
};

/** The source trees: the checks and loaders as TypeScript. */
const source: CatalogueLocation = { file: join(repoRoot, 'catalogue.json'), checksDir: join(repoRoot, 'checks'), mappingsDir: join(repoRoot, 'mappings'), srcDir: join(repoRoot, 'src') };

describe('dist/catalogue.json (npm run build)', () => {
  it('is fresh, and holds exactly what loading the checks and mappings from source gives', async () => {
    const catalogue = readCatalogue(built);
    expect(catalogue, 'dist/catalogue.json is missing or older than dist/checks, dist/src or mappings/: run npm run build').toBeDefined();
    const live = await buildCatalogue(source, catalogue!.sources);
    // Through JSON, as the file is: every check's metadata (rationale, remediation, dataStore, profiles) and every profile's mappings.
    expect(catalogue).toEqual(JSON.parse(JSON.stringify(live)) as Catalogue);
    expect(catalogue!.checks.length).toBeGreaterThan(100);
    expect(catalogue!.checks.find((c) => c.id === 'aws-s3-bucket-encrypted')).toMatchObject({ dataStore: true, remediation: { text: expect.any(String) } });
  });

  it('makes safeguard checks and safeguards print the same bytes as loading everything live', () => {
    const runs = [['checks'], ['checks', '--json'], ['safeguards', '--markdown', '--profile', 'nprm-2025'], ['safeguards', '--json', '--profile', 'strict']];
    const prebuilt = runs.map((args) => runCli(args));
    process.env.SAFEGUARD_NO_CATALOGUE = '1';
    const live = runs.map((args) => runCli(args));
    for (const [i, args] of runs.entries()) {
      expect(prebuilt[i]!.code, args.join(' ')).toBe(0);
      expect(prebuilt[i]!.stdout, args.join(' ')).toBe(live[i]!.stdout);
    }
  });

  afterEach(() => {
    delete process.env.SAFEGUARD_NO_CATALOGUE;
  });
});

describe('a catalogue that no longer matches its sources', () => {
  /** A tree of stand-in files and a catalogue stamped with their hash. */
  function tree(): CatalogueLocation & { stamp(file: string): void } {
    const root = mkdtempSync(join(tmpdir(), 'sg-catalogue-'));
    const at = { file: '', checksDir: join(root, 'checks'), mappingsDir: join(root, 'mappings'), srcDir: join(root, 'src') };
    for (const [dir, name, text] of [
      [join(at.checksDir, 'aws'), 'a.js', 'export default 1;'],
      [join(at.checksDir, 'aws', '_shared'), 'h.js', 'export const h = 1;'],
      [at.mappingsDir, 'safeguards.yaml', 'safeguards: []'],
      [join(at.srcDir, 'engine'), 'check.js', 'export {};'],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const stamp = (file: string) => writeFileSync(file, JSON.stringify({ format: 1, sources: sourceHash(at), checks: [], mappings: {} }));
    return { ...at, stamp };
  }
  const copy = (at: CatalogueLocation, from: string, name: string): CatalogueLocation => {
    const file = join(from, '..', name);
    writeFileSync(file, readFileSync(from));
    return { ...at, file };
  };

  it('is read while every file it was built from is unchanged', () => {
    const t = tree();
    t.stamp(join(t.checksDir, '..', 'fresh.json'));
    expect(readCatalogue({ ...t, file: join(t.checksDir, '..', 'fresh.json') })).toEqual({ format: 1, sources: sourceHash(t), checks: [], mappings: {} });
  });

  it('is ignored when a check, a helper, a mapping or a loader changes, or a check is added', () => {
    const edits: [string, (t: CatalogueLocation) => void][] = [
      ['check edited', (t) => writeFileSync(join(t.checksDir, 'aws', 'a.js'), 'export default 2;')],
      ['helper edited', (t) => writeFileSync(join(t.checksDir, 'aws', '_shared', 'h.js'), 'export const h = 2;')],
      ['mapping edited', (t) => writeFileSync(join(t.mappingsDir, 'safeguards.yaml'), 'safeguards: [x]')],
      ['loader edited', (t) => writeFileSync(join(t.srcDir, 'engine', 'check.js'), 'export const x = 1;')],
      ['check added', (t) => writeFileSync(join(t.checksDir, 'aws', 'b.js'), 'export default 1;')],
    ];
    for (const [what, edit] of edits) {
      const t = tree();
      const stamped = join(t.checksDir, '..', 'stamped.json');
      t.stamp(stamped);
      edit(t);
      expect(readCatalogue(copy(t, stamped, 'after-edit.json')), what).toBeUndefined();
    }
  });

  it('is ignored when it is missing, unreadable or of another format, and with SAFEGUARD_NO_CATALOGUE', () => {
    const t = tree();
    expect(readCatalogue({ ...t, file: join(t.checksDir, '..', 'absent.json') })).toBeUndefined();
    const broken = join(t.checksDir, '..', 'broken.json');
    writeFileSync(broken, '{"format": 1, "sour');
    expect(readCatalogue({ ...t, file: broken })).toBeUndefined();
    const other = join(t.checksDir, '..', 'other.json');
    writeFileSync(other, JSON.stringify({ format: 2, sources: sourceHash(t) }));
    expect(readCatalogue({ ...t, file: other })).toBeUndefined();
    const fresh = join(t.checksDir, '..', 'env.json');
    t.stamp(fresh);
    process.env.SAFEGUARD_NO_CATALOGUE = '1';
    try {
      expect(readCatalogue({ ...t, file: fresh })).toBeUndefined();
    } finally {
      delete process.env.SAFEGUARD_NO_CATALOGUE;
    }
  });
});

describe('checks read from the catalogue', () => {
  it('carry metadata only: evaluating one throws rather than grading', () => {
    const catalogue = readCatalogue(built);
    expect(catalogue).toBeDefined();
    const [check] = catalogueChecks(catalogue!);
    expect(() => check!.evaluate({} as never, {} as never)).toThrow(/only its metadata is loaded/);
  });
});
