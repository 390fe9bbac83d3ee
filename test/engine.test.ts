import { describe, expect, it } from 'vitest';
import { defineCheck, type Check } from '../src/engine/check.js';
import { evaluate } from '../src/engine/evaluate.js';
import { fingerprintOf } from '../src/engine/finding.js';
import { loadChecks } from '../src/engine/registry.js';
import { pass } from '../src/engine/verdict.js';
import type { Mappings } from '../src/mappings/index.js';
import { fromArgRow, fromConfigItem } from './support/resources.js';

const mappings: Mappings = { safeguards: [], checkSafeguards: new Map([['azure-test-storage', ['164.312(a)(2)(iv)']]]) };

const storageCheck = (overrides: Partial<Check> = {}): Check =>
  defineCheck({
    id: 'azure-test-storage',
    title: 'test',
    provider: 'azure',
    resourceTypes: ['Microsoft.Storage/storageAccounts'],
    category: 'encryption-at-rest',
    severity: 'high',
    rationale: 'r',
    remediation: { text: 'fix' },
    evaluate: (r) => pass('ok', { name: r.name }),
    ...overrides,
  });

const account = fromArgRow({
  id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1',
  type: 'microsoft.storage/storageaccounts',
  name: 'acct1',
  properties: {},
});
const vnet = fromArgRow({ id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v', type: 'microsoft.network/virtualnetworks', properties: {} });

describe('evaluate', () => {
  it('matches Azure types case-insensitively and attaches the mapped citations', () => {
    const { findings, assessed } = evaluate([account], [storageCheck()], mappings);
    expect(assessed).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'azure-test-storage', status: 'pass', safeguards: ['164.312(a)(2)(iv)'], resource: { id: account.id, account: '0000' } });
  });

  it('keeps and counts resources no check grades instead of dropping them', () => {
    const { findings, unassessed } = evaluate([account, vnet, vnet], [storageCheck()], mappings);
    expect(findings).toHaveLength(1);
    expect(unassessed).toEqual({ total: 2, byType: { 'azure:microsoft.network/virtualnetworks': 2 } });
  });

  it('applies a `*` check to every resource of its cloud without counting the resource as assessed', () => {
    const everywhere = storageCheck({ id: 'azure-every', resourceTypes: ['*'] });
    const { findings, assessed, unassessed } = evaluate([account, vnet], [everywhere], mappings);
    expect(findings.map((f) => f.resource.id)).toEqual([account.id, vnet.id]);
    expect(assessed).toBe(0);
    expect(unassessed.total).toBe(2);
  });

  it('turns a check that throws into an error result, never a pass', () => {
    const crashing = storageCheck({ evaluate: () => { throw new TypeError('cannot read properties of undefined'); } });
    const [f] = evaluate([account], [crashing], mappings).findings;
    expect(f?.status).toBe('error');
    expect(f?.reason).toMatch(/cannot read properties of undefined/);
  });

  it('grades a resource deleted at capture time as not applicable', () => {
    const deleted = fromConfigItem({ resourceType: 'AWS::S3::Bucket', resourceId: 'gone', arn: 'arn:aws:s3:::gone', configurationItemStatus: 'ResourceDeleted', configuration: null });
    const check = storageCheck({ id: 'aws-x', provider: 'aws', resourceTypes: ['AWS::S3::Bucket'] });
    expect(evaluate([deleted], [check], mappings).findings[0]?.status).toBe('not_applicable');
  });

  it('runs profile-restricted checks only in their profiles', () => {
    const strictOnly = storageCheck({ profiles: ['strict'] });
    expect(evaluate([account], [strictOnly], mappings, { profile: 'default' }).findings).toHaveLength(0);
    expect(evaluate([account], [strictOnly], mappings, { profile: 'strict' }).findings).toHaveLength(1);
  });

  it('raises severity one step on resources tagged as holding ePHI, and --scope ephi grades only those', () => {
    const phi = fromArgRow({ id: `${account.id}phi`, type: 'microsoft.storage/storageaccounts', tags: { 'Data_Classification': 'PHI' }, properties: {} });
    const notPhi = fromArgRow({ id: `${account.id}x`, type: 'microsoft.storage/storageaccounts', tags: { phi: 'false' }, properties: {} });
    const all = evaluate([phi, notPhi], [storageCheck()], mappings);
    expect(all.findings.map((f) => [f.resource.id, f.ephi, f.severity, f.checkSeverity])).toEqual([
      [phi.id, true, 'critical', 'high'],
      [notPhi.id, false, 'high', 'high'],
    ]);
    const only = evaluate([phi, notPhi], [storageCheck()], mappings, { only: 'ephi' });
    expect(only.findings.map((f) => f.resource.id)).toEqual([phi.id]);
    expect(only.outOfScope).toBe(1);
    const custom = evaluate([notPhi], [storageCheck()], mappings, { ephiScope: { keys: ['phi'], values: ['false'] } });
    expect(custom.findings[0]?.ephi).toBe(true);
  });

  it('gives the same check on the same resource the same fingerprint, whatever the id casing', () => {
    const a = fingerprintOf('c', { provider: 'azure', id: '/subscriptions/A/x' });
    expect(a).toBe(fingerprintOf('c', { provider: 'azure', id: '/SUBSCRIPTIONS/a/X' }));
    expect(a).not.toBe(fingerprintOf('d', { provider: 'azure', id: '/subscriptions/A/x' }));
    expect(fingerprintOf('c', { provider: 'aws', id: 'arn:a' })).not.toBe(fingerprintOf('c', { provider: 'aws', id: 'arn:A' }));
  });
});

describe('the check registry', () => {
  it('loads every check in checks/<cloud>/ with an id matching its file and complete metadata', async () => {
    const checks = await loadChecks();
    expect(checks.length).toBeGreaterThanOrEqual(12);
    for (const c of checks) {
      expect(c.id.startsWith(`${c.provider}-`)).toBe(true);
      expect(c.remediation.text.length).toBeGreaterThan(10);
    }
    // Every configuration check shows how to fix it by command and by code; a BAA is a contract,
    // and a user's MFA registration is done by the user, so those name no Terraform.
    const noSnippet = checks.filter((c) => !c.id.includes('-baa-') && !c.remediation.cli).map((c) => c.id);
    expect(noSnippet, 'checks without a CLI remediation').toEqual([]);
    const noTerraform = checks.filter((c) => !c.id.includes('-baa-') && !c.id.includes('-mfa-registered') && !c.remediation.terraform).map((c) => c.id);
    expect(noTerraform, 'checks without a Terraform remediation').toEqual([]);
    const ids = checks.map((c) => c.id);
    for (const id of ['aws-s3-bucket-encrypted', 'aws-rds-instance-encrypted', 'aws-rds-cluster-encrypted', 'aws-ebs-volume-encrypted', 'aws-efs-file-system-encrypted', 'aws-dynamodb-table-encrypted',
      'azure-storage-account-encrypted', 'azure-managed-disk-encrypted', 'azure-sql-database-tde-enabled', 'gcp-storage-bucket-encrypted', 'gcp-sql-instance-encrypted', 'gcp-compute-disk-encrypted']) {
      expect(ids).toContain(id);
    }
  });
});
