import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { entryLines, lineOf, parseYaml, yamlValue } from '../config/yaml-place.js';
import { InputError } from '../import/input-error.js';
import { decodeUtf8File } from '../import/text.js';
import type { CatalogueEntry } from '../mappings/index.js';
import { requirementOf } from '../mappings/requirement.js';
import type { Finding } from './finding.js';

/**
 * Waivers: the documented decisions behind accepted risks (164.306(d)(3)). A waiver turns a
 * matching `fail` into `waived`, but only when it can stand as that decision: it carries a
 * rationale and a compensating control, it has not expired, and no specification the check serves
 * is Required (a Required specification must be implemented; it cannot be waived).
 */

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
    if (!d || d.toISOString().slice(0, 10) !== s) {
      ctx.addIssue({ code: 'custom', message: `not a date: expected YYYY-MM-DD, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return s;
  });

const text = z.string().trim();

export const WaiverEntry = z.strictObject({
  /** Your own reference for the decision (a risk-acceptance or ticket number). */
  id: z.union([z.string().min(1), z.number()]).transform(String).optional(),
  /** The check id, as `safeguard checks` lists it. */
  check: z.string().trim().min(1, 'must name a check id'),
  /** A glob on the resource's id or name: `*` any run of characters, `?` one character. */
  resource: z.string().trim().min(1, 'must be a resource id, name or glob ("*" for every resource)'),
  rationale: text.optional(),
  compensatingControl: text.optional(),
  approver: z.string().trim().min(1, 'must name who approved the waiver'),
  approved: isoDate,
  expires: isoDate,
});

export const WaiverFile = z.strictObject({
  waivers: z.array(WaiverEntry),
});

export type WaiverEntry = z.infer<typeof WaiverEntry>;

/** One waiver as read from the file, with where it is. */
export interface Waiver extends WaiverEntry {
  /** The given `id`, or `W<n>` for the n-th waiver of the file. */
  id: string;
  /** 1-based line of the entry in the file. */
  line: number;
}

export interface WaiverSet {
  /** The file as given on the command line. */
  file: string;
  /** The file's bytes, copied into the evidence bundle as they were. */
  bytes: Buffer;
  waivers: Waiver[];
}

/** What the finding of a waived result records: the decision that accepted it. */
export interface FindingWaiver {
  id: string;
  rationale: string;
  compensatingControl: string;
  approver: string;
  approved: string;
  expires: string;
  /** Where the decision is written. */
  file: string;
  line: number;
}

export type WaiverStatus = 'applied' | 'expired' | 'stale' | 'invalid';

export interface WaiverOutcome {
  id: string;
  line: number;
  check: string;
  resource: string;
  rationale: string | null;
  compensatingControl: string | null;
  approver: string;
  approved: string;
  expires: string;
  /**
   * `applied`: it waived at least one failure. `expired`: past its expiry, so it applies to
   * nothing. `stale`: it matches no failing result. `invalid`: it cannot stand as a documented
   * decision (no rationale or compensating control, an unknown check, or it covers a Required
   * specification), so the failures it names stay failures.
   */
  status: WaiverStatus;
  /** Why it is not (or not fully) applied, one sentence each. */
  problems: string[];
  /** Fingerprints of the failing results it matched. */
  matched: string[];
  /** Fingerprints of the results it turned into `waived`. */
  waived: string[];
}

export interface WaiverReport {
  /** The waiver file as given, or `null` when the scan had none. */
  file: string | null;
  /** The date expiry is judged on (the scan's start, UTC). */
  asOf: string;
  counts: Record<WaiverStatus, number>;
  waivers: WaiverOutcome[];
}

export function emptyWaiverReport(asOf: string): WaiverReport {
  return { file: null, asOf, counts: { applied: 0, expired: 0, stale: 0, invalid: 0 }, waivers: [] };
}

/** Read and validate a waiver file; any mistake is an `InputError` naming the file and line. */
export async function loadWaivers(file: string): Promise<WaiverSet> {
  let bytes: Buffer;
  try {
    // A FIFO or device would block the scan forever: only regular files (and folders, refused below).
    const info = await stat(file);
    if (!info.isFile() && !info.isDirectory()) throw new InputError(file, undefined, 'not a regular file, not a waiver file');
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, undefined, code === 'ENOENT' ? 'no such waiver file' : code === 'EISDIR' ? 'is a folder, not a waiver file' : `cannot read the waiver file (${code ?? 'error'})`);
  }
  return { file, bytes, waivers: parseWaivers(bytes.length ? decodeUtf8File(bytes, file) : '', file) };
}

/** Parse waiver YAML. Exported for tests. */
export function parseWaivers(source: string, file: string): Waiver[] {
  const { doc, lc: lineCounter } = parseYaml(source, file, { column: true });
  const value = yamlValue(doc, file);
  if (value === null || value === undefined) throw new InputError(file, undefined, 'the waiver file is empty: expected "waivers:" and a list');
  const parsed = WaiverFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = lineOf(doc, keys.length ? [...path, keys[0]!] : path, lineCounter);
    const where = path.length ? `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}: ` : '';
    const message = keys.length
      ? `unknown field ${keys.map((k) => JSON.stringify(k)).join(', ')} (expected ${path.length ? 'id, check, resource, rationale, compensatingControl, approver, approved, expires' : '"waivers"'})`
      : issue.code === 'invalid_type' && issue.input === undefined
        ? 'missing'
        : issue.message;
    throw new InputError(file, at ? `line ${at}` : undefined, `${where}${message}`);
  }
  const lines = entryLines(doc, 'waivers', lineCounter);
  return parsed.data.waivers.map((w, i) => ({ ...w, id: w.id ?? `W${i + 1}`, line: lines[i] ?? 1 }));
}

/** `*` any run of characters (ids hold `/` and `:`), `?` one character; the rest is literal. */
export function globToRegExp(glob: string, caseInsensitive = false): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

export function waiverMatches(w: Pick<WaiverEntry, 'check' | 'resource'>, f: Pick<Finding, 'check' | 'resource'>): boolean {
  if (w.check !== f.check) return false;
  // Azure ids and names compare case-insensitively, as Azure does.
  const re = globToRegExp(w.resource, f.resource.provider === 'azure');
  return re.test(f.resource.id) || re.test(f.resource.name);
}

/**
 * The specifications that forbid a waiver: those Appendix A labels Required. A standard whose
 * implementation specifications are in the catalogue is graded through them (164.306(d)), labelled
 * Standard, and does not forbid one by itself; a standard with none (164.312(b), (d)) is Required.
 * The label and this rule are one decision (`requirementOf`), so a report never shows a waiver
 * accepted against a Required label.
 */
export function requiredCitations(finding: Pick<Finding, 'safeguards'>, catalogue: readonly CatalogueEntry[]): string[] {
  const byId = new Map(catalogue.map((s) => [s.id, s]));
  return finding.safeguards.filter((id) => {
    const s = byId.get(id);
    return s !== undefined && requirementOf(s) === 'Required';
  });
}

export interface ApplyWaiversOptions {
  /** The scan date, YYYY-MM-DD (UTC): a waiver is in force through its expiry date. */
  asOf: string;
  catalogue: readonly CatalogueEntry[];
  /** Every check id safeguard knows (any profile): a waiver naming another id is a typo. */
  knownChecks: ReadonlySet<string>;
}

/** Apply waivers to findings: returns new findings (waived ones carry `waiver`) and the report. */
export function applyWaivers(findings: readonly Finding[], set: WaiverSet | undefined, options: ApplyWaiversOptions): { findings: Finding[]; report: WaiverReport } {
  if (!set) return { findings: [...findings], report: emptyWaiverReport(options.asOf) };
  const out = findings.map((f) => ({ ...f }));
  const outcomes: WaiverOutcome[] = [];
  for (const w of set.waivers) {
    const problems: string[] = [];
    if (!w.rationale) problems.push('It gives no rationale: 164.306(d)(3) asks for the reason the specification is not implemented as written.');
    if (!w.compensatingControl) problems.push('It names no compensating control: 164.306(d)(3) asks for the equivalent alternative measure.');
    if (!options.knownChecks.has(w.check)) problems.push(`No check is called ${w.check} (see safeguard checks).`);
    if (w.approved > w.expires) problems.push(`It was approved (${w.approved}) after it expires (${w.expires}).`);
    if (w.approved > options.asOf) problems.push(`Its approval date (${w.approved}) is after the scan (${options.asOf}).`);
    const intrinsic = problems.length > 0;
    const expired = w.expires < options.asOf;
    if (expired && !intrinsic) problems.push(`It expired on ${w.expires}; the failures it covered count as failures again until it is renewed.`);

    const matched: string[] = [];
    const waived: string[] = [];
    const refusedBy = new Map<string, number>();
    const earlier = new Set<string>();
    for (const f of out) {
      if (!waiverMatches(w, f)) continue;
      // A failure an earlier waiver already accepted: this one is redundant for it.
      if (f.status === 'waived' && f.waiver) {
        earlier.add(f.waiver.id);
        continue;
      }
      if (f.status !== 'fail') continue;
      matched.push(f.fingerprint);
      if (intrinsic || expired) continue;
      const required = requiredCitations(f, options.catalogue);
      if (required.length) {
        const key = required.join(', ');
        refusedBy.set(key, (refusedBy.get(key) ?? 0) + 1);
        continue;
      }
      f.status = 'waived';
      f.waiver = {
        id: w.id,
        rationale: w.rationale!,
        compensatingControl: w.compensatingControl!,
        approver: w.approver,
        approved: w.approved,
        expires: w.expires,
        file: set.file,
        line: w.line,
      };
      waived.push(f.fingerprint);
    }
    for (const [citations, n] of refusedBy) {
      const many = citations.includes(',');
      problems.push(
        `Not applied to ${n} failing result${n === 1 ? '' : 's'}: the check serves ${citations}, ${many ? 'Required specifications, which' : 'a Required specification, which'} must be implemented and cannot be waived.`,
      );
    }
    if (!intrinsic && !expired && matched.length === 0) {
      problems.push(
        earlier.size
          ? `Every failure it matches is already waived by ${[...earlier].join(', ')}, earlier in the file.`
          : `It matches no failing result of this scan (check ${w.check}, resource ${w.resource}): the risk may be fixed, or the pattern is wrong.`,
      );
    }
    const status: WaiverStatus = intrinsic ? 'invalid' : expired ? 'expired' : matched.length === 0 ? 'stale' : waived.length ? 'applied' : 'invalid';
    outcomes.push({
      id: w.id,
      line: w.line,
      check: w.check,
      resource: w.resource,
      rationale: w.rationale || null,
      compensatingControl: w.compensatingControl || null,
      approver: w.approver,
      approved: w.approved,
      expires: w.expires,
      status,
      problems,
      matched,
      waived,
    });
  }
  const counts = { applied: 0, expired: 0, stale: 0, invalid: 0 };
  for (const o of outcomes) counts[o.status]++;
  return { findings: out, report: { file: set.file, asOf: options.asOf, counts, waivers: outcomes } };
}
