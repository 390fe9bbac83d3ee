import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resourceKey, type Resource } from '../inventory/resource.js';
import { decodeConfigurationItem } from './aws-config.js';
import { assembleAwsAccounts, decodeAwsCliOutput } from './aws-account.js';
import { decodeCredentialReport, FACTS_ONLY, isCredentialReport } from './aws-credential-report.js';
import { decodeAzureRow, isAzureRow, rowsFromTable } from './azure-graph.js';
import { synthesizeSubscriptions } from './azure-subscription.js';
import { assembleEntraTenants, decodeGraphExport, graphExportKind } from './entra.js';
import { decodeAsset, isAssetRecord, mergeAsset, normaliseProjects } from './gcp-asset.js';
import { InputError, type Place } from './input-error.js';
import { parseEmbeddedJson, parseJsonDocument, parseJsonLine } from './json.js';
import { collectGarbage } from './heap.js';
import { decodeLargeFile } from './stream.js';
import { decodeUtf8File } from './text.js';
import { compareObservedAt } from './observed.js';
import { decodeTerraformJson, isTerraformJson, type TerraformSummary } from './terraform/index.js';

export interface ImportedFile {
  file: string;
  format: string;
  /** Records read from the file. */
  records: number;
  /** A Terraform plan's actions, and what was merged, left ungraded or not translated. */
  terraform?: TerraformSummary;
}

export interface Inventory {
  resources: Resource[];
  files: ImportedFile[];
  /** Records that describe a resource already read, replaced by the newer observation. */
  superseded: number;
  /** What a folder walk left out and why (evidence bundles, the scan's own `--out`): the summary names each. */
  skipped: SkippedPath[];
}

export interface SkippedPath {
  /** As the walk reached it: the input folder joined with the names below it. */
  path: string;
  reason: string;
}

export interface ImportOptions {
  /** Files at least this many bytes are read in a stream, never as one string (default 32 MiB). */
  streamAbove?: number;
  /** Bytes the stream reads at a time (default 1 MiB; tests use tiny reads to split records across them). */
  streamChunk?: number;
  /** The scan's own `--out` (folder or archive): never read, even where it lies inside an input folder. */
  out?: string;
}

/** Resources imported between two full garbage collections (a few hundred ms each, at a million). */
const COLLECT_EVERY = 100_000;

/**
 * Read every input (a folder means every file below it) into one de-duplicated inventory. A file
 * named twice (again, or through its folder or a link) is read once, so nothing counts twice.
 */
export async function importInputs(inputs: string[], options: ImportOptions = {}): Promise<Inventory> {
  const walk: Walk = { out: options.out ? await realOrResolved(options.out) : undefined, skipped: [] };
  const files = new Map<string, string>();
  for (const input of inputs) {
    const before = walk.skipped.length;
    const found = await expand(input, walk, true);
    // An empty folder would grade nothing and pass: say so instead.
    if (found.length === 0) throw new InputError(input, undefined, `the folder holds no export files (hidden files are skipped${skippedNote(walk.skipped.slice(before))})`);
    for (const f of found) if (!files.has(f.real)) files.set(f.real, f.path);
  }
  const inventory = new InventoryBuilder();
  const imported: ImportedFile[] = [];
  let added = 0;
  const emit = (r: Resource): void => {
    inventory.add(r);
    // A million-resource import stays near what it holds (src/import/heap.ts): 1,117 -> 992 MiB peak.
    if (++added % COLLECT_EVERY === 0) collectGarbage();
  };
  for (const file of files.values()) {
    // Large exports are streamed record by record; the rest are read whole.
    const streamed = await decodeLargeFile(file, emit, options.streamAbove, options.streamChunk);
    imported.push(streamed ?? decodeFile(await readText(file), file, emit));
  }
  const resources = inventory.resources();
  normaliseProjects(resources);
  assembleEntraTenants(resources);
  synthesizeSubscriptions(resources);
  assembleAwsAccounts(resources);
  return { resources, files: imported, superseded: inventory.superseded, skipped: walk.skipped };
}

/** Decode one file's text; each resource goes to `emit`. Exported for tests and the bench. */
export function decodeFile(text: string, file: string, emit: (r: Resource) => void): ImportedFile {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new InputError(file, undefined, 'the file is empty');
  if (isCredentialReport(trimmed)) return decodeCredentialReport(text, file, emit);
  if (trimmed[0] !== '{' && trimmed[0] !== '[') {
    throw new InputError(file, 'line 1', 'unknown format: expected JSON or NDJSON from AWS Config, GCP Cloud Asset Inventory or Azure Resource Graph');
  }
  const lines = splitNdjson(text);
  if (lines) return decodeNdjson(lines, file, emit);
  return decodeDocument(parseJsonDocument(text, file), file, emit);
}

/** NDJSON: more than one line, and the first line is a whole JSON object by itself. */
function splitNdjson(text: string): string[] | undefined {
  const firstBreak = text.indexOf('\n');
  if (firstBreak < 0 || text.slice(firstBreak + 1).trim() === '') return undefined;
  const first = text.slice(0, firstBreak).trim();
  if (!first.startsWith('{') || !first.endsWith('}')) return undefined;
  try {
    JSON.parse(first);
  } catch {
    return undefined;
  }
  return text.split('\n');
}

function decodeNdjson(lines: string[], file: string, emit: (r: Resource) => void): ImportedFile {
  const decoder = new NdjsonDecoder(file, emit);
  for (let i = 0; i < lines.length; i++) decoder.line(lines[i]!, i + 1);
  return decoder.result();
}

/** NDJSON one line at a time (the whole-file path and the stream share it). */
export class NdjsonDecoder {
  private records = 0;
  private format = 'ndjson';

  constructor(
    private readonly file: string,
    private readonly emit: (r: Resource) => void,
  ) {}

  /** Decode line number `n` (1-based); blank lines are skipped. */
  line(text: string, n: number): void {
    const line = text.trim();
    if (line === '') return;
    const { file } = this;
    const where: Place = { file, at: `line ${n}`, line: n };
    const value = parseJsonLine(line, file, n);
    const kind = recordKind(value);
    if (!kind) throw new InputError(file, where.at, 'unknown record: not a Cloud Asset, an Azure resource row or an AWS Config item');
    const recordFormat = kind === 'gcp' ? ('asset_type' in (value as object) ? 'gcp-asset-export' : 'gcp-asset-ndjson') : kind === 'azure' ? 'azure-resources-ndjson' : 'aws-config-items-ndjson';
    if (this.records === 0) this.format = recordFormat;
    this.emit(decodeRecord(kind, value, where, recordFormat));
    this.records++;
  }

  result(): ImportedFile {
    return { file: this.file, format: this.format, records: this.records };
  }
}

export type RecordKind = 'aws' | 'gcp' | 'azure';

export function recordKind(v: unknown): RecordKind | undefined {
  if (isAssetRecord(v)) return 'gcp';
  if (isAzureRow(v)) return 'azure';
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).resourceType === 'string') return 'aws';
  return undefined;
}

export function decodeRecord(kind: RecordKind, value: unknown, where: Place, format: string): Resource {
  if (kind === 'gcp') return decodeAsset(value, where, format);
  if (kind === 'azure') return decodeAzureRow(value, where, format);
  return decodeConfigurationItem(value, where, format);
}

function decodeDocument(doc: unknown, file: string, emit: (r: Resource) => void): ImportedFile {
  const list = (items: unknown[], path: string, format: string, kind?: RecordKind): ImportedFile => {
    items.forEach((item, index) => {
      const where: Place = { file, at: `${path}[${index}]`, index };
      const k = kind ?? recordKind(item);
      if (!k) throw new InputError(file, where.at, 'unknown record: not a Cloud Asset, an Azure resource row or an AWS Config item');
      emit(decodeRecord(k, item, where, format));
    });
    return { file, format, records: items.length };
  };
  // Microsoft Graph exports (Entra ID security defaults, conditional access, MFA registration).
  if (graphExportKind(doc)) return decodeGraphExport(doc, file, emit);
  // AWS CLI output of account-level facts Config does not record (password policy, credential report, ...).
  const awsCli = decodeAwsCliOutput(doc, file, emit);
  if (awsCli) return awsCli;

  if (Array.isArray(doc)) {
    if (doc.length === 0) throw new InputError(file, undefined, 'an empty JSON array: nothing to import, and no way to tell which cloud it came from');
    const kind = recordKind(doc[0]);
    if (!kind) throw new InputError(file, '[0]', 'unknown record: not a Cloud Asset, an Azure resource row or an AWS Config item');
    const format = kind === 'gcp' ? 'gcp-asset-json' : kind === 'azure' ? 'azure-resources-json' : 'aws-config-items-json';
    return list(doc, '', format, kind);
  }
  if (!doc || typeof doc !== 'object') throw new InputError(file, undefined, 'unknown format: the document is not a JSON object or array');
  const d = doc as Record<string, unknown>;

  // AWS Config: snapshot and history files delivered to S3, and the API's list responses.
  if (Array.isArray(d.configurationItems)) {
    const format = 'configSnapshotId' in d ? 'aws-config-snapshot' : 'fileVersion' in d ? 'aws-config-history' : 'aws-config-api';
    return list(d.configurationItems, 'configurationItems', format, 'aws');
  }
  if (Array.isArray(d.baseConfigurationItems)) return list(d.baseConfigurationItems, 'baseConfigurationItems', 'aws-config-api', 'aws');
  if (Array.isArray(d.Results) && (d.Results.length === 0 || typeof d.Results[0] === 'string')) {
    const rows = d.Results.map((row, index) =>
      typeof row === 'string' ? parseEmbeddedJson(row, { file, at: `Results[${index}]`, index }, '') : row,
    );
    return list(rows, 'Results', 'aws-config-select', 'aws');
  }
  if (typeof d.invokingEvent === 'string') {
    const event = parseEmbeddedJson(d.invokingEvent, { file, at: 'invokingEvent' }, '') as Record<string, unknown> | null;
    const item = event && typeof event === 'object' ? event.configurationItem : undefined;
    if (!item) throw new InputError(file, 'invokingEvent', 'the Config rule event carries no configurationItem (periodic events are not inventory)');
    emit(decodeConfigurationItem(item, { file, at: 'invokingEvent.configurationItem' }, 'aws-config-rule-event'));
    return { file, format: 'aws-config-rule-event', records: 1 };
  }
  if (d.configurationItem && typeof d.configurationItem === 'object') {
    emit(decodeConfigurationItem(d.configurationItem, { file, at: 'configurationItem' }, 'aws-config-notification'));
    return { file, format: 'aws-config-notification', records: 1 };
  }
  if (typeof d.resourceType === 'string') {
    emit(decodeConfigurationItem(d, { file, at: 'item' }, 'aws-config-item'));
    return { file, format: 'aws-config-item', records: 1 };
  }

  // GCP: the ListAssets response, or a single asset.
  if (Array.isArray(d.assets)) return list(d.assets, 'assets', 'gcp-asset-api', 'gcp');
  if (isAssetRecord(d)) {
    emit(decodeAsset(d, { file, at: 'asset' }, 'gcp-asset-json'));
    return { file, format: 'gcp-asset-json', records: 1 };
  }

  // Azure: Resource Graph results (objectArray or table), or one ARM resource.
  if (Array.isArray(d.data)) return list(d.data, 'data', 'azure-resource-graph', 'azure');
  if (d.data && typeof d.data === 'object' && Array.isArray((d.data as Record<string, unknown>).rows) && Array.isArray((d.data as Record<string, unknown>).columns)) {
    const table = d.data as { columns: unknown[]; rows: unknown[] };
    const bad = table.columns.findIndex((c) => !c || typeof c !== 'object' || typeof (c as Record<string, unknown>).name !== 'string');
    if (bad >= 0) throw new InputError(file, `data.columns[${bad}]`, 'not a Resource Graph table column: expected an object with a string name');
    return list(rowsFromTable(table as { columns: { name: string }[]; rows: unknown[] }), 'data.rows', 'azure-resource-graph-table', 'azure');
  }
  // ARM list responses (`az rest`, the REST API's `{ value: [...] }`), e.g. SQL databases' TDE.
  if (Array.isArray(d.value) && (d.value.length === 0 || isAzureRow(d.value[0]))) return list(d.value, 'value', 'azure-arm-list', 'azure');
  if (isAzureRow(d)) {
    emit(decodeAzureRow(d, { file, at: 'resource' }, 'azure-resource'));
    return { file, format: 'azure-resource', records: 1 };
  }

  // Terraform: `terraform show -json` of a saved plan (or a state), translated to native shapes.
  if (isTerraformJson(d)) return decodeTerraformJson(d, file, emit);
  // A known list key holding something else: name it rather than the whole document.
  const container = LIST_KEYS.find((k) => Object.hasOwn(d, k) && !Array.isArray(d[k]));
  if (container) throw new InputError(file, container, `expected a list of records, found ${d[container] === null ? 'null' : typeof d[container]}`);
  throw new InputError(file, undefined, 'unknown format: expected an AWS Config snapshot or item list, a Cloud Asset export, or a Resource Graph result');
}

/** The keys under which the supported JSON documents hold their records. */
const LIST_KEYS = ['configurationItems', 'baseConfigurationItems', 'Results', 'assets', 'data', 'value'];

/** Keeps one resource per cloud id: the newest observation wins, GCP records of one asset merge. */
class InventoryBuilder {
  private readonly byKey = new Map<string, Resource>();
  /** Records that only add `related` facts (credential-report users): merged into their resource last. */
  private readonly facts: Resource[] = [];
  superseded = 0;

  add(r: Resource): void {
    if (r.related[FACTS_ONLY]) {
      this.facts.push(r);
      return;
    }
    const key = builderKey(r);
    const existing = this.byKey.get(key);
    if (!existing) {
      this.byKey.set(key, r);
      return;
    }
    if (r.provider === 'gcp' && (existing.related.resourceMissing || r.related.resourceMissing)) {
      mergeAsset(existing, r);
      return;
    }
    this.superseded++;
    if (compareObservedAt(r.source.observedAt, existing.source.observedAt) >= 0) {
      if (r.provider === 'gcp') for (const [k, v] of Object.entries(existing.related)) if (!(k in r.related)) r.related[k] = v;
      this.byKey.set(key, r);
    }
  }

  resources(): Resource[] {
    for (const f of this.facts.splice(0)) {
      delete f.related[FACTS_ONLY];
      const existing = this.byKey.get(builderKey(f));
      if (existing) Object.assign(existing.related, f.related);
      else this.byKey.set(builderKey(f), f);
    }
    return [...this.byKey.values()];
  }
}

function builderKey(r: Resource): string {
  // An ARN is its own key (no other key starts with `arn:`), which saves a string a resource at scale.
  if (r.provider === 'aws' && r.id.startsWith('arn:')) return r.id;
  return r.provider === 'azure' ? resourceKey(r).toLowerCase() : r.provider === 'aws' && !r.id.startsWith('arn:') ? awsResourceIdKey(r) : resourceKey(r);
}

/** An AWS resource id (an item without an ARN) is unique only per type, account and region. */
function awsResourceIdKey(r: Resource): string {
  return [resourceKey(r), r.type, r.account ?? '', r.region ?? ''].join('\u0000');
}

/** One walk over the inputs: the scan's own output (a real path) and what was left out. */
interface Walk {
  out: string | undefined;
  skipped: SkippedPath[];
}

/** The files below `input`, each with its real path; `top` is an input as given, not a folder entry. */
async function expand(input: string, walk: Walk, top: boolean, seen = new Set<string>()): Promise<{ path: string; real: string }[]> {
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw new InputError(input, undefined, fsReason(err));
  }
  if (!info.isFile() && !info.isDirectory()) throw new InputError(input, undefined, 'not a file or folder');
  const real = await realpath(input).catch((err: unknown) => {
    throw new InputError(input, undefined, fsReason(err));
  });
  // A scan with --out inside its input folder would otherwise read its own earlier bundle.
  if (!top && real === walk.out) return skip(walk, input, "this scan's own evidence bundle (--out)");
  if (info.isFile()) return [{ path: input, real }];
  if (seen.has(real)) return [];
  seen.add(real);
  if (await isEvidenceBundle(input)) {
    if (top) throw new InputError(input, undefined, 'is an evidence bundle, not an export; to compare scans use safeguard diff');
    return skip(walk, input, 'an evidence bundle');
  }
  let entries;
  try {
    entries = await readdir(input);
  } catch (err) {
    throw new InputError(input, undefined, fsReason(err));
  }
  const out: { path: string; real: string }[] = [];
  // Hidden files (.DS_Store, editor swap files) are not exports; everything else must import.
  for (const name of entries.filter((n) => !n.startsWith('.')).sort()) out.push(...(await expand(join(input, name), walk, false, seen)));
  return out;
}

function skip(walk: Walk, path: string, reason: string): [] {
  walk.skipped.push({ path, reason });
  return [];
}

/**
 * An evidence bundle (`--out`) holds manifest.json beside findings.json; no cloud export does.
 * Its report.html and README.md would otherwise stop the scan as files of unknown format.
 */
async function isEvidenceBundle(dir: string): Promise<boolean> {
  const isFile = (name: string) => stat(join(dir, name)).then((s) => s.isFile(), () => false);
  return (await isFile('manifest.json')) && (await isFile('findings.json'));
}

/** `--out` names a path that may not exist yet (the first scan): then it cannot be met on a walk either. */
async function realOrResolved(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

function skippedNote(skipped: SkippedPath[]): string {
  return skipped.map((s) => `; skipped ${s.path}: ${s.reason}`).join('');
}

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new InputError(file, undefined, fsReason(err));
  }
  return decodeUtf8File(bytes, file);
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code ? `cannot read (${code})` : 'cannot read';
  }
}
