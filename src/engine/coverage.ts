import type { Provider } from '../inventory/resource.js';
import type { Mappings, Safeguard } from '../mappings/index.js';
import type { Check } from './check.js';
import type { Finding, Status } from './finding.js';
import type { SafeguardAttestation } from '../assess/attestations.js';
import { requirementOf, type Requirement } from '../mappings/requirement.js';

export const PROVIDERS: readonly Provider[] = ['aws', 'azure', 'gcp'];

export type Counts = Record<Status, number>;

/**
 * Where a specification stands after a scan. `manual` means no automated check covers it (a person
 * must attach evidence); `not_assessed` means checks exist but the scan held nothing they grade;
 * `partial` means every graded resource passes, but a cloud the scan read has no check for it, so
 * the automated part is not the whole answer (unknown is not compliant: a person attests the rest).
 */
export type SafeguardOutcome = 'fail' | 'error' | 'pass' | 'partial' | 'not_assessed' | 'manual';

export interface SafeguardCoverage {
  id: string;
  title: string;
  standard: string;
  section: Safeguard['section'];
  kind: Safeguard['kind'];
  status: Safeguard['status'];
  /** Required, Addressable, or Standard: a standard graded through its implementation specifications. */
  requirement: Requirement;
  outcome: SafeguardOutcome;
  checks: Record<Provider, string[]>;
  counts: Record<Provider, Counts>;
  evidence: string;
  /** The attested answer (`safeguard scan --attestations`), for specifications the questionnaire asks about. */
  attestation?: SafeguardAttestation;
}

export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, error: 0, waived: 0, not_applicable: 0 };
}

/**
 * Per specification: which checks serve it on each cloud, and how the scan's findings came out.
 * `notRun` are checks that serve a specification but did not run in this scan (the BAA register
 * checks, without a register): where they would have graded, a pass is only `partial`.
 */
export function safeguardCoverage(mappings: Mappings, checks: readonly Check[], findings: readonly Finding[] = [], notRun: readonly Check[] = []): SafeguardCoverage[] {
  const providerOf = new Map(checks.map((c) => [c.id, c.provider]));
  const unrunBy = new Map<string, Set<Provider>>();
  for (const c of notRun) {
    for (const id of mappings.checkSafeguards.get(c.id) ?? []) {
      const clouds = unrunBy.get(id) ?? new Set<Provider>();
      clouds.add(c.provider);
      unrunBy.set(id, clouds);
    }
  }
  // The clouds this scan read: a specification with no check on one of them is only partly graded.
  const read = new Set(findings.map((f) => f.resource.provider));
  return mappings.safeguards.map((s) => {
    const byCloud = { aws: [] as string[], azure: [] as string[], gcp: [] as string[] };
    for (const [checkId, citations] of mappings.checkSafeguards) {
      const provider = providerOf.get(checkId);
      if (provider && citations.includes(s.id)) byCloud[provider].push(checkId);
    }
    const counts = { aws: emptyCounts(), azure: emptyCounts(), gcp: emptyCounts() };
    for (const f of findings) if (f.safeguards.includes(s.id)) counts[f.resource.provider][f.status]++;
    const total = (st: Status) => PROVIDERS.reduce((n, p) => n + counts[p][st], 0);
    const hasChecks = PROVIDERS.some((p) => byCloud[p].length > 0);
    const outcome: SafeguardOutcome = !hasChecks
      ? 'manual'
      : total('fail') > 0
        ? 'fail'
        : total('error') > 0
          ? 'error'
          : total('pass') + total('waived') > 0
            ? PROVIDERS.some((p) => read.has(p) && (byCloud[p].length === 0 || unrunBy.get(s.id)?.has(p))) ? 'partial' : 'pass'
            : 'not_assessed';
    return {
      id: s.id,
      title: s.title,
      standard: s.standard,
      section: s.section,
      kind: s.kind,
      status: s.status,
      requirement: requirementOf(s),
      outcome,
      checks: byCloud,
      counts,
      evidence: s.evidence,
    };
  });
}
