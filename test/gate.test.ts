import { describe, expect, it } from 'vitest';
import type { Check } from '../src/engine/check.js';
import type { Finding, Status } from '../src/engine/finding.js';
import { applyGate } from '../src/gate/index.js';

const storageCheck = { id: 'aws-rds-instance-encrypted', dataStore: true } as Check;
const otherCheck = { id: 'aws-other', dataStore: false } as Check;

function finding(check: string, status: Status, severity: Finding['severity'], category: Finding['category'] = 'encryption-at-rest', id = 'arn:aws:rds:us-east-1:111122223333:db:one'): Finding {
  return { check, status, severity, category, fingerprint: `${check}-${status}-${severity}-${id}`, resource: { provider: 'aws', id } } as Finding;
}

describe('the gate', () => {
  const checks = [storageCheck, otherCheck];

  it('unencrypted-storage fails on a data store failing encryption at rest, and only on that', () => {
    expect(applyGate([finding('aws-rds-instance-encrypted', 'fail', 'high')], checks, 'unencrypted-storage').passed).toBe(false);
    expect(applyGate([finding('aws-other', 'fail', 'critical', 'audit-logging')], checks, 'unencrypted-storage').passed).toBe(true);
    expect(applyGate([finding('aws-other', 'fail', 'high')], checks, 'unencrypted-storage').passed).toBe(true);
    expect(applyGate([finding('aws-rds-instance-encrypted', 'pass', 'high')], checks, 'unencrypted-storage').passed).toBe(true);
  });

  it('high fails on high and critical failures only', () => {
    expect(applyGate([finding('aws-other', 'fail', 'medium')], checks, 'high').passed).toBe(true);
    expect(applyGate([finding('aws-other', 'fail', 'high')], checks, 'high').passed).toBe(false);
    expect(applyGate([finding('aws-other', 'fail', 'critical')], checks, 'high').passed).toBe(false);
  });

  it('any-fail fails on any failure; none never does', () => {
    expect(applyGate([finding('aws-other', 'fail', 'low')], checks, 'any-fail').passed).toBe(false);
    expect(applyGate([finding('aws-other', 'fail', 'critical')], checks, 'none').passed).toBe(true);
  });

  it('undecided results fail the gate only with --fail-on-error, and only where the policy looks', () => {
    const undecided = [finding('aws-rds-instance-encrypted', 'error', 'high')];
    expect(applyGate(undecided, checks, 'unencrypted-storage').passed).toBe(true);
    const verdict = applyGate(undecided, checks, 'unencrypted-storage', true);
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toBe('1 undecided');
    expect(applyGate([finding('aws-other', 'error', 'high', 'audit-logging')], checks, 'unencrypted-storage', true).passed).toBe(true);
    expect(applyGate([finding('aws-other', 'error', 'low')], checks, 'none', true).passed).toBe(false);
  });

  it('waived and not-applicable results never fail it', () => {
    const f = [finding('aws-rds-instance-encrypted', 'waived', 'high'), finding('aws-rds-instance-encrypted', 'not_applicable', 'high')];
    expect(applyGate(f, checks, 'any-fail', true).passed).toBe(true);
  });

  it('says how many data stores failed it, each store once', () => {
    const two = [finding('aws-rds-instance-encrypted', 'fail', 'high'), finding('aws-rds-instance-encrypted', 'fail', 'high', 'encryption-at-rest', 'arn:aws:rds:us-east-1:111122223333:db:two')];
    const v = applyGate(two, checks, 'unencrypted-storage');
    expect(v.failing).toHaveLength(2);
    expect(v.reason).toBe('2 data stores unencrypted at rest');
    // Two at-rest failures of one store (strict: not encrypted, and no customer-managed key) are one store.
    const one = [finding('aws-rds-instance-encrypted', 'fail', 'high'), finding('aws-rds-instance-cmk', 'fail', 'high')];
    const w = applyGate(one, [...checks, { ...storageCheck, id: 'aws-rds-instance-cmk' }], 'unencrypted-storage');
    expect(w.failing).toHaveLength(2);
    expect(w.reason).toBe('1 data store unencrypted at rest');
  });
});
