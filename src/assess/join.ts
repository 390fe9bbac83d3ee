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
    const attestation = judgement.byCitation.get(row.id);
    if (!attestation) return row;
    return { ...row, outcome: joinedOutcome(row.outcome, attestation), attestation };
  });
}

export function joinedOutcome(automated: SafeguardOutcome, a: SafeguardAttestation): SafeguardOutcome {
  const attested: SafeguardOutcome | undefined = a.state !== 'answered' || !a.result ? undefined : a.result === 'gap' ? 'fail' : 'pass';
  if (automated === 'manual' || automated === 'not_assessed') return attested ?? automated;
  return attested === 'fail' ? 'fail' : automated;
}
