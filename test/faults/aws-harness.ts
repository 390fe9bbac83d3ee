import { CollectionFailed, type CollectionReport } from '../../src/collect/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { demoItems, generatedItems, type Item } from '../emulators/aws/config-emulator.js';
import type { Fault, FaultKind, FaultProxy } from './proxy.js';

/**
 * One fault scenario on the AWS emulator: a scan through the fault proxy, and the invariants that
 * must hold whatever the fault — nothing lost, nothing counted twice, no error turned into a pass,
 * the failing operation named, retries bounded, a bounded wall time.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const REGIONS = ['us-east-1', 'us-west-2'];
/** Attempts per call and per-attempt timeout for these scans (production: 8 attempts, 60 s). */
export const MAX_ATTEMPTS = 3;
export const REQUEST_TIMEOUT_MS = 1_000;
/** A scan under any one fault must finish within this. */
export const WALL_LIMIT_MS = 45_000;

/** The demo estate plus enough volumes and buckets in us-east-1 that every listing takes several pages. */
export function faultEstate(): Item[] {
  return [...demoItems(), ...generatedItems(240, ['us-east-1'])];
}

export const PERSISTENT: FaultKind[] = ['throttle-429', 'throttle', 'status-500', 'status-503', 'reset', 'hang', 'denied', 'malformed'];
/** Transient faults the SDK's retry must absorb: the scan's results equal the fault-free run's. */
export const TRANSIENT: FaultKind[] = ['throttle-429', 'throttle', 'status-503', 'reset', 'hang'];

export interface ScanResult {
  fault: Fault | undefined;
  ms: number;
  /** Set when the scan stopped with exit code 3 (nothing at all could be collected). */
  failed?: string;
  findings: Finding[];
  collection?: CollectionReport;
  passed?: boolean;
  /** Requests the proxy saw per operation, retries included. */
  requests: Record<string, number>;
  faulted: number;
}

export async function scanThrough(proxy: FaultProxy, fault: Fault | undefined): Promise<ScanResult> {
  proxy.reset(fault);
  const started = Date.now();
  try {
    const outcome = await runScan({
      inputs: [], profile: 'default', policy: 'none', failOnError: true, version: 'faults',
      live: {
        quiet: true,
        aws: {
          endpoint: proxy.url, credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' }, regions: REGIONS, homeRegion: 'us-east-1',
          maxAttempts: MAX_ATTEMPTS, requestTimeoutMs: REQUEST_TIMEOUT_MS, credentialReportPoll: { attempts: 3, intervalMs: 20 }, unprocessedRetries: 2,
        },
      },
    });
    const collection = (outcome.report as unknown as { collection?: CollectionReport }).collection;
    return { fault, ms: Date.now() - started, findings: outcome.report.findings, ...(collection ? { collection } : {}), passed: outcome.passed, requests: { ...proxy.requests }, faulted: proxy.faulted };
  } catch (err) {
    if (!(err instanceof CollectionFailed)) throw err;
    return { fault, ms: Date.now() - started, failed: err.message, findings: [], requests: { ...proxy.requests }, faulted: proxy.faulted };
  }
}

const itemId = (i: Item): string => String(i.arn ?? i.resourceId);
const findingKey = (f: Finding): string => [f.check, f.resource.type, f.resource.id, f.resource.account ?? '', f.resource.region ?? ''].join('\u0000');
const isStandIn = (f: Finding): boolean => f.resource.name.startsWith('every ') && f.resource.name.endsWith('(not read)');

/** The emulator's items that the fault-free scan graded: what every faulted scan must account for. */
export async function heldItems(items: Item[], baseline: ScanResult): Promise<Item[]> {
  const graded = new Set(baseline.findings.map((f) => f.resource.id));
  // Every item graded, types only the '*' checks (eligible services) grade included: a failed
  // listing leaves a stand-in for them too (one of type '*' when a region's types are unknown).
  return items.filter((i) => graded.has(itemId(i)));
}

export interface Verdict {
  problems: string[];
  accounted: number;
  held: number;
}

/** The invariants; an empty `problems` list means the scenario holds. */
export function judge(result: ScanResult, baseline: ScanResult, held: Item[]): Verdict {
  const problems: string[] = [];
  const fault = result.fault!;
  if (result.ms > WALL_LIMIT_MS) problems.push(`took ${result.ms} ms (limit ${WALL_LIMIT_MS})`);

  // Retries stay bounded: no operation was sent more often than its calls allow.
  for (const [op, n] of Object.entries(result.requests)) {
    const calls = result.collection?.sources[0]?.calls[op] ?? n;
    if (n > calls * MAX_ATTEMPTS) problems.push(`${op}: ${n} requests for ${calls} calls (more than ${MAX_ATTEMPTS} attempts each)`);
  }
  if (fault.kind === 'repeat-token' && (result.requests[fault.operation] ?? 0) > 200) problems.push(`${fault.operation} paged ${result.requests[fault.operation]} times on a repeating token`);

  if (result.failed !== undefined) {
    // Exit 3 only when nothing at all could be read: the first call, or a credential dead from the start.
    const allowed = fault.operation === 'sts:GetCallerIdentity' || (fault.kind === 'expired' && (fault.after ?? 0) <= 1);
    if (!allowed) problems.push(`the scan stopped (exit 3): ${result.failed}`);
    if (fault.kind !== 'expired' && !result.failed.includes(fault.operation)) problems.push(`the exit-3 message does not name ${fault.operation}: ${result.failed}`);
    return { problems, accounted: allowed ? held.length : 0, held: held.length };
  }

  // Nothing counted twice.
  const seen = new Set<string>();
  for (const f of result.findings) {
    const k = findingKey(f);
    if (seen.has(k)) problems.push(`counted twice: ${f.check} on ${f.resource.id}`);
    seen.add(k);
  }

  // Every held resource appears: graded itself, or covered by an `error` stand-in for its type and region.
  // A resource Config lists but cannot read is named by its resource id, not the ARN a read gives.
  const byId = new Set(result.findings.map((f) => f.resource.id));
  const standIns = result.findings.filter(isStandIn);
  let accounted = 0;
  for (const item of held) {
    const sameScope = (f: Finding) => f.resource.region === item.awsRegion || item.awsRegion === 'global' || f.resource.region === 'all';
    const covered = byId.has(itemId(item)) || byId.has(String(item.resourceId)) || standIns.some((f) => (f.resource.type === item.resourceType || f.resource.type === '*') && sameScope(f));
    if (covered) accounted++;
    else problems.push(`lost: ${item.resourceType} ${itemId(item)}`);
  }

  // No error turns into a pass: each result is what the fault-free scan said, or `error`.
  const before = new Map(baseline.findings.map((f) => [f.fingerprint, f.status]));
  for (const f of result.findings) {
    if (isStandIn(f)) {
      // Unread is never graded: `error`, or not applicable to a check scoped to ePHI-tagged resources.
      if (f.status === 'pass' || f.status === 'fail') problems.push(`stand-in ${f.resource.name} graded ${f.status} by ${f.check}`);
      continue;
    }
    // A fault may only make a result `error`; never a pass out of an error or a fail. (A resource
    // Config lists as deleted may be read live from its own API when Config's state is unknown.)
    const was = before.get(f.fingerprint);
    if (f.status === 'pass' && (was === 'error' || was === 'fail')) problems.push(`${f.check} on ${f.resource.id}: ${was} became pass`);
    if (was === undefined && f.status === 'pass' && !held.some((i) => itemId(i) === f.resource.id) && f.resource.type !== 'AWS::::Account') problems.push(`${f.check} on ${f.resource.id}: a resource the fault-free scan did not grade passed`);
  }

  // The failing operation is named in the coverage section, and --fail-on-error fails the gate.
  const failedOps = (result.collection?.coverage ?? []).filter((e) => e.status === 'failed');
  const errors = result.findings.filter((f) => f.status === 'error').length;
  const persistent = fault.first === undefined;
  if (persistent && result.faulted > 0 && fault.kind !== 'expired' && !failedOps.some((e) => e.operation === fault.operation)) {
    problems.push(`coverage does not name ${fault.operation} as failed (failed: ${failedOps.map((e) => e.operation).join(', ') || 'none'})`);
  }
  if (fault.kind === 'expired' && result.faulted > 0 && failedOps.length === 0) problems.push('the credential expired but no call is recorded as failed');
  if (errors > 0 && result.passed !== false) problems.push(`${errors} error results, yet --fail-on-error passed the gate`);
  if (!persistent) {
    // A transient fault is absorbed by the retries: the same results as without it.
    if (failedOps.length) problems.push(`a transient fault left failed calls: ${failedOps.map((e) => e.operation).join(', ')}`);
    if (result.findings.length !== baseline.findings.length) problems.push(`${result.findings.length} findings, fault-free ${baseline.findings.length}`);
  }
  return { problems, accounted, held: held.length };
}
