import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/** End to end: the bundled demo estate, scanned as `npm start` scans it (see fixtures/README.md). */
describe('scan of fixtures/demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'sg-demo-'));
  const run = runCli(['scan', '--input', 'fixtures/demo', '--out', out]);
  const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
  type F = { check: string; status: string; severity: string; ephi: boolean; resource: { name: string; provider: string; id: string } };
  const findings = report.findings as F[];
  const byName = (status: string) => findings.filter((f) => f.status === status).map((f) => `${f.resource.provider}:${f.resource.name}`).sort();

  it('fails the default gate (exit 1) on the five data stores that are not encrypted at rest', () => {
    expect(run.code).toBe(1);
    expect(report.gate).toMatchObject({ policy: 'unencrypted-storage', passed: false, failing: 5 });
    expect(byName('fail')).toEqual([
      'aws:lumen-legacy-intake-2019',
      'aws:reporting-db',
      'aws:vol-02a86f40fa2d22392',
      'azure:sqldb-claims-reporting',
      'gcp:ds-notebook-1-data',
    ]);
  });

  it('reads every file and keeps every resource, graded or not', () => {
    expect(report.scan.inputs.map((i: { format: string }) => i.format).sort()).toEqual([
      'aws-config-snapshot',
      'azure-arm-list',
      'azure-resource-graph',
      'gcp-asset-export',
      'gcp-asset-export',
    ]);
    expect(report.summary.resources).toBe(report.summary.resourcesByProvider.aws + report.summary.resourcesByProvider.azure + report.summary.resourcesByProvider.gcp);
    expect(report.summary.assessed + report.summary.unassessed.total).toBe(report.summary.resources);
    expect(report.summary.unassessed.byType['aws:AWS::EC2::Instance']).toBe(3);
    expect(report.summary.byStatus).toMatchObject({ fail: 5, error: 0 });
  });

  it('grades the deleted bucket and the master database as not applicable', () => {
    expect(byName('not_applicable')).toEqual(['aws:lumen-hl7-migration-2025', 'azure:master']);
  });

  it('passes provider-managed and customer-managed encryption alike', () => {
    const passed = byName('pass');
    expect(passed).toEqual(expect.arrayContaining(['aws:lumen-records-db', 'azure:sqldb-patient-records']));
    expect(passed.filter((n) => n.startsWith('gcp:'))).toHaveLength(6);
  });

  it('ranks failures on ePHI-tagged stores one severity higher', () => {
    const reporting = findings.find((f) => f.resource.name === 'reporting-db');
    expect(reporting).toMatchObject({ ephi: true, severity: 'critical' });
    const volume = findings.find((f) => f.resource.name === 'vol-02a86f40fa2d22392');
    expect(volume).toMatchObject({ ephi: false, severity: 'high' });
  });

  it('prints a summary that fits an 80-column terminal', () => {
    expect(run.stdout).toMatch(/Gate unencrypted-storage: FAILED: 5 data stores unencrypted at rest/);
    expect(run.stdout).toMatch(/164\.312\(a\)\(2\)\(iv\)\s+Encryption and decryption\s+A\s+3\/14\s+1\/7\s+1\/7/);
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--scope ephi grades only the resources tagged as holding ePHI', () => {
    const r = runCli(['scan', '--input', 'fixtures/demo', '--scope', 'ephi', '--quiet', '--out', join(out, 'ephi')]);
    expect(r.code).toBe(1);
    const scoped = JSON.parse(readFileSync(join(out, 'ephi', 'findings.json'), 'utf8'));
    expect(scoped.findings.every((f: F) => f.ephi)).toBe(true);
    expect(scoped.summary.outOfScope).toBeGreaterThan(50);
  });
});
