import { link, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Check } from '../engine/check.js';
import type { EphiScope } from '../engine/scope.js';
import type { WaiverSet } from '../engine/waivers.js';
import { InputError } from '../import/input-error.js';
import type { Provider, Resource } from '../inventory/resource.js';
import type { Safeguard } from '../mappings/index.js';
import { csvLines, FINDING_COLUMNS } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { JUNIT_FILE, junitChunks } from '../report/junit.js';
import { renderSafeguardsMarkdown } from '../report/markdown.js';
import { sarifChunks } from '../report/sarif.js';
import type { ScanReport } from '../report/scan-report.js';
import { archiveExtension, sniffArchive, writeArchive, type ArchiveFormat } from './archive.js';
import { ASSET_COLUMNS, assetInventory } from './assets.js';
import { hashFile, MANIFEST, sha256, type Manifest, type ManifestFile } from './manifest.js';
import { redactShared } from './redact.js';
import { RISK_COLUMNS, riskRows } from './risk.js';
import { safeguardSections } from './safeguards.js';
import type { AttestationReport } from '../assess/attestations.js';
import { BAA_COLUMNS, baaRegisterRows, type BaaRegisterReport } from '../baa/report.js';
import { scopeOf, type BundleScope } from './scope.js';
import { jsonChunks, jsonText, writeChunks, type Written } from './stream.js';
import { collectGarbage } from '../import/heap.js';

/**
 * The evidence bundle: a folder (or one archive of it) that a person who has never seen the tool
 * can read and trust. It is built in a hidden temporary folder beside the target and renamed into
 * place only when complete, so an interrupted scan never leaves something that looks like a
 * bundle, and an existing bundle is replaced only with `force`.
 */

export interface BundleTarget {
  /** `--out` as given. */
  out: string;
  archive?: ArchiveFormat;
  force: boolean;
}

export interface BundleContents {
  command: 'scan' | 'bundle';
  report: ScanReport;
  resources: readonly Resource[];
  checks: readonly Check[];
  catalogue: readonly Safeguard[];
  ephiScope: EphiScope;
  only: 'all' | 'ephi';
  waivers?: WaiverSet;
  /** The attestation file given to the scan (`--attestations`) and how its answers stood. */
  attestations?: { file: string; bytes: Buffer; report: AttestationReport };
  /** The BAA register (`safeguard.yaml` `baas:`) as the scan judged it. */
  baaRegister?: BaaRegisterReport;
  /** A merged bundle (`safeguard merge`): the bundles it was made from, recorded in the manifest. */
  mergedFrom?: Manifest['mergedFrom'];
  /** Inputs hashed already (a merged bundle takes them from its bundles' manifests): file → hash. */
  inputHashes?: ReadonlyMap<string, { sha256: string | null; size: number | null }>;
  /** More files to write and list in the manifest, e.g. the tool's own SBOM (`sbom.cdx.json`). */
  extraFiles?: readonly { path: string; description: string; write: (file: string) => Promise<void> }[];
  /** The manifest's `sbom` record: the SBOM among `extraFiles`, or why there is none. */
  sbom?: Manifest['sbom'];
}

export interface WrittenBundle {
  /** The folder or archive written. */
  path: string;
  /** Files listed in the manifest (the manifest itself not counted). */
  files: number;
  manifestSha256: string;
}

export const WAIVERS_COPY = 'waivers.yaml';

/** Results from which a full collection between bundle files pays for itself (it takes ~0.1 s a GiB). */
const COLLECT_BETWEEN_FILES = 50_000;
export const ATTESTATIONS_COPY = 'attestations.yaml';
export const BAA_REGISTER_FILE = 'baa-register.csv';

/** Where the bundle goes: the folder itself, or `<out>.zip` / `<out>.tar.gz` (kept if `--out` already ends so). */
export function bundlePath(target: Pick<BundleTarget, 'out' | 'archive'>): string {
  const out = target.out.replace(/[\\/]+$/, '') || target.out;
  if (!target.archive) return out;
  const ext = archiveExtension(target.archive);
  if (out.toLowerCase().endsWith(ext)) return out;
  if (target.archive === 'tar.gz' && out.toLowerCase().endsWith('.tgz')) return out;
  return out + ext;
}

/**
 * Refuse, before any work, a target that would be overwritten: an existing bundle needs `force`,
 * and something that is not a bundle (a folder of other files) is never replaced. An empty
 * folder is fine: the bundle takes its place.
 */
export async function checkTarget(target: BundleTarget): Promise<void> {
  const path = bundlePath(target);
  let info;
  try {
    info = await lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands above it, which the probe names.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new InputError(path, undefined, `cannot check the output path (${code ?? 'error'})`);
    await probeParent(path);
    return;
  }
  await checkExisting(target, path, info);
  await probeParent(path);
}

async function checkExisting(target: BundleTarget, path: string, info: Stats): Promise<void> {
  if (target.archive) {
    if (!info.isFile()) throw new InputError(path, undefined, 'already exists and is not an archive file: choose another --out');
    if (!target.force) throw new InputError(path, undefined, 'already exists: an evidence bundle is never overwritten; pass --force to replace it, or choose another --out');
    if (!(await sniffArchive(path))) throw new InputError(path, undefined, 'already exists and is not a .zip or .tar.gz: safeguard will not replace it; choose another --out');
    return;
  }
  if (!info.isDirectory()) throw new InputError(path, undefined, 'already exists and is not a folder: choose another --out');
  const entries = await readdir(path);
  if (entries.length === 0) return;
  if (!target.force) throw new InputError(path, undefined, 'already exists: an evidence bundle is never overwritten; pass --force to replace it, or choose another --out');
  // Only a bundle (or the findings.json an older version wrote) is replaced, never a folder of other files.
  if (!entries.includes(MANIFEST) && !(entries.length === 1 && entries[0] === 'findings.json')) {
    throw new InputError(path, undefined, 'already exists and is not an evidence bundle (no manifest.json): safeguard will not replace it; choose another --out');
  }
}

/**
 * Whether the bundle's folder can be made, asked before the scan: a folder is created (and
 * removed) in the nearest existing folder above it, so an unwritable `--out` is a one-line input
 * error rather than a failure after the whole scan.
 */
async function probeParent(path: string): Promise<void> {
  const { folder } = await nearestFolder(path, dirname(resolve(path)));
  let probe: string;
  try {
    probe = await mkdtemp(join(folder, '.safeguard-probe-'));
  } catch (err) {
    throw cannotCreate(path, `cannot create a folder in ${folder}`, err);
  }
  await rmdir(probe);
}

/**
 * The nearest folder at or above `dir` that exists, and the folders below it still to make,
 * outermost first. Found by hand: Node's `mkdir({ recursive: true })` never returns under a
 * folder such as /proc that answers every new name with ENOENT.
 */
async function nearestFolder(path: string, dir: string): Promise<{ folder: string; missing: string[] }> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      if ((await stat(at)).isDirectory()) return { folder: at, missing };
      throw new InputError(path, undefined, `cannot create the bundle there: ${at} is not a folder`);
    } catch (err) {
      if (err instanceof InputError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a file stands somewhere above; going up finds it and says so.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw cannotCreate(path, `cannot read ${at}`, err);
      if (code === 'ENOENT' && (await lstat(at).then(() => true, () => false))) throw new InputError(path, undefined, `cannot create the bundle there: ${at} is a link to nothing`);
      missing.unshift(at);
    }
  }
}

/** Make the missing folders above the bundle one level at a time; returns those made, to remove if the bundle is not written. */
async function makeFolders(path: string, dir: string): Promise<string[]> {
  const { missing } = await nearestFolder(path, dir);
  const made: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
      made.push(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(folder).then((s) => s.isDirectory(), () => false))) continue;
      await removeFolders(made);
      throw cannotCreate(path, `cannot create the folder ${folder}`, err);
    }
  }
  return made;
}

/** Remove folders made for a bundle that was not written (innermost first; only if still empty). */
async function removeFolders(made: readonly string[]): Promise<void> {
  for (const folder of [...made].reverse()) await rmdir(folder).catch(() => undefined);
}

function cannotCreate(path: string, what: string, err: unknown): InputError {
  const e = err as NodeJS.ErrnoException;
  return new InputError(path, undefined, `cannot create the bundle there: ${what} (${e.code ?? e.message})`);
}

/** Write the bundle atomically. `checkTarget` should have been called before the scan. */
export async function writeBundle(target: BundleTarget, contents: BundleContents): Promise<WrittenBundle> {
  await checkTarget(target);
  const finalPath = resolve(bundlePath(target));
  const parent = dirname(finalPath);
  const name = basename(finalPath);
  const top = target.archive ? name.replace(/(\.tar\.gz|\.tgz|\.zip)$/i, '') || 'bundle' : name;
  const made = await makeFolders(bundlePath(target), parent);
  let staging: string;
  try {
    staging = await mkdtemp(join(parent, `.${name}.safeguard-`));
  } catch (err) {
    await removeFolders(made);
    throw cannotCreate(bundlePath(target), `cannot create a folder in ${parent}`, err);
  }
  let written = false;
  try {
    const dir = join(staging, top);
    await mkdir(dir);
    const files = await writeFiles(dir, contents);
    const manifest = await manifestOf(contents, files);
    const manifestText = JSON.stringify(manifest, null, 2) + '\n';
    await writeFile(join(dir, MANIFEST), manifestText);
    let built = dir;
    if (target.archive) {
      built = join(staging, name);
      const mtime = new Date(contents.report.scan.finishedAt);
      await writeArchive(dir, top, [MANIFEST, ...files.map((f) => f.path)], built, target.archive, mtime);
    }
    await install(built, finalPath, staging, target);
    written = true;
    return { path: bundlePath(target), files: files.length, manifestSha256: sha256(manifestText) };
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (!written) await removeFolders(made);
  }
}

/**
 * Rename into place. Without `force` nothing that appeared since `checkTarget` is replaced (an
 * archive is linked, which fails if the name exists); with it, an existing bundle folder is
 * moved aside first and deleted with the temporary folder.
 */
async function install(built: string, finalPath: string, staging: string, target: BundleTarget): Promise<void> {
  const exists = () => new InputError(finalPath, undefined, 'already exists: an evidence bundle is never overwritten; pass --force to replace it, or choose another --out');
  if (target.archive && !target.force) {
    try {
      await link(built, finalPath);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists();
      // A file system without hard links: fall back to a rename after a last check.
      if (await lstat(finalPath).then(() => true, () => false)) throw exists();
      await rename(built, finalPath);
      return;
    }
  }
  try {
    await rename(built, finalPath);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    if (!target.force) throw exists();
  }
  const previous = join(staging, '.previous');
  await rename(finalPath, previous);
  try {
    await rename(built, finalPath);
  } catch (err) {
    await rename(previous, finalPath).catch(() => undefined);
    throw err;
  }
}

interface PlannedFile {
  path: string;
  description: string;
  /** Writes the file; a writer that hashed its bytes as it wrote them says so. */
  write: (file: string) => Promise<Written | void>;
}

async function writeFiles(dir: string, c: BundleContents): Promise<ManifestFile[]> {
  const planned = plan(c);
  const out: ManifestFile[] = [];
  for (const p of planned) {
    // Each writer's garbage (rows, strings) is collected before the next one allocates its own, so
    // the heap does not grow to hold several files' worth at once (a million-resource scan).
    if (c.report.findings.length >= COLLECT_BETWEEN_FILES) collectGarbage();
    const file = join(dir, ...p.path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    // The bytes are hashed as they are written (or read back, for a writer that does not hash).
    const { sha256: digest, size } = (await p.write(file)) ?? (await hashFile(file));
    out.push({ path: p.path, size, sha256: digest, description: p.description });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function plan(c: BundleContents): PlannedFile[] {
  // Each file is rendered only when it is written, so one large string is alive at a time.
  const text = (render: () => string) => (file: string) => writeBytes(file, Buffer.from(render(), 'utf8'));
  // Secrets never reach the bundle: the inventory and every report built from it are redacted,
  // each resource as it is written (a redacted copy of a million resources is never held).
  const resources = c.resources;
  const report: ScanReport = {
    ...c.report,
    findings: c.report.findings.map((f) => {
      const evidence = redactShared(f.evidence);
      return evidence === f.evidence ? f : { ...f, evidence };
    }),
  };
  const scope = scopeOf(c.resources);
  // The sections list every failing result per specification: built for safeguards.md, kept for
  // safeguards.json (written next), then let go, so the files after them do not carry them too.
  let sections: ReturnType<typeof safeguardSections> | undefined;
  const sectionsOnce = () => (sections ??= safeguardSections(report, c.catalogue, [...c.checks], c.baaRegister));
  const files: PlannedFile[] = [
    { path: 'README.md', description: 'What each file of this bundle is, and how to check it has not changed.', write: text(() => readme(report, c)) },
    { path: 'findings.json', description: 'Every check result (the findings contract): status, severity, resource, safeguard citations, reason, evidence, remediation, waiver.', write: (file) => writeChunks(file, jsonChunks(report as unknown as Record<string, unknown>, ['findings'])) },
    { path: 'findings.csv', description: 'The findings as a spreadsheet, one row per check result.', write: (file) => writeChunks(file, csvLines(FINDING_COLUMNS, report.findings)) },
    { path: 'findings.sarif', description: 'The findings as SARIF 2.1.0, for code-scanning and security tools.', write: (file) => writeChunks(file, sarifChunks(report, [...c.checks])) },
    {
      path: JUNIT_FILE,
      description: 'The findings as JUnit XML, for CI test reports (GitLab, Jenkins, Azure DevOps, CircleCI): one test suite per check, one test case per check result; fail is a failure, error an error, not applicable and waived are skipped.',
      write: (file) => writeChunks(file, junitChunks(report)),
    },
    { path: 'safeguards.md', description: 'One section per HIPAA Security Rule specification: Required/Addressable, what was checked, counts per cloud, failing resources, waivers, and the evidence a person must attach.', write: text(() => renderSafeguardsMarkdown(sectionsOnce(), scope)) },
    {
      path: 'safeguards.json',
      description: 'The same sections as safeguards.md, as data.',
      write: async (file) => {
        const written = await writeChunks(file, jsonLines(sectionsOnce(), 6));
        sections = undefined;
        return written;
      },
    },
    {
      path: 'risk-register.csv',
      description: 'One row per failing, undecided or waived (asset, safeguard) pair, with threat, vulnerability, likelihood, impact and risk level (NIST SP 800-30 scales).',
      write: (file) => writeChunks(file, csvLines(RISK_COLUMNS, riskRows({ findings: report.findings, resources, redact: redactShared, catalogue: c.catalogue, scanStartedAt: report.scan.startedAt, safeguards: report.safeguards, ...(c.baaRegister ? { baaRegister: c.baaRegister } : {}) }))),
    },
    {
      path: 'asset-inventory.csv',
      description: 'Systems that store or move ePHI: tagged as holding ePHI, or data stores and data flows by type (to confirm).',
      write: (file) => writeChunks(file, csvLines(ASSET_COLUMNS, assetInventory(redactEach(resources), report.findings, c.ephiScope))),
    },
    { path: 'report.html', description: 'A self-contained page of the results, to open in any browser without a network.', write: text(() => renderHtml(report)) },
  ];
  for (const provider of ['aws', 'azure', 'gcp'] as const) {
    const own = resources.filter((r) => r.provider === provider);
    if (own.length === 0) continue;
    files.push({
      path: `inventory/${provider}/resources.ndjson`,
      description: `${CLOUD_NAME[provider]}: every resource read, one JSON object a line: its native type and id, tags, the native configuration document (${NATIVE[provider]}), related documents, and where it was read from (source). Secrets are redacted.`,
      write: (file) => writeNdjson(file, own),
    });
  }
  if (c.waivers) files.push({ path: WAIVERS_COPY, description: `The waiver file given to the scan (${c.waivers.file}), copied byte for byte.`, write: (file) => writeBytes(file, c.waivers!.bytes) });
  if (c.attestations) files.push({ path: ATTESTATIONS_COPY, description: `The attestation file given to the scan (${c.attestations.file}): the gap questionnaire's answers, copied byte for byte.`, write: (file) => writeBytes(file, c.attestations!.bytes) });
  if (c.baaRegister) {
    const register = c.baaRegister;
    files.push({ path: BAA_REGISTER_FILE, description: `The BAA register (${register.file}, baas:) judged on ${register.asOf}: every business associate agreement, cloud and vendor, with its status, and the cloud accounts of this scan that no agreement covers.`, write: (file) => writeChunks(file, csvLines(BAA_COLUMNS, baaRegisterRows(register))) });
  }
  files.push(...(c.extraFiles ?? []));
  return files;
}

const CLOUD_NAME: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };
const NATIVE: Record<Provider, string> = {
  aws: 'AWS Config item `configuration` with `supplementaryConfiguration` decoded',
  azure: 'Azure Resource Graph / ARM `properties`',
  gcp: 'Cloud Asset Inventory `resource.data`',
};

/** `JSON.stringify(value, null, 2)` and a line end, in pieces (containers down to `depth` are opened, not stringified whole). */
function* jsonLines(value: unknown, depth: number): Generator<string> {
  yield* jsonText(value, depth);
  yield '\n';
}

/** Each resource redacted in turn. */
function* redactEach(resources: Iterable<Resource>): Generator<Resource> {
  for (const r of resources) yield redactShared(r);
}

/** Bytes to a new file, with their SHA-256. */
async function writeBytes(file: string, bytes: Buffer): Promise<Written> {
  await writeFile(file, bytes, { flag: 'wx' });
  return { sha256: sha256(bytes), size: bytes.length };
}

function writeNdjson(file: string, resources: readonly Resource[]): Promise<Written> {
  const sorted = [...resources].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return writeChunks(
    file,
    (function* () {
      for (const r of redactEach(sorted)) {
        const record = { type: r.type, id: r.id, name: r.name, account: r.account ?? null, region: r.region ?? null, ...(r.deleted ? { deleted: true } : {}), tags: r.tags, config: r.config, related: r.related, source: r.source };
        yield JSON.stringify(record) + '\n';
      }
    })(),
  );
}

async function manifestOf(c: BundleContents, files: ManifestFile[]): Promise<Manifest> {
  const r = c.report;
  return {
    manifestVersion: '1.0',
    tool: r.tool,
    createdAt: new Date().toISOString(),
    scan: { command: c.command, startedAt: r.scan.startedAt, finishedAt: r.scan.finishedAt, profile: r.scan.profile },
    scope: { ...scopeOf(c.resources), graded: c.only, ephiTags: { keys: c.ephiScope.keys, values: c.ephiScope.values }, inputs: await inputsOf(c) },
    gate: { policy: r.gate.policy, failOnError: r.gate.failOnError, passed: r.gate.passed, failing: r.gate.failing, reason: r.gate.reason },
    results: r.summary.byStatus,
    waivers: { file: c.waivers?.file ?? null, copiedAs: c.waivers ? WAIVERS_COPY : null, counts: r.waivers.counts },
    ...(c.attestations ? { attestations: { file: c.attestations.file, copiedAs: ATTESTATIONS_COPY, asOf: c.attestations.report.asOf, counts: c.attestations.report.counts, results: c.attestations.report.results } } : {}),
    ...(c.baaRegister ? { baaRegister: { file: c.baaRegister.file, asOf: c.baaRegister.asOf, writtenAs: BAA_REGISTER_FILE, counts: c.baaRegister.counts } } : {}),
    ...(c.mergedFrom ? { mergedFrom: c.mergedFrom } : {}),
    ...(c.sbom ? { sbom: c.sbom } : {}),
    hashAlgorithm: 'sha256',
    files,
  };
}

/** The input files with the SHA-256 and size of their bytes, hashed as the bundle is written. */
async function inputsOf(c: BundleContents): Promise<BundleScope['inputs']> {
  const out: BundleScope['inputs'] = [];
  for (const i of c.report.scan.inputs) {
    // A live collection names an API, not a file: it has no bytes to hash.
    const hashed = c.inputHashes?.get(i.file) ?? (await hashFile(i.file).catch(() => ({ sha256: null, size: null })));
    out.push({ ...i, ...hashed });
  }
  return out;
}

function readme(report: ScanReport, c: BundleContents): string {
  return `# safeguard evidence bundle

HIPAA Security Rule scan by ${report.tool.name} ${report.tool.version} (\`safeguard ${c.command}\`), started ${report.scan.startedAt}, finished ${report.scan.finishedAt}, profile \`${report.scan.profile}\`.
Gate \`${report.gate.policy}\`: ${report.gate.passed ? 'PASSED' : 'FAILED'} (${report.gate.reason}).

Start with \`safeguards.md\` (the safeguard-by-safeguard account) or \`report.html\` (open it in a browser; it needs no network).

| File | What it is |
|---|---|
| \`manifest.json\` | The scan's tool, time, scope (accounts, subscriptions, projects, regions, input files with their SHA-256), profile, gate verdict, and the SHA-256 and size of every other file here. |
| \`safeguards.md\`, \`safeguards.json\` | One section per specification: Required or Addressable, what was checked, pass/fail/error counts per cloud, failing resources, waivers, and for specifications no check covers, what a person must attach. |
| \`findings.json\` | Every check result: the findings contract (see the safeguard README). |
| \`findings.csv\` | The same results as a spreadsheet. |
| \`findings.sarif\` | The same results as SARIF 2.1.0. |
| \`findings.junit.xml\` | The same results as JUnit XML, for CI test reports: one test suite per check, one test case per check result (fail: failure, error: error, not applicable and waived: skipped). |
| \`risk-register.csv\` | One row per failing, undecided or waived (asset, safeguard) pair, rated with NIST SP 800-30 likelihood, impact and risk level: a starting point for the risk analysis of 164.308(a)(1)(ii)(A). |
| \`asset-inventory.csv\` | Systems that store or move ePHI, from tags and resource types. |
| \`report.html\` | A self-contained page of the results. |
| \`inventory/<cloud>/resources.ndjson\` | The configuration documents the results rest on, in each cloud's native format, with where each was read from. Values of keys naming passwords, secrets, tokens, private keys, connection strings and access keys are replaced by \`[REDACTED]\`. |
${c.waivers ? `| \`${WAIVERS_COPY}\` | The waiver file (accepted risks) given to the scan, as it was. |\n` : ''}${c.attestations ? `| \`${ATTESTATIONS_COPY}\` | The gap questionnaire's answers (who answered, when, the decision, evidence with SHA-256, next review), as given to the scan. safeguards.md shows each one under its specification. |\n` : ''}${c.baaRegister ? `| \`${BAA_REGISTER_FILE}\` | The business associate agreements (cloud providers and vendors) with their status, and the cloud accounts no agreement covers. |\n` : ''}${(c.extraFiles ?? []).map((e) => `| \`${e.path}\` | ${e.description} |\n`).join('')}
## Checking the bundle has not changed

\`safeguard verify <this folder or its archive>\` recomputes the SHA-256 of every file and compares it with
\`manifest.json\`; it names any file that changed, is missing, or was added. Without the tool:
\`sha256sum\` each file and compare with the \`files\` list of \`manifest.json\`. Record the SHA-256 of
\`manifest.json\` itself (the scan prints it) wherever you file this bundle: it pins every other file.
`;
}
