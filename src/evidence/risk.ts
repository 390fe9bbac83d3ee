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

/** A pair rated and placed, its row's text not yet written. */
interface Rated {
  rank: [number, number, number];
  cloud: string;
  asset: string;
  safeguard: string;
  row: () => RiskRow;
}

/**
 * The register's rows, most severe first. Each pair is rated and placed first; its text (threat,
 * vulnerability, remediation, treatment) is written only as its row is yielded, so a register of a
 * million pairs is never held whole.
 */
export function* riskRows(input: RiskInputs): Generator<RiskRow> {
  const catalogue = new Map(input.catalogue.map((s) => [s.id, s]));
  const groups = new Map<string, Group>();
  for (const f of input.findings) {
    if (f.status !== 'fail' && f.status !== 'error' && f.status !== 'waived') continue;
    const resourceKey = resourceKeyOf(f.resource.provider, f.resource.id);
    for (const citation of f.safeguards.length ? f.safeguards : ['(unmapped)']) {
      const key = `${resourceKey}\u0000${citation}`;
      const g = groups.get(key) ?? { resourceKey, safeguard: citation, findings: [] };
      g.findings.push(f);
      groups.set(key, g);
    }
  }
  // Only the resources of failing pairs are looked at again.
  const wanted = new Set([...groups.values()].map((g) => g.resourceKey));
  const byKey = new Map<string, Resource>();
  for (const r of input.resources) {
    const key = resourceKeyOf(r.provider, r.id);
    if (wanted.has(key)) byKey.set(key, r);
  }
  const findingsByResource = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const key = resourceKeyOf(f.resource.provider, f.resource.id);
    if (!wanted.has(key)) continue;
    const list = findingsByResource.get(key);
    if (list) list.push(f);
    else findingsByResource.set(key, [f]);
  }
  const placed: Rated[] = [];
  // A resource's exposure and owner, found once (a resource is in one pair per safeguard it fails).
  const facts = new Map<string, { exposure: Exposure; owner: string }>();
  for (const g of groups.values()) {
    let known = facts.get(g.resourceKey);
    if (!known) {
      const found = byKey.get(g.resourceKey);
      const resource = found && input.redact ? input.redact(found) : found;
      known = { exposure: exposureOf(resource, findingsByResource.get(g.resourceKey) ?? []), owner: resource ? ownerOf(resource.tags) : '' };
      facts.set(g.resourceKey, known);
    }
    const { exposure, owner } = known;
    // The pair is rated by its worst finding; the status by the least settled one.
    const status: RiskStatus = g.findings.some((f) => f.status === 'fail') ? 'open' : g.findings.some((f) => f.status === 'error') ? 'undecided' : 'accepted';
    const rated = g.findings.filter((f) => (status === 'open' ? f.status === 'fail' : status === 'undecided' ? f.status === 'error' : true));
    let likelihood = 0;
    let impact = 0;
    for (const f of rated) {
      likelihood = Math.max(likelihood, likelihoodOf(f.checkSeverity, exposure.internetFacing));
      impact = Math.max(impact, impactOf(f.checkSeverity, f.ephi));
    }
    const first = g.findings[0]!;
    placed.push({
      rank: [riskOf(likelihood, impact), impact, likelihood],
      cloud: first.resource.provider,
      asset: first.resource.name,
      safeguard: g.safeguard,
      row: () => pairRow(g, { status, rated, likelihood, impact, exposure, owner }, catalogue.get(g.safeguard), input.scanStartedAt),
    });
  }
  for (const r of [...attestedGapRows(input.safeguards ?? [], input.scanStartedAt), ...lapsedVendorRows(input.baaRegister, catalogue.get(BAA_STANDARD), input.scanStartedAt)]) {
    placed.push({ rank: [LEVELS.indexOf(r.riskLevel), LEVELS.indexOf(r.impact), LEVELS.indexOf(r.likelihood)], cloud: r.cloud, asset: r.asset, safeguard: r.safeguard, row: () => r });
  }
  placed.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return b.rank[i]! - a.rank[i]!;
    return a.cloud.localeCompare(b.cloud) || a.asset.localeCompare(b.asset) || a.safeguard.localeCompare(b.safeguard);
  });
  for (const p of placed) yield p.row();
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
