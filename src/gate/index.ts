import type { Check } from '../engine/check.js';
import type { Finding } from '../engine/finding.js';

/**
 * Named gate policies. The default fails the pipeline on any data store that fails encryption at
 * rest. With `failOnError`, an undecided result that the policy would have counted as a failure
 * fails the gate too (unknown is not compliant); under `none` that means any undecided result.
 */
export const GATE_POLICIES = ['unencrypted-storage', 'high', 'any-fail', 'none'] as const;
export type GatePolicy = (typeof GATE_POLICIES)[number];

export interface GateVerdict {
  policy: GatePolicy;
  failOnError: boolean;
  passed: boolean;
  /** The findings that failed the gate. */
  failing: Finding[];
  reason: string;
}

export function applyGate(findings: readonly Finding[], checks: readonly Check[], policy: GatePolicy, failOnError = false): GateVerdict {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const watched = (f: Finding): boolean => {
    switch (policy) {
      case 'unencrypted-storage': {
        const check = byId.get(f.check);
        return f.category === 'encryption-at-rest' && check?.dataStore === true;
      }
      case 'high':
        return f.severity === 'high' || f.severity === 'critical';
      case 'any-fail':
        return true;
      case 'none':
        return false;
    }
  };
  const failing = findings.filter((f) => (f.status === 'fail' && watched(f)) || (failOnError && f.status === 'error' && (policy === 'none' || watched(f))));
  // A data store failing two at-rest checks (strict: encrypted, and with a customer-managed key) is one store.
  const failed = failing.filter((f) => f.status === 'fail');
  const fails = policy === 'unencrypted-storage' ? new Set(failed.map((f) => `${f.resource.provider}\u0000${f.resource.id}`)).size : failed.length;
  const errors = failing.length - failed.length;
  const what = (n: number) =>
    policy === 'unencrypted-storage'
      ? `data store${n === 1 ? '' : 's'} unencrypted at rest`
      : policy === 'high'
        ? `high or critical failure${n === 1 ? '' : 's'}`
        : `failure${n === 1 ? '' : 's'}`;
  const parts = [fails ? `${fails} ${what(fails)}` : '', errors ? `${errors} undecided` : ''].filter(Boolean);
  return {
    policy,
    failOnError,
    passed: failing.length === 0,
    failing,
    reason: failing.length === 0 ? (policy === 'none' ? 'policy none never fails on findings' : `no ${what(0)}`) : parts.join(', '),
  };
}
