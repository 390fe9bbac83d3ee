import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/** End to end: the bundled demo estate, scanned as `npm start` scans it (see fixtures/README.md). */
describe('scan of fixtures/demo', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'sg-demo-')), 'bundle');
  const run = runCli(['scan', '--input', 'fixtures/demo', '--out', out]);
  const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
  type F = { check: string; status: string; severity: string; ephi: boolean; category: string; resource: { name: string; provider: string; id: string } };
  const findings = report.findings as F[];
  const named = (check: string, status: string) => findings.filter((f) => f.check === check && f.status === status).map((f) => f.resource.name).sort();

  it('fails the default gate (exit 1) on exactly the five data stores that are not encrypted at rest', () => {
    expect(run.code).toBe(1);
    expect(report.gate).toMatchObject({ policy: 'unencrypted-storage', passed: false, failing: 5 });
    const atRestFails = findings
      .filter((f) => f.status === 'fail' && report.gate.failingFingerprints.includes((f as unknown as { fingerprint: string }).fingerprint))
      .map((f) => `${f.resource.provider}:${f.resource.name}`)
      .sort();
    expect(atRestFails).toEqual([
      'aws:lumen-legacy-intake-2019',
      'aws:reporting-db',
      'aws:vol-02a86f40fa2d22392',
      'azure:sqldb-claims-reporting',
      'gcp:ds-notebook-1-data',
    ]);
  });

  it('reads every file of every format and keeps every resource, graded or not', () => {
    const formats = new Set(report.scan.inputs.map((i: { format: string }) => i.format));
    for (const f of ['aws-config-snapshot', 'aws-iam-credential-report', 'azure-resource-graph', 'azure-arm-list', 'gcp-asset-export', 'microsoft-graph-conditional-access']) expect(formats).toContain(f);
    const s = report.summary;
    expect(s.resources).toBe(s.resourcesByProvider.aws + s.resourcesByProvider.azure + s.resourcesByProvider.gcp);
    expect(s.assessed + s.unassessed.total).toBe(s.resources);
    expect(s.unassessed.byType['aws:AWS::EC2::Instance']).toBe(3);
  });

  it('grades the deleted bucket and the master database as not applicable for encryption', () => {
    expect(named('aws-s3-bucket-encrypted', 'not_applicable')).toEqual(['lumen-hl7-migration-2025']);
    expect(named('azure-sql-database-tde-enabled', 'not_applicable')).toEqual(['master']);
  });

  it('passes provider-managed and customer-managed encryption alike', () => {
    expect(named('aws-rds-instance-encrypted', 'pass')).toEqual(['lumen-imaging-meta-1', 'lumen-records-db']);
    expect(named('azure-sql-database-tde-enabled', 'pass')).toEqual(['sqldb-patient-records']);
    expect(named('gcp-storage-bucket-encrypted', 'fail')).toEqual([]);
  });

  it('grades the other safeguards on every cloud from the demo exports', () => {
    expect(named('aws-iam-user-console-mfa', 'fail')).toEqual(['m.okafor']);
    expect(named('aws-account-root-mfa', 'pass')).toEqual(['123456789012']);
    expect(named('aws-s3-bucket-secure-transport', 'fail')).toEqual(['lumen-analytics-exports', 'lumen-legacy-intake-2019']);
    expect(named('azure-entra-user-mfa-registered', 'fail')).toEqual(['jordan.alvarez@lumen-health.example']);
    expect(named('azure-storage-account-secure-transfer', 'fail')).toEqual(['stlumenanalytics01']);
    expect(named('gcp-sql-instance-ssl-required', 'fail')).toEqual(['lumen-ds-sandbox-pg']);
    expect(named('gcp-firewall-no-public-admin-ports', 'fail')).toHaveLength(1);
  });

  it('never lets an undecided result pass: what it cannot decide is error, with a reason', () => {
    for (const f of findings.filter((x) => x.status === 'error')) expect((f as unknown as { reason: string }).reason.length).toBeGreaterThan(20);
    expect(named('aws-rds-tls-required', 'error')).toEqual(['lumen-records-db']);
  });

  it('ranks failures on ePHI-tagged stores one severity higher', () => {
    const reporting = findings.find((f) => f.check === 'aws-rds-instance-encrypted' && f.resource.name === 'reporting-db');
    expect(reporting).toMatchObject({ ephi: true, severity: 'critical' });
    const volume = findings.find((f) => f.check === 'aws-ebs-volume-encrypted' && f.resource.name === 'vol-02a86f40fa2d22392');
    expect(volume).toMatchObject({ ephi: false, severity: 'high' });
  });

  it('prints a summary that fits an 80-column terminal', () => {
    expect(run.stdout).toMatch(/Gate unencrypted-storage: FAILED: 5 data stores unencrypted at rest/);
    expect(run.stdout).toMatch(/164\.312\(a\)\(2\)\(iv\)\s+Encryption and decryption\s+A\s+/);
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('--scope ephi grades only the resources tagged as holding ePHI', () => {
    const r = runCli(['scan', '--input', 'fixtures/demo', '--scope', 'ephi', '--quiet', '--out', join(out, '..', 'ephi')]);
    expect(r.code).toBe(1);
    const scoped = JSON.parse(readFileSync(join(out, '..', 'ephi', 'findings.json'), 'utf8'));
    expect(scoped.findings.length).toBeGreaterThan(0);
    expect(scoped.findings.every((f: F) => f.ephi)).toBe(true);
    expect(scoped.summary.outOfScope).toBeGreaterThan(50);
  });
});
