import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { exposureOf } from '../../src/evidence/exposure.js';
import { ownerOf } from '../../src/evidence/owner.js';
import { impactOf, LEVELS, likelihoodOf, riskOf, riskRegister } from '../../src/evidence/risk.js';
import { loadMappings } from '../../src/mappings/index.js';
import type { Resource } from '../../src/inventory/resource.js';

const catalogue = loadMappings().safeguards;
const level = (n: number) => LEVELS[n];

describe('risk method (NIST SP 800-30 Rev. 1 scales)', () => {
  it('impact is the check severity, one level higher on ePHI', () => {
    expect(level(impactOf('high', false))).toBe('High');
    expect(level(impactOf('high', true))).toBe('Very High');
    expect(level(impactOf('critical', true))).toBe('Very High');
    expect(level(impactOf('medium', false))).toBe('Moderate');
    expect(level(impactOf('low', true))).toBe('Moderate');
    expect(level(impactOf('info', false))).toBe('Very Low');
  });

  it('likelihood starts Low, +1 for a high or critical weakness, +2 when internet-facing', () => {
    expect(level(likelihoodOf('medium', false))).toBe('Low');
    expect(level(likelihoodOf('high', false))).toBe('Moderate');
    expect(level(likelihoodOf('medium', true))).toBe('High');
    expect(level(likelihoodOf('critical', true))).toBe('Very High');
  });

  it('risk level is Table I-2', () => {
    const table = LEVELS.map((_, l) => LEVELS.map((__, i) => level(riskOf(l, i))));
    expect(table).toEqual([
      ['Very Low', 'Very Low', 'Very Low', 'Low', 'Low'],
      ['Very Low', 'Low', 'Low', 'Low', 'Moderate'],
      ['Very Low', 'Low', 'Moderate', 'Moderate', 'High'],
      ['Very Low', 'Low', 'Moderate', 'High', 'Very High'],
      ['Very Low', 'Low', 'Moderate', 'High', 'Very High'],
    ]);
  });
});

function resource(over: Partial<Resource> = {}): Resource {
  return { provider: 'aws', type: 'AWS::RDS::DBInstance', id: 'arn:aws:rds:us-east-1:1:db:r', name: 'r', account: '1', region: 'us-east-1', tags: { Owner: 'dba' }, config: {}, related: {}, source: { format: 'test', file: 't', observedAt: '2026-01-02T00:00:00Z' }, ...over };
}

function finding(over: Partial<Finding> = {}): Finding {
  return {
    check: 'aws-rds-instance-encrypted',
    title: 'RDS DB instance storage is encrypted',
    status: 'fail',
    severity: 'high',
    checkSeverity: 'high',
    ephi: false,
    category: 'encryption-at-rest',
    resource: { provider: 'aws', type: 'AWS::RDS::DBInstance', id: 'arn:aws:rds:us-east-1:1:db:r', name: 'r', account: '1', region: 'us-east-1' },
    safeguards: ['164.312(a)(2)(iv)'],
    reason: 'Unencrypted.',
    evidence: { storageEncrypted: false },
    remediation: { text: 'Encrypt it.' },
    fingerprint: 'f1',
    source: { format: 'test', file: 't', observedAt: '2026-01-02T00:00:00Z' },
    ...over,
  };
}

describe('risk register rows', () => {
  const scanStartedAt = '2026-11-25T00:00:00Z';

  it('one row per (asset, safeguard) pair, rated by its worst finding', () => {
    const rows = riskRegister({
      findings: [
        finding(),
        finding({ check: 'aws-rds-tls-required', title: 'TLS', category: 'encryption-in-transit', checkSeverity: 'medium', severity: 'medium', safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'], fingerprint: 'f2' }),
        finding({ check: 'aws-rds-snapshot-encrypted', checkSeverity: 'medium', severity: 'medium', fingerprint: 'f3' }),
        finding({ status: 'pass', check: 'aws-x', fingerprint: 'f4' }),
      ],
      resources: [resource()],
      catalogue,
      scanStartedAt,
    });
    expect(rows.map((r) => r.safeguard).sort()).toEqual(['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(ii)']);
    const atRest = rows.find((r) => r.safeguard === '164.312(a)(2)(iv)')!;
    expect(atRest).toMatchObject({ likelihood: 'Moderate', impact: 'High', riskLevel: 'Moderate', status: 'open', owner: 'dba', requirement: 'Addressable', firstSeen: '2026-01-02T00:00:00Z', ephi: false });
    expect(atRest.checks).toEqual(['aws-rds-instance-encrypted', 'aws-rds-snapshot-encrypted']);
    expect(atRest.threat).toMatch(/^Disclosure of ePHI from storage/);
    expect(rows.find((r) => r.safeguard === '164.312(e)(1)')).toMatchObject({ likelihood: 'Low', impact: 'Moderate', riskLevel: 'Low', requirement: 'Standard' });
  });

  it('ePHI raises impact and exposure raises likelihood: a public unencrypted ePHI database is Very High', () => {
    const [row] = riskRegister({ findings: [finding({ ephi: true, severity: 'critical' })], resources: [resource({ config: { publiclyAccessible: true } })], catalogue, scanStartedAt });
    expect(row).toMatchObject({ ephi: true, likelihood: 'Very High', impact: 'Very High', riskLevel: 'Very High' });
    expect(row!.exposure).toEqual({ internetFacing: true, basis: 'config.publiclyAccessible = true' });
  });

  it('undecided and waived pairs are listed too; first seen falls back to the scan', () => {
    const rows = riskRegister({
      findings: [
        finding({ status: 'error', source: { format: 'azure-resource-graph', file: 't' } }),
        finding({ status: 'waived', check: 'b', fingerprint: 'f9', resource: { ...finding().resource, id: 'other', name: 'other' }, waiver: { id: 'RA-1', rationale: 'R.', compensatingControl: 'C.', approver: 'A', approved: '2026-01-01', expires: '2027-01-01', file: 'w', line: 2 } }),
      ],
      resources: [resource()],
      catalogue,
      scanStartedAt,
    });
    expect(rows.find((r) => r.asset === 'r')).toMatchObject({ status: 'undecided', firstSeen: scanStartedAt });
    expect(rows.find((r) => r.asset === 'other')).toMatchObject({ status: 'accepted', treatment: expect.stringMatching(/^RA-1: accepted by A on 2026-01-01 until 2027-01-01/) });
  });
});

describe('exposure and owner', () => {
  it('reads exposure from evidence or configuration, never from egress rules', () => {
    expect(exposureOf(undefined, [{ evidence: { sourceRanges: ['0.0.0.0/0'] } }]).internetFacing).toBe(true);
    expect(exposureOf({ config: { settings: { ipConfiguration: { ipv4Enabled: true } } }, related: {} }, []).basis).toBe('config.settings.ipConfiguration.ipv4Enabled = true');
    expect(exposureOf({ config: { publicNetworkAccess: 'Disabled', allowBlobPublicAccess: false }, related: {} }, []).internetFacing).toBe(false);
    expect(exposureOf({ config: {}, related: { iamPolicy: { bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] } } }, []).internetFacing).toBe(true);
    expect(exposureOf({ config: { ipPermissionsEgress: [{ ipRanges: ['0.0.0.0/0'] }] }, related: {} }, []).internetFacing).toBe(false);
  });

  it('owner comes from owner, then team, then a *-owner tag', () => {
    expect(ownerOf({ Owner: 'a', team: 'b' })).toBe('a');
    expect(ownerOf({ team: 'b' })).toBe('b');
    expect(ownerOf({ 'technical-owner': 'c' })).toBe('c');
    expect(ownerOf({ env: 'prod' })).toBe('');
  });
});
