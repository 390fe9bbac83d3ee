import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonChunks, writeChunks } from '../../src/evidence/stream.js';
import { csvLines, toCsv } from '../../src/report/csv.js';

describe('streamed files are the same text as whole ones', () => {
  it('jsonChunks writes what JSON.stringify(value, null, 2) writes', () => {
    const values: Record<string, unknown>[] = [
      { a: 1, findings: [{ x: 'line\nbreak', y: [1, { z: null }] }, { w: [] }], b: { c: 'd' }, skipped: undefined, empty: [] },
      { findings: [] },
      {},
    ];
    for (const v of values) expect([...jsonChunks(v, ['findings'])].join('')).toBe(JSON.stringify(v, null, 2) + '\n');
  });

  it('csvLines is toCsv line by line, with formula cells defused', () => {
    const cols: [string, (r: string[]) => string][] = [['A', (r) => r[0]!], ['B, quoted', (r) => r[1]!]];
    const rows = [['=HYPERLINK("x")', 'a "b"'], ['plain', 'multi\nline']];
    expect([...csvLines(cols, rows)].join('')).toBe(toCsv(cols, rows));
    expect(toCsv(cols, rows)).toBe('A,"B, quoted"\r\n"\'=HYPERLINK(""x"")","a ""b"""\r\nplain,"multi\nline"\r\n');
  });

  it('writeChunks writes every piece, and never over an existing file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sg-stream-')), 'f.txt');
    const pieces = Array.from({ length: 5000 }, (_, i) => `${'x'.repeat(500)}${i}\n`);
    await writeChunks(file, pieces);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
    await expect(writeChunks(file, ['again'])).rejects.toThrow(/EEXIST/);
  });
});
