#!/usr/bin/env node
// `npm run faults`: runs the fault suite (test/faults) and prints, per cloud, the faults injected,
// the scans that completed with every invariant holding, the resources accounted for against those
// the emulator holds, and the slowest scan's wall time against the fault-free scan's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'safeguard-faults-'));
const clouds = readdirSync(new URL('../test/faults/', import.meta.url)).filter((f) => f.endsWith('-faults.test.ts'));
const rows = [];
let failedRun = false;
for (const file of clouds) {
  const cloud = file.replace(/-faults\.test\.ts$/, '');
  const report = join(dir, `${cloud}.json`);
  const run = spawnSync('npx', ['vitest', 'run', `test/faults/${file}`], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FAULTS_REPORT: report, FAULTS_FULL: process.env.FAULTS_FULL ?? "1" } });
  if (run.status !== 0) failedRun = true;
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const injected = r.rows.filter((x) => x.faulted > 0);
  rows.push({
    cloud,
    'faults injected': `${injected.length} scenarios (${r.rows.reduce((n, x) => n + x.faulted, 0)} faulted answers)`,
    'scans completed': `${r.rows.filter((x) => x.completed).length}/${r.rows.length}`,
    'resources accounted / held': `${r.rows.reduce((n, x) => n + x.verdict.accounted, 0)}/${r.rows.reduce((n, x) => n + x.verdict.held, 0)}`,
    'max wall-time ratio': `${(Math.max(...r.rows.map((x) => x.ms)) / r.baselineMs).toFixed(1)}x (fault-free ${(r.baselineMs / 1000).toFixed(1)} s)`,
  });
  const failing = r.rows.filter((x) => !x.completed);
  for (const x of failing) console.log(`FAILED ${cloud} ${x.name}: ${x.verdict.problems.slice(0, 3).join('; ')}`);
}
rmSync(dir, { recursive: true, force: true });
console.log('');
console.table(rows);
process.exit(failedRun ? 1 : 0);
