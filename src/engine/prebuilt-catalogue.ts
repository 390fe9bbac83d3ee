import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../inventory/resource.js';
import type { CatalogueEntry, EligibleServiceList, LoadedMappings, ProfileInfo } from '../mappings/index.js';
import { checksDir, mappingsDir } from '../paths.js';
import { PROFILES, type Check, type Profile } from './check.js';

/**
 * `dist/catalogue.json`, written by `npm run build` (scripts/write-catalogue.mjs): every check's
 * metadata and the validated mappings of every profile, so that `safeguard checks` and
 * `safeguard safeguards` need not import 120 check modules, parse YAML and validate it with zod.
 * It holds a hash of every file it was built from; a catalogue whose hash differs from the files
 * beside it is ignored and everything is loaded live, so it cannot go stale silently.
 */

const FORMAT = 1;

/** A check without its `evaluate`: what the catalogue holds. */
export type CheckMetadata = Omit<Check, 'evaluate'>;

export interface Catalogue {
  format: typeof FORMAT;
  /** sha256 of the files the catalogue was built from (`sourceFiles`). */
  sources: string;
  checks: CheckMetadata[];
  mappings: {
    /** check id → citations, in the order `loadMappings` gives them. */
    checkSafeguards: [string, string[]][];
    eligibleServices: Record<Provider, EligibleServiceList>;
    profiles: Record<Profile, { profile: ProfileInfo; safeguards: CatalogueEntry[] }>;
  };
}

/** Where a catalogue lives and the trees it describes. */
export interface CatalogueLocation {
  file: string;
  checksDir: string;
  mappingsDir: string;
  /** The `src` tree (compiled or not) whose loaders and check helpers the checks import. */
  srcDir: string;
}

/** The packaged catalogue: `dist/catalogue.json` beside `dist/checks` (from source: `catalogue.json`, never written). */
export const packagedCatalogue: CatalogueLocation = {
  file: join(dirname(checksDir), 'catalogue.json'),
  checksDir,
  mappingsDir,
  srcDir: join(dirname(fileURLToPath(import.meta.url)), '..'),
};

/** The `src` folders whose code decides what a check's metadata or a mapping is. */
const SRC_FOLDERS = ['engine', 'mappings', 'inventory', 'baa'];

/**
 * Every file the catalogue depends on, sorted: the whole checks tree (helpers included), every
 * YAML file of mappings/, and the src folders the checks and loaders import.
 */
export function sourceFiles(at: CatalogueLocation = packagedCatalogue): { name: string; path: string }[] {
  return [
    ...walk(at.checksDir).map((f) => ({ name: `checks/${f}`, path: join(at.checksDir, f) })),
    ...walk(at.mappingsDir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({ name: `mappings/${f}`, path: join(at.mappingsDir, f) })),
    ...SRC_FOLDERS.flatMap((d) => walk(join(at.srcDir, d)).map((f) => ({ name: `src/${d}/${f}`, path: join(at.srcDir, d, f) }))),
  ];
}

/** The hash of `sourceFiles`: names and contents. */
export function sourceHash(at: CatalogueLocation = packagedCatalogue): string {
  const hash = createHash('sha256');
  for (const { name, path } of sourceFiles(at)) {
    const bytes = readFileSync(path);
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

function walk(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory()) out.push(...walk(join(dir, e.name), `${prefix}${e.name}/`));
    else if (e.isFile()) out.push(`${prefix}${e.name}`);
  }
  return out;
}

const read = new Map<string, Catalogue | undefined>();

/**
 * The catalogue, if there is one and it was built from exactly the files beside it; `undefined`
 * otherwise (or with SAFEGUARD_NO_CATALOGUE set), and the caller loads everything live.
 */
export function readCatalogue(at: CatalogueLocation = packagedCatalogue): Catalogue | undefined {
  if (process.env.SAFEGUARD_NO_CATALOGUE) return undefined;
  if (read.has(at.file)) return read.get(at.file);
  let catalogue: Catalogue | undefined;
  try {
    const parsed = JSON.parse(readFileSync(at.file, 'utf8')) as Partial<Catalogue> | null;
    if (parsed?.format === FORMAT && parsed.sources === sourceHash(at)) catalogue = parsed as Catalogue;
  } catch {
    catalogue = undefined;
  }
  read.set(at.file, catalogue);
  return catalogue;
}

/** The mappings under `profile`, as `loadMappings` gives them. */
export function catalogueMappings(catalogue: Catalogue, profile: Profile): LoadedMappings {
  const { profile: info, safeguards } = catalogue.mappings.profiles[profile];
  return { safeguards, checkSafeguards: new Map(catalogue.mappings.checkSafeguards), profile: info, eligibleServices: catalogue.mappings.eligibleServices };
}

/** The catalogue's checks as `Check`s for listing; evaluating one is a bug and throws. */
export function catalogueChecks(catalogue: Catalogue): Check[] {
  return catalogue.checks.map((meta) => ({
    ...meta,
    evaluate() {
      throw new Error(`${meta.id}: only its metadata is loaded (dist/catalogue.json); load the checks to evaluate them`);
    },
  }));
}

/** The checks and the mappings of every profile: from a fresh catalogue, else loaded live. */
export interface CheckCatalogue {
  checks: Check[];
  mappings(profile: Profile): LoadedMappings;
}

export async function checkCatalogue(at: CatalogueLocation = packagedCatalogue): Promise<CheckCatalogue> {
  const catalogue = readCatalogue(at);
  if (catalogue) return { checks: catalogueChecks(catalogue), mappings: (p) => catalogueMappings(catalogue, p) };
  // Imported here: zod, yaml and the check modules are what the catalogue saves.
  const [{ loadChecks }, { loadMappings }] = await Promise.all([import('./registry.js'), import('../mappings/index.js')]);
  const checks = await loadChecks(at.checksDir);
  return { checks, mappings: (profile) => loadMappings({ profile, dir: at.mappingsDir }) };
}

/** Load the checks and mappings live and make the catalogue of them, stamped with `sources`. */
export async function buildCatalogue(at: CatalogueLocation, sources: string): Promise<Catalogue> {
  const [{ loadChecks }, { loadMappings }] = await Promise.all([import('./registry.js'), import('../mappings/index.js')]);
  const checks = (await loadChecks(at.checksDir)).map(({ evaluate: _evaluate, ...meta }) => meta);
  const byProfile = PROFILES.map((profile) => ({ profile, loaded: loadMappings({ profile, dir: at.mappingsDir, live: true }) }));
  const first = byProfile[0]!.loaded;
  // The catalogue keeps one copy of what does not depend on the profile; say so if that changes.
  for (const { profile, loaded } of byProfile) {
    if (JSON.stringify([...loaded.checkSafeguards]) !== JSON.stringify([...first.checkSafeguards])) throw new Error(`catalogue: check-safeguards differ under profile ${profile}`);
    if (JSON.stringify(loaded.eligibleServices) !== JSON.stringify(first.eligibleServices)) throw new Error(`catalogue: eligible services differ under profile ${profile}`);
  }
  return {
    format: FORMAT,
    sources,
    checks,
    mappings: {
      checkSafeguards: [...first.checkSafeguards],
      eligibleServices: first.eligibleServices,
      profiles: Object.fromEntries(byProfile.map(({ profile, loaded }) => [profile, { profile: loaded.profile, safeguards: loaded.safeguards }])) as Catalogue['mappings']['profiles'],
    },
  };
}

/**
 * Build and write the catalogue (`npm run build`). The hash is taken before and after loading,
 * so a file changed meanwhile (another build writing dist/) cannot leave a catalogue that claims
 * sources it does not hold: then nothing is written and `undefined` returned. On any failure no
 * catalogue is left behind, and the CLI loads everything live.
 */
export async function writeCatalogue(at: CatalogueLocation = packagedCatalogue): Promise<Catalogue | undefined> {
  rmSync(at.file, { force: true });
  read.delete(at.file);
  const before = sourceHash(at);
  const catalogue = await buildCatalogue(at, before);
  // Modules load once a process, so a change in between cannot be retried here.
  if (sourceHash(at) !== before) return undefined;
  const tmp = `${at.file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(catalogue) + '\n');
  renameSync(tmp, at.file);
  return catalogue;
}
