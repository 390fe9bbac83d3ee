import type { Provider, Resource } from '../inventory/resource.js';

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
