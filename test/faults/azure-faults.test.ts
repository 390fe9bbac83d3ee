import { describe, expect, it } from 'vitest';
import { startAzureEmulator, TOKEN_OPERATION, type AzureInjection } from '../emulators/azure/arm.js';
import { AZURE_RULES, faultEstate, faultSuite, PERSISTENT, scanAzure, TRANSIENT } from './azure-harness.js';

/**
 * Faults on the Azure emulator, per operation: every operation a fault-free scan makes (Resource
 * Graph pages, each ARM fact read, each Microsoft Graph call, the sign-in) gets each persistent
 * fault in turn, and the common transient ones; plus repeating page tokens and a credential that
 * expires mid-scan. `npm run faults` runs this file with FAULTS_FULL=1 and prints the table.
 */

const RG = 'Microsoft.ResourceGraph/resources/read';
const TDE = 'Microsoft.Sql/servers/databases/transparentDataEncryption/read';
const DIAG = 'Microsoft.Insights/diagnosticSettings/read';
const SUBS = 'Microsoft.Resources/subscriptions/read';
const CA = 'graph:GET /identity/conditionalAccess/policies';
const REG = 'graph:GET /reports/authenticationMethods/userRegistrationDetails';
/**
 * The default run's sample: the inventory, a per-resource ARM fact, the sign-in. (ARM lists such as
 * diagnostic settings and the Microsoft Graph calls get every fault under FAULTS_FULL=1, and here a
 * repeating next link; Graph also the transient faults.)
 */
const SAMPLE_OPERATIONS = [RG, TDE, TOKEN_OPERATION];

const suite = faultSuite('azure', () => startAzureEmulator({ estate: faultEstate() }), scanAzure, AZURE_RULES);
const run = (name: string, fault: AzureInjection) => suite.run(name, fault);

describe('Azure: the fault-free scan', () => {
  it('reads the whole estate with no failed call, over several Resource Graph pages', () => {
    const baseline = suite.baseline();
    const operations = suite.operations();
    expect(baseline.failed).toBeUndefined();
    expect(baseline.collection?.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    expect(baseline.requests[RG]).toBeGreaterThanOrEqual(4);
    expect(suite.held().length).toBeGreaterThan(100);
    expect(operations).toEqual(expect.arrayContaining([RG, TDE, DIAG, SUBS, CA, REG, TOKEN_OPERATION]));
  });
});

describe('Azure: a persistent fault on each operation', () => {
  it.each(PERSISTENT)('%s', async (kind) => {
    const problems: string[] = [];
    const operations = suite.operations();
    const targets = process.env.FAULTS_FULL ? operations : SAMPLE_OPERATIONS.filter((o) => operations.includes(o));
    for (const operation of targets) problems.push(...(await run(`${kind} on ${operation}`, { kind, operation })));
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('Azure: transient faults are absorbed by bounded retries', () => {
  it.each(TRANSIENT)('%s (first 2 calls)', async (kind) => {
    const problems: string[] = [];
    // (Not a 429 without Retry-After on the token endpoint: @azure/identity does not retry one, and
    // Entra ID sends Retry-After. A known gap, in the report.)
    const targets = (process.env.FAULTS_FULL ? [RG, TDE, DIAG, CA, TOKEN_OPERATION] : [RG, CA]).filter((o) => !(kind === 'throttle-429' && o === TOKEN_OPERATION));
    for (const operation of targets) problems.push(...(await run(`${kind} x2 on ${operation}`, { kind, operation, first: 2 })));
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('Azure: paging that never ends', () => {
  it.each([RG, SUBS, DIAG, CA, REG])('a repeating page token on %s stops the listing and names it', async (operation) => {
    expect(await run(`repeat-token on ${operation}`, { kind: 'repeat-token', operation })).toEqual([]);
  }, 120_000);
});

describe('Azure: a credential that expires mid-scan', () => {
  it.each([0, 6, 12])('401 InvalidAuthenticationToken (and the token endpoint refusing the secret) after %i requests', async (after) => {
    expect(await run(`expired after ${after} requests`, { kind: 'expired', operation: '*', after })).toEqual([]);
  }, 120_000);
});
