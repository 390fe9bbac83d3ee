import { z } from 'zod';
import type { Resource } from '../inventory/resource.js';
import { InputError, type Place } from './input-error.js';
import { assertSafeDocument, parseEmbeddedJson } from './json.js';
import { parseRecord } from './schema.js';

/**
 * AWS Config configuration items. Two envelopes exist: the history/snapshot/API shape (`version`,
 * `accountId`, `arn`) and the notification/rule-invocation shape (`configurationItemVersion`,
 * `awsAccountId`, `ARN`). The API returns `configuration` and `supplementaryConfiguration`
 * values as JSON strings; S3 delivery writes objects. Both decode to one Resource shape.
 */
const ConfigurationItem = z.looseObject({
  resourceType: z.string().min(1, 'resourceType is empty'),
  resourceId: z.string().optional(),
  resourceName: z.string().nullish(),
  arn: z.string().nullish(),
  ARN: z.string().nullish(),
  accountId: z.string().nullish(),
  awsAccountId: z.string().nullish(),
  awsRegion: z.string().nullish(),
  configurationItemCaptureTime: z.union([z.string(), z.number()]).nullish(),
  configurationItemStatus: z.string().nullish(),
  configuration: z.union([z.record(z.string(), z.unknown()), z.string(), z.null()]).optional(),
  supplementaryConfiguration: z.union([z.record(z.string(), z.unknown()), z.string(), z.null()]).optional(),
  tags: z.union([z.record(z.string(), z.unknown()), z.null()]).optional(),
});

const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded']);

export function decodeConfigurationItem(raw: unknown, where: Place, format: string): Resource {
  assertSafeDocument(raw, where);
  const item = parseRecord(ConfigurationItem, raw, where, 'AWS Config configuration item');
  const arn = item.arn ?? item.ARN ?? undefined;
  const id = arn || item.resourceId;
  if (!id) throw new InputError(where.file, where.at, 'not a valid AWS Config configuration item: neither arn nor resourceId is set');

  const configuration = decodeObject(item.configuration, where, 'configuration');
  const supplementary = decodeObject(item.supplementaryConfiguration, where, 'supplementaryConfiguration');
  const decodedSupplementary: Record<string, unknown> | undefined = supplementary ? {} : undefined;
  // The API (configuration as a JSON string) writes every supplementary value as JSON text, `"false"` included.
  const apiShape = typeof item.configuration === 'string';
  if (supplementary && decodedSupplementary) {
    for (const [key, value] of Object.entries(supplementary)) {
      decodedSupplementary[key] = decodeSupplementaryValue(value, where, `supplementaryConfiguration.${key}`, apiShape);
    }
  }
  // Checks read one document: configuration wins where both name the same key.
  const config: Record<string, unknown> = { ...(decodedSupplementary ?? {}), ...(configuration ?? {}) };

  const related: Record<string, unknown> = {};
  if (decodedSupplementary) related.supplementaryConfiguration = decodedSupplementary;
  if (Array.isArray((raw as Record<string, unknown>).relationships)) related.relationships = (raw as Record<string, unknown>).relationships;
  if (item.configuration === null || item.configuration === undefined) related.configurationMissing = true;

  const resource: Resource = {
    provider: 'aws',
    type: item.resourceType,
    id,
    name: item.resourceName || item.resourceId || id,
    tags: decodeTags(item.tags, decodedSupplementary),
    config,
    related,
    source: { format, file: where.file, ...(where.line !== undefined ? { line: where.line } : {}), ...(where.index !== undefined ? { index: where.index } : {}) },
  };
  const account = item.accountId ?? item.awsAccountId;
  if (account) resource.account = account;
  const region = item.awsRegion || regionOf(arn, (raw as Record<string, unknown>).availabilityZone);
  if (region) resource.region = region;
  const captured = item.configurationItemCaptureTime;
  if (captured !== undefined && captured !== null) {
    const at = typeof captured === 'number' ? new Date(captured * (captured < 1e12 ? 1000 : 1)) : undefined;
    if (at && Number.isNaN(at.getTime())) throw new InputError(where.file, `${where.at}.configurationItemCaptureTime`, `not a valid AWS Config configuration item: ${captured} is not a time`);
    // The newest observation of a resource wins: a time that does not parse cannot be ordered.
    if (!at && captured !== '' && Number.isNaN(Date.parse(captured as string))) {
      throw new InputError(where.file, `${where.at}.configurationItemCaptureTime`, `not a valid AWS Config configuration item: ${JSON.stringify(captured)} is not a time`);
    }
    if (at || captured !== '') resource.source.observedAt = at ? at.toISOString() : (captured as string);
  }
  if (item.configurationItemStatus && DELETED.has(item.configurationItemStatus)) resource.deleted = true;
  return resource;
}

function decodeObject(value: Record<string, unknown> | string | null | undefined, where: Place, fieldPath: string): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  const parsed = parseEmbeddedJson(value, where, fieldPath);
  if (parsed === null) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(where.file, `${where.at}.${fieldPath}`, 'embedded JSON is not an object');
  }
  assertSafeDocument(parsed, where, fieldPath);
  return parsed as Record<string, unknown>;
}

/**
 * Supplementary values are sometimes JSON strings (S3 ACL, KMS key policy), and an S3 bucket
 * policy nests one more (`BucketPolicy.policyText`), also when the API gives the whole value as
 * JSON text. Decode those; leave other strings alone, except the API's JSON scalars (`"false"`).
 */
function decodeSupplementaryValue(value: unknown, where: Place, fieldPath: string, apiShape: boolean): unknown {
  if (typeof value === 'string') {
    if (looksLikeJson(value)) value = decodeEmbedded(value, where, fieldPath);
    else return apiShape && JSON_SCALAR.test(value.trim()) ? JSON.parse(value) : value;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of ['policyText', 'policy', 'Policy']) {
      const inner = out[key];
      if (typeof inner === 'string' && looksLikeJson(inner)) out[key] = decodeEmbedded(inner, where, `${fieldPath}.${key}`);
    }
    return out;
  }
  return value;
}

function decodeEmbedded(text: string, where: Place, fieldPath: string): unknown {
  const parsed = parseEmbeddedJson(text, where, fieldPath);
  assertSafeDocument(parsed, where, fieldPath);
  return parsed;
}

const JSON_SCALAR = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/;

function looksLikeJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function decodeTags(tags: Record<string, unknown> | null | undefined, supplementary: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (tags) for (const [k, v] of Object.entries(tags)) out[k] = v === null || v === undefined ? '' : String(v);
  // Some resource types carry tags only as a supplementary `Tags` list of {key, value}.
  const list = supplementary?.Tags ?? supplementary?.TagList;
  if (Array.isArray(list)) {
    for (const t of list) {
      if (t && typeof t === 'object') {
        const rec = t as Record<string, unknown>;
        const k = rec.key ?? rec.Key;
        const v = rec.value ?? rec.Value;
        if (typeof k === 'string' && !Object.hasOwn(out, k)) out[k] = v === null || v === undefined ? '' : String(v);
      }
    }
  }
  return out;
}

/** Older items omit awsRegion; the ARN or the availability zone still say it. */
function regionOf(arn: string | undefined, zone: unknown): string | undefined {
  const fromArn = arn?.split(':')[3];
  if (fromArn && /^[a-z]{2}(-[a-z]+)+-\d$/.test(fromArn)) return fromArn;
  if (typeof zone === 'string' && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone)) return zone.slice(0, -1);
  return undefined;
}
