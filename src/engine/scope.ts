import type { Resource } from '../inventory/resource.js';
import type { Severity } from './check.js';

/**
 * Which resources hold ePHI, by their tags or labels. A resource is in scope when one of its
 * tag keys is in `keys` (compared case-insensitively, `-`/`_` alike) and that tag's value is in
 * `values`; a key alone is not enough, so `phi=false` stays out of scope.
 */
export interface EphiScope {
  keys: string[];
  values: string[];
}

export const DEFAULT_EPHI_SCOPE: EphiScope = {
  keys: ['phi', 'ephi', 'hipaa', 'data-classification', 'dataclassification', 'classification', 'contains-phi'],
  values: ['true', 'yes', 'y', '1', 'phi', 'ephi', 'hipaa', 'restricted-phi'],
};

const norm = (s: string) => s.trim().toLowerCase().replace(/_/g, '-');

export function holdsEphi(resource: Pick<Resource, 'tags'>, scope: EphiScope = DEFAULT_EPHI_SCOPE): boolean {
  const keys = new Set(scope.keys.map(norm));
  const values = new Set(scope.values.map(norm));
  for (const [k, v] of Object.entries(resource.tags)) {
    if (keys.has(norm(k)) && values.has(norm(v))) return true;
  }
  return false;
}

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** A failing control on a system that holds ePHI is one step more severe. */
export function raiseForEphi(severity: Severity): Severity {
  return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)]!;
}
