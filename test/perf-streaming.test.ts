import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInputs, type Inventory } from '../src/import/index.js';
import { InputError } from '../src/import/input-error.js';
import { repoRoot } from './support/cli.js';

/**
 * Large files are streamed (src/import/stream.ts); the rest are read whole. Both paths must read
 * every file the same way: the same resources, formats and record counts, and the same one-line
 * error naming the same place. Every export the suite knows is read both ways here, with the
 * stream forced on (`streamAbove: 0`), plus hand-made damage at awkward places.
 */

const WHOLE = { streamAbove: Number.POSITIVE_INFINITY };
/** Reads of a few bytes put every kind of boundary (inside a string, after a backslash, at a record's first byte) between two reads. */
const STREAM = { streamAbove: 0, streamChunk: 7 };
const STREAM_1K = { streamAbove: 0, streamChunk: 1024 };

type Outcome = { ok: Inventory } | { error: string };

async function outcome(file: string, options: { streamAbove: number; streamChunk?: number }): Promise<Outcome> {
  try {
    return { ok: await importInputs([file], options) };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .flatMap((n) => {
      const path = join(dir, n);
      const info = statSync(path);
      return info.isDirectory() ? filesUnder(path) : info.isFile() ? [path] : [];
    });
}

const known = [
  ...filesUnder(join(repoRoot, 'fixtures', 'demo')),
  ...filesUnder(join(repoRoot, 'test', 'corpus')).filter((f) => !f.endsWith('.ts') && !f.endsWith('.md')),
  ...filesUnder(join(repoRoot, '..', 'shared', 'samples')).filter((f) => /\.(json|ndjson|jsonl|csv)$/.test(f)),
];

describe('streamed and whole-file reads agree', () => {
  it('finds the exports to compare', () => {
    expect(known.length).toBeGreaterThan(40);
  });

  for (const file of known) {
    it(relative(repoRoot, file), async () => {
      const whole = await outcome(file, WHOLE);
      expect(await outcome(file, STREAM)).toEqual(whole);
      expect(await outcome(file, STREAM_1K)).toEqual(whole);
    });
  }
});

const scratch = await mkdtemp(join(tmpdir(), 'sg-stream-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));
let n = 0;

async function both(content: string | Buffer, ext = 'json'): Promise<{ whole: Outcome; streamed: Outcome }> {
  const file = join(scratch, `case-${n++}.${ext}`);
  await writeFile(file, content);
  const whole = await outcome(file, WHOLE);
  const streamed = await outcome(file, content.length < 64 * 1024 ? STREAM : STREAM_1K);
  // Every read size gives the same answer.
  const sizes = content.length < 64 * 1024 ? [1, 2, 3, 64, 1 << 20] : [4093, 1 << 20];
  for (const chunk of sizes) expect(await outcome(file, { streamAbove: 0, streamChunk: chunk }), `reads of ${chunk} bytes`).toEqual(streamed);
  return { whole, streamed };
}

function item(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.3',
    accountId: '111122223333',
    configurationItemCaptureTime: '2026-11-01T00:00:00.000Z',
    configurationItemStatus: 'OK',
    awsRegion: 'us-east-1',
    resourceType: 'AWS::EC2::Volume',
    resourceId: `vol-${i}`,
    arn: `arn:aws:ec2:us-east-1:111122223333:volume/vol-${i}`,
    tags: { name: `volume "${i}" ✓ 𝄞` },
    configuration: { volumeId: `vol-${i}`, encrypted: i % 2 === 0, size: 8, note: 'quote \\" backslash \\\\ end' },
    ...extra,
  };
}

const snapshot = (items: unknown[], pretty = false) => JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: items }, null, pretty ? 2 : undefined);

describe('the stream reads what the whole-file path reads', () => {
  const items = Array.from({ length: 40 }, (_, i) => item(i));

  const good: [string, string | Buffer, string?][] = [
    ['a minified snapshot', snapshot(items)],
    ['a pretty-printed snapshot', snapshot(items, true)],
    ['keys after the array (history file: fileVersion last)', `{"configurationItems":${JSON.stringify(items)},"fileVersion":"1.0"}`],
    ['a byte-order mark and CRLF line ends', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(snapshot(items, true).replace(/\n/g, '\r\n'))])],
    ['NDJSON with CRLF and blank lines', items.map((i) => JSON.stringify(i)).join('\r\n\r\n') + '\r\n', 'ndjson'],
    ['a top-level array of items', JSON.stringify(items)],
    ['a Resource Graph result', JSON.stringify({ totalRecords: 2, count: 2, data: [
      { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a', type: 'microsoft.storage/storageaccounts', name: 'a', properties: { encryption: {} } },
      { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/b', type: 'microsoft.storage/storageaccounts', name: 'b', properties: {} },
    ], skip_token: null })],
    ['an ARM list', JSON.stringify({ value: [{ id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/s/databases/d', type: 'Microsoft.Sql/servers/databases', name: 'd', properties: {} }] })],
    ['a ListAssets response', JSON.stringify({ assets: [{ name: '//storage.googleapis.com/b', assetType: 'storage.googleapis.com/Bucket', resource: { data: { name: 'b' } } }], readTime: '2026-01-01T00:00:00Z' })],
    ['an empty item list', snapshot([])],
    ['a record larger than one read (1 MiB)', snapshot([item(1, { configuration: { volumeId: 'vol-1', encrypted: true, blob: 'x\\"'.repeat(400_000) } }), item(2)])],
    ['a snapshot with a Terraform-like unknown shape is read whole', JSON.stringify({ format_version: '1.2', planned_values: {} })],
  ];
  for (const [what, content, ext] of good) {
    it(what, async () => {
      const { whole, streamed } = await both(content, ext);
      expect(streamed).toEqual(whole);
    });
  }

  it('records, formats and places match in detail', async () => {
    const { whole, streamed } = await both(snapshot(items, true));
    if (!('ok' in streamed) || !('ok' in whole)) throw new Error('expected both to read');
    expect(streamed.ok.resources.filter((r) => r.type === 'AWS::EC2::Volume')).toHaveLength(40);
    expect(streamed.ok.files[0]).toMatchObject({ format: 'aws-config-snapshot', records: 40 });
    expect(streamed.ok.resources[7]!.source).toEqual(whole.ok.resources[7]!.source);
  });
});

describe('the stream names the same problem at the same place', () => {
  const text = snapshot(Array.from({ length: 30 }, (_, i) => item(i)), true);
  const cut = (at: number) => text.slice(0, at);

  const bad: [string, string | Buffer, string?][] = [
    ['truncated inside a string', cut(text.indexOf('vol-17') + 3)],
    ['truncated between records', cut(text.indexOf('},', text.indexOf('vol-12')) + 2)],
    ['truncated after the array', cut(text.lastIndexOf(']') + 1)],
    ['truncated after a key', cut(text.indexOf('"configurationItems"') + 20)],
    ['a missing comma between records', text.replace(/\},\n(\s+)\{/, '}\n$1{')],
    ['a trailing comma in the array', text.replace(/\}\n(\s+)\]/, '},\n$1]')],
    ['mismatched brackets inside a record', text.replace('"size": 8', '"size": [8}')],
    ['a bad literal inside a record', text.replace('"encrypted": true', '"encrypted": tru')],
    ['text after the document', `${text}\n{"more": 1}`],
    ['a missing colon at the top', text.replace('"configSnapshotId": "x"', '"configSnapshotId" "x"')],
    ['a NUL byte near the end', Buffer.concat([Buffer.from(text.slice(0, -20)), Buffer.from([0]), Buffer.from(text.slice(-19))])],
    ['bytes that are not UTF-8 inside a record', Buffer.concat([Buffer.from(cut(text.indexOf('vol-5'))), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(text.indexOf('vol-5')))])],
    ['a duplicate key inside a record', text.replace('"size": 8', '"size": 8, "size": 9')],
    ['a duplicate top-level key', text.replace('"fileVersion": "1.0"', '"fileVersion": "1.0", "fileVersion": "1.1"')],
    ['a record that does not decode', text.replace('"resourceType": "AWS::EC2::Volume"', '"resourceType": 7')],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['an empty top-level array', '[]'],
    ['a top-level array of unknown records', '[{"a": 1}, {"b": 2}]'],
    ['NDJSON with a bad line', [JSON.stringify(item(1)), JSON.stringify(item(2)).slice(0, 50), JSON.stringify(item(3))].join('\n'), 'ndjson'],
    ['NDJSON with a line that is not a record', [JSON.stringify(item(1)), '{"hello": "world"}'].join('\n'), 'ndjson'],
    ['a document that is not JSON', 'resourceType: AWS::S3::Bucket\n'],
  ];
  for (const [what, content, ext] of bad) {
    it(what, async () => {
      const { whole, streamed } = await both(content, ext);
      expect(whole).toHaveProperty('error');
      expect(streamed).toEqual(whole);
    });
  }
});
