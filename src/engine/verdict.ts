import type { Evidence, Verdict } from './check.js';

export const pass = (reason: string, evidence: Evidence): Verdict => ({ status: 'pass', reason, evidence });
export const fail = (reason: string, evidence: Evidence): Verdict => ({ status: 'fail', reason, evidence });
/** The check could not decide: unknown is not compliant, so this is never a pass. */
export const undecided = (reason: string, evidence?: Evidence): Verdict =>
  evidence ? { status: 'error', reason, evidence } : { status: 'error', reason };
export const notApplicable = (reason: string, evidence?: Evidence): Verdict =>
  evidence ? { status: 'not_applicable', reason, evidence } : { status: 'not_applicable', reason };
