import { joinPath, splitAddress } from './address.js';
import { isObject, type Plan, type PlannedResource } from './plan.js';

/**
 * Linking resources that configure another one (an S3 bucket's encryption, policy, versioning)
 * to it. A known value decides first (`bucket = "phi-uploads"` against the bucket's name); when
 * the value is known only after apply, the configuration's references decide
 * (`bucket = aws_s3_bucket.b.id` → `aws_s3_bucket.b`), followed through module variables and
 * outputs.
 */
export class Links {
  private readonly byConfigAddress = new Map<string, PlannedResource[]>();
  private readonly byType = new Map<string, PlannedResource[]>();

  constructor(private readonly plan: Plan) {
    for (const r of plan.resources) {
      if (r.action === 'delete' || r.action === 'forget') continue;
      for (const [index, key] of [[this.byConfigAddress, r.configAddress], [this.byType, r.type]] as const) {
        const list = index.get(key) ?? [];
        list.push(r);
        index.set(key, list);
      }
    }
  }

  /** The instances of a declaration that will exist after apply. */
  declared(configAddress: string): PlannedResource[] {
    return this.byConfigAddress.get(configAddress) ?? [];
  }

  /** The resources of a type that will exist after apply (data sources included). */
  ofType(type: string): PlannedResource[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The resource of one of `types` that `from.attribute` points at. `keys` are the target's
   * attributes that the value may equal (`bucket`, `id`, `arn`).
   */
  target(from: PlannedResource, attribute: string, types: string[], keys: string[]): PlannedResource | undefined {
    const value = from.attrs.get(attribute);
    const candidates = types.flatMap((t) => this.ofType(t)).filter((r) => r.mode === 'managed');
    if (typeof value === 'string' && value !== '') {
      const byValue = candidates.filter((c) => keys.some((k) => c.attrs.get(k) === value));
      if (byValue.length === 1) return byValue[0];
      if (byValue.length > 1) return closest(from, byValue);
    }
    const declared = new Set(this.resolveAll(from.attrs.references(attribute), from.modulePath));
    const byReference = [...declared].flatMap((address) => this.declared(address)).filter((r) => types.includes(r.type));
    if (byReference.length <= 1) return byReference[0];
    return closest(from, byReference);
  }

  /** The declarations (module path + `[data.]type.name`) a reference stands for, through variables and outputs. */
  resolveAll(references: string[], modulePath: string, depth = 0): string[] {
    const out = new Set<string>();
    for (const ref of references) for (const a of this.resolve(ref, modulePath, depth)) out.add(a);
    return [...out];
  }

  private resolve(reference: string, modulePath: string, depth: number): string[] {
    if (depth > 32) return [];
    const steps = splitAddress(reference).map((s) => s.replace(/\[.*$/, ''));
    const [head, second, third] = steps;
    if (!head || !second) return [];
    switch (head) {
      case 'var': {
        if (!modulePath) return [];
        const parentSteps = splitAddress(modulePath);
        const call = parentSteps.pop();
        parentSteps.pop();
        const parent = parentSteps.join('.');
        const expr = call ? this.plan.modules.get(parent)?.calls.get(call)?.[second] : undefined;
        return this.resolveAll(referencesOf(expr), parent, depth + 1);
      }
      case 'module': {
        if (!third) return [];
        const child = joinPath(modulePath, `module.${second}`);
        const output = this.plan.modules.get(child)?.outputs.get(third);
        return this.resolveAll(referencesOf(output?.expression), child, depth + 1);
      }
      case 'data':
        return third ? [joinPath(modulePath, `data.${second}.${third}`)] : [];
      case 'local':
      case 'each':
      case 'count':
      case 'path':
      case 'terraform':
      case 'self':
        return [];
      default:
        return [joinPath(modulePath, `${head}.${second}`)];
    }
  }
}

/** Several instances match: prefer the one in the same module instance with the same key. */
function closest(from: PlannedResource, candidates: PlannedResource[]): PlannedResource | undefined {
  const score = (c: PlannedResource) => (c.module === from.module ? 2 : 0) + (c.key !== '' && c.key === from.key ? 1 : 0);
  const best = Math.max(...candidates.map(score));
  const top = candidates.filter((c) => score(c) === best);
  return top.length === 1 ? top[0] : undefined;
}

function referencesOf(expression: unknown): string[] {
  const refs = isObject(expression) ? expression.references : undefined;
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}
