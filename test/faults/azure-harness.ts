import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { CollectionFailed, type CollectionReport, type LiveRequest } from '../../src/collect/index.js';
import type { AzureCollectOptions } from '../../src/collect/azure/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { loadChecks } from '../../src/engine/registry.js';
import { DEMO_TENANT, demoAzureEstate, generatedStorageRows, OPENID_OPERATION, TOKEN_OPERATION, type AzureEmulator, type AzureEstate, type AzureInjection, type AzureFaultKind } from '../emulators/azure/arm.js';
import { emulatorCredential, emulatorOptions } from '../emulators/azure/client.js';

/**
 * One fault scenario on the Azure emulator (and, through `judgeScan`, on the GCP one): a scan
 * with the real collector, engine and gate, the fault injected by the emulator itself (it speaks
 * HTTPS with its own CA, so no proxy sits in front), and the invariants that must hold whatever
 * the fault — nothing lost, nothing counted twice, no error turned into a pass, the failing
 * operation named, retries bounded, a bounded wall time.
 */

/** Attempts per call and per-attempt timeout for these scans (production: 5 attempts, 60 s). */
export const MAX_ATTEMPTS = 3;
export const REQUEST_TIMEOUT_MS = 1_000;
/** A scan under any one fault must finish within this. */
export const WALL_LIMIT_MS = 45_000;
/** Resource Graph rows per page here, so that the inventory takes several pages to repeat. */
export const PAGE_SIZE = 40;

export const PERSISTENT: AzureFaultKind[] = ['throttle-429', 'throttle', 'status-500', 'status-503', 'reset', 'hang', 'denied', 'malformed', 'html'];
/** Transient faults the retries must absorb: the scan's results equal the fault-free run's. */
export const TRANSIENT: AzureFaultKind[] = ['throttle-429', 'throttle', 'status-500', 'status-503', 'reset', 'hang'];
export const TOKEN_OPERATIONS = [OPENID_OPERATION, TOKEN_OPERATION];

/** The demo estate plus 120 storage accounts, so that Resource Graph pages several times. */
export function faultEstate(): AzureEstate {
  const estate = demoAzureEstate();
  estate.rows.push(...generatedStorageRows(120));
  return estate;
}

export function faultOptions(emu: AzureEmulator): AzureCollectOptions {
  const retry = { maxRetries: MAX_ATTEMPTS - 1, retryDelayInMs: 20, maxRetryDelayInMs: 200 };
  return emulatorOptions(emu, {
    // The sign-in gets the same retry budget as the calls (a scan's DefaultAzureCredential does).
    credential: emulatorCredential(emu, DEMO_TENANT, retry),
    maxRetries: retry.maxRetries, retryDelayMs: retry.retryDelayInMs, maxRetryDelayMs: retry.maxRetryDelayInMs, requestTimeoutMs: REQUEST_TIMEOUT_MS, pageSize: PAGE_SIZE,
  });
}

/** What any cloud's fault scan returns to the judge. */
export interface ScanResult {
  fault: { kind: string; operation: string; first?: number; after?: number } | undefined;
  ms: number;
  /** Set when the scan stopped with exit code 3 (nothing at all could be collected). */
  failed?: string;
  findings: Finding[];
  collection?: CollectionReport;
  passed?: boolean;
  /** Requests the emulator saw per operation, retries and sign-in included. */
  requests: Record<string, number>;
  faulted: number;
}

/** A scan of one cloud through the real `runScan` (collector, engine, gate with --fail-on-error). */
export async function scanLive(live: LiveRequest, emu: { requests: Record<string, number>; injected: number }, fault: ScanResult['fault']): Promise<ScanResult> {
  const started = Date.now();
  try {
    const outcome = await runScan({ inputs: [], profile: 'default', policy: 'none', failOnError: true, version: 'faults', live: { quiet: true, ...live } });
    const collection = (outcome.report as unknown as { collection?: CollectionReport }).collection;
    return { fault, ms: Date.now() - started, findings: outcome.report.findings, ...(collection ? { collection } : {}), passed: outcome.passed, requests: { ...emu.requests }, faulted: emu.injected };
  } catch (err) {
    if (!(err instanceof CollectionFailed)) throw err;
    return { fault, ms: Date.now() - started, failed: err.message, findings: [], requests: { ...emu.requests }, faulted: emu.injected };
  }
}

export async function scanAzure(emu: AzureEmulator, fault: AzureInjection | undefined): Promise<ScanResult> {
  emu.knobs = fault ? { inject: fault } : {};
  emu.resetLog();
  try {
    return await scanLive({ azure: faultOptions(emu) }, emu, fault);
  } finally {
    emu.knobs = {};
  }
}

export interface Held {
  type: string;
  id: string;
}

const lower = (s: string) => s.toLowerCase();
/** The ids a resource id extends (`/a/b/c` → `/a/b`, `/a`). */
const ancestors = (id: string): string[] => id.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')).filter(Boolean);
const findingKey = (f: Finding): string => [f.check, lower(f.resource.type), lower(f.resource.id), f.resource.account ?? '', f.resource.region ?? ''].join('\u0000');
export const isStandIn = (f: Finding): boolean => f.resource.name.startsWith('every ') && f.resource.name.endsWith('(not read)');

/**
 * The resources the fault-free scan graded: what every faulted scan must account for, types only
 * the `*` check (eligible services) grades included: a failed listing leaves a `*` stand-in for them.
 */
export async function heldResources(_provider: 'azure' | 'gcp', baseline: ScanResult): Promise<Held[]> {
  const seen = new Map<string, Held>();
  for (const f of baseline.findings) {
    if (isStandIn(f)) continue;
    seen.set(lower(f.resource.id), { type: lower(f.resource.type), id: lower(f.resource.id) });
  }
  return [...seen.values()];
}

export interface Verdict {
  problems: string[];
  accounted: number;
  held: number;
}

export interface JudgeRules {
  /** Whether this fault may stop the scan with exit 3 (nothing at all could be read). */
  exit3Allowed: (fault: NonNullable<ScanResult['fault']>) => boolean;
  /** Operations of the sign-in: not in the collector's call counts, and not named in coverage. */
  tokenOperations: string[];
  /** Operations whose failure the collector makes up for in full (another way to read the same): no `error` result needed. */
  fallbacks: string[];
}

/** The invariants; an empty `problems` list means the scenario holds. */
export function judgeScan(result: ScanResult, baseline: ScanResult, held: Held[], rules: JudgeRules): Verdict {
  const problems: string[] = [];
  const fault = result.fault!;
  if (result.ms > WALL_LIMIT_MS) problems.push(`took ${result.ms} ms (limit ${WALL_LIMIT_MS})`);

  // Retries stay bounded: no operation was sent more often than its calls allow; the sign-in at most a few times per call.
  const calls = result.collection?.sources[0]?.calls ?? {};
  const totalCalls = Object.values(calls).reduce((n, c) => n + c, 0);
  for (const [op, n] of Object.entries(result.requests)) {
    const allowed = rules.tokenOperations.includes(op) ? (totalCalls + 4) * MAX_ATTEMPTS : (calls[op] ?? n) * MAX_ATTEMPTS;
    if (n > allowed) problems.push(`${op}: ${n} requests for ${calls[op] ?? 'its'} calls (more than ${MAX_ATTEMPTS} attempts each)`);
  }
  if (fault.kind === 'repeat-token' && (result.requests[fault.operation] ?? 0) > 200) problems.push(`${fault.operation} paged ${result.requests[fault.operation]} times on a repeating token`);

  if (result.failed !== undefined) {
    const allowed = rules.exit3Allowed(fault);
    if (!allowed) problems.push(`the scan stopped (exit 3): ${result.failed}`);
    if (!result.failed.includes(fault.operation) && !/credentials|every call failed/.test(result.failed)) problems.push(`the exit-3 message names neither ${fault.operation} nor the credential: ${result.failed}`);
    return { problems, accounted: allowed ? held.length : 0, held: held.length };
  }

  // Nothing counted twice.
  const seen = new Set<string>();
  for (const f of result.findings) {
    const k = findingKey(f);
    if (seen.has(k)) problems.push(`counted twice: ${f.check} on ${f.resource.id}`);
    seen.add(k);
  }

  // Every held resource appears: graded itself, or covered by an `error` stand-in for its type.
  const byId = new Set(result.findings.map((f) => lower(f.resource.id)));
  const standInTypes = new Set(result.findings.filter(isStandIn).map((f) => lower(f.resource.type)));
  const erroredIds = new Set(result.findings.filter((f) => f.status === 'error').map((f) => lower(f.resource.id)));
  let accounted = 0;
  for (const r of held) {
    // A child document read as a fact of its parent (a database's transparentDataEncryption) is
    // accounted for by its parent, which a failed read grades `error`.
    const parent = () => ancestors(r.id).some((a) => erroredIds.has(a));
    if (byId.has(r.id) || standInTypes.has(r.type) || standInTypes.has('*') || parent()) accounted++;
    else problems.push(`lost: ${r.type} ${r.id}`);
  }

  // No error turns into a pass: each result is what the fault-free scan said, or `error`.
  const before = new Map(baseline.findings.map((f) => [f.fingerprint, f.status]));
  const heldIds = new Set(held.map((r) => r.id));
  for (const f of result.findings) {
    if (isStandIn(f)) {
      if (f.status === 'pass' || f.status === 'fail') problems.push(`stand-in ${f.resource.name} graded ${f.status} by ${f.check}`);
      continue;
    }
    const was = before.get(f.fingerprint);
    if (f.status === 'pass' && (was === 'error' || was === 'fail')) problems.push(`${f.check} on ${f.resource.id}: ${was} became pass`);
    if (f.status === 'fail' && was === 'error') problems.push(`${f.check} on ${f.resource.id}: error became fail`);
    if (was === undefined && f.status === 'pass' && !heldIds.has(lower(f.resource.id))) problems.push(`${f.check} on ${f.resource.id}: a resource the fault-free scan did not grade passed`);
  }

  // The failing operation is named in the coverage section, and --fail-on-error fails the gate.
  const failedOps = (result.collection?.coverage ?? []).filter((e) => e.status === 'failed');
  const errors = result.findings.filter((f) => f.status === 'error').length;
  const persistent = fault.first === undefined;
  if (persistent && result.faulted > 0 && fault.kind !== 'expired' && !rules.tokenOperations.includes(fault.operation) && !failedOps.some((e) => e.operation === fault.operation)) {
    problems.push(`coverage does not name ${fault.operation} as failed (failed: ${[...new Set(failedOps.map((e) => e.operation))].join(', ') || 'none'})`);
  }
  if (fault.kind === 'expired' && result.faulted > 0 && failedOps.length === 0) problems.push('the credential expired but no call is recorded as failed');
  if (errors > 0 && result.passed !== false) problems.push(`${errors} error results, yet --fail-on-error passed the gate`);
  if (failedOps.some((e) => !rules.fallbacks.includes(e.operation)) && errors === 0) problems.push(`calls failed (${failedOps.map((e) => e.operation).join(', ')}) but no result is "error"`);
  if (!persistent) {
    if (failedOps.length) problems.push(`a transient fault left failed calls: ${[...new Set(failedOps.map((e) => e.operation))].join(', ')}`);
    if (result.findings.length !== baseline.findings.length) problems.push(`${result.findings.length} findings, fault-free ${baseline.findings.length}`);
    const changed = result.findings.filter((f) => before.get(f.fingerprint) !== f.status);
    if (changed.length) problems.push(`${changed.length} results differ from the fault-free run, e.g. ${changed[0]!.check} on ${changed[0]!.resource.id}: ${changed[0]!.status}`);
  }
  return { problems, accounted, held: held.length };
}

/** Azure: exit 3 is allowed when the sign-in itself fails, or the credential dies before the inventory is read. */
export const AZURE_RULES: JudgeRules = {
  exit3Allowed: (f) => (TOKEN_OPERATIONS.includes(f.operation) && f.first === undefined && f.kind !== 'repeat-token') || (f.kind === 'expired' && (f.after ?? 0) <= 2),
  tokenOperations: TOKEN_OPERATIONS,
  // GET /subscriptions failing: Resource Graph is asked at tenant scope instead, which reads the same.
  fallbacks: ['Microsoft.Resources/subscriptions/read'],
};

export interface FaultRow {
  name: string;
  fault: NonNullable<ScanResult['fault']>;
  verdict: Verdict;
  ms: number;
  faulted: number;
  completed: boolean;
}

export interface FaultSuite<F> {
  baseline(): ScanResult;
  held(): Held[];
  /** Operations the fault-free scan sent, the sign-in's included. */
  operations(): string[];
  /** One scenario: its problems, each prefixed with its name (an empty list: every invariant holds). */
  run(name: string, fault: F): Promise<string[]>;
}

/**
 * A cloud's fault suite: starts the emulator and the fault-free scan before the tests, judges
 * each scenario against it, and at the end writes the rows `npm run faults` prints (FAULTS_REPORT,
 * the AWS suite's shape) and stops the emulator.
 */
export function faultSuite<E extends { close(): Promise<void> }, F extends NonNullable<ScanResult['fault']>>(
  cloud: 'azure' | 'gcp',
  start: () => Promise<E>,
  scan: (emu: E, fault: F | undefined) => Promise<ScanResult>,
  rules: JudgeRules,
): FaultSuite<F> {
  let emu: E | undefined;
  let baseline: ScanResult | undefined;
  let held: Held[] = [];
  let operations: string[] = [];
  const rows: FaultRow[] = [];
  beforeAll(async () => {
    emu = await start();
    baseline = await scan(emu, undefined);
    held = await heldResources(cloud, baseline);
    operations = Object.keys(baseline.requests).sort();
  }, 120_000);
  afterAll(async () => {
    if (process.env.FAULTS_REPORT && baseline) {
      writeFileSync(process.env.FAULTS_REPORT, JSON.stringify({ cloud, baselineMs: baseline.ms, held: held.length, operations, rows }, null, 2));
    }
    await emu?.close();
  });
  return {
    baseline: () => baseline!,
    held: () => held,
    operations: () => operations,
    async run(name, fault) {
      const result = await scan(emu!, fault);
      const verdict = judgeScan(result, baseline!, held, rules);
      rows.push({ name, fault, verdict, ms: result.ms, faulted: result.faulted, completed: verdict.problems.length === 0 });
      return verdict.problems.map((p) => `${name}: ${p}`);
    },
  };
}
