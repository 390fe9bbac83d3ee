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

/**
 * `holdsEphi` for one scope and many resources (a scan asks it of every one): the keys and values
 * are normalised once, and the answer per tag key and value is remembered for the life of the
 * function.
 */
export function ephiTest(scope: EphiScope = DEFAULT_EPHI_SCOPE): (resource: Pick<Resource, 'tags'>) => boolean {
  const keys = new Set(scope.keys.map(norm));
  const values = new Set(scope.values.map(norm));
  const isKey = remembered((k) => keys.has(norm(k)));
  const isValue = remembered((v) => values.has(norm(v)));
  return (resource) => {
    const tags = resource.tags;
    // for-in with hasOwn visits what Object.entries does, in the same order, without building it.
    for (const k in tags) {
      if (Object.hasOwn(tags, k) && isKey(k) && isValue(tags[k]!)) return true;
    }
    return false;
  };
}

function remembered(test: (s: string) => boolean): (s: string) => boolean {
  const seen = new Map<string, boolean>();
  return (s) => {
    let answer = seen.get(s);
    if (answer === undefined) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(s, (answer = test(s)));
    }
    return answer;
  };
}

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** A failing control on a system that holds ePHI is one step more severe. */
export function raiseForEphi(severity: Severity): Severity {
  return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)]!;
}
