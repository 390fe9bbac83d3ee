import type { Resource } from '../inventory/resource.js';
import type { BaaRegister } from '../baa/register.js';
import type { Mappings } from '../mappings/index.js';
import type { Check, Profile, Verdict } from './check.js';
import { ScanContext, typeKey } from './context.js';
import { fingerprintOf, type Finding } from './finding.js';
import { DEFAULT_EPHI_SCOPE, ephiTest, raiseForEphi, type EphiScope } from './scope.js';

export interface EvaluateOptions {
  profile?: Profile;
  /** How tags say a resource holds ePHI. */
  ephiScope?: EphiScope;
  /** `ephi`: grade only resources that hold ePHI; the rest are counted as out of scope. */
  only?: 'all' | 'ephi';
  /** The BAA register checks read through `context.baaRegister()`. */
  baaRegister?: BaaRegister;
}

export interface Evaluation {
  findings: Finding[];
  /** Resources at least one check of their own type graded. */
  assessed: number;
  /**
   * Resources of types no check of their own type grades (only `*` checks, if any): kept in the
   * inventory and counted, never dropped.
   */
  unassessed: { total: number; byType: Record<string, number> };
  /** Resources left out by `only: 'ephi'`. */
  outOfScope: number;
  /** Checks that ran in this profile. */
  checks: Check[];
}

export function checksForProfile(checks: readonly Check[], profile: Profile): Check[] {
  return checks.filter((c) => !c.profiles || c.profiles.includes(profile));
}

/** Resources × checks → findings, with the safeguard citations attached from `mappings/`. */
export function evaluate(resources: readonly Resource[], allChecks: readonly Check[], mappings: Mappings, options: EvaluateOptions = {}): Evaluation {
  const profile = options.profile ?? 'default';
  const ephiScope = options.ephiScope ?? DEFAULT_EPHI_SCOPE;
  const checks = checksForProfile(allChecks, profile);
  const byType = new Map<string, Check[]>();
  // `*` checks (HIPAA-eligible service use) grade every resource of their cloud.
  const everyResource = new Map<string, Check[]>();
  for (const check of checks) {
    if (check.resourceTypes.includes('*')) {
      const list = everyResource.get(check.provider) ?? [];
      list.push(check);
      everyResource.set(check.provider, list);
      continue;
    }
    for (const type of check.resourceTypes) {
      const key = typeKey(check.provider, type);
      let list = byType.get(key);
      if (!list) byType.set(key, (list = []));
      list.push(check);
    }
  }
  const context = new ScanContext(resources, profile, { mappings, ephiScope, ...(options.baaRegister ? { baaRegister: options.baaRegister } : {}) });
  const findings: Finding[] = [];
  const unassessed: Record<string, number> = {};
  let unassessedTotal = 0;
  let assessed = 0;
  let outOfScope = 0;
  const holdsEphi = ephiTest(ephiScope);
  // The checks of each provider and type (as the resource spells it), own type first then `*`: one
  // list per type, not per resource.
  const planned = new Map<string, Map<string, { specific: boolean; checks: Check[]; label: string }>>();
  for (const resource of resources) {
    const ephi = holdsEphi(resource);
    if (options.only === 'ephi' && !ephi) {
      outOfScope++;
      continue;
    }
    let ofProvider = planned.get(resource.provider);
    if (!ofProvider) planned.set(resource.provider, (ofProvider = new Map()));
    let plan = ofProvider.get(resource.type);
    if (!plan) {
      const specific = byType.get(typeKey(resource.provider, resource.type));
      const checks = [...(specific ?? []), ...(everyResource.get(resource.provider) ?? [])];
      ofProvider.set(resource.type, (plan = { specific: specific !== undefined, checks, label: `${resource.provider}:${resource.type}` }));
    }
    if (!plan.specific) {
      unassessed[plan.label] = (unassessed[plan.label] ?? 0) + 1;
      unassessedTotal++;
    } else assessed++;
    if (!plan.checks.length) continue;
    // One summary of the resource, shared by its findings.
    const summary = summarize(resource);
    for (const check of plan.checks) findings.push(toFinding(check, resource, summary, ephi, judge(check, resource, context), mappings));
  }
  return { findings, assessed, unassessed: { total: unassessedTotal, byType: unassessed }, outOfScope, checks };
}

function judge(check: Check, resource: Resource, context: ScanContext): Verdict {
  if (resource.deleted) return { status: 'not_applicable', reason: 'The cloud reported this resource as deleted when it was observed.' };
  try {
    return withPlanUnknowns(resource, check.evaluate(resource, context));
  } catch (err) {
    // A check that throws has not decided; unknown is not compliant.
    return { status: 'error', reason: `The check could not read this resource: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * A Terraform plan leaves some values unknown until apply, and the translation leaves them out of
 * the native document; an undecided verdict says which, at which address. Only the unknowns
 * behind the fields the verdict cites are named, or all of them if it cites none.
 */
function withPlanUnknowns(resource: Resource, verdict: Verdict): Verdict {
  const plan = resource.source.terraform;
  if (verdict.status !== 'error' || !plan?.unknown?.length) return verdict;
  const cited = new Set(Object.keys(verdict.evidence ?? {}));
  const relevant = plan.unknown.filter((u) => u.field.split('.').some((part) => cited.has(part)));
  const named = relevant.length ? relevant : plan.unknown;
  const attributes = [...new Set(named.map((u) => u.attribute))].join(', ');
  const notes = [...new Set(named.flatMap((u) => (u.note ? [u.note] : [])))];
  return { ...verdict, reason: `${verdict.reason} Terraform knows ${attributes} of ${plan.address} only after apply${notes.length ? ` (${notes.join('; ')})` : ''}.` };
}

function summarize(resource: Resource): Finding['resource'] {
  return {
    provider: resource.provider,
    type: resource.type,
    id: resource.id,
    name: resource.name,
    account: resource.account ?? null,
    region: resource.region ?? null,
  };
}

function toFinding(check: Check, resource: Resource, summary: Finding['resource'], ephi: boolean, verdict: Verdict, mappings: Mappings): Finding {
  return {
    check: check.id,
    title: check.title,
    status: verdict.status,
    severity: ephi ? raiseForEphi(check.severity) : check.severity,
    checkSeverity: check.severity,
    ephi,
    category: check.category,
    resource: summary,
    safeguards: mappings.checkSafeguards.get(check.id) ?? [],
    reason: verdict.reason,
    evidence: verdict.evidence ?? {},
    remediation: check.remediation,
    fingerprint: fingerprintOf(check.id, resource),
    source: resource.source,
  };
}
