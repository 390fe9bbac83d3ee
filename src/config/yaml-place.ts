import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../import/input-error.js';

/**
 * A YAML file's text as a document, refusing a syntax error or a duplicate key in one line that
 * names the file and the line (and the column, with `column`).
 */
export function parseYaml(source: string, file: string, options: { column?: boolean } = {}): { doc: ReturnType<typeof parseDocument>; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const detail = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, pos ? `line ${pos.line}${options.column ? `, column ${pos.col}` : ''}` : undefined, `invalid YAML: ${detail}`);
  }
  return { doc, lc };
}

/** The document's value; yaml refuses alias expansion that would explode ("billion laughs"). */
export function yamlValue(doc: Document, file: string): unknown {
  try {
    return doc.toJS();
  } catch (err) {
    throw new InputError(file, undefined, `invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Where in a YAML file a value is, for one-line error messages: the line of a key, or of the
 * deepest node of the path that exists (a missing field points at its entry).
 */
export function lineOf(doc: Document, path: readonly (string | number)[], lc: LineCounter): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (n > 0) {
      const parent = n > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === sub[n - 1]);
        const range = rangeOf(pair?.key);
        if (range) return lc.linePos(range[0]!).line;
      }
    }
    const range = rangeOf(n === 0 ? doc.contents : doc.getIn(sub, true));
    if (range) return lc.linePos(range[0]!).line;
  }
  return undefined;
}

/** The line each entry of the top-level list `key` starts on (1 where the parser gives none). */
export function entryLines(doc: Document, key: string, lc: LineCounter): number[] {
  const list = doc.getIn([key], true);
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const range = rangeOf(item);
    return range ? lc.linePos(range[0]!).line : 1;
  });
}

export function rangeOf(node: unknown): number[] | undefined {
  return node && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? (node.range as number[]) : undefined;
}

/** `answers[3].evidence[0].file`. */
export function dotted(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** A zod issue as one sentence: unknown fields name the allowed ones, missing ones say so. */
export function issueMessage(issue: z.core.$ZodIssue, allowed: (path: (string | number)[]) => readonly string[], raw?: unknown): { path: (string | number)[]; message: string } {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = path.length ? `${dotted(path)}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return { path: [...path, issue.keys[0]!], message: `${where}unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (expected ${allowed(path).join(', ')})` };
    case 'invalid_type':
      return { path, message: issue.input === undefined ? `${where}missing` : `${where}expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a map' : `a ${issue.expected}`}, got ${describe(issue.input)}` };
    case 'invalid_value':
      return { path, message: `${where}${JSON.stringify(issue.input ?? valueAt(raw, path))} is not one of ${issue.values.map(String).join(', ')}` };
    default:
      return { path, message: `${where}${issue.message}` };
  }
}

function describe(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
