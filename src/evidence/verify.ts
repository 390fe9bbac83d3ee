import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../import/input-error.js';
import { readArchive, sniffArchive, type ArchiveEntry } from './archive.js';
import { hashFile, isSafeBundlePath, MANIFEST, ManifestShape, sha256 } from './manifest.js';
import { crossCheckFindings, FINDINGS, type CrossCheck } from './verify-findings.js';

/**
 * `safeguard verify`: recompute the SHA-256 of every file of a bundle (a folder or its archive)
 * and compare with `manifest.json`. Any changed byte, missing file or file the manifest does not
 * list is a problem, named by its path; so is a manifest whose gate or counts findings.json
 * contradicts. A path with neither manifest.json nor findings.json is not a bundle (exit 2).
 */

export interface VerifyProblem {
  path: string;
  problem: string;
}

export interface VerifyResult {
  kind: 'folder' | 'zip' | 'tar.gz';
  /** Files the manifest lists. */
  listed: number;
  problems: VerifyProblem[];
  /** SHA-256 of manifest.json, to compare with the one recorded when the bundle was filed. */
  manifestSha256: string | null;
  createdAt: string | null;
  /** The file the manifest names as the scanner's SBOM (listed and hashed like the rest), if any. */
  sbom?: string;
  /** Whether the manifest's gate and counts were compared with findings.json's, or why not. */
  crossCheck?: CrossCheck;
}

interface Found {
  size: number;
  sha256: string;
  kind: ArchiveEntry['kind'];
}

export async function verifyBundle(path: string): Promise<VerifyResult> {
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    throw new InputError(path, undefined, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder or archive' : 'cannot read it');
  }
  if (info.isDirectory()) {
    // Before hashing a whole folder: one with neither file is not a bundle, but a mistyped path.
    const has = (name: string) => lstat(join(path, name)).then(() => true, () => false);
    if (!(await has(MANIFEST)) && !(await has(FINDINGS))) throw notABundle(path, 'folder');
    const file = (p: string) => join(path, ...p.split('/'));
    return compare('folder', await readFolder(path), (p) => readFile(file(p)), (p) => createReadStream(file(p)));
  }
  if (!info.isFile()) throw new InputError(path, undefined, 'not a folder or an archive file');
  const format = await sniffArchive(path);
  if (!format) throw new InputError(path, undefined, 'not an evidence bundle: expected its folder, or a .zip or .tar.gz of it');
  let entries: ArchiveEntry[];
  try {
    entries = await readArchive(path, format, (p) => p === MANIFEST || /^[^/]+\/manifest\.json$/.test(p));
  } catch (err) {
    return { kind: format, listed: 0, problems: [{ path, problem: `the archive cannot be read: ${err instanceof Error ? err.message : String(err)}` }], manifestSha256: null, createdAt: null };
  }
  return verifyArchiveEntries(path, format, entries);
}

function notABundle(path: string, kind: 'folder' | 'archive'): InputError {
  return new InputError(path, undefined, `not an evidence bundle: the ${kind} holds neither ${MANIFEST} nor ${FINDINGS}`);
}

/** The bytes of one archive entry, read again: a second pass, so only an entry asked for is held in memory. */
async function* archiveEntry(path: string, format: 'zip' | 'tar.gz', entry: string): AsyncIterable<Buffer> {
  const [found] = await readArchive(path, format, (p) => p === entry).then((all) => all.filter((e) => e.path === entry && e.bytes));
  if (found?.bytes) yield found.bytes;
}

async function verifyArchiveEntries(path: string, format: 'zip' | 'tar.gz', entries: ArchiveEntry[]): Promise<VerifyResult> {
  // The bundle sits under one top folder (`name/manifest.json`), or at the root.
  const atTop = (name: string) => (e: ArchiveEntry) => e.kind === 'file' && new RegExp(`^([^/]+/)?${name.replace('.', '\\.')}$`).test(e.path);
  if (!entries.some(atTop(MANIFEST)) && !entries.some(atTop(FINDINGS))) throw notABundle(path, 'archive');
  const manifests = entries.filter(atTop(MANIFEST));
  if (manifests.length > 1) {
    return { kind: format, listed: 0, problems: [{ path: MANIFEST, problem: `the archive holds ${manifests.length} manifests (${manifests.map((m) => m.path).join(', ')})` }], manifestSha256: null, createdAt: null };
  }
  const prefix = manifests.length === 1 ? manifests[0]!.path.slice(0, -MANIFEST.length) : '';
  const manifestBytes = manifests.length === 1 ? manifests[0]!.bytes : undefined;
  const found = new Map<string, Found>();
  const extra: VerifyProblem[] = [];
  for (const e of entries) {
    if (e.kind === 'directory') continue;
    if (!e.path.startsWith(prefix) || !isSafeBundlePath(e.path)) {
      extra.push({ path: e.path, problem: 'unlisted file: it lies outside the bundle folder of the archive' });
      continue;
    }
    const rel = e.path.slice(prefix.length);
    if (found.has(rel)) extra.push({ path: rel, problem: 'appears more than once in the archive' });
    found.set(rel, { size: e.size, sha256: e.sha256, kind: e.kind });
  }
  const result = await compare(
    format,
    found,
    async (p) => {
      if (p === MANIFEST && manifestBytes) return manifestBytes;
      throw new Error('not readable');
    },
    (p) => archiveEntry(path, format, prefix + p),
  );
  result.problems.unshift(...extra);
  return result;
}

async function readFolder(root: string): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name);
      const path = rel ? `${rel}/${name}` : name;
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full, path);
      else if (info.isFile()) found.set(path, { ...(await hashFile(full)), kind: 'file' });
      else found.set(path, { size: info.size, sha256: '', kind: 'other' });
    }
  };
  await walk(root, '');
  return found;
}

async function compare(kind: VerifyResult['kind'], found: Map<string, Found>, read: (path: string) => Promise<Buffer>, stream: (path: string) => AsyncIterable<Buffer>): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const manifestFound = found.get(MANIFEST);
  if (!manifestFound || manifestFound.kind !== 'file') {
    return { kind, listed: 0, problems: [{ path: MANIFEST, problem: 'missing: without the manifest nothing can be verified' }], manifestSha256: null, createdAt: null };
  }
  let raw: unknown;
  let bytes: Buffer;
  try {
    bytes = await read(MANIFEST);
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { kind, listed: 0, problems: [{ path: MANIFEST, problem: 'not valid JSON' }], manifestSha256: null, createdAt: null };
  }
  const parsed = ManifestShape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind, listed: 0, problems: [{ path: MANIFEST, problem: `not a safeguard manifest (${issue.path.join('.')}: ${issue.message})` }], manifestSha256: sha256(bytes), createdAt: null };
  }
  const listed = new Set<string>();
  for (const f of parsed.data.files) {
    if (!isSafeBundlePath(f.path) || f.path === MANIFEST) {
      problems.push({ path: f.path, problem: 'the manifest names a path outside the bundle' });
      continue;
    }
    if (listed.has(f.path)) problems.push({ path: f.path, problem: 'listed twice in the manifest' });
    listed.add(f.path);
    const got = found.get(f.path);
    if (!got) problems.push({ path: f.path, problem: 'missing' });
    else if (got.kind !== 'file') problems.push({ path: f.path, problem: 'not a regular file (a link or device)' });
    else if (got.size !== f.size || got.sha256 !== f.sha256) {
      problems.push({ path: f.path, problem: got.size !== f.size ? `changed: ${got.size} bytes, the manifest says ${f.size}` : `changed: SHA-256 ${got.sha256}, the manifest says ${f.sha256}` });
    }
  }
  for (const path of [...found.keys()].sort()) {
    if (path !== MANIFEST && !listed.has(path)) problems.push({ path, problem: 'unlisted file: the manifest does not name it' });
  }
  // The tool's SBOM is one of the files: one the manifest names as its SBOM must be listed (and so hashed) like the rest.
  const sbomFile = raw && typeof raw === 'object' ? (raw as { sbom?: { file?: unknown } }).sbom?.file : undefined;
  if (typeof sbomFile === 'string' && !listed.has(sbomFile)) problems.push({ path: sbomFile, problem: 'the manifest names it as the SBOM but does not list it with its SHA-256' });
  const createdAt = raw && typeof raw === 'object' && typeof (raw as { createdAt?: unknown }).createdAt === 'string' ? (raw as { createdAt: string }).createdAt : null;
  const findings = found.get(FINDINGS);
  const crossed = await crossCheckFindings(raw, findings?.kind === 'file' ? findings : undefined, () => stream(FINDINGS));
  problems.push(...crossed.problems);
  return { kind, listed: parsed.data.files.length, problems, manifestSha256: sha256(bytes), createdAt, ...(typeof sbomFile === 'string' ? { sbom: sbomFile } : {}), ...(crossed.crossCheck ? { crossCheck: crossed.crossCheck } : {}) };
}
