import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Resource } from '../inventory/resource.js';
import { decodeAwsCliOutput } from './aws-account.js';
import { isAzureRow } from './azure-graph.js';
import { graphExportKind } from './entra.js';
import { isAssetRecord } from './gcp-asset.js';
import { decodeRecord, NdjsonDecoder, recordKind, type ImportedFile, type RecordKind } from './index.js';
import { InputError } from './input-error.js';
import { describeJsonError, duplicateKey, duplicateMessage, jsonErrorOffset } from './json.js';
import { decodeUtf8File } from './text.js';

/**
 * Large exports are read in a stream and never held as one string: NDJSON line by line, and a JSON
 * document's inventory array (an AWS Config snapshot's `configurationItems`, a Resource Graph
 * result's `data`, a Cloud Asset `assets` list, an ARM `value` list, a top-level array) record by
 * record. Each record's text is parsed on its own with `JSON.parse` and decoded exactly as the
 * whole-file path decodes it, so records, formats, places and errors are the same.
 *
 * A document is read twice: a first pass checks its structure and reads everything except the
 * arrays' records (the keys that say which format it is may come after the array), and a second
 * pass reads the chosen array from where it starts. Files below `STREAM_ABOVE` are read whole.
 */

/** Files at least this large are streamed (smaller ones are read whole, which is faster for them). */
export const STREAM_ABOVE = 32 * 1024 * 1024;
/** Beyond this a file cannot be one JavaScript string: V8 caps strings near 512 Mi characters. */
const WHOLE_LIMIT = 384 * 1024 * 1024;
/** Bytes read at a time. */
const CHUNK = 1 << 20;
/** A single record larger than this is not a configuration item, asset or row: the file is damaged. */
const MAX_RECORD = 64 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

/**
 * Decode `file` in a stream if it is at least `streamAbove` bytes and in a format read that way;
 * `undefined` tells the caller to read it whole.
 */
export async function decodeLargeFile(file: string, emit: (r: Resource) => void, streamAbove = STREAM_ABOVE, chunk = CHUNK): Promise<ImportedFile | undefined> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return undefined; // the whole-file path names the problem
  }
  if (size === 0 || size < streamAbove) return undefined;
  const handle = await open(file, 'r');
  try {
    const head = await readAt(handle, 0, Math.min(size, 64 * 1024));
    // UTF-16 and UTF-32: the whole-file decoder says which.
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) decodeUtf8File(head.subarray(0, 4), file);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const reader = new Reader(handle, file, size, bom, chunk);
    // Repeated values are kept once: a large estate repeats its account ids, regions, times, enums and small documents.
    const pool = new ValuePool();
    const pooled = (r: Resource): void => emit(pool.resource(r));
    const start = await reader.firstNonSpace(bom);
    const first = start < size ? (await readAt(handle, start, 1))[0] : undefined;
    // Not JSON (a credential report, or something no decoder reads): the whole-file path says what it is.
    if (first !== LBRACE && first !== LBRACKET) return wholeOrRefuse(file, size, 'it is not JSON');
    if (first === LBRACE && (await reader.isNdjson())) return await decodeNdjsonStream(reader, pooled, pool);
    return await decodeDocumentStream(reader, first === LBRACKET, pooled, pool);
  } catch (err) {
    if (err instanceof JsonSyntax) throw await err.toInputError(file, handle, size);
    throw err;
  } finally {
    await handle.close();
  }
}

function wholeOrRefuse(file: string, size: number, why: string): undefined {
  if (size <= WHOLE_LIMIT) return undefined;
  throw new InputError(file, undefined, `${Math.round(size / 1024 / 1024)} MB is too large to read at once, and ${why}: safeguard streams only NDJSON and JSON documents whose records are in configurationItems, baseConfigurationItems, assets, data, value or a top-level array`);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  return readInto(handle, Buffer.allocUnsafe(length), position, length);
}

/** `length` bytes at `position` into the start of `buffer` (fewer at the end of the file). */
async function readInto(handle: FileHandle, buffer: Buffer, position: number, length: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/**
 * Shares equal values between resources. JSON.parse makes a new string for every value and a new
 * object for every `{}`, so a million items hold a million copies of the same account id, capture
 * time, region and resource type, and of the same small documents (an S3 bucket's public access
 * block, its default encryption rule, an instance's placement, an empty `supplementaryConfiguration`).
 * Equal strings are kept once; equal small objects and arrays below `config` and `related`, and
 * equal `tags` objects, are kept once too, frozen, so that no code can change one resource's
 * document through another (checks are pure functions of their resource: a write would throw,
 * never leak). Values compare by their JSON text, which also orders their keys, so a shared value
 * has the same content and key order as the one it replaces; a record whose text may hold a -0
 * (which JSON text writes as `0`) shares strings only. Two generations bound each table: values
 * seen again while young survive into the next.
 */
class ValuePool {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  private youngValues = new Map<string, object>();
  private oldValues = new Map<string, object>();
  /** Whether the next resource's objects may be shared (its record text holds no -0). */
  private shareValues = true;
  /** Per resource type, where its values sit and how often they turn out shared. */
  private readonly slots = new Map<string, { config: Slot; related: Slot; tags: Slot }>();

  /** The text of the record the next resource is decoded from. */
  record(text: string): void {
    this.shareValues = !NEGATIVE_ZERO.test(text);
  }

  resource(r: Resource): Resource {
    r.type = this.string(r.type);
    r.name = this.string(r.name);
    if (r.account) r.account = this.string(r.account);
    if (r.region) r.region = this.string(r.region);
    if (r.source.observedAt) r.source.observedAt = this.string(r.source.observedAt);
    let slots = this.slots.get(r.type);
    if (!slots) this.slots.set(r.type, (slots = { config: new Slot(), related: new Slot(), tags: new Slot() }));
    r.tags = this.value(r.tags, slots.tags, true) as Record<string, string>;
    // `config` and `related` themselves are the resource's own (the inventory merges into `related`).
    // AWS `config` holds the very values of `related.supplementaryConfiguration`: share each once.
    const supplementary = r.related.supplementaryConfiguration;
    const config = r.config;
    for (const k in config) {
      const x = config[k];
      if (typeof x === 'string') config[k] = this.string(x);
      else if (x !== null && typeof x === 'object') {
        const kept = this.value(x, slots.config.child(k), true);
        config[k] = kept;
        if (supplementary !== null && typeof supplementary === 'object' && (supplementary as Record<string, unknown>)[k] === x) (supplementary as Record<string, unknown>)[k] = kept;
      }
    }
    r.config = slots.config.compact(config);
    const related = r.related;
    for (const k in related) {
      const x = related[k];
      if (typeof x === 'string') related[k] = this.string(x);
      else if (x !== null && typeof x === 'object') related[k] = this.value(x, slots.related.child(k), true);
    }
    r.related = slots.related.compact(related);
    return compactResource(r);
  }

  private string(s: string): string {
    if (s.length > MAX_SHARED_STRING) return s;
    let hit = this.young.get(s);
    if (hit !== undefined) return hit;
    hit = this.old.get(s) ?? s;
    if (this.young.size >= 1 << 15) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(hit, hit);
    return hit;
  }

  /** Share the members of `v` (an object or array, which sits at `slot`) in place. */
  private members(v: object, slot: Slot): void {
    if (Array.isArray(v)) {
      const items = slot.child('[]');
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') v[i] = this.string(x);
        else if (x !== null && typeof x === 'object') v[i] = this.value(x, items);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') o[k] = this.string(x);
      else if (x !== null && typeof x === 'object') o[k] = this.value(x, slot.child(k));
    }
  }

  /**
   * An equal value already kept, or `v` (its members shared, and kept itself when small). A
   * `fresh` object (one a decoder built, rather than JSON.parse) is first copied to one of its size.
   */
  private value(v: object, slot: Slot, fresh = false): object {
    // Frozen values are the pool's (JSON.parse makes none): already shared, members included.
    if (Object.isFrozen(v)) return v;
    if (!this.shareValues || !slot.share) {
      this.members(v, slot);
      return fresh ? slot.compact(v) : v;
    }
    const key = JSON.stringify(v);
    const hit = key.length > MAX_SHARED_VALUE ? undefined : (this.youngValues.get(key) ?? this.oldValues.get(key));
    slot.count(hit !== undefined);
    if (hit !== undefined) return hit;
    this.members(v, slot);
    if (fresh) v = slot.compact(v);
    if (key.length > MAX_SHARED_VALUE) return v;
    Object.freeze(v);
    if (this.youngValues.size >= 1 << 14) {
      this.oldValues = this.youngValues;
      this.youngValues = new Map();
    }
    this.youngValues.set(key, v);
    return v;
  }
}

/**
 * One place in a resource type's documents (`config.placement`, `config.securityGroups[]`): values
 * there are compared with those kept only while enough of them turn out equal, since comparing
 * costs a JSON text each (an instance's network interfaces, say, are each its own).
 */
class Slot {
  share = true;
  private tries = 0;
  private hits = 0;
  private children: Map<string, Slot> | undefined;

  child(key: string): Slot {
    if (!this.children) this.children = new Map();
    let c = this.children.get(key);
    if (!c) this.children.set(key, (c = new Slot()));
    return c;
  }

  /**
   * The same object (keys, order, values) as one of its size: a decoder's object grows as keys are
   * added and keeps room it never uses (an out-of-object property store). JSON.parse of the keys
   * makes an object that holds exactly them, which then takes the values. The keys' text is kept
   * for the next object with the same keys (most objects at one place have them).
   */
  compact<T extends object>(v: T): T {
    if (Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return v;
    const keys = Object.keys(v);
    if (keys.length > 64) return v;
    let same = this.keys !== undefined && this.keys.length === keys.length;
    for (let i = 0; same && i < keys.length; i++) same = keys[i] === this.keys![i];
    if (!same) {
      this.keys = keys;
      this.skeleton = `{${keys.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`;
    }
    const copy = JSON.parse(this.skeleton!) as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) copy[keys[i]!] = (v as Record<string, unknown>)[keys[i]!];
    return copy as T;
  }

  private keys: string[] | undefined;
  private skeleton: string | undefined;

  count(hit: boolean): void {
    this.tries++;
    if (hit) this.hits++;
    if (this.tries === SLOT_TRIAL && this.hits * 4 < this.tries) this.share = false;
  }
}

const RESOURCE_KEYS = ['provider', 'type', 'id', 'name', 'tags', 'config', 'related', 'source', 'account', 'region'];

/** A resource as one object of its size (the decoders add `account` and `region` last). */
function compactResource(r: Resource): Resource {
  const keys = Object.keys(r);
  if (keys.length !== RESOURCE_KEYS.length) return r;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== RESOURCE_KEYS[i]) return r;
  return { provider: r.provider, type: r.type, id: r.id, name: r.name, tags: r.tags, config: r.config, related: r.related, source: r.source, account: r.account!, region: r.region! };
}

/** Values compared at one place before it is judged worth comparing. */
const SLOT_TRIAL = 256;

/** A -0 in JSON text (`-0`, `-0.0`, `-0e5`), or something that looks like one inside a string. */
const NEGATIVE_ZERO = /-0(?:\.0+)?(?:[eE][+-]?\d+)?(?![\w.-])/;
/** Longest string kept once (longer ones are rarely repeated, and costly to compare). */
const MAX_SHARED_STRING = 256;
/** Longest JSON text of an object or array kept once. */
const MAX_SHARED_VALUE = 512;

/** Reads the file in chunks from an offset; every chunk is checked for NUL bytes (binary data). */
class Reader {
  constructor(
    readonly handle: FileHandle,
    readonly file: string,
    readonly size: number,
    readonly bom: number,
    readonly chunk: number,
  ) {}

  /**
   * The file from `from`, a chunk at a time. Every chunk is read into the same buffer (a gigabyte
   * read in fresh buffers leaves their memory to the garbage collector): a reader that keeps bytes
   * past the next chunk copies them.
   */
  async *chunks(from: number): AsyncGenerator<{ buffer: Buffer; base: number }> {
    const into = Buffer.allocUnsafeSlow(Math.min(this.chunk, Math.max(0, this.size - from)));
    for (let base = from; base < this.size; ) {
      const buffer = await readInto(this.handle, into, base, Math.min(this.chunk, this.size - base));
      if (buffer.length === 0) return;
      const nul = buffer.indexOf(0);
      if (nul >= 0) textOf(buffer.subarray(nul, nul + 1), base + nul, this.file);
      yield { buffer, base };
      base += buffer.length;
    }
  }

  async firstNonSpace(from: number): Promise<number> {
    for await (const { buffer, base } of this.chunks(from)) {
      for (let i = 0; i < buffer.length; i++) if (!isSpace(buffer[i]!)) return base + i;
    }
    return this.size;
  }

  /**
   * NDJSON, as the whole-file path decides it: more than one line, and the first line (up to the
   * first `\n`) is a whole JSON object by itself.
   */
  async isNdjson(): Promise<boolean> {
    const pieces: Buffer[] = [];
    let length = 0;
    let lineEnd = -1;
    for await (const { buffer, base } of this.chunks(this.bom)) {
      const nl = buffer.indexOf(NEWLINE);
      if (nl >= 0) {
        pieces.push(Buffer.from(buffer.subarray(0, nl)));
        lineEnd = base + nl;
        break;
      }
      pieces.push(Buffer.from(buffer));
      length += buffer.length;
      if (length > MAX_RECORD) return false;
    }
    if (lineEnd < 0) return false;
    const first = Buffer.concat(pieces).toString('utf8').trim();
    if (!first.startsWith('{') || !first.endsWith('}')) return false;
    try {
      JSON.parse(first);
    } catch {
      return false;
    }
    return (await this.firstNonSpace(lineEnd + 1)) < this.size;
  }
}

/** NDJSON: one record a line, split on `\n` as the whole-file path splits it. */
async function decodeNdjsonStream(reader: Reader, emit: (r: Resource) => void, pool: ValuePool): Promise<ImportedFile> {
  const decoder = new NdjsonDecoder(reader.file, emit);
  let pieces: Buffer[] = [];
  let pending = 0;
  let line = 1;
  let lineStart = reader.bom;
  const flush = (last: Buffer): void => {
    const bytes = pieces.length === 0 ? last : Buffer.concat([...pieces, last]);
    pieces = [];
    pending = 0;
    const text = textOf(bytes, lineStart, reader.file);
    pool.record(text);
    decoder.line(text, line++);
  };
  for await (const { buffer, base } of reader.chunks(reader.bom)) {
    let from = 0;
    for (let nl = buffer.indexOf(NEWLINE); nl >= 0; nl = buffer.indexOf(NEWLINE, from)) {
      flush(buffer.subarray(from, nl));
      from = nl + 1;
      lineStart = base + from;
    }
    if (from < buffer.length) {
      pieces.push(Buffer.from(buffer.subarray(from)));
      pending += buffer.length - from;
      if (pending > MAX_RECORD) throw new InputError(reader.file, `line ${line}`, `a line longer than ${MAX_RECORD / 1024 / 1024} MB is not one record (byte ${base + from})`);
    }
  }
  flush(Buffer.alloc(0));
  return decoder.result();
}

/** What the first pass learns about a depth-1 array: where it starts, its first record, its length. */
interface ArrayInfo {
  /** Offset of its `[`. */
  start: number;
  count: number;
  first?: unknown;
}

/** A streamed array and how its records decode, as `decodeDocument` in index.ts would choose. */
interface Plan {
  key: string;
  format: string;
  kind: RecordKind;
}

async function decodeDocumentStream(reader: Reader, topArray: boolean, emit: (r: Resource) => void, pool: ValuePool): Promise<ImportedFile | undefined> {
  const { file } = reader;
  if (topArray) {
    // A top-level array: the first record says which cloud; then every record in the same pass.
    let plan: Plan | undefined;
    let records = 0;
    const scanner = new Scanner(file, {
      wantText: () => true,
      value: (path, text, offset) => {
        const index = path as number;
        const item = parseRecordText(text!, offset);
        pool.record(text!);
        if (index === 0) {
          plan = planForTopArray(item, file);
          if (!plan) throw new Fallback();
        }
        emitRecord(plan!, item, `[${index}]`, index, file, emit);
        records++;
      },
    });
    try {
      await scanner.run(reader, reader.bom);
    } catch (err) {
      if (err instanceof Fallback) return wholeOrRefuse(file, reader.size, 'its records are not cloud inventory records');
      throw err;
    }
    if (records === 0) throw new InputError(file, undefined, 'an empty JSON array: nothing to import, and no way to tell which cloud it came from');
    return { file, format: plan!.format, records };
  }

  // Pass 1: the document without the records of the arrays that may hold them. Every other value
  // is parsed (and so checked: its syntax, its keys, its UTF-8) as the whole-file path checks it.
  const skeleton: Record<string, unknown> = {};
  const arrays = new Map<string, ArrayInfo>();
  const pass1 = new Scanner(file, {
    wantText: (path) => !Array.isArray(path) || path[1] === 0 || !RECORD_LISTS.has(path[0]),
    value: (path, text, offset) => {
      if (typeof path === 'string') {
        skeleton[path] = parseRecordText(text!, offset);
        arrays.delete(path);
      } else if (Array.isArray(path)) {
        const info = arrays.get(path[0])!;
        info.count++;
        if (path[1] === 0) info.first = parseRecordText(text!, offset);
        else if (text !== undefined) parseRecordText(text, offset);
      }
    },
    arrayStart: (key, offset) => {
      // JSON.parse keeps the last of duplicate keys; so does this.
      arrays.set(key, { start: offset, count: 0 });
      skeleton[key] = [];
    },
  });
  await pass1.run(reader, reader.bom);
  for (const [key, info] of arrays) skeleton[key] = info.count ? [info.first] : [];
  const plan = planForDocument(skeleton, file);
  if (!plan) return wholeOrRefuse(file, reader.size, 'its records are not in an array safeguard streams');

  // The record lists the format does not read (`assets` beside `configurationItems`): checked only.
  for (const [key, other] of arrays) {
    if (key === plan.key || other.count < 2 || !RECORD_LISTS.has(key)) continue;
    const check = new Scanner(file, {
      wantText: (path) => (path as [string, number])[1] > 0,
      value: (_path, text, offset) => {
        if (text !== undefined) parseRecordText(text, offset);
      },
    });
    await check.runArray(reader, other.start + 1);
  }

  // Pass 2: the chosen array, record by record.
  const info = arrays.get(plan.key)!;
  const pass2 = new Scanner(file, {
    wantText: () => true,
    value: (path, text, offset) => {
      const index = (path as [string, number])[1];
      const item = parseRecordText(text!, offset);
      pool.record(text!);
      emitRecord(plan, item, `${plan.key}[${index}]`, index, file, emit);
    },
  });
  await pass2.runArray(reader, info.start + 1);
  return { file, format: plan.format, records: info.count };
}

function emitRecord(plan: Plan, item: unknown, at: string, index: number, file: string, emit: (r: Resource) => void): void {
  emit(decodeRecord(plan.kind, item, { file, at, index }, plan.format));
}

/** Members of a document whose arrays may hold the records: their records are read in pass 2 only. */
const RECORD_LISTS = new Set(['configurationItems', 'baseConfigurationItems', 'assets', 'data', 'value']);

/** The whole-file path's choice for a top-level array, or `undefined` where it reads it another way. */
function planForTopArray(first: unknown, file: string): Plan | undefined {
  const skeleton = [first];
  if (graphExportKind(skeleton) || isCliOutput(skeleton, file)) return undefined;
  const kind = recordKind(first);
  if (!kind) throw new InputError(file, '[0]', 'unknown record: not a Cloud Asset, an Azure resource row or an AWS Config item');
  return { key: '', kind, format: kind === 'gcp' ? 'gcp-asset-json' : kind === 'azure' ? 'azure-resources-json' : 'aws-config-items-json' };
}

/**
 * The whole-file path's choice (`decodeDocument` in index.ts, in the same order) for the formats
 * whose records sit in one array; `undefined` for the rest, which are read whole.
 */
function planForDocument(d: Record<string, unknown>, file: string): Plan | undefined {
  if (graphExportKind(d) || isCliOutput(d, file)) return undefined;
  if (Array.isArray(d.configurationItems)) {
    return { key: 'configurationItems', kind: 'aws', format: 'configSnapshotId' in d ? 'aws-config-snapshot' : 'fileVersion' in d ? 'aws-config-history' : 'aws-config-api' };
  }
  if (Array.isArray(d.baseConfigurationItems)) return { key: 'baseConfigurationItems', kind: 'aws', format: 'aws-config-api' };
  if (Array.isArray(d.Results) || typeof d.invokingEvent === 'string' || (d.configurationItem && typeof d.configurationItem === 'object') || typeof d.resourceType === 'string') return undefined;
  if (Array.isArray(d.assets)) return { key: 'assets', kind: 'gcp', format: 'gcp-asset-api' };
  if (isAssetRecord(d)) return undefined;
  if (Array.isArray(d.data)) return { key: 'data', kind: 'azure', format: 'azure-resource-graph' };
  if (d.data && typeof d.data === 'object') return undefined;
  if (Array.isArray(d.value) && (d.value.length === 0 || isAzureRow(d.value[0]))) return { key: 'value', kind: 'azure', format: 'azure-arm-list' };
  return undefined;
}

/** Whether the AWS CLI decoder claims the document (it is then small, and read whole). */
function isCliOutput(doc: unknown, file: string): boolean {
  try {
    return decodeAwsCliOutput(doc, file, () => undefined) !== undefined;
  } catch {
    return true;
  }
}

/** Raised inside a pass to hand the file back to the whole-file path. */
class Fallback extends Error {}

/**
 * A syntax error at a byte offset; turned into `line L, column C` once the pass has stopped. When
 * it broke off inside a record whose text was not kept, that record is read again and parsed, so
 * the message is V8's own.
 */
class JsonSyntax extends Error {
  constructor(
    /** The whole message: `invalid JSON (…)`, or a duplicate key. */
    readonly detail: string,
    readonly offset: number,
    readonly recordStart?: number,
  ) {
    super(detail);
  }

  static json(v8Message: string, offset: number, recordStart?: number): JsonSyntax {
    return new JsonSyntax(`invalid JSON (${v8Message})`, offset, recordStart);
  }

  async toInputError(file: string, handle: FileHandle, size: number): Promise<InputError> {
    let { detail, offset } = this;
    if (this.recordStart !== undefined && offset - this.recordStart <= MAX_RECORD) {
      try {
        parseRecordText(textOf(await readAt(handle, this.recordStart, offset - this.recordStart), this.recordStart, file), this.recordStart);
      } catch (err) {
        if (err instanceof JsonSyntax) ({ detail, offset } = err);
      }
    }
    const place = await locate(handle, offset, size);
    return new InputError(file, `line ${place.line}, column ${place.column}`, detail);
  }
}

/**
 * Bytes of the file as text, with the whole-file path's checks and messages (a NUL byte, bytes
 * that are not UTF-8), placed at their offset in the file.
 */
function textOf(bytes: Buffer, offset: number, file: string): string {
  if (bytes.length === 0) return '';
  try {
    return decodeUtf8File(bytes, file);
  } catch (err) {
    const at = err instanceof InputError ? /^byte (\d+)$/.exec(err.place ?? '') : null;
    if (at) throw new InputError(file, `byte ${offset + Number(at[1])}`, (err as InputError).detail);
    throw err;
  }
}

/** `JSON.parse` of one record's text; a syntax error or a duplicate key names its place in the file. */
function parseRecordText(text: string, offset: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = jsonErrorOffset(text, err) ?? 0;
    throw new JsonSyntax(`invalid JSON (${describeJsonError(err)})`, offset + Buffer.byteLength(text.slice(0, at)));
  }
  const dup = duplicateKey(text);
  if (dup) throw new JsonSyntax(duplicateMessage(dup.key), offset + Buffer.byteLength(text.slice(0, dup.offset)));
  return value;
}

/** The line and UTF-16 column of a byte offset, as V8 counts them in the whole text (after a BOM). */
async function locate(handle: FileHandle, offset: number, size: number): Promise<{ line: number; column: number }> {
  const head = await readAt(handle, 0, Math.min(3, size));
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let line = 1;
  let column = 0;
  for (let base = bom; base < offset; base += CHUNK) {
    const buffer = await readAt(handle, base, Math.min(CHUNK, offset - base));
    if (buffer.length === 0) break;
    let from = 0;
    const last = buffer.lastIndexOf(NEWLINE);
    if (last >= 0) {
      for (let i = buffer.indexOf(NEWLINE); i >= 0; i = buffer.indexOf(NEWLINE, i + 1)) line++;
      column = 0;
      from = last + 1;
    }
    for (let i = from; i < buffer.length; i++) {
      const b = buffer[i]!;
      // One UTF-16 unit per character, two for a character beyond the BMP (a 4-byte sequence).
      if ((b & 0xc0) !== 0x80) column++;
      if (b >= 0xf0) column++;
    }
  }
  return { line, column: column + 1 };
}

/** Where a value sits: a key of the top-level object, an index of a top-level array, or [key, index] inside a member array. */
type ValuePath = string | number | [string, number];

interface ScannerHandlers {
  /** Whether a value's text is needed (otherwise it is only stepped over). */
  wantText(path: ValuePath): boolean;
  value(path: ValuePath, text: string | undefined, offset: number): void;
  /** A member of the top-level object whose value is an array: its records come as `[key, index]`. */
  arrayStart?(key: string, offset: number): void;
}

const enum S {
  Start,
  ObjectKeyOrEnd,
  ObjectKey,
  Colon,
  MemberValue,
  ObjectCommaOrEnd,
  ArrayValueOrEnd,
  ArrayValue,
  ArrayCommaOrEnd,
  Capture,
  After,
  Done,
}

/**
 * The structure of a JSON document down to the records of its arrays, read a chunk at a time:
 * the top-level object's keys and values (a member array record by record), or a top-level
 * array's records. Records are stepped over by counting brackets outside strings; their own
 * syntax is `JSON.parse`'s to check. Error messages are V8's, so the two paths read alike.
 */
class Scanner {
  private state = S.Start;
  /** The array being read: the top-level one (0) or a member of the top-level object (1). */
  private arrayLevel = 0;
  private key = '';
  private index = 0;
  // The value being captured.
  private capPath: ValuePath | 'key' = '';
  private capKind: 'string' | 'container' | 'scalar' = 'string';
  private capDepth = 0;
  private capInString = false;
  /** Backslashes just before the end of the last chunk, inside a string. */
  private capBackslashes = 0;
  private capStart = 0;
  private capLength = 0;
  private capPieces: Buffer[] | undefined;
  /** Where the kept part of the value starts in the current chunk. */
  private pieceFrom = 0;
  private after: S = S.Done;

  /** Keys of the top-level object seen so far: a repeated key is refused, as the whole-file path refuses it. */
  private readonly keys = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly handlers: ScannerHandlers,
  ) {}

  /** Read the whole document from `from` (its first byte after any BOM). */
  async run(reader: Reader, from: number): Promise<void> {
    let end = from;
    for await (const { buffer, base } of reader.chunks(from)) {
      this.push(buffer, base);
      end = base + buffer.length;
    }
    this.finish(end);
  }

  /** Read one member array from just after its `[` to its `]`. */
  async runArray(reader: Reader, from: number): Promise<void> {
    this.state = S.ArrayValueOrEnd;
    this.arrayLevel = 1;
    this.index = 0;
    for await (const { buffer, base } of reader.chunks(from)) {
      this.push(buffer, base);
      if (this.arrayClosed()) return;
    }
    throw JsonSyntax.json('Unexpected end of JSON input', reader.size);
  }

  private finish(end: number): void {
    if (this.state === S.After) return;
    if (this.state === S.Capture && this.capKind === 'scalar') {
      // A scalar ends at the end of the input as well.
      this.endCapture(end);
      if ((this.state as S) === S.After) return;
    }
    if (this.state === S.Capture) {
      // The value runs past the end: its own parse names what is missing.
      if (this.capPieces) parseRecordText(textOf(Buffer.concat(this.capPieces), this.capStart, this.file), this.capStart);
      throw JsonSyntax.json('Unexpected end of JSON input', end, this.capStart);
    }
    throw JsonSyntax.json(this.expected(), end);
  }

  /** V8's message for input that ends (or breaks off) in the current state. */
  private expected(): string {
    switch (this.state) {
      case S.ObjectKeyOrEnd:
        return "Expected property name or '}'";
      case S.ObjectKey:
        return 'Expected double-quoted property name';
      case S.Colon:
        // V8 says so after the first key only; after later ones the input just ends.
        return this.keys.size === 1 ? "Expected ':' after property name" : 'Unexpected end of JSON input';
      case S.ObjectCommaOrEnd:
        return "Expected ',' or '}' after property value";
      case S.ArrayCommaOrEnd:
        return "Expected ',' or ']' after array element";
      default:
        return 'Unexpected end of JSON input';
    }
  }

  private unexpected(c: number, offset: number): JsonSyntax {
    switch (this.state) {
      case S.Colon:
        if (this.keys.size > 1) return JsonSyntax.json(c === QUOTE ? 'Unexpected string' : `Unexpected token '${String.fromCharCode(c)}'`, offset);
        return JsonSyntax.json(this.expected(), offset);
      case S.ObjectKeyOrEnd:
      case S.ObjectKey:
      case S.ObjectCommaOrEnd:
      case S.ArrayCommaOrEnd:
        return JsonSyntax.json(this.expected(), offset);
      case S.After:
        return JsonSyntax.json('Unexpected non-whitespace character after JSON', offset);
      default:
        return JsonSyntax.json(`Unexpected token '${String.fromCharCode(c)}'`, offset);
    }
  }

  private push(buf: Buffer, base: number): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.state === S.Capture) {
        i = this.capture(buf, base, i);
        continue;
      }
      const c = buf[i]!;
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (this.state) {
        case S.Start:
          if (c === LBRACE) this.state = S.ObjectKeyOrEnd;
          else if (c === LBRACKET) {
            this.state = S.ArrayValueOrEnd;
            this.arrayLevel = 0;
          } else throw this.unexpected(c, base + i);
          i++;
          break;
        case S.ObjectKeyOrEnd:
        case S.ObjectKey:
          if (c === QUOTE) {
            this.beginCapture('key', 'string', buf, i, base, true);
            i++;
          } else if (c === RBRACE && this.state === S.ObjectKeyOrEnd) {
            this.state = S.After;
            i++;
          } else throw this.unexpected(c, base + i);
          break;
        case S.Colon:
          if (c !== COLON) throw this.unexpected(c, base + i);
          this.state = S.MemberValue;
          i++;
          break;
        case S.MemberValue:
          if (c === LBRACKET && this.handlers.arrayStart) {
            this.handlers.arrayStart(this.key, base + i);
            this.state = S.ArrayValueOrEnd;
            this.arrayLevel = 1;
            this.index = 0;
            i++;
          } else {
            i = this.startValue(this.key, S.ObjectCommaOrEnd, c, buf, i, base);
          }
          break;
        case S.ObjectCommaOrEnd:
          if (c === COMMA) this.state = S.ObjectKey;
          else if (c === RBRACE) this.state = S.After;
          else throw this.unexpected(c, base + i);
          i++;
          break;
        case S.ArrayValueOrEnd:
        case S.ArrayValue:
          if (c === RBRACKET && this.state === S.ArrayValueOrEnd) {
            this.closeArray();
            i++;
            if (this.arrayClosed()) return;
          } else {
            const path: ValuePath = this.arrayLevel === 0 ? this.index : [this.key, this.index];
            i = this.startValue(path, S.ArrayCommaOrEnd, c, buf, i, base);
          }
          break;
        case S.ArrayCommaOrEnd:
          if (c === COMMA) {
            this.state = S.ArrayValue;
            i++;
          } else if (c === RBRACKET) {
            this.closeArray();
            i++;
            if (this.arrayClosed()) return;
          } else throw this.unexpected(c, base + i);
          break;
        case S.After:
        case S.Done:
          throw this.unexpected(c, base + i);
        default:
          throw new Error('unreachable');
      }
    }
    // A value still open at the chunk's end (it may have begun at its last byte): keep its part.
    if (this.state === S.Capture) {
      this.keep(buf, this.pieceFrom, n, true);
      this.pieceFrom = 0;
      if (this.capLength > MAX_RECORD) {
        // Brackets that never balance (or a record no export writes): let the parser say where it breaks.
        if (this.capPieces) parseRecordText(textOf(Buffer.concat(this.capPieces), this.capStart, this.file), this.capStart);
        throw JsonSyntax.json(`a record longer than ${MAX_RECORD / 1024 / 1024} MB`, this.capStart + this.capLength, this.capStart);
      }
    }
  }

  /** `runArray`'s array has ended. */
  private arrayClosed(): boolean {
    return this.state === S.ObjectCommaOrEnd && !this.handlers.arrayStart;
  }

  private closeArray(): void {
    this.state = this.arrayLevel === 0 ? S.After : S.ObjectCommaOrEnd;
  }

  /** Begin a value at `buf[i]`; returns where to go on. */
  private startValue(path: ValuePath, after: S, c: number, buf: Buffer, i: number, base: number): number {
    this.after = after;
    if (c === QUOTE) {
      this.beginCapture(path, 'string', buf, i, base, this.handlers.wantText(path));
      return i + 1;
    }
    if (c === LBRACE || c === LBRACKET) {
      this.beginCapture(path, 'container', buf, i, base, this.handlers.wantText(path));
      this.capDepth = 1;
      return i + 1;
    }
    if (c === RBRACE || c === RBRACKET || c === COMMA || c === COLON) throw this.unexpected(c, base + i);
    this.beginCapture(path, 'scalar', buf, i, base, true);
    return i;
  }

  private beginCapture(path: ValuePath | 'key', kind: 'string' | 'container' | 'scalar', buf: Buffer, i: number, base: number, keep: boolean): void {
    this.state = S.Capture;
    this.capPath = path;
    this.capKind = kind;
    this.capDepth = 0;
    this.capInString = kind === 'string';
    this.capBackslashes = 0;
    this.capStart = base + i;
    this.capLength = 0;
    this.capPieces = keep ? [] : undefined;
    this.pieceFrom = i;
  }

  /** Go on capturing from `buf[i]`; returns where the value ended (or the chunk's end). */
  private capture(buf: Buffer, base: number, i: number): number {
    const n = buf.length;
    if (this.capKind === 'scalar') {
      while (i < n) {
        const c = buf[i]!;
        if (isSpace(c) || c === COMMA || c === RBRACE || c === RBRACKET) {
          this.keep(buf, this.pieceFrom, i);
          this.endCapture(base + i);
          return i;
        }
        i++;
      }
      return n;
    }
    let depth = this.capDepth;
    let inString = this.capInString;
    while (i < n) {
      if (inString) {
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          let run = 0;
          for (let k = n - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          this.capBackslashes = run === n - i && i === 0 ? this.capBackslashes + run : run;
          i = n;
          break;
        }
        let run = 0;
        let k = q - 1;
        while (k >= i && buf[k] === BACKSLASH) {
          run++;
          k--;
        }
        if (k < i && i === 0) run += this.capBackslashes;
        this.capBackslashes = 0;
        i = q + 1;
        if (run % 2 === 1) continue;
        inString = false;
        if (this.capKind === 'string') {
          this.keep(buf, this.pieceFrom, i);
          this.endCapture(base + i);
          return i;
        }
        continue;
      }
      const c = buf[i]!;
      if (c === QUOTE) inString = true;
      else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === 0) {
          i++;
          this.keep(buf, this.pieceFrom, i);
          this.endCapture(base + i);
          return i;
        }
      }
      i++;
    }
    this.capDepth = depth;
    this.capInString = inString;
    return n;
  }

  /** Keep `buf[from, to)` of the value being captured; `copy` when it must outlive the chunk. */
  private keep(buf: Buffer, from: number, to: number, copy = false): void {
    this.capLength += to - from;
    if (this.capPieces && to > from) this.capPieces.push(copy ? Buffer.from(buf.subarray(from, to)) : buf.subarray(from, to));
  }

  private endCapture(_end: number): void {
    const pieces = this.capPieces;
    const text = pieces ? textOf(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces), this.capStart, this.file) : undefined;
    this.capPieces = undefined;
    if (this.capPath === 'key') {
      this.key = parseRecordText(text!, this.capStart) as string;
      if (this.keys.has(this.key)) throw new JsonSyntax(duplicateMessage(this.key), this.capStart);
      this.keys.add(this.key);
      this.state = S.Colon;
      return;
    }
    const path = this.capPath;
    this.state = this.after;
    if (typeof path === 'number' || Array.isArray(path)) this.index++;
    this.handlers.value(path, text, this.capStart);
  }
}
