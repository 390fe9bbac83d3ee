import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/**
 * Large files are written piece by piece, so a bundle of a large estate never holds a whole
 * findings.json or CSV in memory at once.
 */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  try {
    let buffered = '';
    for (const chunk of chunks) {
      buffered += chunk;
      if (buffered.length < 1 << 20) continue;
      if (!stream.write(buffered)) await Promise.race([new Promise<void>((res) => stream.once('drain', () => res())), failed]);
      buffered = '';
    }
    if (buffered) stream.write(buffered);
  } catch (err) {
    stream.destroy();
    throw err;
  }
  stream.end();
  await Promise.race([finished(stream), failed]);
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

/** JSON text never holds a raw line break inside a string, so every `\n` starts a line. */
function indent(json: string, by: string): string {
  return json.replace(/\n/g, `\n${by}`);
}
