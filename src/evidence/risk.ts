import { createHash } from 'node:crypto';
import type { Category, Severity } from '../engine/check.js';
import type { Finding } from '../engine/finding.js';
import type { Resource } from '../inventory/resource.js';
import type { SafeguardCoverage } from '../engine/coverage.js';
import type { CatalogueEntry } from '../mappings/index.js';
import { exposureOf, type Exposure } from './exposure.js';
import { ownerOf } from './owner.js';
import { requirementOf } from '../mappings/requirement.js';
import type { BaaRegisterReport } from '../baa/report.js';

/**
 * The risk register: one row per (asset, safeguard) pair that failed, could not be decided, or
 * was accepted by a waiver, rated with the NIST SP 800-30 Rev. 1 scales (README, "Risk method").
 *
 * - Impact comes from the check's severity, one level higher when the asset is tagged as
 *   holding ePHI.
 * - Likelihood starts Low, rises one level for a high or critical weakness, and two when the
 *   asset is internet-facing.
 * - Risk level is Table I-2 of SP 800-30 (likelihood × impact).
 */

export const LEVELS = ['Very Low', 'Low', 'Moderate', 'High', 'Very High'] as const;
export type Level = (typeof LEVELS)[number];

const SEVERITY_LEVEL: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** SP 800-30 Rev. 1, Table I-2: rows likelihood Very Low → Very High, columns impact Very Low → Very High. */
const RISK_MATRIX: readonly (readonly number[])[] = [
  [0, 0, 0, 1, 1],
  [0, 1, 1, 1, 2],
  [0, 1, 2, 2, 3],
  [0, 1, 2, 3, 4],
  [0, 1, 2, 3, 4],
];

export function impactOf(checkSeverity: Severity, ephi: boolean): number {
  return Math.min(SEVERITY_LEVEL[checkSeverity] + (ephi ? 1 : 0), 4);
}

export function likelihoodOf(checkSeverity: Severity, internetFacing: boolean): number {
  const serious = checkSeverity === 'high' || checkSeverity === 'critical';
  return Math.min(1 + (serious ? 1 : 0) + (internetFacing ? 2 : 0), 4);
}

export function riskOf(likelihood: number, impact: number): number {
  return RISK_MATRIX[likelihood]![impact]!;
}

/** Threat events (SP 800-30 Appendix E style) that a failed control of each category leaves open. */
export const THREATS: Record<Category, string> = {
  'encryption-at-rest': 'Disclosure of ePHI from storage, snapshots or backups read outside normal access paths (stolen credentials, copied snapshots, media not disposed of properly).',
  'encryption-in-transit': 'Interception or alteration of ePHI on the network (eavesdropping, man-in-the-middle).',
  'audit-logging': 'Unauthorized access to or changes of ePHI go unnoticed and cannot be investigated.',
  authentication: 'Someone impersonates a user or service (stolen or guessed credentials) to reach ePHI.',
  'access-control': 'Unauthorized access to ePHI through excessive permissions or an exposed endpoint.',
  integrity: 'Improper alteration or destruction of ePHI goes undetected.',
  backup: 'ePHI is lost (deletion, ransomware, failure) with no retrievable exact copy.',
  'eligible-service': 'ePHI is processed by a service that the provider\'s business associate agreement does not cover.',
};

export type RiskStatus = 'open' | 'undecided' | 'accepted';

export interface RiskRow {
  riskId: string;
  asset: string;
  assetId: string;
  assetType: string;
  cloud: string;
  account: string;
  region: string;
  ephi: boolean;
  exposure: Exposure;
  threat: string;
  vulnerability: string;
  checks: string[];
  status: RiskStatus;
  likelihood: Level;
  impact: Level;
  riskLevel: Level;
  safeguard: string;
  safeguardTitle: string;
  requirement: string;
  remediation: string;
  owner: string;
  firstSeen: string;
  treatment: string;
}

export interface RiskInputs {
  findings: readonly Finding[];
  resources: readonly Resource[];
  /** How a resource is shown (the bundle redacts secrets): applied to the resources of failing pairs only. */
  redact?: (r: Resource) => Resource;
  catalogue: readonly CatalogueEntry[];
  /** The scan's start: first-seen when the export gives no observation time. */
  scanStartedAt: string;
  /** The safeguard statement: specifications whose attested answer is a gap get an organisation-wide row. */
  safeguards?: readonly SafeguardCoverage[];
  /** The BAA register: a vendor's agreement past renewal gets a row (no cloud resource carries it). */
  baaRegister?: Pick<BaaRegisterReport, 'agreements'>;
}

const BAA_STANDARD = '164.308(b)(1)';

/**
 * A vendor outside the clouds (billing, EHR, e-fax) whose business associate agreement is past its
 * renewal date: no cloud resource carries that, so the register does, one row a vendor. Likelihood
 * Moderate (the vendor still handles ePHI under a lapsed agreement), impact High. A cloud
 * provider's lapsed agreement is already a failing `baa-current` result on each account it covers.
 */
function lapsedVendorRows(register: RiskInputs['baaRegister'], standard: CatalogueEntry | undefined, scanStartedAt: string): RiskRow[] {
  const likelihood = 2;
  const impact = 3;
  return (register?.agreements ?? [])
    .filter((a) => a.kind === 'vendor' && a.status === 'past renewal')
    .map((a) => ({
      riskId: 'R-' + createHash('sha256').update(`vendor\u0000${a.party}\u0000${BAA_STANDARD}`).digest('hex').slice(0, 10),
      asset: `${a.party} (business associate)`,
      assetId: a.document,
      assetType: 'business associate agreement',
      cloud: '',
      account: '',
      region: '',
      ephi: true,
      exposure: { internetFacing: false, basis: null },
      threat: `ePHI is handled by ${a.party} without a current business associate agreement: no assurance that it safeguards it or reports a breach.`,
      vulnerability: `The business associate agreement with ${a.party}${a.purpose ? ` (${a.purpose})` : ''}, ${a.document}, signed ${a.signed}, was due for renewal on ${a.renewal}.`,
      checks: [],
      status: 'open',
      likelihood: LEVELS[likelihood]!,
      impact: LEVELS[impact]!,
      riskLevel: LEVELS[riskOf(likelihood, impact)]!,
      safeguard: BAA_STANDARD,
      safeguardTitle: standard?.title ?? 'Business associate contracts and other arrangements',
      requirement: standard ? requirementOf(standard) : '',
      remediation: `Renew the agreement with ${a.party} (or stop sending it ePHI), and record the new renewal date in the BAA register (safeguard.yaml baas:).`,
      owner: '',
      firstSeen: a.renewal,
      treatment: 'Renew: 164.308(b)(1) lets a business associate handle ePHI only under satisfactory assurances (164.314(a)).',
    }));
}

/**
 * A specification the organisation attests it has not (fully) implemented (`safeguard assess`):
 * one row for the organisation as the asset. Likelihood Moderate (the organisation itself says the
 * safeguard is missing); impact High for a Required specification, Moderate for an Addressable one.
 */
function attestedGapRows(safeguards: readonly SafeguardCoverage[], scanStartedAt: string): RiskRow[] {
  const rows: RiskRow[] = [];
  for (const s of safeguards) {
    const a = s.attestation;
    if (!a || a.state !== 'answered' || a.result !== 'gap') continue;
    const likelihood = 2;
    const impact = s.status === 'required' ? 3 : 2;
    const said = [a.alternative, a.reason, a.notes].filter(Boolean).join(' ');
    rows.push({
      riskId: 'R-' + createHash('sha256').update(`organization\u0000${s.id}`).digest('hex').slice(0, 10),
      asset: 'The organization (attested)',
      assetId: '',
      assetType: 'administrative, physical or technical safeguard',
      cloud: '',
      account: '',
      region: '',
      ephi: false,
      exposure: { internetFacing: false, basis: null },
      threat: `The threats ${s.id} (${s.title}) guards against stay open for all ePHI the organization holds.`,
      vulnerability: `Attested gap (${a.answer}) by ${a.answeredBy ?? 'unknown'} on ${a.answeredOn ?? 'unknown date'}${said ? `: ${said}` : ''}`,
      checks: [],
      status: 'open',
      likelihood: LEVELS[likelihood]!,
      impact: LEVELS[impact]!,
      riskLevel: LEVELS[riskOf(likelihood, impact)]!,
      safeguard: s.id,
      safeguardTitle: s.title,
      requirement: s.requirement,
      remediation: `Implement it, and record the new answer with safeguard assess. Evidence wanted: ${a.evidenceWanted}`,
      owner: a.answeredBy ?? '',
      firstSeen: a.answeredOn ?? scanStartedAt.slice(0, 10),
      treatment: s.status === 'required' ? 'Implement: a Required specification admits no alternative.' : 'Implement, or document the 164.306(d)(3) decision (an equivalent alternative, or why it is not reasonable and appropriate) with safeguard assess.',
    });
  }
  return rows;
}

export function riskRegister(input: RiskInputs): RiskRow[] {
  return [...riskRows(input)];
}

interface Group {
  resourceKey: string;
  safeguard: string;
  findings: Finding[];
}

const FAILING = new Set(['fail', 'error', 'waived']);
const UNMAPPED = ['(unmapped)'];

/** The pair's rating: risk, then impact, then likelihood, each 0-4, as one number that sorts the same. */
const packRank = (likelihood: number, impact: number) => riskOf(likelihood, impact) * 25 + impact * 5 + likelihood;

/**
 * The register's rows, most severe first. A million-resource scan has over a million pairs, so a
 * pair is kept as numbers (its rank, its resource, its citation, its first finding) in typed
 * arrays; its findings, its text and its row are made again only as the row is yielded. Ties sort
 * by cloud, asset and safeguard, then by the pair's first finding: the order the findings came in.
 */
export function* riskRows(input: RiskInputs): Generator<RiskRow> {
  const catalogue = new Map(input.catalogue.map((s) => [s.id, s]));
  const findings = input.findings;
  // The resources with a failing, undecided or waived result, and every result of each (their exposure reads them all).
  const resourceIndex = new Map<string, number>();
  const resourceKeys: string[] = [];
  for (const f of findings) {
    if (!FAILING.has(f.status)) continue;
    const key = resourceKeyOf(f.resource.provider, f.resource.id);
    if (!resourceIndex.has(key)) resourceIndex.set(key, resourceKeys.push(key) - 1);
  }
  const resultsOf: number[][] = resourceKeys.map(() => []);
  findings.forEach((f, i) => {
    const r = resourceIndex.get(resourceKeyOf(f.resource.provider, f.resource.id));
    if (r !== undefined) resultsOf[r]!.push(i);
  });
  const resources: (Resource | undefined)[] = new Array(resourceKeys.length);
  for (const r of input.resources) {
    const at = resourceIndex.get(resourceKeyOf(r.provider, r.id));
    if (at !== undefined) resources[at] = r;
  }
  resourceIndex.clear();
  // A resource's exposure and owner, found once (a resource is in one pair per safeguard it fails).
  const facts: { exposure: Exposure; owner: string }[] = resourceKeys.map((_, r) => {
    const found = resources[r];
    const resource = found && input.redact ? input.redact(found) : found;
    return { exposure: exposureOf(resource, resultsOf[r]!.map((i) => findings[i]!)), owner: resource ? ownerOf(resource.tags) : '' };
  });
  // The pairs, as numbers.
  const citations: string[] = [];
  const citationIndex = new Map<string, number>();
  const cite = (id: string) => citationIndex.get(id) ?? (citationIndex.set(id, citations.push(id) - 1), citations.length - 1);
  let size = 1024;
  let pairResource = new Uint32Array(size);
  let pairCitation = new Uint32Array(size);
  let pairFirst = new Uint32Array(size);
  let pairRank = new Uint8Array(size);
  let pairs = 0;
  const grow = () => {
    size *= 2;
    const more = <T extends Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    [pairResource, pairCitation, pairFirst, pairRank] = [more(pairResource), more(pairCitation), more(pairFirst), more(pairRank)];
  };
  for (let r = 0; r < resourceKeys.length; r++) {
    const own: number[] = [];
    for (const i of resultsOf[r]!) {
      const f = findings[i]!;
      if (!FAILING.has(f.status)) continue;
      for (const id of f.safeguards.length ? f.safeguards : UNMAPPED) {
        const c = cite(id);
        if (own.some((p) => pairCitation[p] === c)) continue;
        if (pairs === size) grow();
        pairResource[pairs] = r;
        pairCitation[pairs] = c;
        pairFirst[pairs] = i;
        own.push(pairs++);
      }
    }
    for (const p of own) {
      const { likelihood, impact } = rate(pairFindings(p), facts[r]!.exposure);
      pairRank[p] = packRank(likelihood, impact);
    }
  }
  /** The results of pair `p`: those of its resource that fail, are undecided or waived, citing its safeguard. */
  function pairFindings(p: number): Finding[] {
    const citation = citations[pairCitation[p]!]!;
    const out: Finding[] = [];
    for (const i of resultsOf[pairResource[p]!]!) {
      const f = findings[i]!;
      if (FAILING.has(f.status) && (f.safeguards.length ? f.safeguards.includes(citation) : citation === UNMAPPED[0])) out.push(f);
    }
    return out;
  }
  const attested = [...attestedGapRows(input.safeguards ?? [], input.scanStartedAt), ...lapsedVendorRows(input.baaRegister, catalogue.get(BAA_STANDARD), input.scanStartedAt)];
  const rankOfRow = (row: RiskRow) => packRank(LEVELS.indexOf(row.likelihood), LEVELS.indexOf(row.impact));
  // Pairs first (0 .. pairs-1), then the organisation-level rows, in the order they were made.
  const order = Array.from({ length: pairs + attested.length }, (_, k) => k);
  // The sort keys of entry k, read in place (no object per comparison: a million pairs sort in seconds).
  const rankAt = (k: number) => (k < pairs ? pairRank[k]! : rankOfRow(attested[k - pairs]!));
  const cloudAt = (k: number) => (k < pairs ? findings[pairFirst[k]!]!.resource.provider : attested[k - pairs]!.cloud);
  const assetAt = (k: number) => (k < pairs ? findings[pairFirst[k]!]!.resource.name : attested[k - pairs]!.asset);
  const safeguardAt = (k: number) => (k < pairs ? citations[pairCitation[k]!]! : attested[k - pairs]!.safeguard);
  order.sort(
    (a, b) =>
      rankAt(b) - rankAt(a) ||
      cloudAt(a).localeCompare(cloudAt(b)) ||
      assetAt(a).localeCompare(assetAt(b)) ||
      safeguardAt(a).localeCompare(safeguardAt(b)) ||
      (a < pairs && b < pairs ? pairFirst[a]! - pairFirst[b]! : a - b),
  );
  for (const k of order) {
    if (k >= pairs) {
      yield attested[k - pairs]!;
      continue;
    }
    const r = pairResource[k]!;
    const group: Group = { resourceKey: resourceKeys[r]!, safeguard: citations[pairCitation[k]!]!, findings: pairFindings(k) };
    yield pairRow(group, { ...rate(group.findings, facts[r]!.exposure), exposure: facts[r]!.exposure, owner: facts[r]!.owner }, catalogue.get(group.safeguard), input.scanStartedAt);
  }
}

/** A pair is rated by its worst finding; its status is the least settled one. */
function rate(group: readonly Finding[], exposure: Exposure): { status: RiskStatus; rated: Finding[]; likelihood: number; impact: number } {
  const status: RiskStatus = group.some((f) => f.status === 'fail') ? 'open' : group.some((f) => f.status === 'error') ? 'undecided' : 'accepted';
  const rated = group.filter((f) => (status === 'open' ? f.status === 'fail' : status === 'undecided' ? f.status === 'error' : true));
  let likelihood = 0;
  let impact = 0;
  for (const f of rated) {
    likelihood = Math.max(likelihood, likelihoodOf(f.checkSeverity, exposure.internetFacing));
    impact = Math.max(impact, impactOf(f.checkSeverity, f.ephi));
  }
  return { status, rated, likelihood, impact };
}

/** The row of one (asset, safeguard) pair, as rated. */
function pairRow(
  g: Group,
  r: { status: RiskStatus; rated: Finding[]; likelihood: number; impact: number; exposure: Exposure; owner: string },
  safeguard: CatalogueEntry | undefined,
  scanStartedAt: string,
): RiskRow {
  const { status, rated, likelihood, impact } = r;
  const first = g.findings[0]!;
  const categories = [...new Set(rated.map((f) => f.category))];
  const observed = g.findings.map((f) => f.source.observedAt).filter((t): t is string => typeof t === 'string' && t !== '').sort();
  const waivers = g.findings.filter((f) => f.waiver).map((f) => `${f.waiver!.id}: accepted by ${f.waiver!.approver} on ${f.waiver!.approved} until ${f.waiver!.expires}. Rationale: ${f.waiver!.rationale} Compensating control: ${f.waiver!.compensatingControl}`);
  return {
    riskId: 'R-' + createHash('sha256').update(`${g.resourceKey}\u0000${g.safeguard}`).digest('hex').slice(0, 10),
    asset: first.resource.name,
    assetId: first.resource.id,
    assetType: first.resource.type,
    cloud: first.resource.provider,
    account: first.resource.account ?? '',
    region: first.resource.region ?? '',
    ephi: g.findings.some((f) => f.ephi),
    exposure: r.exposure,
    threat: categories.map((c) => THREATS[c]).join(' '),
    vulnerability: rated.map((f) => `${f.title} (${f.check}${f.status === 'error' ? ', undecided' : f.status === 'waived' ? ', waived' : ''}): ${f.reason}`).join(' | '),
    checks: [...new Set(rated.map((f) => f.check))],
    status,
    likelihood: LEVELS[likelihood]!,
    impact: LEVELS[impact]!,
    riskLevel: LEVELS[riskOf(likelihood, impact)]!,
    safeguard: g.safeguard,
    safeguardTitle: safeguard?.title ?? '',
    requirement: safeguard ? requirementOf(safeguard) : '',
    remediation: [...new Set(rated.map((f) => f.remediation.text))].join(' '),
    owner: r.owner,
    firstSeen: observed[0] ?? scanStartedAt,
    treatment: status === 'accepted' || waivers.length ? waivers.join(' | ') : status === 'undecided' ? 'Decide: the check could not tell (see Vulnerability); unknown is not compliant, so treat it as open until it is settled.' : 'Remediate, or document an accepted risk (waiver) for an Addressable specification.',
  };
}

export const RISK_COLUMNS: [string, (r: RiskRow) => string][] = [
  ['Risk ID', (r) => r.riskId],
  ['Asset', (r) => r.asset],
  ['Cloud', (r) => r.cloud],
  ['Account', (r) => r.account],
  ['ePHI tagged', (r) => (r.ephi ? 'yes' : 'no')],
  ['Threat', (r) => r.threat],
  ['Vulnerability', (r) => r.vulnerability],
  ['Likelihood', (r) => r.likelihood],
  ['Impact', (r) => r.impact],
  ['Risk level', (r) => r.riskLevel],
  ['Safeguard', (r) => r.safeguard],
  ['Safeguard title', (r) => r.safeguardTitle],
  ['Required/Addressable', (r) => r.requirement],
  ['Remediation', (r) => r.remediation],
  ['Owner', (r) => r.owner],
  ['First seen', (r) => r.firstSeen],
  ['Status', (r) => r.status],
  ['Treatment', (r) => r.treatment],
  ['Exposure', (r) => (r.exposure.internetFacing ? `internet-facing (${r.exposure.basis})` : 'no sign of internet exposure')],
  ['Asset ID', (r) => r.assetId],
  ['Asset type', (r) => r.assetType],
  ['Region', (r) => r.region],
  ['Checks', (r) => r.checks.join(' ')],
];

export function resourceKeyOf(provider: string, id: string): string {
  return `${provider}\u0000${provider === 'azure' ? id.toLowerCase() : id}`;
}
