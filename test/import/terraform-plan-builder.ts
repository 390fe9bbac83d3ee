import type { Check, Verdict } from '../../src/engine/check.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/engine/finding.js';
import type { Resource } from '../../src/inventory/resource.js';
import { decodeAll } from './support.js';

/**
 * Hand-written `terraform show -json` plans for tests, in the shape Terraform writes (format 1.2):
 * `planned_values` with nested `child_modules`, `resource_changes` with `after_unknown`, and a
 * `configuration` whose module resources have module-relative addresses.
 */
export interface PlanResource {
  /** The full address: `aws_s3_bucket.b`, `module.db.aws_db_instance.x`, `aws_s3_bucket.b["k"]`. */
  address: string;
  values: Record<string, unknown>;
  /** `after_unknown`: `true` where a value is known only after apply. */
  unknown?: Record<string, unknown>;
  /** Default `['create']`. */
  actions?: string[];
  /** State before the plan; defaults to `values` for `no-op`, `update` and `delete`. */
  before?: Record<string, unknown> | null;
  /** Configuration expressions (`{ constant_value }`, `{ references }`, block lists). */
  expressions?: Record<string, unknown>;
  mode?: 'managed' | 'data';
}

export interface PlanOptions {
  formatVersion?: string;
  /** `configuration.provider_config`, e.g. `{ aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } }`. */
  providers?: Record<string, unknown>;
  /** Module call expressions by module path (`module.db` → `{ encrypted: { constant_value: false } }`). */
  moduleInputs?: Record<string, Record<string, unknown>>;
  /** Module outputs by module path (`module.kms` → `{ key_arn: { expression: { references: [...] } } }`). */
  moduleOutputs?: Record<string, Record<string, unknown>>;
  /** Data sources read into `prior_state`. */
  priorState?: PlanResource[];
}

export const constant = (v: unknown) => ({ constant_value: v });
export const refs = (...r: string[]) => ({ references: r });

interface Parsed {
  modules: string[];
  type: string;
  name: string;
  key?: string | number;
  local: string;
}

function parse(address: string): Parsed {
  const steps = address.match(/(?:[^.[\]]+|\[[^\]]*\])+/g) ?? [];
  const modules: string[] = [];
  let i = 0;
  while (steps[i] === 'module') {
    modules.push(steps[i + 1]!.replace(/\[.*$/, ''));
    i += 2;
  }
  const data = steps[i] === 'data';
  if (data) i++;
  const type = steps[i]!;
  const last = steps[i + 1]!;
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(last)!;
  const key = m[2] === undefined ? undefined : /^\d+$/.test(m[2]) ? Number(m[2]) : JSON.parse(m[2]);
  return { modules, type, name: m[1]!, key, local: `${data ? 'data.' : ''}${type}.${m[1]}` };
}

function moduleAddress(address: string): string {
  const steps = address.match(/(?:[^.[\]]+|\[[^\]]*\])+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; steps[i] === 'module'; i += 2) out.push(`module.${steps[i + 1]}`);
  return out.join('.');
}

export function plan(resources: PlanResource[], options: PlanOptions = {}): Record<string, unknown> {
  type Module = { resources: unknown[]; child_modules: Map<string, Module>; address?: string };
  const root: Module = { resources: [], child_modules: new Map() };
  type ConfigModule = { resources: unknown[]; module_calls: Record<string, { source: string; expressions: Record<string, unknown>; module: ConfigModule }>; outputs?: Record<string, unknown> };
  const config: ConfigModule = { resources: [], module_calls: {} };
  const seenConfig = new Set<string>();
  const changes: unknown[] = [];

  for (const r of resources) {
    const p = parse(r.address);
    const actions = r.actions ?? ['create'];
    const mode = r.mode ?? (r.address.includes('data.') ? 'data' : 'managed');
    const gone = actions.length === 1 && actions[0] === 'delete';
    const before = r.before !== undefined ? r.before : actions.includes('create') ? null : r.values;
    const moduleAddr = moduleAddress(r.address);
    const base = { address: r.address, ...(moduleAddr ? { module_address: moduleAddr } : {}), mode, type: p.type, name: p.name, ...(p.key !== undefined ? { index: p.key } : {}), provider_name: `registry.terraform.io/hashicorp/${p.type.split('_')[0]}` };
    changes.push({ ...base, change: { actions, before, after: gone ? null : r.values, after_unknown: gone ? {} : (r.unknown ?? {}), before_sensitive: false, after_sensitive: {} } });
    if (!gone) {
      let m = root;
      let path = '';
      for (const name of p.modules) {
        path = path ? `${path}.module.${name}` : `module.${name}`;
        let child = m.child_modules.get(name);
        if (!child) m.child_modules.set(name, (child = { resources: [], child_modules: new Map(), address: path }));
        m = child;
      }
      const { module_address: _drop, ...planned } = base as Record<string, unknown>;
      m.resources.push({ ...planned, schema_version: 0, values: r.values, sensitive_values: {} });
    }
    let c = config;
    let path = '';
    for (const name of p.modules) {
      path = path ? `${path}.module.${name}` : `module.${name}`;
      c.module_calls[name] ??= { source: `./modules/${name}`, expressions: options.moduleInputs?.[path] ?? {}, module: { resources: [], module_calls: {}, ...(options.moduleOutputs?.[path] ? { outputs: options.moduleOutputs[path] } : {}) } };
      c = c.module_calls[name]!.module;
    }
    const configKey = `${p.modules.join('/')}:${p.local}`;
    if (!seenConfig.has(configKey)) {
      seenConfig.add(configKey);
      c.resources.push({ address: p.local, mode, type: p.type, name: p.name, provider_config_key: p.type.split('_')[0], expressions: r.expressions ?? {}, schema_version: 0 });
    }
  }
  const toJson = (m: Module): Record<string, unknown> => ({
    ...(m.address ? { address: m.address } : {}),
    resources: m.resources,
    ...(m.child_modules.size ? { child_modules: [...m.child_modules.values()].map(toJson) } : {}),
  });
  const prior = options.priorState?.map((r) => {
    const p = parse(r.address);
    return { address: r.address, mode: 'data', type: p.type, name: p.name, provider_name: `registry.terraform.io/hashicorp/${p.type.split('_')[0]}`, schema_version: 0, values: r.values, sensitive_values: {} };
  });
  return {
    format_version: options.formatVersion ?? '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: toJson(root) },
    resource_changes: changes,
    ...(prior ? { prior_state: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: prior } } } } : {}),
    configuration: { provider_config: options.providers ?? {}, root_module: config },
    timestamp: '2026-03-02T14:07:31Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** Every resource the plan translates into, read through the real importer. */
export function imported(doc: unknown): Resource[] {
  return decodeAll(JSON.stringify(doc), 'plan.json').resources;
}

/** The one translated resource of a native type. */
export function only(resources: Resource[], type: string): Resource {
  const found = resources.filter((r) => r.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length} among ${resources.map((r) => `${r.type} ${r.name}`).join(', ')}`);
  return found[0]!;
}

/** Grade a plan with one check through the real engine (so reasons carry the Terraform address). */
export function grade(doc: unknown, check: Check, type?: string): Finding {
  const resources = imported(doc);
  const graded = type ?? check.resourceTypes[0]!;
  const profile = check.profiles?.[0] ?? 'default';
  const { findings } = evaluate(resources, [check], { safeguards: [], checkSafeguards: new Map() }, { profile });
  const mine = findings.filter((f) => f.resource.type.toLowerCase() === graded.toLowerCase());
  if (mine.length !== 1) throw new Error(`expected one ${graded} finding, found ${mine.length}`);
  return mine[0]!;
}

export type { Verdict };
