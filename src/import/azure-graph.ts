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

/** Columns that are the row's identity rather than the resource's properties. */
const ROW_FIELDS = new Set(['id', 'type', 'name', 'location', 'subscriptionId', 'tags', 'properties']);

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
  // The az CLI flattens some resources (`az sql db tde show` prints `state` beside `id`): with no
  // `properties`, the remaining non-envelope fields are the resource's properties.
  let config = row.properties ?? undefined;
  if (!config) {
    const flattened = Object.fromEntries(Object.entries(row).filter(([k]) => !ROW_FIELDS.has(k) && !ENVELOPE.includes(k)));
    if (Object.keys(flattened).length > 0) config = flattened;
    else related.propertiesMissing = true;
  }
  const resource: Resource = {
    provider: 'azure',
    type: row.type,
    id: childId(row.id, row.type, row.name ?? undefined),
    name: row.name || row.id.split('/').filter(Boolean).pop() || row.id,
    tags: Object.fromEntries(Object.entries(row.tags ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
    config: config ?? {},
    related,
    source: { format, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), ...(where.index !== undefined ? { index: where.index } : {}) },
  };
  const subscription = row.subscriptionId || /^\/subscriptions\/([^/]+)/i.exec(row.id)?.[1];
  if (subscription) resource.account = subscription;
  // ARM GET bodies say `East US` where Resource Graph says `eastus`.
  if (row.location) resource.region = row.location.toLowerCase().replace(/\s+/g, '');
  return resource;
}

/**
 * Resource Graph's older `table` result format: `{ columns: [{name}], rows: [[...]] }`. A row that
 * is not an array is passed on as it is, for the row decoder to reject with its place.
 */
export function rowsFromTable(table: { columns: { name: string }[]; rows: unknown[] }): unknown[] {
  return table.rows.map((cells) => (Array.isArray(cells) ? Object.fromEntries(table.columns.map((c, i) => [c.name, cells[i]])) : cells));
}

/**
 * A child resource's id ends in `/<child type>/<name>`. Some list responses give a child the
 * parent's id (the TDE list example does); build the child's own id so it cannot replace its parent.
 */
function childId(id: string, type: string, name: string | undefined): string {
  const childType = type.split('/').pop();
  if (!childType || type.split('/').length < 3 || !name) return id;
  const segments = id.split('/').filter(Boolean);
  const typeSegment = segments[segments.length - 2];
  if (typeSegment && typeSegment.toLowerCase() === childType.toLowerCase()) return id;
  return `${id.replace(/\/+$/, '')}/${childType}/${name}`;
}
