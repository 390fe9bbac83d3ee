import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gcpCollector } from '../../src/collect/gcp/index.js';
import { CollectionFailed, silentProgress } from '../../src/collect/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { importInputs } from '../../src/import/index.js';
import { DEMO_PROJECT, demoGcpRecords, generatedBuckets, startCloudAssetEmulator, type CloudAssetEmulator } from '../emulators/gcp/cloud-asset.js';
import { collectGcp, emulatorOptions, gradedGcpTypes, undocumentedGcp } from '../emulators/gcp/client.js';

/**
 * The GCP collector against the in-repo Cloud Asset emulator: google-auth-library's real
 * external-account sign-in (workload identity federation, as from GitHub OIDC) through the
 * emulator's STS, then ListAssets over the REST API.
 */

const OFFLINE = ['gcp-assets.ndjson', 'gcp-iam-policies.ndjson', 'gcp-org-policies.ndjson'].map((f) => `fixtures/demo/${f}`);
const LIST_RESOURCE = 'cloudasset.assets.listResource';
const LIST_IAM = 'cloudasset.assets.listIamPolicy';
const LIST_ORG = 'cloudasset.assets.listOrgPolicy';

const scanLive = (emu: CloudAssetEmulator, extra: Parameters<typeof emulatorOptions>[1] = {}, dir?: string) =>
  runScan({ inputs: [], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test', ...(dir ? { out: dir } : {}), live: { quiet: true, gcp: emulatorOptions(emu, extra) } });

describe('GCP collector: the demo estate', () => {
  let emu: CloudAssetEmulator;
  beforeAll(async () => {
    emu = await startCloudAssetEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  it('reads exactly the fixture estate, IAM and organization policies merged into their assets as the importer merges them', async () => {
    const c = await collectGcp(emu);
    const offline = await importInputs(OFFLINE);
    expect(c.resources.map((r) => r.id).sort()).toEqual(offline.resources.map((r) => r.id).sort());
    // The same Resource, but for the organization policies' keys: the API writes them camelCase
    // (`booleanPolicy`), an export snake_case (`boolean_policy`); the check reads both.
    const comparable = (r: (typeof c.resources)[number]) => ({ ...r, source: undefined, related: { ...r.related, orgPolicy: undefined } });
    for (const off of offline.resources) expect(comparable(c.resources.find((r) => r.id === off.id)!)).toEqual(comparable(off));
    const project = c.resources.find((r) => r.type === 'cloudresourcemanager.googleapis.com/Project')!;
    expect(project.account).toBe(DEMO_PROJECT);
    expect(project.related.iamPolicy).toMatchObject({ auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'ADMIN_READ' }] }, expect.anything(), expect.anything()] });
    expect(project.related.orgPolicy).toEqual(expect.arrayContaining([expect.objectContaining({ constraint: 'constraints/sql.restrictPublicIp', booleanPolicy: {} })]));
    expect(project.source).toMatchObject({ format: 'gcp-asset-api', file: LIST_RESOURCE });
    expect(c.coverage.map((e) => `${e.operation} ${e.status} ${e.records}`).sort()).toEqual([`${LIST_IAM} ok 2`, `${LIST_ORG} ok 1`, `${LIST_RESOURCE} ok 23`]);
    expect(c.accounts).toEqual([DEMO_PROJECT]);
    expect(c.methods).toEqual(['cloud-asset']);
  });

  it('signs in once through the STS (workload identity federation) and makes one call per content type', async () => {
    const c = await collectGcp(emu);
    expect(emu.exchanged).toHaveLength(1);
    expect(c.calls).toEqual({ [LIST_IAM]: 1, [LIST_ORG]: 1, [LIST_RESOURCE]: 1 });
    expect(emu.calls).toEqual(c.calls);
    expect(c.attempts).toBe(3);
  });

  it('gives the same findings as importing the equivalent export (live and offline paths agree)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-gcp-live-'));
    const offline = await runScan({ inputs: OFFLINE, profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test' });
    const live = await scanLive(emu, {}, dir);
    const comparable = (f: Finding) => ({ check: f.check, status: f.status, reason: f.reason, evidence: f.evidence, resource: f.resource, severity: f.severity });
    const offlineBy = new Map(offline.report.findings.map((f) => [f.fingerprint, comparable(f)]));
    expect(live.report.findings.length).toBe(offlineBy.size);
    for (const f of live.report.findings) expect(comparable(f)).toEqual(offlineBy.get(f.fingerprint));
    expect(live.passed).toBe(false); // ds-notebook-1-data: its key version is destroyed
    const written = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as { collection: { sources: { provider: string; accounts: string[] }[]; failed: number } };
    expect(written.collection).toMatchObject({ failed: 0, sources: [{ provider: 'gcp', accounts: [DEMO_PROJECT] }] });
    expect(live.summary.replace(/\s+/g, ' ')).toMatch(/Collected gcp live: 23 resources from 1 account, \d+ regions \(cloud-asset\); 3 calls\./);
  });

  it('reads a folder or an organization as the parent', async () => {
    const org = await collectGcp(emu, { projects: [], organization: '730165284917' });
    expect(org.resources).toHaveLength(23);
    expect(emu.log.every((l) => l.parent === 'organizations/730165284917')).toBe(true);
    emu.resetLog();
    const folder = await collectGcp(emu, { projects: [], folder: 'folders/517364829105' });
    expect(folder.resources).toHaveLength(23);
    expect(emu.log.every((l) => l.parent === 'folders/517364829105')).toBe(true);
  });

  it('uses only the permissions of the documented custom role', async () => {
    await collectGcp(emu);
    await collectGcp(emu, { projects: [], organization: '730165284917' });
    expect(Object.keys(emu.calls).sort()).toEqual([LIST_IAM, LIST_ORG, LIST_RESOURCE]);
    expect(undocumentedGcp(emu.calls)).toEqual([]);
  });
});

describe('GCP collector: paging, throttling and faults', () => {
  const N = 2_500;
  let emu: CloudAssetEmulator;
  beforeAll(async () => {
    emu = await startCloudAssetEmulator({ records: [...demoGcpRecords(), ...generatedBuckets(N)] });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  const buckets = (c: { resources: { type: string; related: Record<string, unknown> }[] }) => c.resources.filter((r) => r.type === 'storage.googleapis.com/Bucket' && !r.related.unread);

  it('pages ListAssets 1000 assets at a time: N/1000 calls plus one per other content type', async () => {
    const c = await collectGcp(emu);
    expect(buckets(c)).toHaveLength(N + 3);
    expect(new Set(c.resources.map((r) => r.id)).size).toBe(c.resources.length);
    expect(c.calls).toEqual({ [LIST_RESOURCE]: Math.ceil((N + 23) / 1000), [LIST_IAM]: 1, [LIST_ORG]: 1 });
    expect(emu.log.filter((l) => l.operation === LIST_RESOURCE)).toHaveLength(3);
  });

  it('retries 429 RESOURCE_EXHAUSTED with backoff and loses nothing', async () => {
    emu.knobs = { throttle: { first: 2 } };
    const c = await collectGcp(emu);
    expect(buckets(c)).toHaveLength(N + 3);
    expect(c.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    const throttled = emu.log.filter((l) => l.status === 429);
    expect(throttled).toHaveLength(6); // the first two calls of each content type
    expect(c.attempts).toBe(Object.values(c.calls).reduce((a, b) => a + b, 0) + 6);
  });

  it('retries 500 and 503 answers', async () => {
    emu.knobs = { faults: { status: 503, first: 1 } };
    const c = await collectGcp(emu);
    expect(buckets(c)).toHaveLength(N + 3);
    emu.knobs = { faults: { status: 500, first: 1, operations: [LIST_RESOURCE] } };
    const d = await collectGcp(emu);
    expect(d.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    expect(d.attempts).toBe(Object.values(d.calls).reduce((a, b) => a + b, 0) + 1);
  });
});

describe('GCP collector: denied calls become error findings naming the permission', () => {
  let emu: CloudAssetEmulator;
  beforeAll(async () => {
    emu = await startCloudAssetEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });

  it('403 on IAM_POLICY: every asset of the project is "error" naming cloudasset.assets.listIamPolicy', async () => {
    emu.knobs = { deny: [LIST_IAM] };
    const outcome = await scanLive(emu, { maxRetries: 0 });
    const graded = outcome.report.findings.filter((f) => f.status !== 'not_applicable');
    expect(graded.length).toBeGreaterThan(20);
    expect(graded.every((f) => f.status === 'error')).toBe(true);
    const audit = outcome.report.findings.find((f) => f.check === 'gcp-audit-logs-data-access-enabled')!;
    expect(audit.reason).toMatch(/^safeguard could not read this: cloudasset\.assets\.listIamPolicy in global failed \(PERMISSION_DENIED \(HTTP 403\): The caller does not have permission/);
    const coverage = (outcome.report as unknown as { collection: { failed: number; coverage: { operation: string; status: string }[] } }).collection;
    expect(coverage.failed).toBe(1);
    expect(coverage.coverage[0]).toMatchObject({ operation: LIST_IAM, status: 'failed', account: `projects/${DEMO_PROJECT}` });
  });

  it('403 on ORG_POLICY: only the project is "error"; buckets and databases are graded as usual', async () => {
    emu.knobs = { deny: [LIST_ORG] };
    const outcome = await scanLive(emu, { maxRetries: 0 });
    const unread = outcome.report.findings.filter((f) => (f.evidence as { collectionError?: unknown }).collectionError);
    expect(unread.length).toBeGreaterThan(0);
    expect(new Set(unread.map((f) => f.resource.type))).toEqual(new Set(['cloudresourcemanager.googleapis.com/Project']));
    expect(unread.every((f) => f.status === 'error' && (f.evidence as { collectionError: { operation: string } }).collectionError.operation === LIST_ORG)).toBe(true);
    expect(outcome.report.findings.find((f) => f.resource.name === 'ds-notebook-1-data' && f.check === 'gcp-compute-disk-encrypted')!.status).toBe('fail');
  });

  it('403 on RESOURCE: a stand-in per graded type, and one (type *) for every other type, says what was not read', async () => {
    emu.knobs = { deny: [LIST_RESOURCE] };
    const c = await collectGcp(emu, { maxRetries: 0 });
    const standIns = c.resources.filter((r) => r.related.unread);
    // The eligible-service check grades every type (`*`), so the types not listed get a stand-in too.
    expect(standIns.map((r) => r.type).sort()).toEqual([...new Set(await gradedGcpTypes())].sort());
    expect(standIns.find((r) => r.type === '*')!.name).toMatch(/^every resource type other than those listed in .* \(not read\)$/);
    expect(standIns[0]!.related.collectionError).toMatchObject({ operation: LIST_RESOURCE });
    // The IAM and organization policy records still arrive, and are marked unread too.
    expect(c.resources.filter((r) => !r.related.unread).every((r) => r.related.collectionError)).toBe(true);
  });

  it('nothing readable: CollectionFailed (exit 3); a subject token the STS rejects: no usable credentials', async () => {
    emu.knobs = { deny: [LIST_RESOURCE, LIST_IAM, LIST_ORG] };
    await expect(collectGcp(emu, { maxRetries: 0 })).rejects.toThrow(/^GCP: every call failed \(first: cloudasset\.assets\.list\w+ on projects\/lumen-analytics-prod: PERMISSION_DENIED/);
    emu.knobs = {};
    const dir = mkdtempSync(join(tmpdir(), 'sg-gcp-bad-'));
    writeFileSync(join(dir, 'token'), 'not-the-token');
    const failed = gcpCollector.collect({ ...emulatorOptions(emu), credentials: emu.externalAccount(join(dir, 'token')) }, { progress: silentProgress, resourceTypes: await gradedGcpTypes() });
    await expect(failed).rejects.toBeInstanceOf(CollectionFailed);
    await expect(failed).rejects.toThrow(/^GCP: no usable credentials \(invalid_grant/);
  });
});
