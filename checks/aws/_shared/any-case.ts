import type { Verdict } from '../../../src/engine/check.js';
import { isRecord, pathKeys } from '../../../src/engine/read.js';
import { undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * AWS Config writes one field in several casings: CloudFormation-registry types are PascalCase
 * (`EncryptionAtRestOptions.Enabled`), older types camelCase with odd lower-casing
 * (`domainEndpointOptions.tlssecurityPolicy`), and a collector calling the service API may give
 * either. This reads a dotted path comparing each key case-insensitively (an exact match wins).
 */
export function anyCase(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of pathKeys(path)) {
    if (!isRecord(current)) return undefined;
    if (Object.hasOwn(current, key)) {
      current = current[key];
      continue;
    }
    const found = ownKeyLike(current, key.toLowerCase());
    if (found === undefined) return undefined;
    current = current[found];
  }
  return current;
}

/** The first own enumerable key (in `Object.keys` order) that lower-cases to `wanted`, without building the key list. */
function ownKeyLike(doc: Record<string, unknown>, wanted: string): string | undefined {
  for (const k in doc) {
    if (Object.hasOwn(doc, k) && k.toLowerCase() === wanted) return k;
  }
  return undefined;
}

export function anyCaseString(doc: unknown, path: string): string | undefined {
  const v = anyCase(doc, path);
  return typeof v === 'string' ? v : undefined;
}

/** Booleans as Config writes them: `true`/`false`, and the strings `"true"`/`"false"` (SQS, SNS). */
export function anyCaseBoolean(doc: unknown, path: string): boolean | undefined {
  const v = anyCase(doc, path);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

export function anyCaseArray(doc: unknown, path: string): unknown[] | undefined {
  const v = anyCase(doc, path);
  return Array.isArray(v) ? v : undefined;
}

/** The `error` verdict for an item whose `configuration` Config did not record (null or absent). */
export function configurationMissing(resource: Resource, what: string, question: string): Verdict | undefined {
  if (!resource.related.configurationMissing) return undefined;
  return undecided(`AWS Config holds no configuration for this ${what}, so ${question} is unknown.`, { configuration: null });
}
