import { decodeConfigurationItem } from '../../import/aws-config.js';
import type { Resource } from '../../inventory/resource.js';

/** The format name live AWS Config reads carry in `source.format`, as the offline API format does. */
export const CONFIG_API_FORMAT = 'aws-config-api';
/** Resources read from a service's own API (S3, RDS, EC2, CloudTrail, IAM) where Config had no record. */
export const SERVICE_API_FORMAT = 'aws-service-api';

/**
 * Decode one configuration item from the Config API with the importers' own decoder, so a live
 * scan and an offline export give the same Resource. `operation` goes in `source.file`.
 */
export function decodeLiveItem(raw: Record<string, unknown>, operation: string, at: string, format = CONFIG_API_FORMAT): Resource {
  return decodeConfigurationItem(normaliseItem(raw), { file: operation, at }, format);
}

/**
 * The SDK turns timestamps into Date objects and advanced query returns tags as a list of
 * `{key, value}`; the decoder reads Config's documents, where times are text and tags a map.
 */
function normaliseItem(raw: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) item[k] = v instanceof Date ? v.toISOString() : v;
  if (Array.isArray(item.tags)) item.tags = tagMap(item.tags);
  return item;
}

/** `[{key, value}]` or `[{Key, Value}]` → `{key: value}`. */
export function tagMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const t of list) {
    if (!t || typeof t !== 'object') continue;
    const r = t as Record<string, unknown>;
    const k = r.key ?? r.Key;
    const v = r.value ?? r.Value;
    if (typeof k === 'string') out[k] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/**
 * A service API object in the shape AWS Config records it: the first letter of every key lower
 * case (`DBInstanceIdentifier` → `dBInstanceIdentifier`, `KmsKeyId` → `kmsKeyId`), which is how
 * Config spells RDS, EC2 and CloudTrail configurations. `dates` says how Config writes times for
 * the type: epoch milliseconds (RDS) or ISO text (EC2, CloudTrail).
 */
export function configShape(value: unknown, dates: 'epoch-ms' | 'iso'): unknown {
  if (value instanceof Date) return dates === 'epoch-ms' ? value.getTime() : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => configShape(v, dates));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata') continue;
      out[k.charAt(0).toLowerCase() + k.slice(1)] = configShape(v, dates);
    }
    return out;
  }
  return value;
}

/** An SDK output as the API's JSON has it: the same keys, times as ISO text, no `$metadata`. */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== '$metadata' && v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

/** A configuration item in the snapshot shape (objects, not JSON strings), for the decoder. */
export function configurationItem(args: {
  resourceType: string;
  resourceId: string;
  resourceName: string;
  arn: string;
  account: string;
  region: string;
  availabilityZone?: string;
  capturedAt: Date;
  configuration: Record<string, unknown>;
  supplementaryConfiguration?: Record<string, unknown>;
  tags: Record<string, string>;
  resourceCreationTime?: string;
}): Record<string, unknown> {
  return {
    version: '1.3',
    accountId: args.account,
    configurationItemCaptureTime: args.capturedAt.toISOString(),
    configurationItemStatus: 'OK',
    arn: args.arn,
    resourceType: args.resourceType,
    resourceId: args.resourceId,
    resourceName: args.resourceName,
    awsRegion: args.region,
    availabilityZone: args.availabilityZone ?? 'Regional',
    ...(args.resourceCreationTime ? { resourceCreationTime: args.resourceCreationTime } : {}),
    tags: args.tags,
    configuration: args.configuration,
    supplementaryConfiguration: args.supplementaryConfiguration ?? {},
  };
}
