import { InputError, type Place } from './input-error.js';

/** Keys that would reach an object's prototype if some later code merged the document. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 256;

/** Parse a whole JSON document, turning V8's error into `line L, column C`. */
export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(file, locateJsonError(text, err), `invalid JSON (${describeJsonError(err)})`);
  }
}

/** Parse one line of NDJSON. */
export function parseJsonLine(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const col = columnOf(text, err);
    throw new InputError(file, `line ${line}${col ? `, column ${col}` : ''}`, `invalid JSON (${describeJsonError(err)})`);
  }
}

/** Parse a JSON string embedded in a record (AWS Config's JSON-in-strings). */
export function parseEmbeddedJson(text: string, where: Place, fieldPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(where.file, fieldPath ? `${where.at}.${fieldPath}` : where.at, `embedded JSON string does not parse (${describeJsonError(err)})`);
  }
}

/**
 * Reject keys that could pollute prototypes and nesting too deep to be a configuration document.
 * `path` names the record for the error message.
 */
export function assertSafeDocument(value: unknown, where: Place, path = ''): void {
  walk(value, 0, path);
  function walk(v: unknown, depth: number, at: string): void {
    if (v === null || typeof v !== 'object') return;
    if (depth > MAX_DEPTH) throw new InputError(where.file, joinPlace(where.at, at), `nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${at}[${i}]`);
      return;
    }
    for (const key of Object.keys(v)) {
      const next = at ? `${at}.${key}` : key;
      if (HOSTILE_KEYS.has(key)) throw new InputError(where.file, joinPlace(where.at, next), `key "${key}" is not allowed in configuration data`);
      walk((v as Record<string, unknown>)[key], depth + 1, next);
    }
  }
}

function joinPlace(record: string, path: string): string {
  if (!path) return record;
  return path.startsWith('[') ? `${record}${path}` : `${record}.${path}`;
}

function describeJsonError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // V8 appends the offending snippet and position; keep the first clause, which says what broke.
  return msg.replace(/\s+in JSON at position \d+.*$/s, '').replace(/,\s*(\.\.\.)?".*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
}

function locateJsonError(text: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : '';
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const offset = errorOffset(text, msg);
  if (offset === undefined) return 'line 1';
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function columnOf(text: string, err: unknown): number | undefined {
  const msg = err instanceof Error ? err.message : '';
  const lc = /column (\d+)/.exec(msg);
  if (lc) return Number(lc[1]);
  const offset = errorOffset(text, msg);
  return offset === undefined ? undefined : offset + 1;
}

/** Largest input for which the offset is searched for when V8 does not give it. */
const SEARCH_LIMIT = 16 * 1024 * 1024;

/**
 * The offset of a JSON syntax error. Newer V8 puts it in the message; Node 20's does not for
 * "Unexpected token" errors, so find the shortest prefix that fails for a reason other than
 * ending early: the bad token is its last character.
 */
function errorOffset(text: string, msg: string): number | undefined {
  const pos = /position (\d+)/.exec(msg);
  if (pos) return Number(pos[1]);
  if (/end of JSON input/.test(msg)) return text.length;
  if (text.length > SEARCH_LIMIT) return undefined;
  const failsOnToken = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = e instanceof Error ? e.message : '';
      const at = /position (\d+)/.exec(m);
      // A prefix that merely stops early fails at its very end; the bad token fails before it.
      return at ? Number(at[1]) < k : !/end of JSON input/.test(m);
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failsOnToken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}
