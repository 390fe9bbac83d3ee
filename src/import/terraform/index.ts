import type { Resource, TerraformOrigin } from '../../inventory/resource.js';
import { InputError } from '../input-error.js';
import { assertSafeDocument } from '../json.js';
import { AWS_COMPANIONS, AWS_CONTEXT, AWS_TRANSLATORS } from './aws.js';
import { AZURE_COMPANIONS, AZURE_TRANSLATORS } from './azure.js';
import { GCP_TRANSLATORS } from './gcp.js';
import { readPlan, type Plan, type PlannedResource } from './plan.js';
import { PlanContext, Translation, type NativeDraft, type Translator } from './translate.js';

/**
 * `terraform show -json` output (a saved plan, or a state) read into the same native resources
 * as the clouds' own exports, so the same checks gate a change before it is applied. The plan is
 * graded as the estate will be after apply:
 *
 * - `create`, `update`, `no-op`: graded with the planned values; `replace` (delete and create, in
 *   either order) is graded as the new resource.
 * - `delete` and `forget`: not graded (the resource will not exist, or no longer be Terraform's),
 *   listed in the file's summary.
 * - data sources (`read`): not graded; they only inform links and the account id.
 * - resources that configure another one (an S3 bucket's encryption, policy, versioning, logging,
 *   public access block; a storage account's customer-managed key; an EFS backup policy) are
 *   merged into that resource's native document.
 */

/** What a Terraform file held, as `scan.inputs[].terraform` in findings.json. */
export interface TerraformSummary {
  formatVersion: string;
  terraformVersion?: string;
  /** Managed resources by planned action. */
  actions: Record<string, number>;
  /** Native resources built (a SQL database and its TDE state count as two). */
  translated: number;
  /** Resources merged into another's document. */
  merged: number;
  /** Addresses the plan deletes or forgets: not graded. */
  notGraded: string[];
  /** Resources that configure another one the plan does not hold (so nothing to merge into). */
  unlinked: string[];
  /** Managed types not translated yet, with counts: no check sees them. */
  untranslated: Record<string, number>;
}

export interface TerraformImport {
  file: string;
  format: string;
  records: number;
  terraform: TerraformSummary;
}

const TRANSLATORS: Record<string, Translator> = { ...AWS_TRANSLATORS, ...AZURE_TRANSLATORS, ...GCP_TRANSLATORS };
const COMPANIONS = { ...AWS_COMPANIONS, ...AZURE_COMPANIONS };
const CONTEXT = new Set(AWS_CONTEXT);

/** `terraform show -json` output: a plan (planned_values, resource_changes) or a state (values). */
export function isTerraformJson(d: Record<string, unknown>): boolean {
  return 'format_version' in d && ('planned_values' in d || 'resource_changes' in d || 'terraform_version' in d);
}

export function decodeTerraformJson(doc: Record<string, unknown>, file: string, emit: (r: Resource) => void): TerraformImport {
  assertSafeDocument(doc, { file, at: 'plan' });
  const plan = readPlan(doc, file);
  const ctx = new PlanContext(plan, COMPANIONS);
  const summary: TerraformSummary = {
    formatVersion: plan.formatVersion,
    ...(plan.terraformVersion ? { terraformVersion: plan.terraformVersion } : {}),
    actions: {},
    translated: 0,
    merged: 0,
    notGraded: [],
    unlinked: [],
    untranslated: {},
  };
  const format = plan.kind === 'plan' ? 'terraform-plan' : 'terraform-state';
  let records = 0;
  for (const r of plan.resources) {
    if (r.mode !== 'managed') continue;
    records++;
    summary.actions[r.action] = (summary.actions[r.action] ?? 0) + 1;
    if (r.action === 'delete' || r.action === 'forget') {
      summary.notGraded.push(r.address);
      continue;
    }
    if (COMPANIONS[r.type]) {
      if (ctx.companionTarget(r)) summary.merged++;
      else summary.unlinked.push(r.address);
      continue;
    }
    const translate = TRANSLATORS[r.type];
    if (!translate) {
      if (!CONTEXT.has(r.type)) summary.untranslated[r.type] = (summary.untranslated[r.type] ?? 0) + 1;
      continue;
    }
    const t = new Translation(r, ctx);
    const drafts = [translate(r, t, ctx)].flat();
    const origin = originOf(r, t);
    for (const draft of drafts) {
      emit(toResource(draft, r, origin, plan, format, file));
      summary.translated++;
    }
  }
  return { file, format, records, terraform: summary };
}

function originOf(r: PlannedResource, t: Translation): TerraformOrigin {
  return {
    address: r.address,
    ...(r.module ? { module: r.module } : {}),
    action: r.action,
    ...(t.unknown.length ? { unknown: t.unknown } : {}),
    ...(t.assumed.length ? { assumed: t.assumed } : {}),
  };
}

function toResource(d: NativeDraft, r: PlannedResource, origin: TerraformOrigin, plan: Plan, format: string, file: string): Resource {
  if (!d.id) throw new InputError(file, r.at, `cannot identify ${r.address}`);
  const resource: Resource = {
    provider: d.provider,
    type: d.type,
    id: d.id,
    name: d.name ?? r.address,
    tags: d.tags,
    config: d.config,
    related: d.related ?? {},
    source: { format, file, index: r.index, ...(plan.timestamp ? { observedAt: plan.timestamp } : {}), terraform: origin },
  };
  if (d.account) resource.account = d.account;
  if (d.region) resource.region = d.region;
  return resource;
}
