import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../paths.js';

/**
 * The CycloneDX SBOM of safeguard's own production dependencies. `npm run build` writes it to
 * `dist/sbom.cdx.json` from package-lock.json (scripts/write-sbom.mjs), because an installed
 * safeguard has no lockfile to read; every evidence bundle carries a copy as `sbom.cdx.json`,
 * listed in manifest.json with its SHA-256, so an auditor knows exactly what code made it.
 */

export const SBOM_FILE = 'sbom.cdx.json';

/** `manifest.json` `sbom`: the SBOM the bundle carries, or why it carries none. */
export interface SbomRecord {
  /** `sbom.cdx.json` when the bundle holds it; `null` when it does not (see `note`). */
  file: string | null;
  format: 'CycloneDX';
  specVersion?: string;
  serialNumber?: string;
  /** When the build wrote it, if it was stamped (SOURCE_DATE_EPOCH); the SBOM is reproducible otherwise. */
  generatedAt?: string;
  /** Production dependencies listed. */
  components?: number;
  note?: string;
}

/** A file copied into the bundle as it is (see `BundleContents.extraFiles`). */
export interface ExtraFile {
  /** Its path in the bundle. */
  path: string;
  description: string;
  /** Writes it at the bundle's path given. */
  write: (file: string) => Promise<void>;
}

/**
 * Where the build wrote the SBOM: `dist/sbom.cdx.json`, beside `dist/src/` when this module runs
 * from `dist/src/evidence/`; run from source (tests, `tsx`), the checkout's `dist/sbom.cdx.json`,
 * which describes the same lockfile and node_modules, if `npm run build` has written it.
 */
export function builtSbomPath(): string {
  const beside = fileURLToPath(new URL('../../sbom.cdx.json', import.meta.url));
  return existsSync(beside) ? beside : join(packageRoot, 'dist', 'sbom.cdx.json');
}

/**
 * The SBOM for a bundle: the file to copy and its manifest record, or only a record saying why
 * there is none (running from source without `npm run build`, or a file that is not CycloneDX).
 */
export async function sbomForBundle(path = builtSbomPath()): Promise<{ extraFiles: ExtraFile[]; sbom: SbomRecord }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    const why = code === 'ENOENT'
      ? 'safeguard runs from source and `npm run build`, which writes dist/sbom.cdx.json, has not run'
      : `dist/sbom.cdx.json could not be read (${code})`;
    return { extraFiles: [], sbom: { file: null, format: 'CycloneDX', note: `No SBOM of safeguard's own dependencies in this bundle: ${why}.` } };
  }
  let doc: { bomFormat?: unknown; specVersion?: unknown; serialNumber?: unknown; metadata?: { timestamp?: unknown }; components?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = {};
  }
  if (!doc || doc.bomFormat !== 'CycloneDX' || !Array.isArray(doc.components)) {
    return { extraFiles: [], sbom: { file: null, format: 'CycloneDX', note: `No SBOM of safeguard's own dependencies in this bundle: dist/sbom.cdx.json is not a CycloneDX document (rebuild with \`npm run build\`).` } };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const specVersion = str(doc.specVersion);
  const serialNumber = str(doc.serialNumber);
  const generatedAt = str(doc.metadata?.timestamp);
  return {
    extraFiles: [{
      path: SBOM_FILE,
      description: `The CycloneDX ${specVersion ?? ''} SBOM of the safeguard that wrote this bundle: its ${doc.components.length} production dependencies with exact versions and SHA-512 hashes, from its package-lock.json (npm sbom, at build time).`.replace('  ', ' '),
      // The bytes read and checked above, written as they are (a rebuild meanwhile changes nothing here).
      write: (file: string) => writeFile(file, text),
    }],
    sbom: {
      file: SBOM_FILE,
      format: 'CycloneDX',
      ...(specVersion ? { specVersion } : {}),
      ...(serialNumber ? { serialNumber } : {}),
      ...(generatedAt ? { generatedAt } : {}),
      components: doc.components.length,
    },
  };
}
