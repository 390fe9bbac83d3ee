import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CollectionFailed } from '../../src/collect/index.js';
import { runDiff } from '../../src/commands/diff.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { ACCOUNT, demoItems, generatedItems, startConfigEmulator, type ConfigEmulator, type Item } from '../emulators/aws/config-emulator.js';
import { collect, TEST_CREDENTIALS, undocumented } from './aws-support.js';

/**
 * The AWS collector against the in-repo emulator: the real SDK clients on AWS JSON 1.1 and Query,
 * for what moto cannot do — advanced query, aggregators, throttling, faults and denial.
 */

const demoAws = demoItems();

/** An emulator for one describe block, with knobs and call log reset before each test. */
function emulatorFor(items: Item[]): () => ConfigEmulator {
  let emu: ConfigEmulator;
  beforeAll(async () => {
    emu = await startConfigEmulator({ items });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.knobs = {};
    emu.resetLog();
  });
  return () => emu;
}

describe('AWS collector: advanced query on the demo estate', () => {
  const emu = emulatorFor(demoAws);

  it('reads every configuration item once, in the same Resource shape the importer gives', async () => {
    const c = await collect(emu().url, { regions: ['us-east-1', 'us-west-2'] });
    const ids = new Set(c.resources.map((r) => r.id));
    for (const item of demoAws) expect(ids.has(String(item.arn ?? item.resourceId))).toBe(true);
    expect(c.methods).toEqual(['config-select']);
    expect(c.accounts).toEqual([ACCOUNT]);
    const bucket = c.resources.find((r) => r.name === 'lumen-patient-uploads-prod')!;
    expect(bucket.tags.phi).toBe('true');
    expect(bucket.source).toMatchObject({ format: 'aws-config-api', file: 'config:SelectResourceConfig', observedAt: '2026-02-24T17:05:12.408Z' });
    expect(bucket.config.ServerSideEncryptionConfiguration).toMatchObject({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] });
    expect(c.coverage.filter((e) => e.status === 'failed')).toEqual([]);
  });

  it('adds the account facts Config lacks: credential report, summary, password policy, EBS default, recorders, trail status', async () => {
    const c = await collect(emu().url, { regions: ['us-east-1', 'us-west-2'] });
    const account = c.resources.find((r) => r.type === 'AWS::::Account')!;
    expect(account.id).toBe(ACCOUNT);
    expect(account.related.credentialReportRoot).toMatchObject({ user: '<root_account>', mfa_active: 'true' });
    expect(account.related.accountSummary).toMatchObject({ AccountMFAEnabled: 1 });
    expect(account.related.passwordPolicy).toMatchObject({ MinimumPasswordLength: 14 });
    expect(account.related.credentialReportGeneratedAt).toBe('2026-03-02T00:00:00.000Z');
    expect(account.related.factSources).toMatchObject({ passwordPolicy: { file: 'iam:GetAccountPasswordPolicy' } });
    expect(account.related.ebsEncryptionByDefault).toEqual({ 'us-east-1': true, 'us-west-2': true });
    expect(account.related.configRecorders).toMatchObject({ 'us-east-1': { recording: true }, 'us-west-2': { recording: true } });
    const user = c.resources.find((r) => r.type === 'AWS::IAM::User' && r.name === 'ci-deployer')!;
    expect(user.related.credentialReport).toMatchObject({ user: 'ci-deployer', mfa_active: 'false' });
    const trail = c.resources.find((r) => r.type === 'AWS::CloudTrail::Trail')!;
    expect(trail.related.trailStatus).toMatchObject({ IsLogging: true, LatestDeliveryTime: '2026-03-01T23:55:00.000Z' });
  });

  it('records "no password policy" (NoSuchEntity 404) as a fact, not a failure', async () => {
    emu().knobs = { passwordPolicy: null };
    const c = await collect(emu().url, { regions: ['us-east-1'] });
    const account = c.resources.find((r) => r.type === 'AWS::::Account')!;
    expect(account.related.passwordPolicy).toBeNull();
    expect(c.coverage.find((e) => e.operation === 'iam:GetAccountPasswordPolicy')).toMatchObject({ status: 'ok', note: expect.stringContaining('NoSuchEntity') });
  });

  it('finds the regions itself: DescribeRegions, then the recorder status of each; a region without a recorder is read directly', async () => {
    const c = await collect(emu().url, {});
    expect(c.regions).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(c.calls['ec2:DescribeRegions']).toBe(1);
    expect(c.calls['config:DescribeConfigurationRecorderStatus']).toBe(3);
    expect(c.coverage).toContainEqual(expect.objectContaining({ region: 'eu-west-1', status: 'not-recorded', operation: 'config:DescribeConfigurationRecorderStatus' }));
    // eu-west-1 holds nothing: its direct reads answer (the emulator has no RDS/EC2 volume API), and fail visibly.
    expect(c.coverage.some((e) => e.region === 'eu-west-1' && e.operation === 'rds:DescribeDBInstances')).toBe(true);
  });

  it('gives the same findings as importing the equivalent export: snapshot plus CLI outputs (live and offline paths agree)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-live-'));
    const exported = mkdtempSync(join(tmpdir(), 'sg-export-'));
    emu().equivalentExport(exported, ['us-east-1', 'us-west-2']);
    const offline = await runScan({ inputs: [exported], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test' });
    const live = await runScan({
      inputs: [], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test', out: dir,
      live: { quiet: true, aws: { endpoint: emu().url, credentials: TEST_CREDENTIALS, regions: ['us-east-1', 'us-west-2'], homeRegion: 'us-east-1' } },
    });
    const key = (f: Finding) => `${f.fingerprint}`;
    const comparable = (f: Finding) => ({ check: f.check, status: f.status, reason: f.reason, evidence: f.evidence, resource: f.resource, severity: f.severity });
    // Every finding, the account's included: the export holds the same facts as CLI outputs.
    const offlineBy = new Map(offline.report.findings.map((f) => [key(f), comparable(f)]));
    const liveKeys = new Set(live.report.findings.map(key));
    expect(offline.report.findings.filter((f) => !liveKeys.has(key(f))).map((f) => `${f.check} ${f.resource.id}`)).toEqual([]);
    expect(live.report.findings.length).toBe(offline.report.findings.length);
    for (const f of live.report.findings) expect(comparable(f)).toEqual(offlineBy.get(key(f)));
    expect(live.report.findings.some((f) => f.resource.type === 'AWS::::Account')).toBe(true);
    expect(live.passed).toBe(offline.passed);
    const written = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as { collection: { sources: { calls: Record<string, number> }[]; failed: number } };
    expect(written.collection.failed).toBe(0);
    expect(written.collection.sources[0]!.calls['config:SelectResourceConfig']).toBe(2);
    expect(live.summary).toMatch(/Collected aws live: \d+ resources from 1 account, 2 regions\s+\(config-select\)/);
  });

  it('uses only operations the documented read-only IAM policy allows', async () => {
    await collect(emu().url, {});
    await collect(emu().url, { aggregator: 'org', regions: ['us-east-1'] });
    emu().knobs = { selectUnsupported: true };
    await collect(emu().url, { aggregator: 'org', regions: ['us-east-1'] });
    await collect(emu().url, { regions: ['us-east-1'] });
    expect(Object.keys(emu().calls).length).toBeGreaterThan(15);
    expect(undocumented(emu().calls)).toEqual([]);
  });
});

describe('AWS collector: paging, aggregators and call counts', () => {
  const N = 1_050;
  const emu = emulatorFor(generatedItems(N, ['us-east-1', 'us-west-2']));

  it('pages advanced query 100 rows at a time: about N/100 calls plus a few', async () => {
    const c = await collect(emu().url, { regions: ['us-east-1', 'us-west-2'] });
    expect(c.resources.filter((r) => r.type !== 'AWS::::Account')).toHaveLength(N);
    // 525 rows per region: 6 pages each.
    expect(emu().calls['config:SelectResourceConfig']).toBe(12);
    const total = Object.values(emu().calls).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(Math.ceil(N / 100) + 2 + 20);
  });

  it('reads an organisation through an aggregator with SelectAggregateResourceConfig', async () => {
    const c = await collect(emu().url, { aggregator: 'org', regions: ['us-east-1'] });
    expect(c.resources.filter((r) => r.type !== 'AWS::::Account')).toHaveLength(N);
    expect(emu().calls['config:SelectAggregateResourceConfig']).toBe(Math.ceil(N / 100));
    expect(c.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(c.methods).toEqual(['aggregator:org']);
  });

  it('falls back to ListAggregateDiscoveredResources + BatchGetAggregateResourceConfig, retrying unprocessed keys with none lost', async () => {
    emu().knobs = { selectUnsupported: true, unprocessedFirst: 3 };
    const c = await collect(emu().url, { aggregator: 'org', regions: ['us-east-1'] });
    expect(c.resources.filter((r) => r.type !== 'AWS::::Account' && !r.related.collectionError)).toHaveLength(N);
    expect(c.methods).toEqual(['aggregator-list:org']);
    // 11 batches of 100 keys, plus a retry for each of the first 3 calls' unprocessed half.
    expect(emu().calls['config:BatchGetAggregateResourceConfig']).toBe(Math.ceil(N / 100) + 3);
  });

  it('falls back to ListDiscoveredResources + BatchGetResourceConfig where select is not answered, tags from the tagging API', async () => {
    emu().knobs = { selectUnsupported: true, unprocessedFirst: 2 };
    const c = await collect(emu().url, { regions: ['us-east-1', 'us-west-2'] });
    const read = c.resources.filter((r) => r.type !== 'AWS::::Account');
    expect(read).toHaveLength(N);
    expect(read.every((r) => !r.related.collectionError)).toBe(true);
    expect(c.methods).toEqual(['config-list']);
    expect(read.find((r) => r.name === 'bucket-000000')!.tags).toEqual({ phi: 'true' });
    expect(read.find((r) => r.name === 'bucket-000000')!.source).toMatchObject({ format: 'aws-config-api', file: 'config:BatchGetResourceConfig' });
    expect(emu().calls['config:BatchGetResourceConfig']).toBe(12 + 2);
  });

  it('retries throttled calls (adaptive retry) and loses no resource', async () => {
    // Adaptive mode slows a client down after a throttle (about 2 s a call at first): keep this estate small.
    const small = await startConfigEmulator({ items: generatedItems(150, ['us-east-1']), knobs: { throttle: { first: 2, operations: ['config:SelectResourceConfig'] } } });
    try {
      const c = await collect(small.url, { regions: ['us-east-1'], maxAttempts: 10 });
      expect(c.resources.filter((r) => r.type !== 'AWS::::Account')).toHaveLength(150);
      expect(small.log.filter((l) => l.status === 400 && l.operation === 'config:SelectResourceConfig').length).toBe(2);
      expect(c.calls['config:SelectResourceConfig']).toBe(2);
      expect(c.attempts).toBeGreaterThan(Object.values(c.calls).reduce((a, b) => a + b, 0));
      expect(c.coverage.filter((e) => e.status === 'failed')).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('retries 500 and 503 answers', async () => {
    emu().knobs = { faults: { status: 503, first: 3, operations: ['config:SelectResourceConfig'] } };
    const c = await collect(emu().url, { regions: ['us-east-1'] });
    expect(c.resources.filter((r) => r.type !== 'AWS::::Account')).toHaveLength(N / 2);
    emu().knobs = { faults: { status: 500, first: 2 } };
    const d = await collect(emu().url, { regions: ['us-east-1'] });
    expect(d.coverage.filter((e) => e.status === 'failed')).toEqual([]);
  });
});

describe('AWS collector: failures surface as coverage and error findings', () => {
  const emu = emulatorFor(demoAws);

  const scan = (dir?: string) =>
    runScan({
      inputs: [], profile: 'default', policy: 'unencrypted-storage', failOnError: true, version: 'test', ...(dir ? { out: dir } : {}),
      live: { quiet: true, aws: { endpoint: emu().url, credentials: TEST_CREDENTIALS, regions: ['us-east-1', 'us-west-2'], homeRegion: 'us-east-1', maxAttempts: 2 } },
    });

  it('access denied in one region: a coverage entry, and the types it would have covered graded error', async () => {
    emu().knobs = { deny: ['config:SelectResourceConfig@us-west-2', 'config:ListDiscoveredResources@us-west-2'] };
    const dir = mkdtempSync(join(tmpdir(), 'sg-denied-'));
    const outcome = await scan(dir);
    const report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as { collection: { failed: number; coverage: { operation: string; region: string; status: string; error?: string }[] }; findings: Finding[] };
    expect(report.collection.coverage).toContainEqual(expect.objectContaining({ operation: 'config:SelectResourceConfig', region: 'us-west-2', status: 'failed', error: expect.stringMatching(/^AccessDeniedException \(HTTP 400\): User: .* is not authorized/) }));
    expect(report.collection.coverage).toContainEqual(expect.objectContaining({ operation: 'config:ListDiscoveredResources', region: 'us-west-2', status: 'failed' }));
    const unread = report.findings.filter((f) => f.resource.region === 'us-west-2' && f.status === 'error');
    // GetDiscoveredResourceCounts still answers, so only the types present there are left unread (no RDS in us-west-2).
    const unreadTypes = [...new Set(unread.map((f) => f.resource.type))];
    expect(unreadTypes).toEqual(expect.arrayContaining(['AWS::S3::Bucket', 'AWS::EC2::Volume']));
    expect(unreadTypes).not.toContain('AWS::RDS::DBInstance');
    expect(unread[0]!.reason).toMatch(/^safeguard could not read this: config:ListDiscoveredResources in us-west-2 failed \(AccessDeniedException/);
    expect(unread[0]!.evidence).toMatchObject({ collectionError: { operation: 'config:ListDiscoveredResources', region: 'us-west-2' } });
    // us-east-1 is unaffected: its unencrypted stores still fail, and the gate (with --fail-on-error) fails.
    expect(report.findings.some((f) => f.resource.name === 'reporting-db' && f.status === 'fail')).toBe(true);
    expect(outcome.passed).toBe(false);
    expect(outcome.summary).toMatch(/Coverage: \d+ calls? failed/);
  });

  it('listed but unreadable: named as when read, so diff shows the failure turned error, not resolved', async () => {
    const readDir = join(mkdtempSync(join(tmpdir(), 'sg-unread-')), 'read');
    await scan(readDir);
    emu().knobs = { selectUnsupported: true, deny: ['config:BatchGetResourceConfig@us-east-1'] };
    const unreadDir = join(mkdtempSync(join(tmpdir(), 'sg-unread-')), 'unread');
    await scan(unreadDir);
    const unread = (JSON.parse(readFileSync(join(unreadDir, 'findings.json'), 'utf8')) as { findings: Finding[] }).findings;
    const db = unread.filter((f) => f.resource.name === 'reporting-db');
    // Config's resource id (the listing has no ARN), the listed name, and every result undecided.
    expect(db.length).toBeGreaterThan(1);
    expect(db.every((f) => f.status === 'error' && f.source.format === 'collection-error' && !f.resource.id.startsWith('arn:'))).toBe(true);
    const diff = (await runDiff(readDir, unreadDir, { json: true })).diff;
    const dbArn = 'arn:aws:rds:us-east-1:123456789012:db:reporting-db';
    expect(diff.statusChanges).toContainEqual(expect.objectContaining({ check: 'aws-rds-instance-encrypted', from: 'fail', to: 'error', resource: expect.objectContaining({ name: 'reporting-db' }) }));
    expect(diff.resolvedFailures).toContainEqual(expect.objectContaining({ check: 'aws-rds-instance-encrypted', now: 'error' }));
    expect(diff.resourcesRemoved.map((r) => r.id)).not.toContain(dbArn);
    expect(diff.resourcesAdded.map((r) => r.name)).not.toContain('reporting-db');
    // Back the other way: the pairing holds from unread to read too.
    const back = (await runDiff(unreadDir, readDir, { json: true })).diff;
    expect(back.newFailures).toContainEqual(expect.objectContaining({ check: 'aws-rds-instance-encrypted', was: 'error' }));
    expect(back.resourcesAdded.map((r) => r.id)).not.toContain(dbArn);
  });

  it('a denied credential report: the account facts it carries are missing and the call is recorded', async () => {
    emu().knobs = { deny: ['iam:GenerateCredentialReport'] };
    const c = await collect(emu().url, { regions: ['us-east-1'], maxAttempts: 1 });
    const account = c.resources.find((r) => r.type === 'AWS::::Account')!;
    expect(account.related.credentialReportRoot).toBeUndefined();
    expect(account.related.collectionErrors).toEqual([expect.objectContaining({ key: 'credentialReportRoot', operation: 'iam:GenerateCredentialReport', error: expect.stringMatching(/^AccessDenied/) })]);
  });

  it('nothing readable at all: CollectionFailed (the CLI exits 3)', async () => {
    emu().knobs = { deny: ['sts:GetCallerIdentity'] };
    await expect(collect(emu().url, { regions: ['us-east-1'], maxAttempts: 1 })).rejects.toBeInstanceOf(CollectionFailed);
    emu().knobs = {
      deny: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:SelectResourceConfig', 'config:GetDiscoveredResourceCounts', 'config:ListDiscoveredResources', 'tag:GetResources', 'rds:DescribeDBInstances', 'ec2:DescribeVolumes', 's3:ListBuckets',
        'ec2:GetEbsEncryptionByDefault', 'iam:GenerateCredentialReport', 'iam:GetAccountSummary', 'iam:GetAccountPasswordPolicy', 'cloudtrail:DescribeTrails'],
    };
    await expect(collect(emu().url, { regions: ['us-east-1'], maxAttempts: 1 })).rejects.toThrow(/every call failed/);
  });
});
