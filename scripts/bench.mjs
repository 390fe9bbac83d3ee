// `npm run bench`: the performance targets of issue 7, measured. Every scenario runs in its own
// process (bench/scenarios.mjs) against seeded, deterministic estates: the live collectors against
// the in-repo emulators with 50 ms added to every call (API calls counted by the emulator's own
// log), the offline path on generated exports, and the CLI's start-up. Prints one table with the
// per-resource baseline beside each figure where there is one. Figures are measurements, not
// assertions. BENCH_QUICK=1 runs small sizes (a smoke test of the bench itself).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsEstateFile } from '../bench/scenarios.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const size = (full, small) => (quick ? small : full);
const LIVE = size(10_000, 1_000);
const EVAL = size(100_000, 10_000);
const BIG = size(1_000_000, 50_000);

// The emulators are TypeScript; compile them once (outside dist/, which is published).
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Generated exports are kept between runs, under the generator's hash (a changed generator regenerates).
const generator = createHash('sha256').update(readFileSync(join(root, 'bench', 'estate.mjs'))).digest('hex').slice(0, 12);
const estates = join(tmpdir(), `safeguard-bench-${generator}`);
mkdirSync(estates, { recursive: true });

function scenario(name, args = {}) {
  process.stderr.write(`bench: ${name} ${JSON.stringify(args)}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'scenarios.mjs'), name, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => {
      const m = /^RESULT (.*)$/m.exec(out);
      if (code !== 0 || !m) reject(new Error(`${name} failed (exit ${code})`));
      else resolve(JSON.parse(m[1]));
    });
  });
}

/** Median wall time of a command, in ms. */
function median(args, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    times.push(performance.now() - t0);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]);
}

const n = (x) => x.toLocaleString('en-US');
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (x) => `${n(x)} MB`;
const ok = (pass) => (pass ? 'yes' : '**no**');
const rows = [];
const row = (scenario, measure, target, measured, baseline, ratio, met) => rows.push({ scenario, measure, target, measured, baseline, ratio, met: ok(met) });

// Live AWS: the CLI, the collector under throttling in both retry modes, and the per-resource baseline.
const aws = await scenario('aws-live', { resources: LIVE });
row(`live AWS, ${n(LIVE)} resources (${n(LIVE / 5)} S3 buckets), 4 regions, +50 ms a call`, 'API calls', '≤ 150', n(aws.cli.calls), `${n(aws.baseline.calls)} (per resource)`, `${Math.round(aws.baseline.calls / aws.cli.calls)}× fewer`, aws.cli.calls <= 150 && aws.baseline.calls / aws.cli.calls >= 50);
row('', 'wall, `safeguard scan --aws`', '≤ 5 s', s(aws.cli.wallMs), `${s(aws.baseline.ms)} (collection only)`, `${Math.round(aws.baseline.ms / aws.cli.wallMs)}× faster`, aws.cli.wallMs <= 5000);
row('', 'wall, same scan writing the evidence bundle', '', `${s(aws.cliBundle.wallMs)}, ${mb(aws.cliBundle.maxRssMB)} peak`, '', '', true);
const thr = aws.throttledStandard.ms / aws.collector.ms;
row('the same, 10% of calls throttled', 'collector wall (standard retry, jittered backoff)', '≤ 2× unthrottled, nothing lost', `${s(aws.throttledStandard.ms)} vs ${s(aws.collector.ms)}, ${aws.throttledStandard.resources === aws.collector.resources && aws.throttledStandard.failed === 0 ? 'no resource lost' : `${aws.collector.resources - aws.throttledStandard.resources} lost`}`, `adaptive retry: ${s(aws.throttledAdaptive.ms)}`, `${thr.toFixed(2)}× (adaptive ${(aws.throttledAdaptive.ms / aws.collector.ms).toFixed(2)}×)`, thr <= 2 && aws.throttledStandard.resources === aws.collector.resources && aws.throttledStandard.failed === 0);

// Live Azure and GCP: inventory calls, and the per-resource facts the checks need.
const azure = await scenario('azure-live', { resources: LIVE });
row(`live Azure, ${n(azure.rows)} resources over 20 subscriptions`, 'inventory calls (+ per-resource facts)', '≤ 30 (+ facts)', `${n(azure.inventoryCalls)} (+ ${n(azure.factCalls)}), ${s(azure.ms)}`, `≥ ${n(azure.rows + azure.factCalls)} (one GET a resource)`, `${Math.round((azure.rows + azure.factCalls) / azure.calls)}× fewer`, azure.inventoryCalls <= 30 && azure.failed === 0);
const gcp = await scenario('gcp-live', { resources: LIVE });
row(`live GCP, ${n(gcp.assets)} assets in 10 projects`, 'ListAssets calls', '≤ 30', `${n(gcp.calls)}, ${s(gcp.ms)}`, `≥ ${n(gcp.assets)} (one GET an asset)`, `${Math.round(gcp.assets / gcp.calls)}× fewer`, gcp.calls <= 30 && gcp.failed === 0);

// Offline: the streamed import of a large snapshot, evaluation throughput, and a whole scan.
const bigFile = await awsEstateFile(estates, BIG);
const big = await scenario('offline-import', { file: bigFile });
row(`offline, ${n(BIG)} configuration items (${mb(Math.round(big.bytes / 1e6))} Config snapshot)`, 'streamed import: wall, peak RSS', '≤ 60 s, ≤ 1 GB', `${s(big.ms)}, ${mb(big.maxRssMB)}`, '', '', big.ms <= 60_000 && big.maxRssMB <= 1024);
const evalFile = await awsEstateFile(estates, EVAL);
const ev = await scenario('offline-eval', { file: evalFile });
row(`offline, ${n(ev.resources)} resources, all ${ev.checks} checks`, 'evaluation throughput', '≥ 50,000 resources/s', `${n(ev.perSecond)} resources/s (${n(ev.findings)} results in ${s(ev.evaluateMs)})`, '', '', ev.perSecond >= 50_000);
const { runCli } = await import('../bench/scenarios.mjs');
/** `safeguard scan --out` on an export: time, memory, and the size of the bundle's largest files. */
async function scanToBundle(file) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-scan-'));
  try {
    const r = await runCli(['scan', '--input', file, '--out', join(dir, 'bundle'), '--quiet']);
    if (r.exitCode !== 0 && r.exitCode !== 1) return { ...r, error: r.stderr.trim().split('\n').pop() };
    const size = (name) => Math.round(statSync(join(dir, 'bundle', name)).size / 1e6);
    return { ...r, html: size('report.html'), json: size('findings.json'), sarif: size('findings.sarif') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const bundleFigures = (r) => (r.error ? `exit ${r.exitCode} after ${s(r.wallMs)} (${mb(r.maxRssMB)} peak): ${r.error}` : `${s(r.wallMs)}, ${mb(r.maxRssMB)} peak; report.html ${mb(r.html)}, findings.json ${mb(r.json)}, findings.sarif ${mb(r.sarif)}`);
const smallFile = await awsEstateFile(estates, EVAL / 10);
const small = await scanToBundle(smallFile);
row('', `\`safeguard scan --out\`, ${n(EVAL / 10)} resources`, '', bundleFigures(small), '', '', !small.error);
const large = await scanToBundle(evalFile);
row('', `\`safeguard scan --out\`, ${n(EVAL)} resources`, 'report usable at 100,000 results', bundleFigures(large), '', '', !large.error);

// Start-up.
const node = median(['-e', '0']);
const version = median([join(root, 'dist', 'cli.js'), '--version']);
const checks = median([join(root, 'dist', 'cli.js'), 'checks']);
row('`safeguard --version`', 'wall (median of 7)', '≤ 300 ms', `${version} ms`, `node alone: ${node} ms`, '', version <= 300);
row('`safeguard checks`', 'wall (median of 7)', '≤ 300 ms', `${checks} ms`, '', '', checks <= 300);

console.log(`\nsafeguard benchmark${quick ? ' (BENCH_QUICK: small sizes)' : ''}: Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})\n`);
const head = ['scenario', 'measure', 'target', 'measured', 'per-resource baseline', 'ratio', 'met'];
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${[r.scenario, r.measure, r.target, r.measured, r.baseline, r.ratio, r.met].join(' | ')} |`);
console.log(`\nAWS calls by operation (scan --aws): ${Object.entries(aws.cli.byOperation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`Azure calls by operation: ${Object.entries(azure.byOperation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`GCP calls by operation: ${Object.entries(gcp.byOperation).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`Generated exports are kept in ${estates} (seeded: the same bytes every run).`);
