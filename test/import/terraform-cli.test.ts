import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The Terraform plan gate end to end, through the built CLI: a pull request whose plan adds an
 * unencrypted RDS instance (fixtures/terraform/) fails the default gate and names its address.
 */

const UNENCRYPTED = 'fixtures/terraform/pr-unencrypted-rds.tfplan.json';
const ENCRYPTED = 'fixtures/terraform/pr-encrypted-rds.tfplan.json';
const ADDRESS = 'module.db.aws_db_instance.reporting';

interface FindingsFile {
  scan: { inputs: { format: string; terraform?: { notGraded: string[]; merged: number } }[] };
  gate: { passed: boolean; failing: number };
  findings: { check: string; status: string; resource: { id: string; name: string }; reason: string; source: { terraform?: { address: string; module?: string; action: string } } }[];
}

describe('safeguard scan --input plan.json', () => {
  it('exits 1 on a plan that adds an unencrypted database, naming its Terraform address', () => {
    const out = mkdtempSync(join(tmpdir(), 'sg-tf-'));
    const r = runCli(['scan', '--input', UNENCRYPTED, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(ADDRESS);
    expect(r.stdout).toMatch(/aws-rds-instance-encrypted: The database instance stores its data\s+unencrypted\./);
    expect(r.stdout).toMatch(/Gate unencrypted-storage: FAILED: 1 data store unencrypted at rest/);

    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsFile;
    expect(report.gate).toMatchObject({ passed: false, failing: 1 });
    expect(report.scan.inputs[0]).toMatchObject({ format: 'terraform-plan', terraform: { notGraded: ['aws_ebs_volume.scratch'], merged: 4 } });
    const failing = report.findings.filter((f) => f.status === 'fail' && f.check === 'aws-rds-instance-encrypted');
    expect(failing).toEqual([
      expect.objectContaining({ resource: expect.objectContaining({ id: ADDRESS, name: ADDRESS }), source: expect.objectContaining({ terraform: expect.objectContaining({ address: ADDRESS, module: 'module.db', action: 'create' }) }) }),
    ]);
    // The database the plan leaves as it is keeps its real ARN.
    expect(report.findings.find((f) => f.check === 'aws-rds-instance-encrypted' && f.status === 'pass')?.resource.id).toBe('arn:aws:rds:us-east-1:123456789012:db:lumen-records-db');
  });

  it('exits 0 on the same plan with storage encryption on', () => {
    const r = runCli(['scan', '--input', ENCRYPTED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Gate unencrypted-storage: PASSED/);
  });

  it('exits 2 with one line naming the file and the version for an unknown plan format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-tf-'));
    const file = join(dir, 'future.tfplan.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(UNENCRYPTED, 'utf8')), format_version: '2.0' }));
    const r = runCli(['scan', '--input', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${file}: format_version: Terraform JSON format version 2.0 is not supported`);
  });
});
