/**
 * Reading native documents without trusting their shape. `undefined` means the field is absent;
 * checks turn absence into an `error` verdict rather than guessing.
 */
export function field(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const key of pathKeys(path)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A path's keys, split once per path text: checks read the same few paths of every resource. */
const split = new Map<string, readonly string[]>();

export function pathKeys(path: string): readonly string[] {
  let keys = split.get(path);
  if (!keys) {
    if (split.size >= 1000) split.clear();
    split.set(path, (keys = path.split('.')));
  }
  return keys;
}

/** A field's value when it has the wanted primitive type, `undefined` otherwise. */
export function stringField(doc: unknown, path: string): string | undefined {
  const v = field(doc, path);
  return typeof v === 'string' ? v : undefined;
}

/** Booleans as the clouds write them: `true`/`false`, and the strings `"true"`/`"false"`. */
export function booleanField(doc: unknown, path: string): boolean | undefined {
  const v = field(doc, path);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

export function arrayField(doc: unknown, path: string): unknown[] | undefined {
  const v = field(doc, path);
  return Array.isArray(v) ? v : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
