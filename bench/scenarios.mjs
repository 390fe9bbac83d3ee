// The benchmark's scenarios. `node bench/scenarios.mjs NAME [JSON]` runs one in this (fresh)
// process and prints `RESULT {json}`, so each figure, peak memory included, is its own process's.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPerResource } from './aws-baseline.mjs';
import { ACCOUNT, AZURE_TENANT, awsItems, azureEstate, gcpRecords, GCP_ORGANIZATION, REGIONS, writeAwsEstate } from './estate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(root, 'dist', 'src', p);
const emulators = (p) => join(root, 'node_modules', '.cache', 'safeguard-bench', 'test', 'emulators', p);
const CREDENTIALS = { accessKeyId: 'AKIABENCHMARK000000', secretAccessKey: 'bench-secret' };
const silent = { call() {}, found() {}, warn() {}, done() {} };

/** Run the built CLI under bench/measure.mjs: its exit code, wall and CPU time, peak RSS. */
export function runCli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'measure.mjs'), join(root, 'dist', 'cli.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', () => {
      const m = /BENCH (\{.*\})/.exec(stderr);
      if (!m) return reject(new Error(`no measurement: ${stderr.slice(-500)}`));
      resolve({ ...JSON.parse(m[1]), stderr: stderr.slice(0, m.index) });
    });
  });
}

const scratch = () => mkdtempSync(join(tmpdir(), 'sg-bench-'));
const usage = () => ({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });

const scenarios = {
  /** Live AWS: the CLI against the emulator, the same estate per resource, and the collector under throttling in both retry modes. */
  async 'aws-live'({ resources = 10_000, latencyMs = 50, throttle = 0.1, baseline = true }) {
    const { startConfigEmulator } = await import(emulators('aws/config-emulator.js'));
    const items = awsItems(resources, { regions: REGIONS });
    const emu = await startConfigEmulator({ items, knobs: { latencyMs } });
    const env = { AWS_ENDPOINT_URL: emu.url, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: REGIONS[0], AWS_EC2_METADATA_DISABLED: 'true' };
    const out = {};
    try {
      // safeguard scan --aws, end to end: collection and grading; then again writing the evidence bundle.
      emu.resetLog();
      const cli = await runCli(['scan', '--aws', '--regions', REGIONS.join(','), '--quiet'], env);
      out.cli = { ...cli, calls: emu.log.length, byOperation: { ...emu.calls } };
      const dir = scratch();
      const bundled = await runCli(['scan', '--aws', '--regions', REGIONS.join(','), '--out', join(dir, 'bundle'), '--quiet'], env);
      const findings = JSON.parse(await readFile(join(dir, 'bundle', 'findings.json'), 'utf8'));
      out.cliBundle = { ...bundled, resources: findings.summary.resourcesByProvider.aws, findings: findings.findings.length };
      rmSync(dir, { recursive: true, force: true });

      // The collector alone, unthrottled and with `throttle` of the calls throttled, in each retry mode.
      const { awsCollector } = await import(dist('collect/aws/index.js'));
      const { loadChecks } = await import(dist('engine/registry.js'));
      const resourceTypes = (await loadChecks()).filter((c) => c.provider === 'aws').flatMap((c) => c.resourceTypes);
      const collect = async (knobs, retryMode) => {
        emu.knobs = { latencyMs, ...knobs };
        emu.resetLog();
        const t0 = performance.now();
        const c = await awsCollector.collect({ endpoint: emu.url, credentials: CREDENTIALS, regions: REGIONS, homeRegion: REGIONS[0], ...(retryMode ? { retryMode } : {}) }, { progress: silent, resourceTypes });
        const ms = performance.now() - t0;
        const graded = c.resources.filter((r) => r.type !== 'AWS::::Account' && !r.related.collectionError && !r.related.unread);
        return { ms: Math.round(ms), calls: emu.log.length, throttled: emu.log.filter((l) => l.status === 400).length, resources: graded.length, failed: c.coverage.filter((e) => e.status === 'failed').length };
      };
      out.collector = await collect({});
      out.throttledStandard = await collect({ throttle: { fraction: throttle } }, 'standard');
      out.throttledAdaptive = await collect({ throttle: { fraction: throttle } }, 'adaptive');

      // The per-resource baseline against the same estate.
      if (baseline) {
        emu.knobs = { latencyMs };
        emu.resetLog();
        const t0 = performance.now();
        const b = await collectPerResource({ endpoint: emu.url, regions: REGIONS, types: [...new Set(items.map((i) => i.resourceType))], credentials: CREDENTIALS });
        out.baseline = { ms: Math.round(performance.now() - t0), calls: emu.log.length, read: b.read, failed: b.failed };
      }
    } finally {
      await emu.close();
    }
    return out;
  },

  /** Live Azure: 10,000 Resource Graph rows over 20 subscriptions, with the per-resource ARM facts. */
  async 'azure-live'({ resources = 10_000, latencyMs = 50 }) {
    const { startAzureEmulator, emptyAzureEstate, resourceGroupRows, addDiagnosticSetting } = await import(emulators('azure/arm.js'));
    const { ClientSecretCredential } = await import('@azure/identity');
    const { azureCollector } = await import(dist('collect/azure/index.js'));
    const { loadChecks } = await import(dist('engine/registry.js'));
    const gen = azureEstate(resources);
    const estate = emptyAzureEstate(AZURE_TENANT, gen.subscriptions);
    estate.rows.push(...gen.rows);
    estate.containers.push(...resourceGroupRows(gen.rows));
    for (const [id, doc] of gen.documents) estate.documents.set(id, doc);
    for (const s of gen.diagnosticSettings) addDiagnosticSetting(estate, s);
    const emu = await startAzureEmulator({ estate, knobs: { latencyMs } });
    try {
      const credential = new ClientSecretCredential(AZURE_TENANT, '00000000-0000-0000-0000-00000000c11e', 'emulator-secret', { authorityHost: emu.url, disableInstanceDiscovery: true, tlsOptions: { ca: emu.ca } });
      const resourceTypes = (await loadChecks()).filter((c) => c.provider === 'azure').flatMap((c) => c.resourceTypes);
      const t0 = performance.now();
      const c = await azureCollector.collect({ credential, armEndpoint: emu.url, graphEndpoint: emu.url, tls: { ca: emu.ca }, maxRetries: 4, retryDelayMs: 50, maxRetryDelayMs: 500 }, { progress: silent, resourceTypes });
      const ms = performance.now() - t0;
      const inventory = emu.log.filter((l) => !/transparentDataEncryption|auditingSettings|encryptionProtector|config\/read|configurations|diagnosticSettings/i.test(l.operation)).length;
      return { ms: Math.round(ms), calls: emu.log.length, inventoryCalls: inventory, factCalls: emu.log.length - inventory, byOperation: { ...emu.calls }, rows: gen.rows.length, resources: c.resources.length, failed: c.coverage.filter((e) => e.status === 'failed').length, ...usage() };
    } finally {
      await emu.close();
    }
  },

  /** Live GCP: 10,000 assets under one organization (ten projects), resources and IAM policies. */
  async 'gcp-live'({ resources = 10_000, latencyMs = 50 }) {
    const { startCloudAssetEmulator, SUBJECT_TOKEN } = await import(emulators('gcp/cloud-asset.js'));
    const { writeFileSync } = await import('node:fs');
    const { gcpCollector } = await import(dist('collect/gcp/index.js'));
    const { loadChecks } = await import(dist('engine/registry.js'));
    const records = gcpRecords(resources);
    const emu = await startCloudAssetEmulator({ records, knobs: { latencyMs } });
    const dir = scratch();
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, SUBJECT_TOKEN);
      const resourceTypes = (await loadChecks()).filter((c) => c.provider === 'gcp').flatMap((c) => c.resourceTypes);
      const t0 = performance.now();
      const c = await gcpCollector.collect({ credentials: emu.externalAccount(tokenFile), endpoint: emu.url, organization: GCP_ORGANIZATION, maxRetries: 4 }, { progress: silent, resourceTypes });
      const ms = performance.now() - t0;
      return { ms: Math.round(ms), calls: emu.log.length, byOperation: { ...emu.calls }, assets: records.filter((r) => r.resource).length, resources: c.resources.length, failed: c.coverage.filter((e) => e.status === 'failed').length, ...usage() };
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },

  /** Offline: import and grade `resources` items with the real engine, timing evaluation alone. */
  async 'offline-eval'({ resources = 100_000, file }) {
    const { importInputs } = await import(dist('import/index.js'));
    const { loadChecks } = await import(dist('engine/registry.js'));
    const { evaluate } = await import(dist('engine/evaluate.js'));
    const { loadMappings } = await import(dist('mappings/index.js'));
    const t0 = performance.now();
    const inventory = await importInputs([file]);
    const t1 = performance.now();
    const checks = await loadChecks();
    const mappings = loadMappings();
    const t2 = performance.now();
    const { findings, checks: ran } = evaluate(inventory.resources, checks, mappings);
    const t3 = performance.now();
    return { resources: inventory.resources.length, importMs: Math.round(t1 - t0), evaluateMs: Math.round(t3 - t2), perSecond: Math.round(inventory.resources.length / ((t3 - t2) / 1000)), findings: findings.length, checks: ran.length, ...usage() };
  },

  /** Offline: only the streamed import of a large export into the de-duplicated inventory. */
  async 'offline-import'({ file }) {
    const { importInputs } = await import(dist('import/index.js'));
    const t0 = performance.now();
    const inventory = await importInputs([file]);
    const ms = performance.now() - t0;
    const u = process.resourceUsage();
    return { resources: inventory.resources.length, ms: Math.round(ms), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), bytes: statSync(file).size, ...usage() };
  },
};

/** Write a generated AWS estate once per size and format (the generator is deterministic). */
export async function awsEstateFile(dir, resources, format = 'snapshot') {
  const file = join(dir, `aws-${resources}.${format === 'snapshot' ? 'json' : 'ndjson'}`);
  if (!existsSync(file)) await writeAwsEstate(`${file}.partial`, resources, { format }).then(() => import('node:fs').then((fs) => fs.renameSync(`${file}.partial`, file)));
  return file;
}

export { ACCOUNT };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, json] = process.argv.slice(2);
  const result = await scenarios[name](json ? JSON.parse(json) : {});
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
