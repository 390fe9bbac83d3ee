import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { STATUSES, type Status } from '../engine/finding.js';
import { readArchive, sniffArchive } from '../evidence/archive.js';
import { InputError } from '../import/input-error.js';
import { parseJsonDocument } from '../import/json.js';
import type { Provider } from '../inventory/resource.js';
import { CLOUD, code, md } from '../report/job-summary.js';

/**
 * `safeguard diff OLD NEW`: what changed between two scans of the same estate, matched by the
 * findings' fingerprints (same check + same resource = same fingerprint in every scan; a resource
 * listed but unread is paired by name, see `pairUnread`). Each side
 * is an evidence bundle (folder, .zip or .tar.gz) or a findings.json file.
 */

export const DIFF_FAIL_ON = ['new', 'any', 'none'] as const;
export type DiffFailOn = (typeof DIFF_FAIL_ON)[number];

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** The part of findings.json a diff reads; anything else in the file is left alone. */
const ResourceShape = z.looseObject({
  provider: z.enum(['aws', 'azure', 'gcp']),
  type: z.string(),
  id: z.string(),
  name: z.string(),
  account: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
});
const FindingShape = z.looseObject({
  check: z.string(),
  title: z.string().optional(),
  status: z.enum(STATUSES),
  severity: z.string(),
  ephi: z.boolean().optional(),
  resource: ResourceShape,
  reason: z.string(),
  fingerprint: z.string().min(1),
  safeguards: z.array(z.string()).optional(),
});
const ReportShape = z.looseObject({
  schemaVersion: z.string(),
  tool: z.looseObject({ version: z.string() }).optional(),
  scan: z.looseObject({ startedAt: z.string(), profile: z.string() }),
  gate: z.looseObject({ policy: z.string(), passed: z.boolean(), reason: z.string() }),
  findings: z.array(FindingShape),
});

type FindingRecord = z.infer<typeof FindingShape>;
type ResourceRecord = z.infer<typeof ResourceShape>;

export interface ScanSide {
  /** As given on the command line. */
  path: string;
  startedAt: string;
  profile: string;
  gate: { policy: string; passed: boolean; reason: string };
  byStatus: Record<Status, number>;
}

export interface ResourceRef {
  provider: Provider;
  type: string;
  id: string;
  name: string;
  account: string | null;
  region: string | null;
}

export interface FindingRef {
  fingerprint: string;
  check: string;
  title: string;
  severity: string;
  ephi: boolean;
  resource: ResourceRef;
  reason: string;
}

export interface ScanDiff {
  old: ScanSide;
  new: ScanSide;
  /** Failing in NEW and not failing in OLD: `was` is the old status, or null when OLD had no such result (a new resource or check). */
  newFailures: (FindingRef & { was: Status | null })[];
  /** Failing in OLD and not in NEW: `now` is the new status, or null when NEW has no such result (the resource or check is gone). */
  resolvedFailures: (FindingRef & { now: Status | null })[];
  /** Every result in both scans whose status changed, failures included. */
  statusChanges: (FindingRef & { from: Status; to: Status })[];
  resourcesAdded: ResourceRef[];
  resourcesRemoved: ResourceRef[];
  /** Failing results in NEW, all of them. */
  failuresInNew: number;
  /**
   * Undecided (`error`) in NEW and decided in OLD (pass, fail, waived or n/a): a check that could
   * decide and now cannot, such as a lost permission. Results of resources new in NEW are not here.
   * `--fail-on new --fail-on-error` watches these.
   */
  newErrors: (FindingRef & { was: Status | null })[];
}

export interface DiffOptions {
  json?: boolean;
  markdown?: boolean;
  failOn?: DiffFailOn;
  /** Undecided results fail too: with `new`, results that became `error`; with `any`, any `error` in NEW. */
  failOnError?: boolean;
}

export interface DiffOutcome {
  diff: ScanDiff;
  output: string;
  /** 1 when `--fail-on` finds what it watches, else 0. */
  exitCode: number;
}

export async function runDiff(oldPath: string, newPath: string, options: DiffOptions = {}): Promise<DiffOutcome> {
  const [before, after] = await Promise.all([readScan(oldPath), readScan(newPath)]);
  const diff = diffScans(before, after);
  const gate: DiffGate = { failOn: options.failOn ?? 'none', failOnError: options.failOnError === true, failed: false };
  gate.failed = watched(diff, gate).some((n) => n > 0);
  const output = options.json ? JSON.stringify(diff, null, 2) + '\n' : options.markdown ? renderDiffMarkdown(diff, gate) : renderDiffText(diff, gate);
  return { diff, output, exitCode: gate.failed ? 1 : 0 };
}

/** What `--fail-on` (and `--fail-on-error`) decided. */
export interface DiffGate {
  failOn: DiffFailOn;
  failOnError: boolean;
  failed: boolean;
}

/** The counts the gate watches: failures, then (with --fail-on-error) undecided results. */
function watched(d: ScanDiff, gate: Omit<DiffGate, 'failed'>): number[] {
  if (gate.failOn === 'none') return [];
  const failures = gate.failOn === 'new' ? d.newFailures.length : d.failuresInNew;
  if (!gate.failOnError) return [failures];
  return [failures, gate.failOn === 'new' ? d.newErrors.length : d.new.byStatus.error];
}

/** The verdict line: `--fail-on new --fail-on-error: FAILED (0 new failures, 1 new undecided result).` */
function verdict(d: ScanDiff, gate: DiffGate): string | undefined {
  if (gate.failOn === 'none') return undefined;
  const [failures, errors] = watched(d, gate);
  const fresh = gate.failOn === 'new' ? 'new ' : '';
  const counts = [plural(failures!, `${fresh}failure`), ...(errors === undefined ? [] : [plural(errors, `${fresh}undecided result`)])].join(', ');
  return `--fail-on ${gate.failOn}${gate.failOnError ? ' --fail-on-error' : ''}: ${gate.failed ? 'FAILED' : 'PASSED'} (${counts}${gate.failOn === 'any' ? ' in the new scan' : ''}).`;
}

export interface ScanRead {
  path: string;
  report: z.infer<typeof ReportShape>;
}

/** Read a bundle folder, a bundle archive or a findings.json file. */
export async function readScan(path: string): Promise<ScanRead> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, undefined, code === 'ENOENT' ? 'no such bundle or findings file' : `cannot read it (${code ?? 'error'})`);
  }
  let text: string;
  let file = path;
  if (info.isDirectory()) {
    file = join(path, 'findings.json');
    text = await readFile(file, 'utf8').catch(() => {
      throw new InputError(path, undefined, 'not an evidence bundle: it holds no findings.json');
    });
  } else {
    const archive = await sniffArchive(path);
    if (archive) {
      // A bundle archive holds one top folder; findings.json is directly inside it.
      const entries = await readArchive(path, archive, (p) => /^[^/]+\/findings\.json$/.test(p)).catch((err: unknown) => {
        throw new InputError(path, undefined, `cannot read the ${archive} archive (${err instanceof Error ? err.message : String(err)})`);
      });
      const entry = entries.find((e) => e.bytes);
      if (!entry?.bytes) throw new InputError(path, undefined, 'not an evidence bundle archive: it holds no <bundle>/findings.json');
      text = entry.bytes.toString('utf8');
      file = `${path}:${entry.path}`;
    } else {
      text = await readFile(path, 'utf8');
    }
  }
  const parsed = ReportShape.safeParse(parseJsonDocument(text, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new InputError(file, at || undefined, `not a safeguard findings.json (${issue.message})`);
  }
  return { path, report: parsed.data };
}

/** Azure ids compare case-insensitively, as Azure does (and as fingerprints do). */
function resourceKey(r: ResourceRecord): string {
  return `${r.provider}\u0000${r.provider === 'azure' ? r.id.toLowerCase() : r.id}`;
}

export function diffScans(before: ScanRead, after: ScanRead): ScanDiff {
  const oldBy = new Map(before.report.findings.map((f) => [f.fingerprint, f]));
  const newBy = new Map(after.report.findings.map((f) => [f.fingerprint, f]));
  const paired = pairUnread(before.report.findings, after.report.findings, oldBy, newBy);
  const newFailures: ScanDiff['newFailures'] = [];
  const resolvedFailures: ScanDiff['resolvedFailures'] = [];
  const statusChanges: ScanDiff['statusChanges'] = [];
  const newErrors: ScanDiff['newErrors'] = [];
  for (const f of after.report.findings) {
    const was = oldBy.get(f.fingerprint) ?? paired.oldOf.get(f);
    if (f.status === 'fail' && was?.status !== 'fail') newFailures.push({ ...refOf(f), was: was?.status ?? null });
    // Only a result that could decide before: a new resource's undecided results (an Azure or GCP
    // ePHI store whose eligibility no list decides) would keep the nightly red with nothing to fix.
    if (f.status === 'error' && was && was.status !== 'error') newErrors.push({ ...refOf(f), was: was.status });
    if (was && was.status !== f.status) statusChanges.push({ ...refOf(f), from: was.status, to: f.status });
  }
  for (const f of before.report.findings) {
    const now = newBy.get(f.fingerprint) ?? paired.newOf.get(f);
    if (f.status === 'fail' && now?.status !== 'fail') resolvedFailures.push({ ...refOf(now ?? f), now: now?.status ?? null });
  }
  const resources = (r: ScanRead) => new Map(r.report.findings.map((f) => [resourceKey(f.resource), f.resource]));
  const oldResources = resources(before);
  const newResources = resources(after);
  // A resource named one way in one scan and the other way in the other (read, then unread) is the same resource.
  const sameAsOld = new Map([...paired.newOf].map(([o, n]) => [resourceKey(n.resource), resourceKey(o.resource)]));
  const pairedOld = new Set(sameAsOld.values());
  const resourcesAdded = [...newResources].filter(([k]) => !oldResources.has(k) && !oldResources.has(sameAsOld.get(k) ?? '')).map(([, r]) => resourceRefOf(r));
  const resourcesRemoved = [...oldResources].filter(([k]) => !newResources.has(k) && !pairedOld.has(k)).map(([, r]) => resourceRefOf(r));
  return {
    old: sideOf(before),
    new: sideOf(after),
    newFailures: newFailures.sort(byFinding),
    resolvedFailures: resolvedFailures.sort(byFinding),
    statusChanges: statusChanges.sort(byFinding),
    resourcesAdded: resourcesAdded.sort(byResource),
    resourcesRemoved: resourcesRemoved.sort(byResource),
    failuresInNew: after.report.findings.filter((f) => f.status === 'fail').length,
    newErrors: newErrors.sort(byFinding),
  };
}

/**
 * A resource a live scan listed but could not read (source format `collection-error`) is named by
 * the cloud's resource id where a read one is named by its ARN, so its results carry other
 * fingerprints. Each such result is paired with the other scan's unmatched result of the same
 * check on a resource of the same provider, type, account, region and name, when exactly one
 * result on each side has that key; otherwise it stays unpaired (new, or gone).
 */
function pairUnread(before: readonly FindingRecord[], after: readonly FindingRecord[], oldBy: ReadonlyMap<string, FindingRecord>, newBy: ReadonlyMap<string, FindingRecord>): { oldOf: Map<FindingRecord, FindingRecord>; newOf: Map<FindingRecord, FindingRecord> } {
  const oldOf = new Map<FindingRecord, FindingRecord>();
  const newOf = new Map<FindingRecord, FindingRecord>();
  const unread = (f: FindingRecord) => (f.source as { format?: unknown } | undefined)?.format === 'collection-error';
  if (!before.some(unread) && !after.some(unread)) return { oldOf, newOf };
  const key = (f: FindingRecord) => [f.check, f.resource.provider, f.resource.type, f.resource.account ?? '', f.resource.region ?? '', f.resource.name].join('\u0000');
  const unmatched = (side: readonly FindingRecord[], other: ReadonlyMap<string, FindingRecord>) => {
    const byKey = new Map<string, FindingRecord[]>();
    for (const f of side) {
      if (other.has(f.fingerprint)) continue;
      const list = byKey.get(key(f));
      if (list) list.push(f);
      else byKey.set(key(f), [f]);
    }
    return byKey;
  };
  const oldLeft = unmatched(before, newBy);
  for (const [k, news] of unmatched(after, oldBy)) {
    const olds = oldLeft.get(k);
    if (news.length !== 1 || olds?.length !== 1) continue;
    const [n, o] = [news[0]!, olds[0]!];
    if (!unread(n) && !unread(o)) continue;
    oldOf.set(n, o);
    newOf.set(o, n);
  }
  return { oldOf, newOf };
}

function sideOf(r: ScanRead): ScanSide {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const f of r.report.findings) byStatus[f.status]++;
  const { policy, passed, reason } = r.report.gate;
  return { path: r.path, startedAt: r.report.scan.startedAt, profile: r.report.scan.profile, gate: { policy, passed, reason }, byStatus };
}

function resourceRefOf(r: ResourceRecord): ResourceRef {
  return { provider: r.provider, type: r.type, id: r.id, name: r.name, account: r.account ?? null, region: r.region ?? null };
}

function refOf(f: FindingRecord): FindingRef {
  return { fingerprint: f.fingerprint, check: f.check, title: f.title ?? f.check, severity: f.severity, ephi: f.ephi === true, resource: resourceRefOf(f.resource), reason: f.reason };
}

function byFinding(a: FindingRef, b: FindingRef): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    a.resource.provider.localeCompare(b.resource.provider) ||
    a.check.localeCompare(b.check) ||
    a.resource.id.localeCompare(b.resource.id)
  );
}

function byResource(a: ResourceRef, b: ResourceRef): number {
  return a.provider.localeCompare(b.provider) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id);
}

const MAX_LISTED = 50;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function headline(d: ScanDiff): string {
  const others = d.statusChanges.filter((c) => c.from !== 'fail' && c.to !== 'fail').length;
  return `${plural(d.newFailures.length, 'new failure')}, ${d.resolvedFailures.length} resolved, ${plural(others, 'other status change')}; ${plural(d.resourcesAdded.length, 'resource')} added, ${d.resourcesRemoved.length} removed`;
}

function where(r: ResourceRef): string {
  const at = [r.account, r.region].filter(Boolean).join(' ');
  return `${r.provider}${at ? ` ${at}` : ''}`;
}

const PROFILES_DIFFER = 'The profiles differ: results of checks only one profile runs show as new or gone.';

export function renderDiffText(d: ScanDiff, gate: DiffGate = { failOn: 'none', failOnError: false, failed: false }): string {
  const out: string[] = [];
  const side = (s: ScanSide) => `${s.path} (scan ${s.startedAt}, profile ${s.profile}, gate ${s.gate.policy} ${s.gate.passed ? 'PASSED' : 'FAILED'})`;
  out.push(`safeguard diff: ${headline(d)}.`, `  old: ${side(d.old)}`, `  new: ${side(d.new)}`);
  if (d.old.profile !== d.new.profile) out.push(`  ${PROFILES_DIFFER}`);
  const list = <T>(title: string, items: T[], line: (x: T) => string[]) => {
    if (!items.length) return;
    out.push('', `${title} (${items.length}):`);
    for (const x of items.slice(0, MAX_LISTED)) out.push(...line(x));
    if (items.length > MAX_LISTED) out.push(`  ... and ${items.length - MAX_LISTED} more (--json lists every one)`);
  };
  const arrived = (f: FindingRef & { was: Status | null }) => [
    `  ${f.severity.toUpperCase().padEnd(8)} ${f.ephi ? '[ePHI] ' : ''}${f.resource.name} (${where(f.resource)}) ${f.was ? `was ${f.was}` : 'new'}`,
    ...wrap(`${f.check}: ${f.reason}`, '           ', '             '),
  ];
  list('New failures', d.newFailures, arrived);
  // Listed only when they can fail the gate: otherwise "Other status changes" shows them.
  if (gate.failOnError) list('New undecided results', d.newErrors, arrived);
  list('Resolved failures', d.resolvedFailures, (f) => [`  ${f.severity.toUpperCase().padEnd(8)} ${f.resource.name} (${where(f.resource)}) ${f.now ? `now ${f.now}` : 'gone'}`, `           ${f.check}`]);
  const others = d.statusChanges.filter((c) => c.from !== 'fail' && c.to !== 'fail');
  list('Other status changes', others, (c) => [`  ${`${c.from} -> ${c.to}`.padEnd(26)} ${c.resource.name} (${where(c.resource)}) ${c.check}`]);
  list('Resources added', d.resourcesAdded, (r) => [`  ${r.type} ${r.name} (${where(r)})`]);
  list('Resources removed', d.resourcesRemoved, (r) => [`  ${r.type} ${r.name} (${where(r)})`]);
  const line = verdict(d, gate);
  if (line) out.push('', line);
  return out.join('\n') + '\n';
}

/** Word-wrap to 80 columns, as the scan's console summary does. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = rest + word;
    } else line = line.trim() ? `${line} ${word}` : line + word;
  }
  if (line.trim()) lines.push(line);
  return lines;
}

/** The diff as GitHub-flavoured Markdown, for a job summary. */
export function renderDiffMarkdown(d: ScanDiff, gate: DiffGate = { failOn: 'none', failOnError: false, failed: false }): string {
  const out: string[] = [];
  out.push('## safeguard: changes since the previous scan', '');
  out.push(`**${plural(d.newFailures.length, 'new failure')}** · ${d.resolvedFailures.length} resolved · ${plural(d.statusChanges.length, 'status change')} · ${plural(d.resourcesAdded.length, 'resource')} added · ${d.resourcesRemoved.length} removed`, '');
  out.push('| | previous scan | this scan |', '|---|---|---|');
  out.push(`| started | ${md(d.old.startedAt)} | ${md(d.new.startedAt)} |`);
  out.push(`| profile | \`${code(d.old.profile)}\` | \`${code(d.new.profile)}\` |`);
  out.push(`| gate | \`${code(d.old.gate.policy)}\` ${d.old.gate.passed ? 'passed' : '**failed**'} | \`${code(d.new.gate.policy)}\` ${d.new.gate.passed ? 'passed' : '**failed**'} |`);
  for (const s of ['fail', 'error', 'waived', 'pass'] as const) out.push(`| ${s} | ${d.old.byStatus[s]} | ${d.new.byStatus[s]} |`);
  out.push('');
  if (d.old.profile !== d.new.profile) out.push(`> ${PROFILES_DIFFER}`, '');
  const line = verdict(d, gate);
  if (line) out.push(`**${line.replace(/: (PASSED|FAILED) /, ': $1** ')}`, '');
  const resource = (r: ResourceRef) => `\`${code(r.name)}\`<br>${CLOUD[r.provider]} ${md([r.account, r.region].filter(Boolean).join(' '))}`;
  const table = <T>(title: string, items: T[], header: string, row: (x: T) => string, open = true) => {
    if (!items.length) return;
    const shown = items.slice(0, MAX_LISTED);
    out.push(open ? `### ${title} (${items.length})` : `<details><summary>${title} (${items.length})</summary>`, '', header, header.replace(/[^|]+/g, '---'));
    out.push(...shown.map(row));
    if (items.length > MAX_LISTED) out.push('', `…and ${items.length - MAX_LISTED} more: \`safeguard diff --json\` lists every one.`);
    out.push('');
    if (!open) out.push('</details>', '');
  };
  const arrived = (f: FindingRef & { was: Status | null }) => `| ${f.severity} | ${f.ephi ? '**ePHI** ' : ''}${resource(f.resource)} | \`${code(f.check)}\` | ${f.was ?? 'new'} | ${md(f.reason)} |`;
  table('New failures', d.newFailures, '| Severity | Resource | Check | Was | Why |', arrived);
  if (gate.failOnError) table('New undecided results', d.newErrors, '| Severity | Resource | Check | Was | Why |', arrived);
  table('Resolved failures', d.resolvedFailures, '| Severity | Resource | Check | Now |', (f) => `| ${f.severity} | ${resource(f.resource)} | \`${code(f.check)}\` | ${f.now ?? 'gone'} |`);
  const others = d.statusChanges.filter((c) => c.from !== 'fail' && c.to !== 'fail');
  table('Other status changes', others, '| Resource | Check | From | To |', (c) => `| ${resource(c.resource)} | \`${code(c.check)}\` | ${c.from} | ${c.to} |`, false);
  table('Resources added', d.resourcesAdded, '| Type | Resource |', (r) => `| \`${code(r.type)}\` | ${resource(r)} |`, false);
  table('Resources removed', d.resourcesRemoved, '| Type | Resource |', (r) => `| \`${code(r.type)}\` | ${resource(r)} |`, false);
  if (!d.newFailures.length && !d.resolvedFailures.length && !d.statusChanges.length && !d.resourcesAdded.length && !d.resourcesRemoved.length) {
    out.push('Nothing changed: every result has the status it had.', '');
  }
  return out.join('\n');
}
