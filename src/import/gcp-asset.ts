import { z } from 'zod';
import type { Resource } from '../inventory/resource.js';
import { InputError, type Place } from './input-error.js';
import { assertSafeDocument } from './json.js';
import { compareObservedAt } from './observed.js';
import { parseRecord } from './schema.js';

/**
 * Cloud Asset Inventory assets. `gcloud asset export` writes the envelope in snake_case
 * (`asset_type`, `iam_policy`, `update_time`); the API and `gcloud asset list --format=json` write
 * camelCase. `resource.data` is the service's own camelCase object in both. One asset name can
 * arrive in several records (RESOURCE, IAM_POLICY, ORG_POLICY content types); they are merged.
 */
const Asset = z.looseObject({
  name: z.string().min(1, 'name is empty'),
  assetType: z.string().min(1, 'asset type is empty'),
  updateTime: z.string().nullish(),
  ancestors: z.array(z.string()).nullish(),
  resource: z
    .looseObject({
      data: z.record(z.string(), z.unknown()).nullish(),
      parent: z.string().nullish(),
      location: z.string().nullish(),
    })
    .nullish(),
  iamPolicy: z.record(z.string(), z.unknown()).nullish(),
  orgPolicy: z.array(z.unknown()).nullish(),
  accessPolicy: z.record(z.string(), z.unknown()).nullish(),
});

const LOG_TYPES = ['LOG_TYPE_UNSPECIFIED', 'ADMIN_READ', 'DATA_WRITE', 'DATA_READ'];

/** True when a JSON value is shaped like a Cloud Asset record, in either casing. */
export function isAssetRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).name === 'string' &&
    (typeof (v as Record<string, unknown>).asset_type === 'string' || typeof (v as Record<string, unknown>).assetType === 'string');
}

export function decodeAsset(raw: unknown, where: Place, format: string): Resource {
  assertSafeDocument(raw, where);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(where.file, where.at, 'not a valid Cloud Asset record: expected an object');
  const asset = parseRecord(Asset, camelEnvelope(raw as Record<string, unknown>), where, 'Cloud Asset record');
  const data = asset.resource?.data ?? undefined;
  const related: Record<string, unknown> = {};
  if (asset.iamPolicy) related.iamPolicy = asset.iamPolicy;
  if (asset.orgPolicy) related.orgPolicy = asset.orgPolicy;
  if (asset.accessPolicy) related.accessPolicy = asset.accessPolicy;
  if (!data) related.resourceMissing = true;
  if (asset.ancestors) related.ancestors = asset.ancestors;

  const resource: Resource = {
    provider: 'gcp',
    type: asset.assetType,
    id: asset.name,
    name: shortName(asset.name, data),
    tags: labelsOf(data),
    config: data ?? {},
    related,
    source: { format, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), ...(where.index !== undefined ? { index: where.index } : {}) },
  };
  const project = projectOf(asset.name, asset.ancestors ?? undefined, asset.resource?.parent ?? undefined, data);
  if (project) resource.account = project;
  const location = asset.resource?.location ?? locationOf(data);
  if (location) resource.region = location.toLowerCase();
  if (asset.updateTime) resource.source.observedAt = asset.updateTime;
  return resource;
}

/**
 * Merge a later record about the same asset name (an IAM policy, say) into the first. The RESOURCE
 * record supplies name, configuration and provenance whichever came first; the newest time is kept.
 */
export function mergeAsset(into: Resource, other: Resource): void {
  const observedAt = compareObservedAt(other.source.observedAt, into.source.observedAt) > 0 ? other.source.observedAt : into.source.observedAt;
  if (!other.related.resourceMissing) {
    into.name = other.name;
    into.config = other.config;
    into.tags = other.tags;
    if (other.region) into.region = other.region;
    into.source = { ...other.source };
    delete into.related.resourceMissing;
  }
  for (const [k, v] of Object.entries(other.related)) if (k !== 'resourceMissing') into.related[k] = v;
  if (!into.account && other.account) into.account = other.account;
  if (observedAt === undefined) delete into.source.observedAt;
  else into.source.observedAt = observedAt;
}

/** The export's snake_case envelope to the API's camelCase; `resource.data` is left as it is. */
function camelEnvelope(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const key = snakeToCamel(k);
    if (key === 'resource' && v && typeof v === 'object' && !Array.isArray(v)) {
      const res: Record<string, unknown> = {};
      for (const [rk, rv] of Object.entries(v as Record<string, unknown>)) res[rk === 'data' ? rk : snakeToCamel(rk)] = rv;
      out.resource = res;
    } else if (key === 'iamPolicy' && v && typeof v === 'object') {
      out.iamPolicy = camelIamPolicy(v as Record<string, unknown>);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** IAM policies: snake_case keys and numeric `log_type` enums in exports; camelCase strings in the API. */
function camelIamPolicy(policy: Record<string, unknown>): Record<string, unknown> {
  const convert = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => convert(x, key));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const ck = snakeToCamel(k);
        o[ck] = convert(x, ck);
      }
      return o;
    }
    if (key === 'logType' && typeof v === 'number') return LOG_TYPES[v] ?? String(v);
    return v;
  };
  return convert(policy, '') as Record<string, unknown>;
}

function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function shortName(name: string, data: Record<string, unknown> | undefined): string {
  if (data && typeof data.name === 'string' && data.name && !data.name.includes('/')) return data.name;
  const parts = name.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

/** Labels: `labels` on most assets; Cloud SQL keeps them in `settings.userLabels`. */
function labelsOf(data: Record<string, unknown> | undefined): Record<string, string> {
  const settings = data?.settings;
  const sources = [data?.labels, settings && typeof settings === 'object' ? (settings as Record<string, unknown>).userLabels : undefined];
  const out: Record<string, string> = {};
  for (const labels of sources) {
    if (labels && typeof labels === 'object' && !Array.isArray(labels)) {
      for (const [k, v] of Object.entries(labels as Record<string, unknown>)) out[k] = v === null || v === undefined ? '' : String(v);
    }
  }
  return out;
}

/**
 * Asset names and ancestors say `projects/<number>` for some types and `projects/<id>` for
 * others; where the scan holds the Project asset, report every resource under its project id.
 */
export function normaliseProjects(resources: Resource[]): void {
  const idOfNumber = new Map<string, string>();
  for (const r of resources) {
    if (r.provider !== 'gcp' || r.type !== 'cloudresourcemanager.googleapis.com/Project') continue;
    const { projectNumber, projectId } = r.config as { projectNumber?: unknown; projectId?: unknown };
    if ((typeof projectNumber === 'string' || typeof projectNumber === 'number') && typeof projectId === 'string') idOfNumber.set(String(projectNumber), projectId);
  }
  if (idOfNumber.size === 0) return;
  for (const r of resources) {
    if (r.provider === 'gcp' && r.account && idOfNumber.has(r.account)) r.account = idOfNumber.get(r.account)!;
  }
}

function projectOf(name: string, ancestors: string[] | undefined, parent: string | undefined, data: Record<string, unknown> | undefined): string | undefined {
  const fromName = /\/projects\/([^/]+)/.exec(name);
  if (fromName?.[1]) return fromName[1];
  const fromAncestors = ancestors?.find((a) => a.startsWith('projects/'));
  if (fromAncestors) return fromAncestors.slice('projects/'.length);
  const fromParent = parent ? /\/projects\/([^/]+)$/.exec(parent) : null;
  if (fromParent?.[1]) return fromParent[1];
  const number = data?.projectNumber;
  if (typeof number === 'number' || typeof number === 'string') return String(number);
  return undefined;
}

/** Assets without `resource.location` still say where they live in `location`, `region` or `zone`. */
function locationOf(data: Record<string, unknown> | undefined): string | undefined {
  for (const key of ['location', 'region', 'zone']) {
    const v = data?.[key];
    if (typeof v === 'string' && v) return v.split('/').pop();
  }
  return undefined;
}
