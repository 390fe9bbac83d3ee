import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import type { Check } from '../../src/engine/check.js';
import { checksForProfile } from '../../src/engine/evaluate.js';
import { loadChecks } from '../../src/engine/registry.js';
import { redact, redactShared, REDACTED } from '../../src/evidence/redact.js';
import { jsonText, StreamedArray, writeChunks } from '../../src/evidence/stream.js';
import { buildSarifLog, sarifChunks } from '../../src/report/sarif.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { repoRoot } from '../support/cli.js';

/**
 * The bundle's large files are written in pieces (findings.sarif result by result, the inventory
 * resource by resource) and hashed as they are written; the text must be what one
 * `JSON.stringify(…, null, 2)` of everything would have given, since pipelines parse it.
 */

const scratch = mkdtempSync(join(tmpdir(), 'sg-streaming-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('jsonText', () => {
  const values: [string, unknown][] = [
    ['nested objects and arrays', { a: 1, b: [1, 'two', { c: null, d: [true, false] }], e: {}, f: [], g: 'x\ny "q"' }],
    ['members JSON leaves out, and array slots it writes as null', { u: undefined, f: () => 1, s: Symbol('x'), arr: [undefined, () => 1, 3], n: Number.NaN }],
    ['a top-level array and scalars', [1, [2, [3, [4, [5, [6]]]]], 'é𝄞', -0, 1e21]],
    ['a value with toJSON (a Date)', { when: new Date(0), deep: [{ when: new Date(1) }] }],
    ['an empty object', {}],
  ];
  for (const [what, value] of values) {
    it(what, () => {
      expect([...jsonText(value)].join('')).toBe(JSON.stringify(value, null, 2));
    });
  }

  it('writes a StreamedArray as JSON.stringify writes the array it yields, element by element', () => {
    const items = [{ a: 1, b: [1, 2] }, 'two', null, undefined, [[]]];
    let made = 0;
    const lazy = new StreamedArray(
      (function* () {
        for (const i of items) {
          made++;
          yield i;
        }
      })(),
    );
    const pieces = jsonText({ runs: [{ tool: { name: 't' }, results: lazy, after: 1 }] });
    expect(made).toBe(0);
    expect([...pieces].join('')).toBe(JSON.stringify({ runs: [{ tool: { name: 't' }, results: items, after: 1 }] }, null, 2));
    expect([...jsonText({ results: new StreamedArray([]) })].join('')).toBe(JSON.stringify({ results: [] }, null, 2));
  });
});

describe('writeChunks', () => {
  it('returns the SHA-256 and size of the bytes on disk', async () => {
    const file = join(scratch, 'chunks.txt');
    const pieces = ['é'.repeat(700_000), '𝄞\n', 'x'.repeat(1 << 20), ''];
    const written = await writeChunks(file, pieces);
    const bytes = readFileSync(file);
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
    expect(written).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  });
});

describe('redactShared', () => {
  const secretive = {
    properties: { adminPassword: 's3cret', sku: 'Standard', nested: [{ deeper: { client_secret: 'x', kept: 'y' } }] },
    Tags: [{ Key: 'db-password', Value: 'tagged-secret' }, { Key: 'owner', Value: 'team-a' }],
    env: [{ name: 'STRIPE_SECRET_KEY', value: 'sk_live_x' }, { name: 'REGION', value: 'us-east-1' }],
    policyText: JSON.stringify({ Statement: [{ Effect: 'Deny' }], password: 'embedded' }),
    key: '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----',
    plain: { a: [1, 2, { b: 'c' }], when: new Date(0) },
  };
  const clean = { policyText: '{"Version":"2012-10-17"}', list: [1, 'a', { b: null, c: [true] }], n: 1, z: null };

  it('writes what redact writes', () => {
    expect(JSON.stringify(redactShared(secretive))).toBe(JSON.stringify(redact(secretive)));
    expect(JSON.stringify(redactShared(clean))).toBe(JSON.stringify(redact(clean)));
    expect((redactShared(secretive).properties as { adminPassword: string }).adminPassword).toBe(REDACTED);
  });

  it('returns the value itself where nothing is secret, and never changes its input', () => {
    expect(redactShared(clean)).toBe(clean);
    const out = redactShared(secretive);
    expect(out).not.toBe(secretive);
    expect(out.Tags[1]).toBe(secretive.Tags[1]);
    expect(secretive.properties.adminPassword).toBe('s3cret');
  });
});

describe('findings.sarif in pieces', () => {
  let checks: Check[];
  let report: ScanReport;
  beforeAll(async () => {
    checks = checksForProfile(await loadChecks(), 'default');
    ({ report } = await runScan({ inputs: [join(repoRoot, 'fixtures', 'demo')], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: '0.0.0' }));
  });

  it('is the text of the whole log, made result by result', () => {
    const whole = JSON.stringify(buildSarifLog(report, checks, { cwd: repoRoot }), null, 2) + '\n';
    expect([...sarifChunks(report, checks, { cwd: repoRoot })].join('')).toBe(whole);
  });
});
