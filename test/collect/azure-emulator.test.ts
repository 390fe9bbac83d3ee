import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { azureCollector } from '../../src/collect/azure/index.js';
import { CollectionFailed, silentProgress } from '../../src/collect/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { importInputs } from '../../src/import/index.js';
import {
  DEMO_SUBSCRIPTION,
  DEMO_TENANT,
  demoAzureEstate,
  emptyAzureEstate,
  generatedStorageRows,
  resourceGroupRows,
  startAzureEmulator,
  type AzureEmulator,
  type Json,
} from '../emulators/azure/arm.js';
import { collectAzure, emulatorOptions, gradedAzureTypes, undocumentedAzure } from '../emulators/azure/client.js';

/**
 * The Azure collector against the in-repo ARM / Resource Graph / Microsoft Graph emulator, with
 * the real SDK clients (identity's MSAL sign-in, arm-resources, arm-resourcegraph, core-client)
 * over HTTPS on 127.0.0.1.
 */

const OFFLINE = ['azure-resource-graph.json', 'azure-sql-tde.json', 'azure-sql-auditing.json', 'azure-web-config.json', 'azure-diagnostic-settings.json', 'entra-security-defaults.json', 'entra-conditional-access.json', 'entra-user-registration.json'].map((f) => `fixtures/demo/${f}`);
/** What ResourceContainers adds that an `az graph query -q "Resources"` export does not hold. */
const CONTAINERS = /^microsoft\.resources\/subscriptions(\/resourcegroups)?$/i;
const TDE_READ = 'Microsoft.Sql/servers/databases/transparentDataEncryption/read';
const RG_READ = 'Microsoft.ResourceGraph/resources/read';

const scanLive = (emu: AzureEmulator, extra: Parameters<typeof emulatorOptions>[1] = {}, dir?: string) =>
  runScan({ inputs: [], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test', ...(dir ? { out: dir } : {}), live: { quiet: true, azure: emulatorOptions(emu, extra) } });

describe('Azure collector: the demo estate', () => {
  let emu: AzureEmulator;
  beforeAll(async () => {
    emu = await startAzureEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  it('accounts for every resource of the fixture estate, read through Resource Graph, ARM and Microsoft Graph', async () => {
    const c = await collectAzure(emu);
    const offline = await importInputs(OFFLINE);
    const live = new Set(c.resources.map((r) => r.id.toLowerCase()));
    const missing = offline.resources.filter((r) => !live.has(r.id.toLowerCase())).map((r) => r.id);
    expect(missing).toEqual([]);
    const offlineIds = new Set(offline.resources.map((r) => r.id.toLowerCase()));
    // The only additions are ResourceContainers rows: the subscription itself (synthesized offline) and its resource groups.
    expect(c.resources.filter((r) => !offlineIds.has(r.id.toLowerCase())).every((r) => CONTAINERS.test(r.type))).toBe(true);
    expect(c.resources.filter((r) => CONTAINERS.test(r.type))).toHaveLength(1 + 4);
    expect(c.resources.find((r) => r.type === 'microsoft.resources/subscriptions')!.related.synthesized).toBeUndefined();
    expect(c.coverage.filter((e) => e.status !== 'ok')).toEqual([]);
    expect(c.accounts).toEqual([DEMO_SUBSCRIPTION]);
    expect(c.methods).toEqual(['arm', 'microsoft-graph', 'resource-graph']);
  });

  it('makes one call per page and one per child fact: the call counts', async () => {
    const c = await collectAzure(emu);
    expect(c.calls).toEqual({
      'Microsoft.Resources/subscriptions/read': 1,
      [RG_READ]: 2, // Resources and ResourceContainers, one page each
      [TDE_READ]: 2, // the two user databases; master's TDE cannot be set and is not read
      'Microsoft.Sql/servers/auditingSettings/read': 1,
      'Microsoft.Sql/servers/encryptionProtector/read': 1,
      'Microsoft.Web/sites/config/read': 1,
      'Microsoft.Insights/diagnosticSettings/read': 2, // the vault and the subscription
      'graph:GET /policies/identitySecurityDefaultsEnforcementPolicy': 1,
      'graph:GET /identity/conditionalAccess/policies': 1,
      'graph:GET /reports/authenticationMethods/userRegistrationDetails': 1,
    });
    expect(emu.calls).toEqual(c.calls);
    expect(c.attempts).toBe(13);
    // One sign-in per audience: ARM and Microsoft Graph (the token is reused across calls).
    expect([...new Set(emu.tokenScopes.map((s) => s.split(' ').find((x) => x.endsWith('/.default'))))].sort()).toEqual([`${emu.url}/.default`].sort());
  });

  it('decodes rows with the importer, so the Resource is the one an export gives', async () => {
    const c = await collectAzure(emu);
    const offline = await importInputs(OFFLINE);
    const pick = (rs: typeof c.resources, name: string) => rs.find((r) => r.name === name)!;
    for (const name of ['stlumenphiprod01', 'sqldb-claims-reporting', 'kv-lumen-phi-prod']) {
      const live = pick(c.resources, name);
      const off = pick(offline.resources, name);
      expect({ ...live, source: undefined }).toEqual({ ...off, source: undefined });
    }
    expect(pick(c.resources, 'stlumenphiprod01').source).toEqual({ format: 'azure-resource-graph', file: RG_READ, index: 0 });
    const tde = c.resources.find((r) => r.id.endsWith('sqldb-claims-reporting/transparentDataEncryption/current'))!;
    expect(tde.config.state).toBe('Disabled');
    expect(tde.source.file).toBe(TDE_READ);
  });

  it('gives the same findings as importing the equivalent export (live and offline paths agree)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-azure-live-'));
    const offline = await runScan({ inputs: OFFLINE, profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test' });
    const live = await scanLive(emu, {}, dir);
    const comparable = (f: Finding) => ({ check: f.check, status: f.status, reason: f.reason, evidence: f.evidence, resource: f.resource, severity: f.severity });
    // The subscription is a real row live and synthesized offline; resource groups are live only.
    const graded = (f: Finding) => !CONTAINERS.test(f.resource.type);
    const offlineBy = new Map(offline.report.findings.filter(graded).map((f) => [f.fingerprint, comparable(f)]));
    const liveGraded = live.report.findings.filter(graded);
    expect(liveGraded.length).toBe(offlineBy.size);
    for (const f of liveGraded) expect(comparable(f)).toEqual(offlineBy.get(f.fingerprint));
    const status = (fs: Finding[]) => fs.filter((f) => f.resource.type.toLowerCase() === 'microsoft.resources/subscriptions').map((f) => `${f.check} ${f.status}`).sort();
    expect(status(live.report.findings)).toEqual(status(offline.report.findings));
    expect(live.passed).toBe(offline.passed);
    expect(live.passed).toBe(false); // sqldb-claims-reporting: TDE disabled
    const written = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as { collection: { sources: { provider: string; calls: Record<string, number> }[]; failed: number } };
    expect(written.collection.failed).toBe(0);
    expect(written.collection.sources[0]).toMatchObject({ provider: 'azure', calls: { [TDE_READ]: 2 } });
    expect(live.summary.replace(/\s+/g, ' ')).toMatch(/Collected azure live: 34 resources from 1 account, 1 region \(arm, microsoft-graph, resource-graph\); 13 calls\./);
    expect(live.summary).toContain('Coverage: every call succeeded.');
  });

  it('uses only operations of the documented read-only permissions (Reader, Policy.Read.All, AuditLog.Read.All)', async () => {
    await collectAzure(emu);
    await collectAzure(emu, { managementGroup: 'mg-root' });
    expect(Object.keys(emu.calls).length).toBeGreaterThanOrEqual(10);
    expect(undocumentedAzure(emu.calls)).toEqual([]);
    expect(Object.keys(emu.calls).filter((op) => !op.startsWith('graph:') && !op.endsWith('/read'))).toEqual([]);
  });

  it('reads a management group in one Resource Graph scope, without listing subscriptions', async () => {
    const c = await collectAzure(emu, { managementGroup: 'mg-root' });
    expect(emu.calls['Microsoft.Resources/subscriptions/read']).toBeUndefined();
    expect(c.resources.some((r) => r.name === 'sqldb-claims-reporting')).toBe(true);
    expect(c.accounts).toEqual([DEMO_SUBSCRIPTION]);
  });
});

describe('Azure collector: paging, batching, throttling and faults', () => {
  const SUBS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
  const N = 2_500;
  let emu: AzureEmulator;
  beforeAll(async () => {
    const estate = emptyAzureEstate(DEMO_TENANT, SUBS.map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}` })));
    estate.rows.push(...generatedStorageRows(N, SUBS[0]), ...generatedStorageRows(10, SUBS[1]).map((r) => ({ ...r, id: String(r.id).replace('stgen', 'stsecond'), name: `stsecond${String(r.name).slice(5)}` })));
    estate.containers.push(...resourceGroupRows(estate.rows));
    emu = await startAzureEmulator({ estate });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  const storage = (c: { resources: { type: string; related: Record<string, unknown> }[] }) => c.resources.filter((r) => r.type === 'microsoft.storage/storageaccounts' && !r.related.unread);

  it('pages Resource Graph 1000 rows at a time and ARM lists by nextLink: N/1000 calls plus a few', async () => {
    emu.knobs = { pageSize: 2 };
    const c = await collectAzure(emu);
    expect(storage(c)).toHaveLength(N + 10);
    expect(new Set(storage(c).map((r) => (r as unknown as { id: string }).id)).size).toBe(N + 10);
    // 3 subscriptions in one query: 3 pages of Resources, 1 of ResourceContainers.
    expect(c.calls[RG_READ]).toBe(Math.ceil((N + 10) / 1000) + 1);
    // GET /subscriptions pages by nextLink (2 per page here): 2 calls.
    expect(c.calls['Microsoft.Resources/subscriptions/read']).toBe(2);
    const total = Object.values(c.calls).reduce((a, b) => a + b, 0);
    expect(total).toBe(4 + 2 + 3 /* subscription diagnostic settings */ + 3 /* Microsoft Graph */);
    expect(c.accounts).toEqual(SUBS);
  });

  it('batches subscriptions into queries of at most subscriptionsPerQuery', async () => {
    const c = await collectAzure(emu, { subscriptionsPerQuery: 2 });
    expect(storage(c)).toHaveLength(N + 10);
    // Batch 1 (2 subscriptions): 3 + 1 pages; batch 2 (1 subscription, empty): 1 + 1.
    expect(c.calls[RG_READ]).toBe(6);
  });

  it('retries 429 after Retry-After on every client (Resource Graph, ARM, Microsoft Graph) and loses nothing', async () => {
    emu.knobs = { throttle: { first: 2, retryAfterSeconds: 1 } };
    const started = Date.now();
    const c = await collectAzure(emu);
    expect(storage(c)).toHaveLength(N + 10);
    expect(c.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    const throttled = emu.log.filter((l) => l.status === 429);
    expect(new Set(throttled.map((l) => l.operation))).toEqual(new Set(Object.keys(c.calls)));
    expect(c.attempts).toBe(Object.values(c.calls).reduce((a, b) => a + b, 0) + throttled.length);
    // The SDKs waited as told: at least two Retry-After seconds on the first Resource Graph call.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('retries 500 and 503 answers', async () => {
    emu.knobs = { faults: { status: 503, first: 2 } };
    const c = await collectAzure(emu);
    expect(storage(c)).toHaveLength(N + 10);
    expect(c.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    emu.knobs = { faults: { status: 500, first: 1 } };
    const d = await collectAzure(emu);
    expect(d.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    expect(d.attempts).toBeGreaterThan(Object.values(d.calls).reduce((a, b) => a + b, 0));
  });

  it('a fault that outlasts the retries is a failed call, and its resources are graded "error"', async () => {
    emu.knobs = { faults: { status: 500, first: 100, operations: [RG_READ] } };
    const c = await collectAzure(emu, { maxRetries: 1 });
    expect(c.coverage).toContainEqual(expect.objectContaining({ operation: RG_READ, status: 'failed', error: expect.stringMatching(/^InternalServerError \(HTTP 500\)/) }));
    // A stand-in per graded type per subscription says what was not read.
    const standIns = c.resources.filter((r) => r.related.unread && r.type === 'microsoft.storage/storageaccounts');
    expect(standIns.map((r) => r.account).sort()).toEqual(SUBS);
  });
});

describe('Azure collector: denied calls become error findings naming the operation', () => {
  let emu: AzureEmulator;
  beforeAll(async () => {
    emu = await startAzureEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  it('403 on the TDE read: both databases are "error" with the action denied; the rest is graded as usual', async () => {
    emu.knobs = { deny: [TDE_READ] };
    const outcome = await scanLive(emu, { maxRetries: 0 });
    const db = (name: string) => outcome.report.findings.filter((f) => f.resource.name === name && f.resource.type.toLowerCase() === 'microsoft.sql/servers/databases');
    for (const name of ['sqldb-patient-records', 'sqldb-claims-reporting']) {
      const tde = db(name).find((f) => f.check === 'azure-sql-database-tde-enabled')!;
      expect(tde.status).toBe('error');
      expect(tde.reason).toMatch(new RegExp(`^safeguard could not read this: ${TDE_READ.replace(/[/.]/g, '\\$&')} in eastus2 failed \\(AuthorizationFailed \\(HTTP 403\\): The client`));
      expect(tde.evidence).toMatchObject({ collectionError: { operation: TDE_READ } });
    }
    // master's TDE is not read, so it stays not applicable.
    expect(db('master').find((f) => f.check === 'azure-sql-database-tde-enabled')!.status).toBe('not_applicable');
    expect(outcome.report.findings.find((f) => f.resource.name === 'stlumenanalytics01' && f.check === 'azure-storage-account-secure-transfer')!.status).toBe('fail');
    const coverage = (outcome.report as unknown as { collection: { coverage: { operation: string; status: string }[]; failed: number } }).collection;
    expect(coverage.failed).toBe(2);
    expect(coverage.coverage.filter((e) => e.status === 'failed').map((e) => e.operation)).toEqual([TDE_READ, TDE_READ]);
    expect(outcome.summary).toMatch(/Coverage: 2 calls failed/);
  });

  it('403 on Resource Graph: every graded type of the subscription is "error", and the subscription row too', async () => {
    emu.knobs = { deny: [RG_READ] };
    const outcome = await scanLive(emu, { maxRetries: 0 });
    const errors = outcome.report.findings.filter((f) => f.status === 'error' && (f.evidence as { collectionError?: { operation?: string } }).collectionError?.operation === RG_READ);
    const types = new Set(errors.map((f) => f.resource.type.toLowerCase()));
    const graded = (await gradedAzureTypes()).filter((t) => t !== '*' && !t.startsWith('microsoft.graph/')).map((t) => t.toLowerCase());
    for (const t of graded) expect(types.has(t)).toBe(true);
    expect(errors.find((f) => f.check === 'azure-subscription-activity-log-exported')!.resource.id).toBe(`/subscriptions/${DEMO_SUBSCRIPTION}`);
    // Microsoft Graph still answered: the tenant's MFA is graded.
    expect(outcome.report.findings.find((f) => f.check === 'azure-entra-mfa-required')!.status).toBe('pass');
  });

  it('403 from Microsoft Graph: the tenant and the registration records are "error" naming the Graph call', async () => {
    emu.knobs = { deny: ['graph:GET /identity/conditionalAccess/policies', 'graph:GET /reports/authenticationMethods/userRegistrationDetails'] };
    const outcome = await scanLive(emu, { maxRetries: 0 });
    const mfa = outcome.report.findings.find((f) => f.check === 'azure-entra-mfa-required')!;
    expect(mfa.status).toBe('error');
    expect(mfa.reason).toMatch(/graph:GET \/identity\/conditionalAccess\/policies in global failed \(Authorization_RequestDenied \(HTTP 403\)/);
    const users = outcome.report.findings.filter((f) => f.check === 'azure-entra-user-mfa-registered');
    expect(users.map((f) => f.status)).toEqual(['error']);
    expect(users[0]!.reason).toMatch(/userRegistrationDetails in global failed/);
  });

  it('403 on GET /subscriptions: recorded, and Resource Graph is asked at tenant scope instead', async () => {
    emu.knobs = { deny: ['Microsoft.Resources/subscriptions/read'] };
    const c = await collectAzure(emu, { maxRetries: 0 });
    expect(c.coverage.filter((e) => e.status === 'failed').map((e) => e.operation)).toEqual(['Microsoft.Resources/subscriptions/read']);
    expect(c.resources.some((r) => r.name === 'sqldb-claims-reporting')).toBe(true);
    expect(c.accounts).toEqual([DEMO_SUBSCRIPTION]);
  });

  it('nothing readable: CollectionFailed (exit 3); a credential that cannot sign in says so', async () => {
    emu.knobs = { deny: [RG_READ, 'Microsoft.Resources/subscriptions/read', 'graph:GET /policies/identitySecurityDefaultsEnforcementPolicy', 'graph:GET /identity/conditionalAccess/policies', 'graph:GET /reports/authenticationMethods/userRegistrationDetails'] };
    await expect(collectAzure(emu, { maxRetries: 0 })).rejects.toThrow(/^Azure: every call failed \(first: /);
    emu.knobs = {};
    const nowhere = new ClientSecretCredential(DEMO_TENANT, 'client', 'secret', { authorityHost: 'https://127.0.0.1:9', disableInstanceDiscovery: true, retryOptions: { maxRetries: 0 } });
    const failed = azureCollector.collect({ ...emulatorOptions(emu), credential: nowhere }, { progress: silentProgress, resourceTypes: await gradedAzureTypes() });
    await expect(failed).rejects.toBeInstanceOf(CollectionFailed);
    await expect(failed).rejects.toThrow(/^Azure: no usable credentials/);
  });
});

describe('Azure collector: server parameters of flexible servers', () => {
  let emu: AzureEmulator;
  const base = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-db/providers`;
  const server = (type: string, name: string): Json => ({
    id: `${base}/${type}/${name}`, name, type: type.toLowerCase(), tenantId: DEMO_TENANT, kind: '', location: 'eastus2', resourceGroup: 'rg-db', subscriptionId: DEMO_SUBSCRIPTION,
    sku: { name: 'Standard_D2ds_v4', tier: 'GeneralPurpose' }, properties: { version: '16', backup: { backupRetentionDays: 14, geoRedundantBackup: 'Enabled' }, network: { publicNetworkAccess: 'Disabled' } }, tags: {},
  });
  const parameter = (serverId: string, type: string, name: string, value: string): Json => ({
    id: `${serverId}/configurations/${name}`, name, type: `${type}/configurations`, properties: { value, source: 'user-override', defaultValue: 'on', dataType: 'Enumeration' },
  });
  beforeAll(async () => {
    const estate = demoAzureEstate();
    const pg = server('Microsoft.DBforPostgreSQL/flexibleServers', 'pg-lumen');
    const mysql = server('Microsoft.DBforMySQL/flexibleServers', 'mysql-lumen');
    estate.rows.push(pg, mysql);
    for (const doc of [
      parameter(String(pg.id), 'Microsoft.DBforPostgreSQL/flexibleServers', 'require_secure_transport', 'on'),
      parameter(String(pg.id), 'Microsoft.DBforPostgreSQL/flexibleServers', 'ssl_min_protocol_version', 'TLSv1.2'),
      parameter(String(mysql.id), 'Microsoft.DBforMySQL/flexibleServers', 'require_secure_transport', 'OFF'),
      parameter(String(mysql.id), 'Microsoft.DBforMySQL/flexibleServers', 'tls_version', 'TLSv1.2'),
    ]) estate.documents.set(String(doc.id).toLowerCase(), doc);
    emu = await startAzureEmulator({ estate });
  });
  afterAll(() => emu.close());

  it('reads require_secure_transport and the TLS parameter of each server, and the checks grade them', async () => {
    const outcome = await scanLive(emu);
    const verdict = (check: string) => outcome.report.findings.find((f) => f.check === check)!;
    expect(verdict('azure-postgresql-flexible-server-tls-required')).toMatchObject({ status: 'pass', evidence: { requireSecureTransport: 'on', ssl_min_protocol_version: 'TLSv1.2' } });
    expect(verdict('azure-mysql-flexible-server-tls-required')).toMatchObject({ status: 'fail', evidence: { requireSecureTransport: 'OFF' } });
    expect(emu.calls['Microsoft.DBforPostgreSQL/flexibleServers/configurations/read']).toBe(2);
    expect(emu.calls['Microsoft.DBforMySQL/flexibleServers/configurations/read']).toBe(2);
    expect(undocumentedAzure(emu.calls)).toEqual([]);
  });
});
