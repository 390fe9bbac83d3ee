import type { SafeguardCoverage, SafeguardOutcome } from '../engine/coverage.js';
import type { AttestationJudgement, SafeguardAttestation } from './attestations.js';

/**
 * The gap report for the whole Security Rule: each specification's automated outcome joined with
 * its attested answer. A specification no check covers takes the answer's outcome (met or not
 * applicable → `pass`, a gap → `fail`), or stays `manual` when the answer is missing, expired or
 * unverified. One that checks cover keeps their outcome, except that an attested gap fails it: a
 * backup plan that does not exist is not made good by backups that are switched on.
 */
export function joinAttestations(coverage: readonly SafeguardCoverage[], judgement: AttestationJudgement): SafeguardCoverage[] {
  return coverage.map((row) => {
    const found = judgement.byCitation.get(row.id);
    if (!found) return row;
    const attestation = underProfile(found, row.status);
    return { ...row, outcome: joinedOutcome(row.outcome, attestation), attestation };
  });
}

export function joinedOutcome(automated: SafeguardOutcome, a: SafeguardAttestation): SafeguardOutcome {
  const attested: SafeguardOutcome | undefined = a.state !== 'answered' || !a.result ? undefined : a.result === 'gap' ? 'fail' : 'pass';
  // An answer covers what no check decides: a partly graded specification takes it too.
  if (automated === 'manual' || automated === 'not_assessed' || automated === 'partial') return attested ?? automated;
  return attested === 'fail' ? 'fail' : automated;
}

/**
 * A profile that makes an Addressable specification Required (nprm-2025) leaves no room for the
 * 164.306(d)(3) decision: an alternative or a "not reasonable" answer is then a gap.
 */
function underProfile(a: SafeguardAttestation, status: SafeguardCoverage['status']): SafeguardAttestation {
  if (status !== 'required' || a.state !== 'answered' || (a.answer !== 'alternative' && a.answer !== 'not-reasonable')) return a;
  // Idempotent: merge joins blocks that a scan has joined already.
  const why = 'Under this profile the specification is Required: an alternative or "not reasonable" decision does not meet it.';
  return { ...a, result: 'gap', problems: a.problems.includes(why) ? a.problems : [...a.problems, why] };
}
