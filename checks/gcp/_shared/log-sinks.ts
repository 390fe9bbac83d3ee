import type { CheckContext } from '../../../src/engine/check.js';
import { booleanField, stringField } from '../../../src/engine/read.js';
import type { Resource } from '../../../src/inventory/resource.js';

export const LOG_SINK = 'logging.googleapis.com/LogSink';

/** The sinks Cloud Logging creates in every project: they keep logs in Logging's own buckets. */
const BUILT_IN = new Set(['_Default', '_Required']);

export interface SinkSummary {
  sink: string;
  destination: string | null;
  filter: string;
  /** The sink has a configuration and is not disabled: it routes logs somewhere. */
  active: boolean;
  exportsAuditLogs: boolean;
  /** Why the sink does or does not count. */
  note: string;
}

/** The node that owns a sink: `projects/x`, `folders/x`, `organizations/x` or `billingAccounts/x`. */
export function sinkOwner(sink: Resource): string | undefined {
  return /^\/\/logging\.googleapis\.com\/((?:projects|folders|organizations|billingAccounts)\/[^/]+)\/sinks\//.exec(sink.id)?.[1];
}

/** What a sink exports, judged from its own record. */
export function describeSink(sink: Resource): SinkSummary {
  const name = stringField(sink.config, 'name') ?? sink.name;
  const destination = stringField(sink.config, 'destination') ?? null;
  const filter = stringField(sink.config, 'filter') ?? '';
  const base = { sink: sink.id, destination, filter, active: true };
  if (sink.related.resourceMissing) return { ...base, active: false, exportsAuditLogs: false, note: 'the sink record carries no configuration' };
  if (booleanField(sink.config, 'disabled') === true) return { ...base, active: false, exportsAuditLogs: false, note: 'the sink is disabled' };
  if (BUILT_IN.has(name)) return { ...base, exportsAuditLogs: false, note: `${name} is the built-in sink into Cloud Logging's own ${name} bucket` };
  if (!destination) return { ...base, exportsAuditLogs: false, note: 'the sink names no destination' };
  if (!filter.trim()) return { ...base, exportsAuditLogs: true, note: 'the sink has no filter, so it exports every log entry' };
  return selectsAuditLogs(filter)
    ? { ...base, exportsAuditLogs: true, note: 'the filter selects Cloud Audit Logs' }
    : { ...base, exportsAuditLogs: false, note: 'the filter does not select Cloud Audit Logs as such' };
}

/**
 * True when the filter names `cloudaudit.googleapis.com` in a term that is not negated (`NOT`,
 * `-` or `!=`). A heuristic, not a parser: the filter is always shown in the evidence.
 */
export function selectsAuditLogs(filter: string): boolean {
  const re = /cloudaudit\.googleapis\.com/g;
  for (let m = re.exec(filter); m; m = re.exec(filter)) {
    const before = filter.slice(0, m.index);
    const term = before.split(/\bAND\b|\bOR\b|\(/).pop() ?? '';
    if (!/^\s*(NOT\b|-)/.test(term) && !term.includes('!=')) return true;
  }
  return false;
}

/** The Cloud Storage bucket a destination such as `storage.googleapis.com/BUCKET` names. */
export function storageBucketOf(destination: string | null): string | undefined {
  return destination ? /^storage\.googleapis\.com\/([^/]+)$/.exec(destination)?.[1] : undefined;
}

/** Every sink of the scan, with what each one exports. */
export function sinksOf(context: CheckContext): SinkSummary[] {
  return context.resourcesOfType('gcp', LOG_SINK).map(describeSink);
}
