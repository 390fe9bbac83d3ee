import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConfigEmulator, type ConfigEmulator, type Item } from '../emulators/aws/config-emulator.js';
import { faultEstate, heldItems, judge, PERSISTENT, scanThrough, TRANSIENT, type ScanResult, type Verdict } from './aws-harness.js';
import { startFaultProxy, type Fault, type FaultProxy } from './proxy.js';

/**
 * Faults on the AWS emulator, per operation: every operation a fault-free scan makes gets each
 * persistent fault in turn (and the common transient ones), plus repeating page tokens and a
 * credential that expires mid-scan. `npm run faults` runs this file and prints the table.
 */

/** One operation of each kind: the first call, recorder state, the bulk inventory, an IAM fact, a per-trail call. */
const SAMPLE_OPERATIONS = ['sts:GetCallerIdentity', 'config:DescribeConfigurationRecorderStatus', 'config:SelectResourceConfig', 'iam:GenerateCredentialReport', 'cloudtrail:GetTrailStatus'];

let emulator: ConfigEmulator;
let proxy: FaultProxy;
let items: Item[];
let baseline: ScanResult;
let held: Item[];
let operations: string[];
const rows: Array<{ name: string; fault: Fault; verdict: Verdict; ms: number; faulted: number; completed: boolean }> = [];

beforeAll(async () => {
  items = faultEstate();
  emulator = await startConfigEmulator({ items });
  proxy = await startFaultProxy(emulator.url);
  baseline = await scanThrough(proxy, undefined);
  held = await heldItems(items, baseline);
  operations = Object.keys(baseline.requests).sort();
}, 120_000);

afterAll(async () => {
  if (process.env.FAULTS_REPORT) {
    writeFileSync(process.env.FAULTS_REPORT, JSON.stringify({ cloud: 'aws', baselineMs: baseline.ms, held: held.length, operations, rows }, null, 2));
  }
  await proxy?.close();
  await emulator?.close();
});

async function run(name: string, fault: Fault): Promise<string[]> {
  const result = await scanThrough(proxy, fault);
  const verdict = judge(result, baseline, held);
  rows.push({ name, fault, verdict, ms: result.ms, faulted: result.faulted, completed: verdict.problems.length === 0 });
  return verdict.problems.map((p) => `${name}: ${p}`);
}

describe('AWS: the fault-free scan', () => {
  it('reads the whole estate with no failed call', () => {
    expect(baseline.failed).toBeUndefined();
    expect(baseline.collection?.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    // (The demo estate already has a few `error` results, e.g. no account-level S3 Block Public Access setting.)
    // Config's listing takes several pages in us-east-1, so paging faults have pages to repeat.
    expect(baseline.requests['config:SelectResourceConfig']).toBeGreaterThanOrEqual(4);
    expect(held.length).toBeGreaterThan(200);
    expect(operations).toEqual(expect.arrayContaining(['sts:GetCallerIdentity', 'config:SelectResourceConfig', 'iam:GetCredentialReport', 'cloudtrail:GetTrailStatus']));
  });
});

describe('AWS: a persistent fault on each operation', () => {
  it.each(PERSISTENT)('%s', async (kind) => {
    const problems: string[] = [];
    // `npm run faults` (FAULTS_FULL=1) faults every operation; the test suite a representative few.
    const targets = process.env.FAULTS_FULL ? operations : SAMPLE_OPERATIONS.filter((o) => operations.includes(o));
    for (const operation of targets) problems.push(...(await run(`${kind} on ${operation}`, { kind, operation })));
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('AWS: transient faults are absorbed by bounded retries', () => {
  it.each(TRANSIENT)('%s (first 2 calls)', async (kind) => {
    const problems: string[] = [];
    for (const operation of ['config:SelectResourceConfig', 'iam:GetCredentialReport']) {
      problems.push(...(await run(`${kind} x2 on ${operation}`, { kind, operation, first: 2 })));
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('AWS: paging that never ends', () => {
  it('a repeating page token stops the listing, names it, and falls back', async () => {
    const problems = await run('repeat-token on config:SelectResourceConfig', { kind: 'repeat-token', operation: 'config:SelectResourceConfig' });
    expect(problems).toEqual([]);
  }, 120_000);

  it('a repeating token on the fallback listing (select unanswered) leaves error stand-ins, not a loop', async () => {
    emulator.knobs = { selectUnsupported: true };
    try {
      const problems: string[] = [];
      for (const operation of ['config:ListDiscoveredResources', 'config:GetDiscoveredResourceCounts', 'tag:GetResources']) {
        problems.push(...(await run(`repeat-token on ${operation} (list path)`, { kind: 'repeat-token', operation })));
      }
      expect(problems).toEqual([]);
    } finally {
      emulator.knobs = {};
    }
  }, 300_000);
});

describe('AWS: a credential that expires mid-scan', () => {
  it.each([0, 5, 30])('ExpiredToken after %i calls', async (after) => {
    expect(await run(`expired after ${after} calls`, { kind: 'expired', operation: '*', after })).toEqual([]);
  }, 120_000);
});
