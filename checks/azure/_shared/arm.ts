import type { CheckContext, Verdict } from '../../../src/engine/check.js';
import { undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/** `undecided` when the row was exported without its properties (a projected Resource Graph query). */
export function withoutProperties(resource: Resource, what: string): Verdict | undefined {
  if (!resource.related.propertiesMissing) return undefined;
  return undecided(`The resource row carries no properties, so ${what} is unknown.`, { properties: null });
}

/** The child resource at `<parent id>/<path>`, e.g. `auditingSettings/default` (ids compare case-insensitively). */
export function childOf(context: CheckContext, parent: Resource, path: string): { id: string; child: Resource | undefined } {
  const id = `${parent.id.replace(/\/+$/, '')}/${path}`;
  return { id, child: context.resourceById('azure', id) };
}

/** A string property that is present and not empty; ARM writes `null` or `""` for unset values. */
export function presentString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
