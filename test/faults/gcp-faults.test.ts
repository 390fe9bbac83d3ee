import { describe, expect, it } from 'vitest';
import { startCloudAssetEmulator, STS_OPERATION, type GcpInjection } from '../emulators/gcp/cloud-asset.js';
import { faultSuite } from './azure-harness.js';
import { faultRecords, GCP_RULES, PERSISTENT, scanGcp, TRANSIENT } from './gcp-harness.js';

/**
 * Faults on the Cloud Asset emulator, per operation: ListAssets for each content type (named by
 * the permission it needs) and the STS token exchange each get every persistent fault in turn,
 * and the common transient ones; plus repeating page tokens and a credential that expires
 * mid-scan. (The collector calls no SearchAllIamPolicies: IAM policies come from ListAssets
 * IAM_POLICY.) `npm run faults` runs this file with FAULTS_FULL=1 and prints the table.
 */

const RESOURCE = 'cloudasset.assets.listResource';
const IAM = 'cloudasset.assets.listIamPolicy';
const ORG = 'cloudasset.assets.listOrgPolicy';
/** Every operation the scan makes; the default run faults all but ORG_POLICY (the same API as the other two). */
const OPERATIONS = [RESOURCE, IAM, ORG, STS_OPERATION];
const SAMPLE_OPERATIONS = [RESOURCE, IAM, STS_OPERATION];

const suite = faultSuite('gcp', () => startCloudAssetEmulator({ records: faultRecords() }), scanGcp, GCP_RULES);
const run = (name: string, fault: GcpInjection) => suite.run(name, fault);

describe('GCP: the fault-free scan', () => {
  it('reads the whole estate with no failed call, RESOURCE and IAM_POLICY over several pages', () => {
    const baseline = suite.baseline();
    expect(baseline.failed).toBeUndefined();
    expect(baseline.collection?.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    expect(baseline.requests[RESOURCE]).toBeGreaterThanOrEqual(3);
    expect(baseline.requests[IAM]).toBeGreaterThanOrEqual(2);
    expect(suite.held().length).toBeGreaterThan(100);
    expect(suite.operations()).toEqual([...OPERATIONS].sort());
  });
});

describe('GCP: a persistent fault on each operation', () => {
  it.each(PERSISTENT)('%s', async (kind) => {
    const problems: string[] = [];
    for (const operation of process.env.FAULTS_FULL ? OPERATIONS : SAMPLE_OPERATIONS) problems.push(...(await run(`${kind} on ${operation}`, { kind, operation })));
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('GCP: transient faults are absorbed by bounded retries', () => {
  it.each(TRANSIENT)('%s (first 2 calls)', async (kind) => {
    const problems: string[] = [];
    const targets = process.env.FAULTS_FULL ? OPERATIONS : [RESOURCE, STS_OPERATION];
    for (const operation of targets) problems.push(...(await run(`${kind} x2 on ${operation}`, { kind, operation, first: 2 })));
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('GCP: paging that never ends', () => {
  it.each([RESOURCE, IAM])('a repeating nextPageToken on %s stops the listing and names it', async (operation) => {
    expect(await run(`repeat-token on ${operation}`, { kind: 'repeat-token', operation })).toEqual([]);
  }, 120_000);
});

describe('GCP: a credential that expires mid-scan', () => {
  it.each([0, 4, 6])('401 UNAUTHENTICATED (and the STS refusing the subject token) after %i requests', async (after) => {
    expect(await run(`expired after ${after} requests`, { kind: 'expired', operation: '*', after })).toEqual([]);
  }, 120_000);
});
