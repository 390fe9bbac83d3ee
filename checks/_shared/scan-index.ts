import type { Resource } from '../../src/inventory/resource.js';

/** The keys a resource is found by (none leaves it out of the index). */
export type IndexKeys = (resource: Resource) => Iterable<string>;

const indexes = new WeakMap<IndexKeys, WeakMap<readonly Resource[], Map<string, Resource[]>>>();

/**
 * `all` grouped by the keys `keysOf` gives each resource, each group in scan order: a check that
 * looks other resources up by a field builds this once per scan instead of searching the whole
 * list for every resource it grades. Cached per `keysOf` (pass a module-level function) and per
 * list (the context's own `resourcesOfType` array), so a new scan builds its own.
 */
export function indexBy(all: readonly Resource[], keysOf: IndexKeys): Map<string, Resource[]> {
  let byList = indexes.get(keysOf);
  if (!byList) indexes.set(keysOf, (byList = new WeakMap()));
  let index = byList.get(all);
  if (!index) {
    byList.set(all, (index = new Map()));
    for (const resource of all) {
      for (const key of new Set(keysOf(resource))) {
        let group = index.get(key);
        if (!group) index.set(key, (group = []));
        group.push(resource);
      }
    }
  }
  return index;
}
