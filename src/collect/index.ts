import type { Finding } from '../engine/finding.js';
import { resourceKey, type Provider, type Resource } from '../inventory/resource.js';
import type { AwsCollectOptions } from './aws/index.js';
import type { AzureCollectOptions } from './azure/index.js';
import type { GcpCollectOptions } from './gcp/index.js';

/**
 * The live path: a collector reads one cloud through its official SDK and returns the same
 * Resource shape the importers produce, plus a record of every call it made and every part of the
 * estate it could not read. Nothing here knows about HIPAA; the engine grades what comes back.
 *
 * AWS, Azure and GCP collectors plug in the same way: a module under `src/collect/<cloud>/` whose
 * `collect(options, context)` returns a `Collection`. Each loads its SDK lazily, so commands that do
 * not scan a cloud never pay for it.
 */
export interface Collector<Options> {
  provider: Provider;
  collect(options: Options, context: CollectorContext): Promise<Collection>;
}

export interface CollectorContext {
  progress: Progress;
  /**
   * The native types the checks grade for this cloud. A call that fails leaves these types
   * unread; the collector says so with an unreadable stand-in per type (see `unreadable`). `*`
   * among them (the eligible-service check) means every type is graded: a failed listing of any
   * type leaves a stand-in, and where even the types present are unknown, one of type `*` does.
   */
  resourceTypes: readonly string[];
}

/** What one collector read. */
export interface Collection {
  provider: Provider;
  resources: Resource[];
  /** AWS accounts, Azure subscriptions, GCP projects read. */
  accounts: string[];
  /** Regions or locations read. */
  regions: string[];
  /** How the inventory was read, e.g. `config-select`, `config-list`, `aggregator:org`. */
  methods: string[];
  /** Every operation attempted, with its outcome: the coverage section of the report. */
  coverage: CoverageEntry[];
  /** Calls made per `service:Operation` (pages and retries count; see `attempts`). */
  calls: Record<string, number>;
  /** HTTP attempts including the SDK's retries. */
  attempts: number;
}

export interface CoverageEntry {
  provider: Provider;
  /** `service:Operation`, e.g. `config:SelectResourceConfig`. */
  operation: string;
  /** The region (or `global`) the call covered. */
  region: string;
  account?: string;
  /** `ok`: read; `failed`: denied or failed after retries; `not-recorded`: the cloud holds no record to read. */
  status: 'ok' | 'failed' | 'not-recorded';
  /** Resource types the call covers; `*` for everything in scope. */
  covers: string[];
  /** Resources (or records) the call returned. */
  records?: number;
  /** One line: the error code and message, never a credential. */
  error?: string;
  /** What the collector did about it, e.g. `fell back to ListDiscoveredResources + BatchGetResourceConfig`. */
  note?: string;
}

/** What `safeguard scan --aws …` asks for; Azure and GCP add their options beside `aws`. */
export interface LiveRequest {
  aws?: AwsCollectOptions;
  azure?: AzureCollectOptions;
  gcp?: GcpCollectOptions;
  /** No progress on stderr. */
  quiet?: boolean;
  /** Where progress goes (default: stderr). */
  progressStream?: NodeJS.WriteStream;
}

export interface LiveScan {
  resources: Resource[];
  report: CollectionReport;
  /** Coverage lines for the console summary. */
  summary: string;
}

/**
 * Run every requested collector. A cloud that cannot be read at all (no credentials, every call
 * denied) stops the scan: `CollectionFailed`, exit 3. `resourceTypes` says what the checks grade.
 */
export async function collectLive(req: LiveRequest, resourceTypes: (provider: Provider) => string[]): Promise<LiveScan> {
  const startedAt = new Date();
  const progress = progressFor(req.progressStream ?? process.stderr, req.quiet === true);
  const runs: Promise<Collection>[] = [];
  if (req.aws) {
    const options = req.aws;
    runs.push(import('./aws/index.js').then(({ awsCollector }) => awsCollector.collect(options, { progress, resourceTypes: resourceTypes('aws') })));
  }
  if (req.azure) {
    const options = req.azure;
    runs.push(import('./azure/index.js').then(({ azureCollector }) => azureCollector.collect(options, { progress, resourceTypes: resourceTypes('azure') })));
  }
  if (req.gcp) {
    const options = req.gcp;
    runs.push(import('./gcp/index.js').then(({ gcpCollector }) => gcpCollector.collect(options, { progress, resourceTypes: resourceTypes('gcp') })));
  }
  const collections = await Promise.all(runs);
  const report = collectionReport(collections, startedAt);
  return { resources: collections.flatMap((c) => c.resources), report, summary: renderCoverage(report) };
}

/** Marks a resource the collector could not read (wholly or in part): every check on it is undecided. */
export interface CollectionError {
  operation: string;
  region: string;
  error: string;
}

/** Raised when nothing at all could be collected: the scan cannot finish (exit 3). */
export class CollectionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectionFailed';
  }
}

/** A stand-in for the resources of one type that a failed call would have returned. */
export function unreadable(args: { provider: Provider; type: string; account: string; region: string; error: CollectionError; idPrefix: string }): Resource {
  return {
    provider: args.provider,
    type: args.type,
    id: `${args.idPrefix}${args.type}`,
    name: `every ${args.type} in ${args.account} ${args.region} (not read)`,
    account: args.account,
    region: args.region,
    tags: {},
    config: {},
    related: { configurationMissing: true, unread: true, collectionError: args.error },
    source: { format: 'collection-error', file: args.error.operation },
  };
}

export function collectionErrorOf(r: Resource): CollectionError | undefined {
  const e = r.related.collectionError;
  return e && typeof e === 'object' ? (e as CollectionError) : undefined;
}

/**
 * Findings on resources the collector could not (fully) read become `error` with the collector's
 * reason: a check must not pass, or fail, on a document that is missing its parts.
 */
export function undecidedWhereUnread(findings: Finding[], resources: readonly Resource[]): Finding[] {
  const unread = new Map<string, CollectionError>();
  for (const r of resources) {
    const e = collectionErrorOf(r);
    if (e) unread.set(resourceKey(r), e);
  }
  if (unread.size === 0) return findings;
  return findings.map((f) => {
    const e = unread.get(resourceKey(f.resource));
    if (!e || f.status === 'not_applicable') return f;
    return {
      ...f,
      status: 'error',
      reason: `safeguard could not read this: ${e.operation} in ${e.region} failed (${e.error}).`,
      evidence: { collectionError: e },
    };
  });
}

/** The `collection` section of findings.json: what was read live, what could not be, and why. */
export interface CollectionReport {
  startedAt: string;
  finishedAt: string;
  sources: {
    provider: Provider;
    accounts: string[];
    regions: string[];
    methods: string[];
    resources: number;
    calls: Record<string, number>;
    attempts: number;
  }[];
  /** Failed and not-recorded entries first, then the calls that succeeded. */
  coverage: CoverageEntry[];
  /** Failed calls in all. */
  failed: number;
}

export function collectionReport(collections: readonly Collection[], startedAt: Date): CollectionReport {
  const order = { failed: 0, 'not-recorded': 1, ok: 2 } as const;
  const coverage = collections.flatMap((c) => c.coverage).sort((a, b) => order[a.status] - order[b.status]);
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    sources: collections.map((c) => ({
      provider: c.provider,
      accounts: c.accounts,
      regions: c.regions,
      methods: c.methods,
      resources: c.resources.filter((r) => !r.related.unread).length,
      calls: c.calls,
      attempts: c.attempts,
    })),
    coverage,
    failed: coverage.filter((e) => e.status === 'failed').length,
  };
}

/** The coverage lines of the console summary (80 columns). */
export function renderCoverage(report: CollectionReport): string {
  const lines: string[] = [];
  for (const s of report.sources) {
    const calls = Object.values(s.calls).reduce((n, c) => n + c, 0);
    lines.push(`Collected ${s.provider} live: ${s.resources} resources from ${s.accounts.length} account${s.accounts.length === 1 ? '' : 's'}, ` +
      `${s.regions.length} region${s.regions.length === 1 ? '' : 's'} (${s.methods.join(', ') || 'no inventory'}); ${calls} calls.`);
  }
  const gaps = report.coverage.filter((e) => e.status !== 'ok');
  if (gaps.length) {
    const unread = report.coverage.filter((e) => e.status === 'not-recorded').length;
    lines.push(`Coverage: ${report.failed} call${report.failed === 1 ? '' : 's'} failed, ${unread} part${unread === 1 ? '' : 's'} not recorded; ` +
      'what could not be read is graded "error" (details in findings.json, collection.coverage):');
    for (const g of gaps.slice(0, 20)) {
      const what = g.covers.join(', ');
      const why = g.status === 'failed' ? clip(g.error ?? 'failed', 120) : 'not recorded';
      lines.push(`  ${g.provider} ${g.region} ${g.operation} (${clip(what, 60)}): ${why}` + (g.note ? `; ${g.note}` : ''));
    }
    if (gaps.length > 20) lines.push(`  ... and ${gaps.length - 20} more in the findings file (collection.coverage)`);
  } else lines.push('Coverage: every call succeeded.');
  return lines.map((l) => (l.length > 80 ? wrap(l) : l)).join('\n') + '\n\n';
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 3)}...`;
}

function wrap(text: string): string {
  const indent = /^ */.exec(text)![0];
  const words = text.trimStart().split(' ');
  const out: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.trim() && line.length + 1 + w.length > 80) {
      out.push(line);
      line = `${indent}    ${w}`;
    } else line = line.trim() ? `${line} ${w}` : `${line}${w}`;
  }
  if (line) out.push(line);
  return out.join('\n');
}

/** Progress on stderr: a live status line on a terminal, plain lines otherwise, nothing with --quiet. */
export interface Progress {
  /** A call is about to be made. */
  call(provider: Provider, service: string, region: string): void;
  /** Resources read by one service in one region. */
  found(provider: Provider, service: string, region: string, count: number): void;
  /** Something a person should know now (a failed call, a fallback). */
  warn(message: string): void;
  done(): void;
}

export const silentProgress: Progress = { call() {}, found() {}, warn() {}, done() {} };

export function progressFor(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return silentProgress;
  return stream.isTTY ? new TerminalProgress(stream) : new LogProgress(stream);
}

class Tally {
  readonly calls = new Map<string, number>();
  readonly found = new Map<string, number>();
  call(key: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }
  add(key: string, n: number): void {
    this.found.set(key, (this.found.get(key) ?? 0) + n);
  }
}

/** Non-terminal: one line when a service in a region returns resources, and each warning. */
class LogProgress implements Progress {
  private readonly tally = new Tally();
  constructor(private readonly out: NodeJS.WritableStream) {}
  call(provider: Provider, service: string, region: string): void {
    this.tally.call(`${provider} ${region} ${service}`);
  }
  found(provider: Provider, service: string, region: string, count: number): void {
    const key = `${provider} ${region} ${service}`;
    this.tally.add(key, count);
    this.out.write(`safeguard: ${key}: ${this.tally.found.get(key)} resources (${this.tally.calls.get(key) ?? 0} calls)\n`);
  }
  warn(message: string): void {
    this.out.write(`safeguard: warning: ${message}\n`);
  }
  done(): void {}
}

/** Terminal: one status line, redrawn at most ten times a second; warnings scroll above it. */
class TerminalProgress implements Progress {
  private readonly tally = new Tally();
  private last = 0;
  private current = '';
  private drawn = false;
  constructor(private readonly out: NodeJS.WriteStream) {}
  call(provider: Provider, service: string, region: string): void {
    this.tally.call(`${provider} ${region} ${service}`);
    this.current = `${provider} ${region} ${service}`;
    this.draw();
  }
  found(provider: Provider, service: string, region: string, count: number): void {
    this.tally.add(`${provider} ${region} ${service}`, count);
    this.draw();
  }
  warn(message: string): void {
    this.clear();
    this.out.write(`safeguard: warning: ${message}\n`);
    this.draw(true);
  }
  done(): void {
    this.clear();
  }
  private draw(force = false): void {
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const calls = [...this.tally.calls.values()].reduce((a, b) => a + b, 0);
    const found = [...this.tally.found.values()].reduce((a, b) => a + b, 0);
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    const line = `safeguard: ${calls} calls, ${found} resources; ${this.current}`.slice(0, width);
    this.out.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
