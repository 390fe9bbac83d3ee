import { InputError, type Place } from './input-error.js';

/** Keys that would reach an object's prototype if some later code merged the document. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 256;

/** Parse a whole JSON document, turning V8's error into `line L, column C`. */
export function parseJsonDocument(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, locateJsonError(text, err), `invalid JSON (${describeJsonError(err)})`);
  }
  const dup = duplicateKey(text);
  if (dup) throw new InputError(file, lineColumn(text, dup.offset), duplicateMessage(dup.key));
  return value;
}

/** Parse one line of NDJSON. */
export function parseJsonLine(text: string, file: string, line: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const col = columnOf(text, err);
    throw new InputError(file, `line ${line}${col ? `, column ${col}` : ''}`, `invalid JSON (${describeJsonError(err)})`);
  }
  const dup = duplicateKey(text);
  if (dup) throw new InputError(file, `line ${line}, column ${dup.offset + 1}`, duplicateMessage(dup.key));
  return value;
}

/** Parse a JSON string embedded in a record (AWS Config's JSON-in-strings). */
export function parseEmbeddedJson(text: string, where: Place, fieldPath: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(where.file, fieldPath ? `${where.at}.${fieldPath}` : where.at, `embedded JSON string does not parse (${describeJsonError(err)})`);
  }
  const dup = duplicateKey(text);
  if (dup) throw new InputError(where.file, fieldPath ? `${where.at}.${fieldPath}` : where.at, `embedded JSON string: ${duplicateMessage(dup.key)}`);
  return value;
}

export function duplicateMessage(key: string): string {
  const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
  return `duplicate key ${JSON.stringify(shown)} in one object (JSON readers disagree on which value counts, so the file is ambiguous)`;
}

/**
 * The first key that appears twice in one object of a JSON text that already parsed. JSON.parse
 * keeps the last value silently; another reader (or an auditor's eye) may take the first, so a
 * setting could read as encrypted to one and not to the other. Iterative, one pass.
 */
export function duplicateKey(text: string): { key: string; offset: number } | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (end > 0) {
        let slashes = 0;
        for (let b = end - 1; b > i && text.charCodeAt(b) === 0x5c; b--) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return undefined;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const raw = text.slice(i + 1, end);
        // `"a\u0022"` and `"a\""` are one key: compare decoded keys.
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (keys.has(key)) return { key, offset: i };
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
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
  if (!record) return path;
  return path.startsWith('[') ? `${record}${path}` : `${record}.${path}`;
}

/** V8's message for a JSON.parse error, without the position and snippet it appends. */
export function describeJsonError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // V8 appends the offending snippet and position; keep the first clause, which says what broke.
  return msg.replace(/\s+(in JSON )?at position \d+.*$/s, '').replace(/,\s*(\.\.\.)?".*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
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

/** Where in `text` a JSON.parse error broke off (a UTF-16 index), when it can be told. */
export function jsonErrorOffset(text: string, err: unknown): number | undefined {
  const msg = err instanceof Error ? err.message : '';
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (!lc) return errorOffset(text, msg);
  let start = 0;
  for (let line = 1; line < Number(lc[1]); line++) start = text.indexOf('\n', start) + 1;
  return start + Number(lc[2]) - 1;
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
