import { z } from 'zod';
import type { Resource } from '../inventory/resource.js';
import { type Place } from './input-error.js';
import { assertSafeDocument } from './json.js';
import { parseRecord } from './schema.js';

/**
 * Azure Resource Graph rows (`az graph query` / the REST API's `data`), which carry the same
 * envelope as an ARM GET response (`az resource show`): `id`, `type`, `properties`. Resource Graph
 * writes `type` in lower case and ARM in canonical case, so types compare case-insensitively.
 */
const Row = z.looseObject({
  id: z.string().regex(/^\/(subscriptions|providers|tenants)\//i, 'id is not an Azure resource ID'),
  type: z.string().min(1, 'type is empty'),
  name: z.string().nullish(),
  location: z.string().nullish(),
  subscriptionId: z.string().nullish(),
  resourceGroup: z.string().nullish(),
  tags: z.record(z.string(), z.unknown()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

/** Envelope fields some checks need beside `properties`. */
const ENVELOPE = ['sku', 'kind', 'identity', 'managedBy', 'zones', 'resourceGroup', 'tenantId', 'plan', 'extendedLocation'];

export function isAzureRow(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return typeof r.id === 'string' && /^\/(subscriptions|providers|tenants)\//i.test(r.id) && typeof r.type === 'string';
}

export function decodeAzureRow(raw: unknown, where: Place, format: string): Resource {
  assertSafeDocument(raw, where);
  const row = parseRecord(Row, raw, where, 'Azure resource row');
  const related: Record<string, unknown> = {};
  for (const key of ENVELOPE) {
    const v = (row as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) related[key] = v;
  }
  if (row.properties === undefined || row.properties === null) related.propertiesMissing = true;
  const resource: Resource = {
    provider: 'azure',
    type: row.type,
    id: row.id,
    name: row.name || row.id.split('/').filter(Boolean).pop() || row.id,
    tags: Object.fromEntries(Object.entries(row.tags ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
    config: row.properties ?? {},
    related,
    source: { format, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), ...(where.index !== undefined ? { index: where.index } : {}) },
  };
  const subscription = row.subscriptionId || /^\/subscriptions\/([^/]+)/i.exec(row.id)?.[1];
  if (subscription) resource.account = subscription;
  if (row.location) resource.region = row.location;
  return resource;
}

/**
 * Resource Graph's older `table` result format: `{ columns: [{name}], rows: [[...]] }`. A row that
 * is not an array is passed on as it is, for the row decoder to reject with its place.
 */
export function rowsFromTable(table: { columns: { name: string }[]; rows: unknown[] }): unknown[] {
  return table.rows.map((cells) => (Array.isArray(cells) ? Object.fromEntries(table.columns.map((c, i) => [c.name, cells[i]])) : cells));
}
