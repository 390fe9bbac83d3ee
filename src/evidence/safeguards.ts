import type { Check } from '../engine/check.js';
import { PROVIDERS, type Counts, type SafeguardOutcome } from '../engine/coverage.js';
import type { Finding } from '../engine/finding.js';
import type { FindingWaiver, WaiverOutcome } from '../engine/waivers.js';
import type { Provider } from '../inventory/resource.js';
import type { Safeguard } from '../mappings/index.js';
import type { Requirement } from '../mappings/requirement.js';
import type { ScanReport } from '../report/scan-report.js';
import type { SafeguardAttestation } from '../assess/attestations.js';
import type { BaaRegisterReport } from '../baa/report.js';

/**
 * `safeguards.json` (and `safeguards.md`, rendered from it): one section per specification of the
 * catalogue, as an auditor reads it: Required or Addressable, what was checked on each cloud,
 * the counts, the failing resources, the documented decisions (waivers), and what a person must
 * attach where no automated check decides.
 */

export interface ResultRef {
  check: string;
  status: Finding['status'];
  severity: Finding['severity'];
  ephi: boolean;
  resource: Finding['resource'];
  reason: string;
  fingerprint: string;
  waiver?: FindingWaiver;
}

export interface SafeguardSection {
  id: string;
  title: string;
  standard: string;
  standardCitation: string;
  section: Safeguard['section'];
  kind: Safeguard['kind'];
  status: Safeguard['status'];
  /** Required, Addressable, or Standard (graded through its implementation specifications). */
  requirement: Requirement;
  /** What the specification asks, paraphrased. */
  summary: string;
  outcome: SafeguardOutcome;
  /** The checks that grade it on each cloud. */
  checked: Record<Provider, { id: string; title: string }[]>;
  counts: Record<Provider, Counts>;
  /** Results that failed or could not be decided. */
  failing: ResultRef[];
  /** Failures accepted by a waiver, with the decision. */
  waived: ResultRef[];
  /** Waivers on this specification's checks that did not (fully) apply, and why. */
  waiversNotApplied: Pick<WaiverOutcome, 'id' | 'check' | 'resource' | 'status' | 'problems'>[];
  /** Clouds where no automated check covers it: a person attaches `evidence` for them. */
  manualOn: Provider[];
  /** What a person must attach where no check decides (from the catalogue). */
  evidence: string;
  /** For an Addressable specification with failures and no waiver: the decision 164.306(d)(3) asks for. */
  decisionNeeded: boolean;
  /** The attested answer (`--attestations`), for specifications the questionnaire asks about. */
  attestation?: SafeguardAttestation;
  /** Under 164.308(b)(1): the BAA register (`safeguard.yaml` `baas:`), when one was given. */
  baaRegister?: BaaRegisterReport;
}

export interface SafeguardsDocument {
  schemaVersion: '1.0';
  tool: ScanReport['tool'];
  scan: ScanReport['scan'];
  gate: ScanReport['gate'];
  summary: ScanReport['summary'];
  safeguards: SafeguardSection[];
  waivers: ScanReport['waivers'];
}

export function safeguardSections(report: ScanReport, catalogue: readonly Safeguard[], checks: readonly Check[], baaRegister?: BaaRegisterReport): SafeguardsDocument {
  const byId = new Map(catalogue.map((s) => [s.id, s]));
  const checkTitle = new Map(checks.map((c) => [c.id, c.title]));
  const sections = report.safeguards.map((cov): SafeguardSection => {
    const s = byId.get(cov.id);
    const own = report.findings.filter((f) => f.safeguards.includes(cov.id));
    const ref = (f: Finding): ResultRef => ({
      check: f.check,
      status: f.status,
      severity: f.severity,
      ephi: f.ephi,
      resource: f.resource,
      reason: f.reason,
      fingerprint: f.fingerprint,
      ...(f.waiver ? { waiver: f.waiver } : {}),
    });
    const failing = own.filter((f) => f.status === 'fail' || f.status === 'error').map(ref);
    const waived = own.filter((f) => f.status === 'waived').map(ref);
    const checkIds = new Set(PROVIDERS.flatMap((p) => cov.checks[p]));
    const waiversNotApplied = report.waivers.waivers
      .filter((w) => checkIds.has(w.check) && (w.status !== 'applied' || w.problems.length > 0))
      .map(({ id, check, resource, status, problems }) => ({ id, check, resource, status, problems }));
    return {
      id: cov.id,
      title: cov.title,
      standard: cov.standard,
      standardCitation: s?.standardCitation ?? cov.id,
      section: cov.section,
      kind: cov.kind,
      status: cov.status,
      requirement: cov.requirement,
      summary: s?.summary ?? '',
      outcome: cov.outcome,
      checked: Object.fromEntries(PROVIDERS.map((p) => [p, cov.checks[p].map((id) => ({ id, title: checkTitle.get(id) ?? id }))])) as SafeguardSection['checked'],
      counts: cov.counts,
      failing,
      waived,
      waiversNotApplied,
      manualOn: PROVIDERS.filter((p) => cov.checks[p].length === 0),
      evidence: cov.evidence,
      decisionNeeded: cov.status === 'addressable' && failing.some((f) => f.status === 'fail'),
      ...(cov.attestation ? { attestation: cov.attestation } : {}),
      ...(baaRegister && cov.id === '164.308(b)(1)' ? { baaRegister } : {}),
    };
  });
  return {
    schemaVersion: '1.0',
    tool: report.tool,
    scan: report.scan,
    gate: report.gate,
    summary: report.summary,
    safeguards: sections,
    waivers: report.waivers,
  };
}
