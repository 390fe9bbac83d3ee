import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** The SHA-256 and size of the bytes a writer wrote. */
export interface Written {
  sha256: string;
  size: number;
}

/**
 * Large files are written piece by piece, so a bundle of a large estate never holds a whole
 * findings.json or CSV in memory at once. The bytes are hashed as they are written, so the
 * manifest's SHA-256 needs no second read of the file.
 */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<Written> {
  const stream = createWriteStream(file, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const hash = createHash('sha256');
  let size = 0;
  const write = (text: string): boolean => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(bytes);
    size += bytes.length;
    return stream.write(bytes);
  };
  try {
    let buffered = '';
    for (const chunk of chunks) {
      buffered += chunk;
      if (buffered.length < 1 << 20) continue;
      if (!write(buffered)) await Promise.race([new Promise<void>((res) => stream.once('drain', () => res())), failed]);
      buffered = '';
    }
    if (buffered) write(buffered);
  } catch (err) {
    stream.destroy();
    throw err;
  }
  stream.end();
  await Promise.race([finished(stream), failed]);
  return { sha256: hash.digest('hex'), size };
}

/**
 * `JSON.stringify(value, null, 2)`, as pieces: the elements of the top-level arrays named in
 * `streamed` are stringified one at a time. The text is the same as JSON.stringify's.
 */
export function* jsonChunks(value: Record<string, unknown>, streamed: readonly string[]): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i]!;
    yield `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (streamed.includes(key) && Array.isArray(v) && v.length > 0) {
      yield '[';
      for (let j = 0; j < v.length; j++) yield `${j ? ',' : ''}\n    ${indent(JSON.stringify(v[j] ?? null, null, 2), '    ')}`;
      yield '\n  ]';
    } else yield indent(JSON.stringify(v, null, 2), '  ');
  }
  yield '\n}\n';
}

/**
 * An array whose elements are made only as the JSON text is written (`jsonText`): a SARIF log's
 * results, one per finding, are never all held at once.
 */
export class StreamedArray {
  constructor(readonly items: Iterable<unknown>) {}

  /** Plain `JSON.stringify` of the value holding it sees the elements made now. */
  toJSON(): unknown[] {
    return [...this.items];
  }
}

/**
 * `JSON.stringify(value, null, 2)` as pieces, for a value holding `StreamedArray`s (up to `depth`
 * containers down): each of their elements is stringified on its own when its turn comes. The
 * text is the same as JSON.stringify's of the value with the arrays filled in.
 */
export function* jsonText(value: unknown, depth = 4): Generator<string> {
  yield* piece(value, '', depth);
}

function* piece(value: unknown, at: string, depth: number): Generator<string> {
  if (value instanceof StreamedArray) {
    let first = true;
    for (const item of value.items) {
      yield `${first ? '[' : ','}\n${at}  ${element(item, `${at}  `)}`;
      first = false;
    }
    yield first ? '[]' : `\n${at}]`;
    return;
  }
  if (depth > 0 && value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        yield '[]';
        return;
      }
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        yield `${i ? ',' : '['}\n${at}  `;
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
        else yield* piece(v, `${at}  `, depth - 1);
      }
      yield `\n${at}]`;
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      let first = true;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        yield `${first ? '{' : ','}\n${at}  ${JSON.stringify(k)}: `;
        first = false;
        yield* piece(v, `${at}  `, depth - 1);
      }
      yield first ? '{}' : `\n${at}}`;
      return;
    }
  }
  yield indent(JSON.stringify(value, null, 2), at);
}

/** An array element as JSON.stringify writes it (what cannot be JSON is `null`). */
function element(v: unknown, at: string): string {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'null';
  return indent(JSON.stringify(v, null, 2) ?? 'null', at);
}

/** JSON text never holds a raw line break inside a string, so every `\n` starts a line. */
function indent(json: string, by: string): string {
  return by ? json.replace(/\n/g, `\n${by}`) : json;
}
