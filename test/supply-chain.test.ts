import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

/**
 * Supply chain (issue 8): every package in package-lock.json is pinned by registry URL and
 * SHA-512; `npm run audit` fails on a high or critical advisory of a production dependency and
 * says plainly when the audit could not be performed. No network: npm is replaced by a stub
 * that prints what `npm audit --json` prints.
 */

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  name?: string;
}

const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> };

describe('package-lock.json pins every dependency', () => {
  const entries = Object.entries(lock.packages).filter(([loc]) => loc !== '');

  it('is a lockfile v3 with packages', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(entries.length).toBeGreaterThan(100);
  });

  it('gives every package an exact version, its registry tarball (resolved) and a SHA-512 integrity', () => {
    const unpinned: string[] = [];
    for (const [loc, e] of entries) {
      // A workspace link points into the repository itself: nothing to download.
      if (e.link) continue;
      const name = e.name ?? loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const base = name.startsWith('@') ? name.split('/')[1] : name;
      const ok = typeof e.version === 'string' && /^\d+\.\d+\.\d+/.test(e.version)
        && e.resolved === `https://registry.npmjs.org/${name}/-/${base}-${e.version}.tgz`
        && typeof e.integrity === 'string' && /^sha512-[A-Za-z0-9+/]{86}==$/.test(e.integrity);
      if (!ok) unpinned.push(`${loc} (version ${e.version ?? 'none'}, resolved ${e.resolved ?? 'none'}, integrity ${e.integrity ?? 'none'})`);
    }
    expect(unpinned).toEqual([]);
  });

  it('keeps resolved URLs whatever a machine’s npm config says (.npmrc)', () => {
    expect(readFileSync(join(repoRoot, '.npmrc'), 'utf8')).toMatch(/^omit-lockfile-registry-resolved=false$/m);
  });
});

describe('the build ships the SBOM', () => {
  it('the build script writes dist/sbom.cdx.json, and dist is in the published files', () => {
    expect(pkg.scripts.build).toContain('node scripts/write-sbom.mjs');
    expect(pkg.files).toContain('dist');
  });
});

describe('npm run audit (scripts/audit.mjs)', () => {
  expect(pkg.scripts.audit).toBe('node scripts/audit.mjs');

  /** Run the script with a stub `npm` first on PATH that prints `json` and exits `code`. */
  function audit(json: unknown, code: number, env: Record<string, string> = {}) {
    const bin = mkdtempSync(join(tmpdir(), 'sg-npm-stub-'));
    const out = join(bin, 'audit.json');
    writeFileSync(out, JSON.stringify(json));
    const stub = join(bin, 'npm');
    writeFileSync(stub, `#!/bin/sh\n[ "$1 $2 $3" = "audit --omit=dev --json" ] || { echo "unexpected npm $*" >&2; exit 99; }\ncat '${out}'\nexit ${code}\n`);
    chmodSync(stub, 0o755);
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'audit.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, SAFEGUARD_AUDIT_OPTIONAL: '', ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const counts = (v: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>) => ({ info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...v, total: Object.values(v).reduce((a, b) => a + b, 0) });
  const report = (vulnerabilities: Record<string, unknown>, c: ReturnType<typeof counts>) => ({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: c, dependencies: { prod: 152, dev: 110, total: 262 } } });

  it('passes (exit 0) with no high or critical advisory, moderate ones counted', () => {
    const r = audit(report({ foo: { name: 'foo', severity: 'moderate', via: [], range: '<1.2.0' } }, counts({ moderate: 1 })), 1);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('audit: passed: no high or critical advisory in the production dependencies (0 critical, 0 high, 1 moderate, 0 low, 0 info; 152 packages)\n');
  });

  it('fails (exit 1) on a high or critical advisory, naming each package and advisory', () => {
    const r = audit(report({
      'fast-xml-parser': { name: 'fast-xml-parser', severity: 'critical', range: '<5.3.5', via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-0000-0000-0000' }], fixAvailable: true },
      'lodash': { name: 'lodash', severity: 'high', range: '<4.17.21', via: ['some-parent'], fixAvailable: false },
    }, counts({ critical: 1, high: 1 })), 1);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('audit: FAILED: production dependencies have high or critical advisories (1 critical, 1 high, 0 moderate, 0 low, 0 info):');
    expect(r.stderr).toContain('  fast-xml-parser (critical, <5.3.5): https://github.com/advisories/GHSA-0000-0000-0000; a fix is available (npm audit fix)');
    expect(r.stderr).toContain('  lodash (high, <4.17.21): some-parent');
  });

  // What npm prints when the registry refuses the bulk advisory endpoint (as this machine's does).
  const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', method: 'POST', statusCode: 405, body: '', error: { summary: '', detail: '' } };

  it('an unreachable advisory endpoint: one clear line, exit 2', () => {
    const r = audit(refused, 1);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'audit: NOT PERFORMED: the npm advisory endpoint could not be used (HTTP 405: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk); production dependencies were not checked for advisories; set SAFEGUARD_AUDIT_OPTIONAL=1 to accept that',
    ]);
  });

  it('... exit 0 when SAFEGUARD_AUDIT_OPTIONAL=1 says that is acceptable, still saying it was not performed', () => {
    const r = audit(refused, 1, { SAFEGUARD_AUDIT_OPTIONAL: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^audit: NOT PERFORMED: .*\(SAFEGUARD_AUDIT_OPTIONAL=1: recorded, not failing\)\n$/);
  });

  it('no network at all (npm prints an error object): not performed, exit 2', () => {
    const r = audit({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org', detail: '' } }, 1);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: NOT PERFORMED: the npm advisory endpoint could not be used \(ENOTFOUND: request to .* failed, reason: getaddrinfo ENOTFOUND registry\.npmjs\.org\)/);
  });

  it('CI runs it with the optional flag and prints what it did', () => {
    const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/SAFEGUARD_AUDIT_OPTIONAL=1 npm run audit/);
  });
});
