import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../import/input-error.js';
import { decodeUtf8File } from '../import/text.js';
import { isoDate } from './dates.js';
import { ANSWERS, answersFor, resultOf, type Answer, type AnswerResult, type Question } from './questions.js';
import { entryLines, issueMessage, lineOf, parseYaml, yamlValue } from '../config/yaml-place.js';

/**
 * `safeguard.attestations.yaml`: the answers to the gap questionnaire, which a team edits and
 * reviews in a pull request like any other file. Each answer says who answered, when, what, the
 * evidence (a file, with its SHA-256, or a link), and when it must be reviewed again. For an
 * Addressable specification the answer is the decision 164.306(d)(3) asks to be written down.
 */

const text = z.string().trim().min(1, 'must not be empty');
const sha256 = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256: 64 hexadecimal characters');

export const EVIDENCE_FIELDS = ['file', 'link', 'sha256', 'description'] as const;
export const ANSWER_FIELDS = ['citation', 'answer', 'alternative', 'reason', 'notes', 'answeredBy', 'answeredOn', 'nextReview', 'evidence'] as const;

const EvidenceEntry = z
  .strictObject({
    /** A file, relative to the attestation file; its SHA-256 is recorded and checked. */
    file: text.optional(),
    /** A link (a document system, a ticket); its SHA-256 is recorded when given, never fetched. */
    link: text.optional(),
    sha256: sha256.optional(),
    description: text.optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.file === !e.link) ctx.addIssue({ code: 'custom', message: 'give either file (a path) or link (a URL), not both and not neither' });
  });

export const AnswerEntry = z.strictObject({
  /** The specification, as `safeguard assess` and mappings/questions.yaml name it. */
  citation: text,
  answer: z.enum(ANSWERS),
  /** For `alternative` (and optionally `not-reasonable`): the equivalent alternative measure. */
  alternative: text.optional(),
  /** For `not-reasonable` and `not-applicable`: why. */
  reason: text.optional(),
  notes: text.optional(),
  answeredBy: text,
  answeredOn: isoDate,
  nextReview: isoDate,
  evidence: z.preprocess((v) => (v && typeof v === 'object' && !Array.isArray(v) ? [v] : v), z.array(EvidenceEntry)).default([]),
});

export const AttestationFileShape = z.strictObject({
  version: z.literal(1).optional(),
  organization: text.optional(),
  answers: z.array(AnswerEntry).nullable().default([]),
});

export type AnswerEntry = z.infer<typeof AnswerEntry>;
export type EvidenceEntry = z.infer<typeof EvidenceEntry>;

/** An answer as read, with the line of its entry (1-based). */
export interface Attestation extends AnswerEntry {
  line: number;
}

export interface AttestationSet {
  /** The file as given. */
  file: string;
  /** Its bytes, copied into the evidence bundle as they were. */
  bytes: Buffer;
  organization?: string;
  answers: Attestation[];
}

/** Read and validate an attestation file; any mistake is an `InputError` naming the file and line. */
export async function loadAttestations(file: string, questions: readonly Question[]): Promise<AttestationSet> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(file, undefined, info.isDirectory() ? 'is a folder, not an attestation file' : 'not a regular file, not an attestation file');
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, undefined, code === 'ENOENT' ? 'no such attestation file (safeguard assess writes one)' : `cannot read the attestation file (${code ?? 'error'})`);
  }
  const source = bytes.length ? decodeUtf8File(bytes, file) : '';
  const parsed = parseAttestations(source, file, questions);
  return { file, bytes, ...parsed };
}

/** Parse and validate attestation YAML against the questions. Exported for tests and `assess`. */
export function parseAttestations(source: string, file: string, questions: readonly Question[]): { organization?: string; answers: Attestation[] } {
  const { doc, lc } = parseYaml(source, file);
  const value = yamlValue(doc, file);
  // A file with nothing but comments is a questionnaire not started yet.
  if (value === null || value === undefined) return { answers: [] };
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(file, 'line 1', 'expected a map with "answers:" and a list of answers');
  const at = (path: (string | number)[]) => {
    const line = lineOf(doc, path, lc);
    return line ? `line ${line}` : undefined;
  };
  const result = AttestationFileShape.safeParse(value);
  if (!result.success) {
    const { path, message } = issueMessage(result.error.issues[0]!, (p) =>
      p.length === 0 ? ['version', 'organization', 'answers'] : p.includes('evidence') ? EVIDENCE_FIELDS : ANSWER_FIELDS,
    value);
    throw new InputError(file, at(path), message);
  }
  const byCitation = new Map(questions.map((q) => [q.citation, q]));
  const entries = entryLines(doc, 'answers', lc);
  const seen = new Map<string, number>();
  const answers: Attestation[] = (result.data.answers ?? []).map((a, i) => {
    const here = (field?: string) => at(field ? ['answers', i, field] : ['answers', i]);
    const q = byCitation.get(a.citation);
    if (!q) {
      const near = questions.find((x) => x.citation.replace(/\s/g, '').toLowerCase() === a.citation.replace(/\s/g, '').toLowerCase());
      throw new InputError(file, here('citation'), `answers[${i}].citation: no question for ${JSON.stringify(a.citation)}${near ? ` (did you mean ${near.citation}?)` : ' (safeguard assess --list shows them)'}`);
    }
    const before = seen.get(a.citation);
    if (before !== undefined) throw new InputError(file, here('citation'), `answers[${i}]: ${a.citation} is answered twice (first in answers[${before}])`);
    seen.set(a.citation, i);
    const allowed = answersFor(q);
    if (!allowed.includes(a.answer)) {
      const why = q.status === 'required' && (a.answer === 'alternative' || a.answer === 'not-reasonable')
        ? `${q.citation} is Required, so it must be implemented; an alternative or a "not reasonable" decision applies only to Addressable specifications`
        : `${q.citation} cannot be "not applicable": every covered entity must meet it`;
      throw new InputError(file, here('answer'), `answers[${i}].answer: ${why} (answer ${allowed.join(', ')})`);
    }
    if (a.answer === 'alternative' && !a.alternative) throw new InputError(file, here(), `answers[${i}]: answer "alternative" needs alternative: the equivalent measure implemented instead (164.306(d)(3)(ii)(B))`);
    if (a.answer === 'not-reasonable' && !a.reason) throw new InputError(file, here(), `answers[${i}]: answer "not-reasonable" needs reason: why ${q.citation} is not reasonable and appropriate here (164.306(d)(3)(ii)(B)(1))`);
    if (a.answer === 'not-applicable' && !a.reason) throw new InputError(file, here(), `answers[${i}]: answer "not-applicable" needs reason (it applies unless ${q.mayNotApply})`);
    if (a.alternative && a.answer !== 'alternative' && a.answer !== 'not-reasonable') throw new InputError(file, here('alternative'), `answers[${i}].alternative: only an "alternative" or "not-reasonable" answer names an alternative measure`);
    if (a.nextReview <= a.answeredOn) throw new InputError(file, here('nextReview'), `answers[${i}].nextReview: ${a.nextReview} is not after answeredOn (${a.answeredOn})`);
    return { ...a, line: entries[i] ?? 1 };
  });
  return { ...(result.data.organization ? { organization: result.data.organization } : {}), answers };
}

// ── Judging answers on a date ─────────────────────────────────────────────────────────────────

/**
 * Where a specification's answer stands on the scan date: `answered` (it counts), `expired` (past
 * its next review), `unverified` (its evidence file is missing or changed, or it is dated after
 * the scan) or `unanswered`. Only `answered` counts; the rest fall back to `manual`.
 */
export type AttestationState = 'answered' | 'expired' | 'unverified' | 'unanswered';

export interface EvidenceCheck {
  file?: string;
  link?: string;
  description?: string;
  /** The SHA-256 of the file now (files), or as recorded (links). */
  sha256: string | null;
  /** The SHA-256 the attestation records, if any. */
  recorded: string | null;
  /** Files: the bytes match the recorded hash (`null`: none was recorded). Links: `null`, never fetched. */
  verified: boolean | null;
  problem?: string;
}

/** The `attestation` block of a specification in the safeguard statement. */
export interface SafeguardAttestation {
  question: string;
  /** What evidence answers the question. */
  evidenceWanted: string;
  state: AttestationState;
  /** What the answer means when it counts: met, a gap, or not applicable. */
  result: AnswerResult | null;
  answer: Answer | null;
  alternative?: string;
  reason?: string;
  notes?: string;
  answeredBy: string | null;
  answeredOn: string | null;
  nextReview: string | null;
  evidence: EvidenceCheck[];
  /** Why an answer does not count (expired, unverified), one sentence each. */
  problems: string[];
  /** Where the answer is written. */
  source: { file: string; line: number } | null;
}

export interface AttestationReport {
  /** The attestation file as given. */
  file: string;
  /** The date answers are judged on (the scan's start, UTC). */
  asOf: string;
  questions: number;
  counts: Record<AttestationState, number>;
  /** Answers that count, by what they mean. */
  results: Record<AnswerResult, number>;
  /** Answers that fall back to `manual`, and why. */
  attention: { citation: string; state: AttestationState; problems: string[] }[];
}

export interface AttestationJudgement {
  /** Per question citation. */
  byCitation: Map<string, SafeguardAttestation>;
  report: AttestationReport;
}

/** Judge every question's answer on `asOf` (YYYY-MM-DD): expiry, evidence hashes, dates. */
export async function judgeAttestations(set: Pick<AttestationSet, 'file' | 'answers'>, questions: readonly Question[], asOf: string): Promise<AttestationJudgement> {
  const base = dirname(resolve(set.file));
  const answers = new Map(set.answers.map((a) => [a.citation, a]));
  const byCitation = new Map<string, SafeguardAttestation>();
  const counts: Record<AttestationState, number> = { answered: 0, expired: 0, unverified: 0, unanswered: 0 };
  const results: Record<AnswerResult, number> = { met: 0, gap: 0, not_applicable: 0 };
  const attention: AttestationReport['attention'] = [];
  for (const q of questions) {
    const a = answers.get(q.citation);
    const block: SafeguardAttestation = a
      ? await judgeOne(a, q, asOf, set.file, base)
      : { question: q.question, evidenceWanted: q.evidence, state: 'unanswered', result: null, answer: null, answeredBy: null, answeredOn: null, nextReview: null, evidence: [], problems: [], source: null };
    byCitation.set(q.citation, block);
    counts[block.state]++;
    if (block.state === 'answered' && block.result) results[block.result]++;
    if (block.state === 'expired' || block.state === 'unverified') attention.push({ citation: q.citation, state: block.state, problems: block.problems });
  }
  return { byCitation, report: { file: set.file, asOf, questions: questions.length, counts, results, attention } };
}

async function judgeOne(a: Attestation, q: Question, asOf: string, file: string, base: string): Promise<SafeguardAttestation> {
  const problems: string[] = [];
  const evidence: EvidenceCheck[] = [];
  for (const e of a.evidence) {
    const check = e.file ? await checkFile(e, base) : { link: e.link!, sha256: e.sha256 ?? null, recorded: e.sha256 ?? null, verified: null };
    if (e.description) Object.assign(check, { description: e.description });
    if (check.problem) problems.push(check.problem);
    evidence.push(check);
  }
  let state: AttestationState = problems.length ? 'unverified' : 'answered';
  if (a.answeredOn > asOf) {
    problems.push(`It is dated ${a.answeredOn}, after the scan (${asOf}).`);
    state = 'unverified';
  }
  if (a.nextReview < asOf) {
    problems.unshift(`Its next review was due on ${a.nextReview}; it counts as manual until someone reviews it (safeguard assess).`);
    state = 'expired';
  }
  return {
    question: q.question,
    evidenceWanted: q.evidence,
    state,
    result: state === 'answered' ? resultOf(a.answer) : null,
    answer: a.answer,
    ...(a.alternative ? { alternative: a.alternative } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.notes ? { notes: a.notes } : {}),
    answeredBy: a.answeredBy,
    answeredOn: a.answeredOn,
    nextReview: a.nextReview,
    evidence,
    problems,
    source: { file, line: a.line },
  };
}

async function checkFile(e: EvidenceEntry, base: string): Promise<EvidenceCheck> {
  const path = isAbsolute(e.file!) ? e.file! : resolve(base, e.file!);
  const recorded = e.sha256 ?? null;
  let now: string;
  try {
    now = await sha256File(path);
  } catch {
    return { file: e.file!, sha256: null, recorded, verified: recorded ? false : null, problem: `Evidence file ${e.file} is missing or unreadable.` };
  }
  if (recorded && recorded !== now) {
    return { file: e.file!, sha256: now, recorded, verified: false, problem: `Evidence file ${e.file} changed after it was attested (SHA-256 now ${now.slice(0, 12)}…, recorded ${recorded.slice(0, 12)}…).` };
  }
  return { file: e.file!, sha256: now, recorded, verified: recorded ? true : null };
}

export async function sha256File(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error('not a file');
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
