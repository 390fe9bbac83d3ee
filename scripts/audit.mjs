#!/usr/bin/env node
// `npm run audit`: npm audit of the production dependencies (what a user installs).
// Exit 0: no high or critical advisory. Exit 1: at least one (each is named).
// Exit 2: the audit could not be performed (no lockfile, no network, or the registry refuses the
// bulk advisory endpoint); with SAFEGUARD_AUDIT_OPTIONAL=1 that is recorded and the exit is 0.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const optional = process.env.SAFEGUARD_AUDIT_OPTIONAL === '1' || process.env.SAFEGUARD_AUDIT_OPTIONAL === 'true';
const FAILING = ['critical', 'high'];

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 * 1024 * 1024 });

let report;
try {
  report = JSON.parse(run.stdout || 'null');
} catch {
  report = null;
}
const counts = report?.metadata?.vulnerabilities;

if (!counts || typeof counts !== 'object') {
  // npm audit answers with an error object instead of a report (`{ message, statusCode }` or `{ error: { code, summary } }`).
  const why = [report?.statusCode && `HTTP ${report.statusCode}`, report?.error?.code, report?.message || report?.error?.summary, run.error?.message]
    .filter(Boolean)
    .join(': ')
    .split('\n')[0] || (run.stderr || '').trim().split('\n').find((l) => l.includes('error')) || `npm audit exited ${run.status}`;
  const line = `audit: NOT PERFORMED: the npm advisory endpoint could not be used (${why}); production dependencies were not checked for advisories`;
  if (optional) {
    console.log(`${line} (SAFEGUARD_AUDIT_OPTIONAL=1: recorded, not failing)`);
    process.exit(0);
  }
  console.error(`${line}; set SAFEGUARD_AUDIT_OPTIONAL=1 to accept that`);
  process.exit(2);
}

const levels = ['critical', 'high', 'moderate', 'low', 'info'];
const summary = levels.map((l) => `${counts[l] ?? 0} ${l}`).join(', ');
const failing = Object.values(report.vulnerabilities ?? {}).filter((v) => FAILING.includes(v?.severity));
if (failing.length > 0 || FAILING.some((l) => (counts[l] ?? 0) > 0)) {
  console.error(`audit: FAILED: production dependencies have high or critical advisories (${summary}):`);
  for (const v of failing.sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
    const via = (v.via ?? []).map((x) => (typeof x === 'string' ? x : x.url || x.title)).filter(Boolean).join(', ');
    console.error(`  ${v.name} (${v.severity}, ${v.range ?? 'any version'})${via ? `: ${via}` : ''}${v.fixAvailable ? '; a fix is available (npm audit fix)' : ''}`);
  }
  process.exit(1);
}
console.log(`audit: passed: no high or critical advisory in the production dependencies (${summary}; ${report.metadata?.dependencies?.prod ?? '?'} packages)`);
process.exit(0);
