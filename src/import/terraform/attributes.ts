/**
 * Reading one planned resource's attributes. A plan gives three parallel trees: the values
 * Terraform knows (`after` / `values`), `after_unknown` (true where a value is known only after
 * apply), and the configuration's expressions (constants and references). A nested block is a
 * list in all three.
 */

/** A value Terraform knows only after apply. */
export const UNKNOWN: unique symbol = Symbol('known after apply');
export type Unknown = typeof UNKNOWN;

type Path = string | (string | number)[];

export class Attributes {
  constructor(
    private readonly values: unknown,
    private readonly unknownTree: unknown,
    private readonly expressions: unknown,
  ) {}

  /** The value at `path`: `undefined` when absent or null, `UNKNOWN` when known only after apply. */
  get(path: Path): unknown {
    const keys = toKeys(path);
    if (isUnknownAt(this.unknownTree, keys)) return UNKNOWN;
    const v = walk(this.values, keys);
    return v === null ? undefined : v;
  }

  /** A string value (or unknown); anything else is treated as absent. */
  string(path: Path): string | Unknown | undefined {
    const v = this.get(path);
    return v === UNKNOWN || typeof v === 'string' ? v : undefined;
  }

  /** A non-empty string (or unknown): the provider writes `""` for an unset optional string. */
  text(path: Path): string | Unknown | undefined {
    const v = this.string(path);
    return v === '' ? undefined : v;
  }

  boolean(path: Path): boolean | Unknown | undefined {
    const v = this.get(path);
    return v === UNKNOWN || typeof v === 'boolean' ? v : undefined;
  }

  number(path: Path): number | Unknown | undefined {
    const v = this.get(path);
    return v === UNKNOWN || typeof v === 'number' ? v : undefined;
  }

  /** The string values of a map attribute (tags, labels); unknown as a whole or absent. */
  map(path: Path): Record<string, string> | Unknown | undefined {
    const v = this.get(path);
    if (v === UNKNOWN) return UNKNOWN;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
    return out;
  }

  /** The string items of a list or set attribute. */
  strings(path: Path): string[] | Unknown | undefined {
    const v = this.get(path);
    if (v === UNKNOWN) return UNKNOWN;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  }

  /** Every instance of a nested block; `[]` when the block is absent. */
  blocks(path: Path): Attributes[] | Unknown {
    const keys = toKeys(path);
    if (isUnknownAt(this.unknownTree, keys)) return UNKNOWN;
    const list = walk(this.values, keys);
    if (!Array.isArray(list)) return [];
    const unknownList = walk(this.unknownTree, keys);
    const exprList = walk(this.expressions, stripIndexes(keys));
    return list.map(
      (item, i) =>
        new Attributes(item, Array.isArray(unknownList) ? unknownList[i] : undefined, Array.isArray(exprList) ? (exprList[i] ?? exprList[0]) : undefined),
    );
  }

  /** The first instance of a nested block (most blocks allow one), absent or unknown. */
  block(path: Path): Attributes | Unknown | undefined {
    const all = this.blocks(path);
    return all === UNKNOWN ? UNKNOWN : all[0];
  }

  /** The configuration sets this attribute or block (a constant, a reference or a block body). */
  configured(path: Path): boolean {
    return walk(this.expressions, stripIndexes(toKeys(path))) !== undefined;
  }

  /** The configuration's literal value for the attribute, when it is a constant. */
  constant(path: Path): unknown {
    const expr = walk(this.expressions, stripIndexes(toKeys(path)));
    return expr && typeof expr === 'object' && !Array.isArray(expr) ? (expr as Record<string, unknown>).constant_value : undefined;
  }

  /** What the attribute's expression refers to (`aws_kms_key.phi.arn`, `var.key`), as written. */
  references(path: Path): string[] {
    const expr = walk(this.expressions, stripIndexes(toKeys(path)));
    const refs = expr && typeof expr === 'object' && !Array.isArray(expr) ? (expr as Record<string, unknown>).references : undefined;
    return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
  }
}

function toKeys(path: Path): (string | number)[] {
  return typeof path === 'string' ? path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : path;
}

/** Configuration expressions describe a block once, not per instance. */
function stripIndexes(keys: (string | number)[]): (string | number)[] {
  return keys.map((k) => (typeof k === 'number' ? 0 : k));
}

function walk(tree: unknown, keys: (string | number)[]): unknown {
  let current = tree;
  for (const key of keys) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

/** `after_unknown` marks a whole value with `true`, at any depth of the path. */
function isUnknownAt(tree: unknown, keys: (string | number)[]): boolean {
  let current = tree;
  if (current === true) return true;
  for (const key of keys) {
    current = walk(current, [key]);
    if (current === true) return true;
    if (current === undefined) return false;
  }
  return false;
}
