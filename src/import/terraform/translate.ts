import type { Provider, TerraformUnknown } from '../../inventory/resource.js';
import { UNKNOWN, type Attributes, type Unknown } from './attributes.js';
import { isObject, type Plan, type PlannedResource } from './plan.js';
import { Links } from './references.js';

/** One native document a planned resource becomes (a resource may become two: a database and its TDE state). */
export interface NativeDraft {
  provider: Provider;
  type: string;
  /** The cloud's id when the plan knows it (ARN, ARM id, asset name); the address otherwise. */
  id: string;
  /** Defaults to the Terraform address. */
  name?: string;
  account?: string | undefined;
  region?: string | undefined;
  tags: Record<string, string>;
  config: Record<string, unknown>;
  related?: Record<string, unknown>;
}

/** How one Terraform type becomes native documents. */
export type Translator = (resource: PlannedResource, t: Translation, ctx: PlanContext) => NativeDraft | NativeDraft[];

/**
 * A resource that only configures another one (`aws_s3_bucket_versioning` → its bucket): merged
 * into the target's document, never graded alone. `attribute` holds the target's id or name;
 * `keys` are the target's attributes that value may equal.
 */
export interface Companion {
  targets: string[];
  attribute: string;
  keys: string[];
}

/** What one planned resource's translation could not know, and what it took from documented defaults. */
export class Translation {
  readonly unknown: TerraformUnknown[] = [];
  readonly assumed: string[] = [];

  constructor(
    readonly resource: PlannedResource,
    private readonly ctx: PlanContext,
  ) {}

  /** A known value, or `undefined` after recording that `attribute` is known only after apply. */
  known<T>(value: T | Unknown | undefined, attribute: string, field: string): T | undefined {
    if (value !== UNKNOWN) return value;
    this.noteUnknown(attribute, field);
    return undefined;
  }

  /** Record that `attribute` is known only after apply; the native field stays unset. */
  unknownAt(attribute: string, field: string): undefined {
    this.noteUnknown(attribute, field);
    return undefined;
  }

  noteUnknown(attribute: string, field: string, note?: string): void {
    if (!this.unknown.some((u) => u.attribute === attribute && u.field === field)) this.unknown.push(note ? { attribute, field, note } : { attribute, field });
  }

  /**
   * An identifier (key ARN, key name, encryption-set id) where the native format reads absence as
   * "not set". When the configuration sets it but its value comes after apply, the configuration
   * decides that it is set: a placeholder says so and names what it will be.
   */
  identifier(attrs: Attributes, path: string, attribute: string, field: string): string | undefined {
    const v = attrs.text(path);
    if (v !== UNKNOWN) return v;
    // Unset in the configuration, the provider fills in its default (the AWS managed key, say).
    if (!attrs.configured(path)) return undefined;
    this.noteUnknown(attribute, field);
    const refs = attrs.references(path);
    // A resource this plan creates: its id in this scan (ARN or ARM id when known, else its address).
    const targets = this.ctx.links.resolveAll(refs, this.resource.modulePath).flatMap((a) => this.ctx.declared(a));
    if (targets.length === 1) return nativeIdOf(targets[0]!);
    const longest = [...refs].sort((a, b) => b.length - a.length)[0];
    return `(known after apply: ${longest ?? this.resource.address + '.' + attribute})`;
  }

  assume(text: string): void {
    if (!this.assumed.includes(text)) this.assumed.push(text);
  }
}

/** What every translator may consult: the whole plan, its providers and the links between resources. */
export class PlanContext {
  readonly links: Links;
  private readonly companionLinks = new Map<string, PlannedResource>();
  private readonly companionsOf = new Map<string, PlannedResource[]>();
  private readonly awsAccounts: Set<string>;

  constructor(
    readonly plan: Plan,
    companions: Record<string, Companion>,
  ) {
    this.links = new Links(plan);
    for (const r of plan.resources) {
      const spec = companions[r.type];
      if (!spec || r.mode !== 'managed' || r.action === 'delete' || r.action === 'forget') continue;
      const target = this.links.target(r, spec.attribute, spec.targets, spec.keys);
      if (!target) continue;
      this.companionLinks.set(r.address, target);
      const list = this.companionsOf.get(target.address) ?? [];
      list.push(r);
      this.companionsOf.set(target.address, list);
    }
    this.awsAccounts = new Set(
      [...plan.resources, ...plan.priorState]
        .filter((r) => r.type === 'aws_caller_identity')
        .map((r) => r.attrs.get('account_id'))
        .filter((a): a is string => typeof a === 'string' && /^\d{12}$/.test(a)),
    );
  }

  /** The resource a companion was merged into, if it was linked. */
  companionTarget(companion: PlannedResource): PlannedResource | undefined {
    return this.companionLinks.get(companion.address);
  }

  /** The companions of one type linked to `target`; the last one listed wins if several are. */
  companion(target: PlannedResource, type: string): PlannedResource | undefined {
    return (this.companionsOf.get(target.address) ?? []).filter((c) => c.type === type).pop();
  }

  /** A constant the resource's provider block sets (`region`, `project`, `subscription_id`). */
  private providerConstant(resource: PlannedResource, name: string): unknown {
    const expr = this.providerConfig(resource)?.[name];
    return isObject(expr) ? expr.constant_value : undefined;
  }

  /** A non-empty string constant of the resource's provider block. */
  providerString(resource: PlannedResource, name: string): string | undefined {
    const v = this.providerConstant(resource, name);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  /** The provider block's expressions for a resource. */
  providerConfig(resource: PlannedResource): Record<string, unknown> | undefined {
    const key = resource.config?.provider_config_key;
    const local = resource.type.split('_')[0];
    const candidates = key ? [key, key.slice(key.lastIndexOf(':') + 1)] : [];
    for (const k of candidates) {
      const p = this.plan.providers.get(k);
      if (p) return p.expressions ?? {};
    }
    if (!key && local) {
      const only = [...this.plan.providers.entries()].filter(([k, p]) => k === local || p.name === local);
      if (only.length === 1) return only[0]![1].expressions ?? {};
    }
    return undefined;
  }

  /** The AWS account the plan runs in, when a known `aws_caller_identity` says so unambiguously. */
  awsAccount(): string | undefined {
    return this.awsAccounts.size === 1 ? [...this.awsAccounts][0] : undefined;
  }

  /** The planned instances of a declaration (`module.db.aws_kms_key.k`), data sources included. */
  declared(configAddress: string): PlannedResource[] {
    return this.links.declared(configAddress);
  }

  /** Other planned resources of a type (data sources included), for look-ups such as EBS encryption by default. */
  resourcesOfType(type: string): PlannedResource[] {
    return this.links.ofType(type);
  }
}

/** How translators identify a planned resource: its ARN (AWS) or ARM id (Azure) when known, else its address. */
export function nativeIdOf(r: PlannedResource): string {
  const arn = r.attrs.text('arn');
  if (typeof arn === 'string') return arn;
  const id = r.attrs.text('id');
  if (typeof id === 'string' && id.startsWith('/subscriptions/')) return id;
  return r.address;
}

/** Drop `undefined` members so the document holds exactly what is known. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compact(v);
  return out as T;
}

/** `undefined` instead of UNKNOWN, for values that only label a resource (names, ids). */
export function orUndefined<T>(v: T | Unknown | undefined): T | undefined {
  return v === UNKNOWN ? undefined : v;
}

/** The last segment of a path-like value (`projects/p/zones/us-central1-a` → `us-central1-a`). */
export function lastSegment(v: string | undefined): string | undefined {
  return v ? v.split('/').filter(Boolean).pop() : undefined;
}
