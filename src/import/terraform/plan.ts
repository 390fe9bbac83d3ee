import { z } from 'zod';
import { InputError } from '../input-error.js';
import { parseRecord } from '../schema.js';
import { instanceKey, joinPath, parseAddress } from './address.js';
import { Attributes } from './attributes.js';

/**
 * `terraform show -json` output, plan or state, read into one list of resources with what the
 * plan does to each. Format versions 0.1 and 0.2 (Terraform 0.12–0.15) and 1.x are read; by
 * Terraform's own rule a 1.x minor version only adds fields, and another major is refused.
 */

/** What the plan does to a resource. `replace` is a delete and a create, in either order. */
export type PlanAction = 'create' | 'update' | 'no-op' | 'replace' | 'delete' | 'read' | 'forget' | (string & {});

export interface PlannedResource {
  /** The instance's address: `module.db.aws_db_instance.reporting`, `aws_s3_bucket.b["logs"]`. */
  address: string;
  mode: string;
  type: string;
  name: string;
  /** The module instance (`module.db`), '' in the root module. */
  module: string;
  /** The module's declaration path, for configuration look-ups. */
  modulePath: string;
  /** The declaration's address (no instance keys). */
  configAddress: string;
  /** The instance key (`[0]`, `["eu"]`), '' for a single instance. */
  key: string;
  providerName: string;
  action: PlanAction;
  /** The values after apply (before, for a resource the plan deletes), with unknowns and expressions. */
  attrs: Attributes;
  /** The state before the plan, when the resource already exists. */
  before: Record<string, unknown> | undefined;
  config: ConfigResource | undefined;
  /** Position in `resource_changes` (or in the module listing, for state files). */
  index: number;
  /** Where the record sits in the file, for error messages. */
  at: string;
}

export interface ConfigResource {
  address: string;
  mode?: string;
  type: string;
  name: string;
  provider_config_key?: string;
  expressions?: Record<string, unknown>;
}

export interface ConfigModule {
  resources: Map<string, ConfigResource>;
  calls: Map<string, Record<string, unknown>>;
  outputs: Map<string, Record<string, unknown>>;
}

export interface ProviderConfig {
  name?: string;
  expressions?: Record<string, unknown>;
}

export interface Plan {
  kind: 'plan' | 'state';
  formatVersion: string;
  terraformVersion: string | undefined;
  /** When Terraform made the plan (format 1.2 and later). */
  timestamp: string | undefined;
  resources: PlannedResource[];
  /** Resources from the prior state that the plan does not list (data sources, mostly). */
  priorState: PlannedResource[];
  modules: Map<string, ConfigModule>;
  providers: Map<string, ProviderConfig>;
}

const SUPPORTED = /^(0\.[12]|1\.\d+)$/;

const Envelope = z.looseObject({
  format_version: z.string({ error: 'format_version is not a string' }),
  terraform_version: z.string().optional(),
  timestamp: z.string().optional(),
  errored: z.boolean().optional(),
  planned_values: z.looseObject({ root_module: z.record(z.string(), z.unknown()).optional() }).optional(),
  resource_changes: z.array(z.unknown()).optional(),
  values: z.looseObject({ root_module: z.record(z.string(), z.unknown()).optional() }).nullish(),
  prior_state: z.looseObject({ values: z.looseObject({ root_module: z.record(z.string(), z.unknown()).optional() }).nullish() }).nullish(),
  configuration: z.looseObject({ provider_config: z.record(z.string(), z.unknown()).optional(), root_module: z.record(z.string(), z.unknown()).optional() }).optional(),
});

const ModuleValues = z.looseObject({
  address: z.string().optional(),
  resources: z.array(z.unknown()).optional(),
  child_modules: z.array(z.unknown()).optional(),
});

const ResourceValues = z.looseObject({
  address: z.string().min(1, 'address is empty'),
  mode: z.string(),
  type: z.string().min(1, 'type is empty'),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  values: z.record(z.string(), z.unknown()).nullish(),
});

const ResourceChange = z.looseObject({
  address: z.string().min(1, 'address is empty'),
  module_address: z.string().optional(),
  mode: z.string(),
  type: z.string().min(1, 'type is empty'),
  name: z.string(),
  provider_name: z.string().optional(),
  deposed: z.string().optional(),
  change: z.looseObject({
    actions: z.array(z.string()).min(1, 'actions is empty'),
    before: z.record(z.string(), z.unknown()).nullish(),
    after: z.record(z.string(), z.unknown()).nullish(),
    after_unknown: z.unknown().optional(),
  }),
});

export function readPlan(doc: Record<string, unknown>, file: string): Plan {
  const version = doc.format_version;
  if (typeof version === 'string' && !SUPPORTED.test(version)) {
    throw new InputError(file, 'format_version', `Terraform JSON format version ${version} is not supported (safeguard reads 0.1, 0.2 and 1.x, from Terraform 0.12 on)`);
  }
  const plan = parseRecord(Envelope, doc, { file, at: 'plan' }, 'Terraform plan');
  if (plan.errored) {
    throw new InputError(file, 'errored', 'Terraform could not finish this plan (errored: true), so it does not describe every resource; fix the plan and export it again');
  }
  const modules = new Map<string, ConfigModule>();
  indexModule(plan.configuration?.root_module, '', modules);
  const providers = new Map<string, ProviderConfig>();
  for (const [key, value] of Object.entries(plan.configuration?.provider_config ?? {})) if (isObject(value)) providers.set(key, value as ProviderConfig);

  const base = { formatVersion: plan.format_version, terraformVersion: plan.terraform_version, timestamp: plan.timestamp, modules, providers };
  const isPlan = plan.planned_values !== undefined || plan.resource_changes !== undefined;
  if (!isPlan) {
    if (!('values' in doc)) {
      throw new InputError(file, undefined, 'Terraform JSON that is neither a plan (planned_values, resource_changes) nor a state (values); export the plan with terraform show -json PLANFILE');
    }
    // A state file: everything in it exists and stays as it is.
    const resources = listModule(plan.values?.root_module, 'values.root_module', file).map((r, index) => planned(r, 'no-op', r.values, undefined, undefined, modules, index, r.at));
    return { kind: 'state', ...base, resources, priorState: [] };
  }

  const values = new Map(listModule(plan.planned_values?.root_module, 'planned_values.root_module', file).map((r) => [r.address, r]));
  const resources: PlannedResource[] = [];
  const listed = new Set<string>();
  (plan.resource_changes ?? []).forEach((raw, index) => {
    const at = `resource_changes[${index}]`;
    const rc = parseRecord(ResourceChange, raw, { file, at, index }, 'Terraform resource change');
    if (rc.deposed) return; // a deposed object from an earlier failed replace: being destroyed
    const action = actionOf(rc.change.actions);
    const gone = action === 'delete' || action === 'forget';
    const after = gone ? rc.change.before : (rc.change.after ?? values.get(rc.address)?.values);
    const unknown = gone ? undefined : rc.change.after_unknown;
    listed.add(rc.address);
    resources.push(planned({ address: rc.address, mode: rc.mode, type: rc.type, name: rc.name, providerName: rc.provider_name ?? '', at }, action, after ?? undefined, unknown, rc.change.before ?? undefined, modules, index, at));
  });
  // Older plans omit unchanged resources from resource_changes; planned_values still lists them.
  for (const r of values.values()) if (!listed.has(r.address)) resources.push(planned(r, 'no-op', r.values, undefined, r.values, modules, resources.length, r.at));

  const priorState = listModule(plan.prior_state?.values?.root_module, 'prior_state.values.root_module', file)
    .filter((r) => !listed.has(r.address) && !values.has(r.address))
    .map((r, index) => planned(r, 'no-op', r.values, undefined, r.values, modules, index, r.at));
  return { kind: 'plan', ...base, resources, priorState };
}

function actionOf(actions: string[]): PlanAction {
  if (actions.length === 2 && actions.includes('delete') && actions.includes('create')) return 'replace';
  return actions.join('+');
}

interface ListedResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  providerName: string;
  values?: Record<string, unknown> | undefined;
  at: string;
}

function listModule(module: Record<string, unknown> | undefined, at: string, file: string): ListedResource[] {
  if (!module) return [];
  const m = parseRecord(ModuleValues, module, { file, at }, 'Terraform module');
  const out: ListedResource[] = [];
  (m.resources ?? []).forEach((raw, i) => {
    const where = `${at}.resources[${i}]`;
    const r = parseRecord(ResourceValues, raw, { file, at: where }, 'Terraform resource');
    out.push({ address: r.address, mode: r.mode, type: r.type, name: r.name, providerName: r.provider_name ?? '', values: r.values ?? undefined, at: where });
  });
  (m.child_modules ?? []).forEach((child, i) => {
    const where = `${at}.child_modules[${i}]`;
    if (!isObject(child)) throw new InputError(file, where, 'not a valid Terraform module: expected an object');
    out.push(...listModule(child, where, file));
  });
  return out;
}

function planned(
  r: Pick<ListedResource, 'address' | 'mode' | 'type' | 'name' | 'providerName'> & { at?: string },
  action: PlanAction,
  values: Record<string, unknown> | undefined,
  unknown: unknown,
  before: Record<string, unknown> | undefined,
  modules: Map<string, ConfigModule>,
  index: number,
  at: string,
): PlannedResource {
  const parts = parseAddress(r.address);
  const config = modules.get(parts.modulePath)?.resources.get(parts.local);
  return {
    address: r.address,
    mode: r.mode,
    type: r.type,
    name: r.name,
    module: parts.module,
    modulePath: parts.modulePath,
    configAddress: parts.configAddress,
    key: instanceKey(r.address),
    providerName: r.providerName,
    action,
    attrs: new Attributes(values ?? {}, unknown, config?.expressions),
    before,
    config,
    index,
    at,
  };
}

function indexModule(module: Record<string, unknown> | undefined, path: string, out: Map<string, ConfigModule>): void {
  if (!module) return;
  const entry: ConfigModule = { resources: new Map(), calls: new Map(), outputs: new Map() };
  out.set(path, entry);
  if (Array.isArray(module.resources)) {
    for (const r of module.resources) {
      if (isObject(r) && typeof r.address === 'string' && typeof r.type === 'string' && typeof r.name === 'string') entry.resources.set(r.address, r as unknown as ConfigResource);
    }
  }
  if (isObject(module.outputs)) for (const [name, o] of Object.entries(module.outputs)) if (isObject(o)) entry.outputs.set(name, o);
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (!isObject(call)) continue;
      entry.calls.set(name, isObject(call.expressions) ? call.expressions : {});
      indexModule(isObject(call.module) ? call.module : undefined, joinPath(path, `module.${name}`), out);
    }
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
