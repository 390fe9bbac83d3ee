import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionReport } from '../../src/collect/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { loadChecks } from '../../src/engine/registry.js';
import { demoItems, startConfigEmulator, type ConfigEmulator, type Item } from '../emulators/aws/config-emulator.js';
import { TEST_CREDENTIALS } from './aws-support.js';

/**
 * Types only the `*` checks grade (the HIPAA-eligible service check, `resourceTypes: ['*']`) must
 * not vanish when AWS Config's listing fails: the coverage section names the failed operation, and
 * the eligible-service check reports `error` on a stand-in for what could not be listed (one per
 * region and failed listing), or on each resource listed but not read.
 */

const demo = demoItems();
const ELIGIBLE = 'aws-eligible-service';

let emu: ConfigEmulator;
let named: Set<string>;
beforeAll(async () => {
  emu = await startConfigEmulator({ items: demo });
  named = new Set((await loadChecks()).filter((c) => c.provider === 'aws').flatMap((c) => c.resourceTypes).filter((t) => t !== '*'));
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.knobs = {};
  emu.resetLog();
});

interface Scan {
  findings: Finding[];
  collection: CollectionReport;
  passed: boolean;
}

async function scan(aws: Record<string, unknown> = {}): Promise<Scan> {
  const outcome = await runScan({
    inputs: [], profile: 'default', policy: 'none', failOnError: true, version: 'test',
    live: { quiet: true, aws: { endpoint: emu.url, credentials: TEST_CREDENTIALS, regions: ['us-east-1', 'us-west-2'], homeRegion: 'us-east-1', maxAttempts: 2, ...aws } },
  });
  return { findings: outcome.report.findings, collection: (outcome.report as unknown as { collection: CollectionReport }).collection, passed: outcome.passed };
}

const itemId = (i: Item) => String(i.arn ?? i.resourceId);
const isStandIn = (f: Finding) => f.resource.name.startsWith('every ') && f.resource.name.endsWith('(not read)');

/** Demo items in `region` that only `*` checks grade (e.g. EC2 instances, Lambda functions). */
const starOnly = (region: string) => demo.filter((i) => i.awsRegion === region && !named.has(i.resourceType));

/** Every item of the region is graded by the eligible-service check: itself, or an `error` stand-in for its type, or for every type. */
function unaccounted(s: Scan, region: string): string[] {
  const lost: string[] = [];
  for (const item of demo.filter((i) => i.awsRegion === region)) {
    const own = s.findings.some((f) => f.check === ELIGIBLE && (f.resource.id === itemId(item) || (f.resource.id === item.resourceId && f.resource.type === item.resourceType)));
    const standIn = s.findings.some((f) => f.check === ELIGIBLE && isStandIn(f) && f.status === 'error' && f.resource.region === region && (f.resource.type === item.resourceType || f.resource.type === '*'));
    if (!own && !standIn) lost.push(`${item.resourceType} ${itemId(item)}`);
  }
  return lost;
}

describe('AWS: types only the `*` checks grade, when Config cannot list them', () => {
  it('the demo estate has such types in us-west-2 (the premise of these tests)', () => {
    expect(starOnly('us-west-2').map((i) => i.resourceType)).toContain('AWS::EC2::Instance');
  });

  it('fault-free: every one is graded by the eligible-service check itself, and there is no stand-in', async () => {
    const s = await scan();
    expect(s.findings.filter(isStandIn)).toEqual([]);
    for (const item of [...starOnly('us-east-1'), ...starOnly('us-west-2')]) {
      expect(s.findings.find((f) => f.check === ELIGIBLE && f.resource.id === itemId(item))?.status, itemId(item)).toMatch(/^(pass|fail|not_applicable)$/);
    }
  });

  it('ListDiscoveredResources denied in one region: an error stand-in per type it failed for, `*`-only types included', async () => {
    emu.knobs = { deny: ['config:SelectResourceConfig@us-west-2', 'config:ListDiscoveredResources@us-west-2'] };
    const s = await scan();
    const instance = s.findings.find((f) => f.check === ELIGIBLE && isStandIn(f) && f.resource.type === 'AWS::EC2::Instance' && f.resource.region === 'us-west-2');
    expect(instance).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^safeguard could not read this: config:ListDiscoveredResources in us-west-2 failed \(AccessDeniedException/),
      evidence: { collectionError: { operation: 'config:ListDiscoveredResources', region: 'us-west-2' } },
    });
    expect(s.collection.coverage).toContainEqual(expect.objectContaining({ operation: 'config:ListDiscoveredResources', region: 'us-west-2', status: 'failed', covers: ['AWS::EC2::Instance'] }));
    expect(unaccounted(s, 'us-west-2')).toEqual([]);
    // One stand-in per type and region, never one per finding or a repeat.
    const keys = s.findings.filter(isStandIn).map((f) => `${f.check} ${f.resource.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    // us-east-1 is untouched: its instances are graded themselves.
    expect(s.findings.filter((f) => isStandIn(f) && f.resource.region === 'us-east-1')).toEqual([]);
    expect(s.passed).toBe(false);
  });

  it('the types a region holds are unknown too (GetDiscoveredResourceCounts denied): one `*` stand-in, graded error', async () => {
    emu.knobs = { deny: ['config:SelectResourceConfig@us-west-2', 'config:GetDiscoveredResourceCounts@us-west-2'] };
    const s = await scan();
    expect(s.collection.coverage).toContainEqual(expect.objectContaining({
      operation: 'config:GetDiscoveredResourceCounts', region: 'us-west-2', status: 'failed', covers: ['*'],
      error: expect.stringMatching(/^AccessDeniedException/), note: expect.stringContaining('every other type is graded error'),
    }));
    const every = s.findings.filter((f) => f.resource.type === '*');
    expect(every).toHaveLength(1);
    expect(every[0]).toMatchObject({
      check: ELIGIBLE,
      status: 'error',
      resource: { region: 'us-west-2', name: expect.stringMatching(/^every resource type other than those listed in \d{12} us-west-2 \(not read\)$/) },
      reason: expect.stringMatching(/^safeguard could not read this: config:GetDiscoveredResourceCounts in us-west-2 failed \(AccessDeniedException/),
    });
    // The named types were still listed and read, so graded themselves; the `*`-only ones fall under the stand-in.
    for (const item of starOnly('us-west-2')) expect(s.findings.some((f) => f.resource.id === itemId(item)), itemId(item)).toBe(false);
    expect(unaccounted(s, 'us-west-2')).toEqual([]);
    expect(s.passed).toBe(false);
  });

  it('BatchGetResourceConfig denied: each listed `*`-only resource is graded error under its own id', async () => {
    emu.knobs = { deny: ['config:SelectResourceConfig@us-west-2', 'config:BatchGetResourceConfig@us-west-2'] };
    const s = await scan();
    for (const item of starOnly('us-west-2')) {
      // Listed but unread: ListDiscoveredResources gives the resource id, not the ARN a read item carries.
      expect(s.findings.find((f) => f.check === ELIGIBLE && f.resource.id === item.resourceId && f.resource.type === item.resourceType), itemId(item)).toMatchObject({
        status: 'error',
        reason: expect.stringMatching(/^safeguard could not read this: config:BatchGetResourceConfig in us-west-2 failed/),
      });
    }
    expect(unaccounted(s, 'us-west-2')).toEqual([]);
  });

  it('ListDiscoveredResources throttled out everywhere: stand-ins in both regions, retries bounded', async () => {
    emu.knobs = { selectUnsupported: true, throttle: { fraction: 1, operations: ['config:ListDiscoveredResources'] } };
    const s = await scan();
    expect(s.collection.coverage).toContainEqual(expect.objectContaining({ operation: 'config:ListDiscoveredResources', region: 'us-east-1', status: 'failed', error: expect.stringMatching(/^ThrottlingException/) }));
    for (const region of ['us-east-1', 'us-west-2']) {
      expect(unaccounted(s, region), region).toEqual([]);
      for (const type of new Set(starOnly(region).map((i) => i.resourceType))) {
        expect(s.findings.some((f) => f.check === ELIGIBLE && isStandIn(f) && f.status === 'error' && f.resource.type === type && f.resource.region === region), `${type} ${region}`).toBe(true);
      }
    }
    const c = s.collection.sources[0]!.calls;
    expect(emu.calls['config:ListDiscoveredResources']).toBeLessThanOrEqual(c['config:ListDiscoveredResources']! * 2);
  });

  it('through an aggregator whose type counts fail: one `*` stand-in for the organisation', async () => {
    emu.knobs = { aggregators: ['org'], selectUnsupported: true, deny: ['config:GetAggregateDiscoveredResourceCounts'] };
    const s = await scan({ aggregator: 'org', regions: ['us-east-1'] });
    expect(s.collection.coverage).toContainEqual(expect.objectContaining({ operation: 'config:GetAggregateDiscoveredResourceCounts', region: 'aggregator org', status: 'failed', covers: ['*'] }));
    expect(s.findings.filter((f) => f.resource.type === '*')).toEqual([
      expect.objectContaining({ check: ELIGIBLE, status: 'error', resource: expect.objectContaining({ region: 'all' }), reason: expect.stringMatching(/^safeguard could not read this: config:GetAggregateDiscoveredResourceCounts in aggregator org failed/) }),
    ]);
  });
});
