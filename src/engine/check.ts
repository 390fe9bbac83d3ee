import type { Provider, Resource } from '../inventory/resource.js';
import type { BaaRegister } from '../baa/register.js';

export const CATEGORIES = [
  'encryption-at-rest',
  'encryption-in-transit',
  'audit-logging',
  'authentication',
  'access-control',
  'integrity',
  'backup',
  'eligible-service',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PROFILES = ['default', 'strict', 'nprm-2025'] as const;
export type Profile = (typeof PROFILES)[number];

export interface Remediation {
  /** One or two sentences: what to change. */
  text: string;
  cli?: string;
  terraform?: string;
}

/** The observed fields and values a verdict rests on. */
export type Evidence = Record<string, unknown>;

export type Verdict =
  | { status: 'pass' | 'fail'; reason: string; evidence: Evidence }
  | { status: 'error' | 'not_applicable'; reason: string; evidence?: Evidence };

/** What a check may see besides its own resource: the rest of the scan, read-only. */
export interface CheckContext {
  readonly profile: Profile;
  /** Another resource of the same scan by its cloud id (Azure ids compare case-insensitively). */
  resourceById(provider: Provider, id: string): Resource | undefined;
  /** Every resource of the scan of one native type. */
  resourcesOfType(provider: Provider, type: string): readonly Resource[];
  /** Whether a native type's service is on its cloud's HIPAA-eligible list (`mappings/eligible-services/`). */
  eligibleService(provider: Provider, type: string): EligibleService;
  /** Whether the resource's tags or labels say it holds ePHI, under the scan's ePHI scope. */
  holdsEphi(resource: Resource): boolean;
  /** The BAA register of `safeguard.yaml` (`baas:`), with the scan date; `undefined` when none was given. */
  baaRegister(): BaaRegister | undefined;
}

/** A native type looked up in its cloud's HIPAA-eligible service list. */
export interface EligibleService {
  /** `true` on the list, `false` not on it, `undefined` when the list is not transcribed (unknown). */
  listed: boolean | undefined;
  /** The service the type belongs to: a listed one, or (with `tool`) one that is not listed. */
  service?: string;
  /** The namespace or type pattern of the list that matched the type. */
  matched?: string;
  /** The list's exclusions or notes for that service, as text (e.g. RDS: the engines covered). */
  exclusions?: string;
  /**
   * Not on the list, but a tool that the provider's own guardrails treat as holding no PHI
   * (IAM, for one): the basis for saying so.
   */
  tool?: string;
  /** The date the list carries (YYYY-MM-DD); `null` when the list is not transcribed. */
  listDate: string | null;
  /** How many services the list has (0 when it is not transcribed). */
  listCount: number;
  /** Where the list comes from (URL). */
  source: string;
  /** Why the list is not transcribed, when it is not. */
  unavailable?: string;
}

export interface Check {
  /** Stable id, `<cloud>-<service>-<what it asserts>`; pipelines and waivers refer to it. */
  id: string;
  title: string;
  provider: Provider;
  /** Native resource types the check grades (Azure types compare case-insensitively). */
  resourceTypes: string[];
  category: Category;
  severity: Severity;
  /** Why it matters, in a sentence or two a CTO reads. */
  rationale: string;
  remediation: Remediation;
  /**
   * A `fail` means a data store's contents sit unencrypted at rest (or cannot be decrypted):
   * the default gate, `unencrypted-storage`, fails on these.
   */
  dataStore?: boolean;
  /** The profiles the check runs in; all of them when absent. */
  profiles?: Profile[];
  evaluate(resource: Resource, context: CheckContext): Verdict;
}

/** Identity function that gives a check file its type. */
export function defineCheck(check: Check): Check {
  return check;
}
