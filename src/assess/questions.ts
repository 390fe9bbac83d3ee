import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadMappings, type CatalogueEntry } from '../mappings/index.js';
import { mappingsDir } from '../paths.js';
import { requirementOf, type Requirement } from '../mappings/requirement.js';

/**
 * The gap questionnaire (`mappings/questions.yaml`): one plain-language question per Security Rule
 * standard or specification that no configuration check decides. Data, reviewed like a contract:
 * a question's citation must be in the catalogue and its Required/Addressable status must match.
 */

/** The policy drafts `safeguard policies` writes; a question names the ones its answer feeds. */
export const POLICY_IDS = [
  'information-security',
  'risk-management',
  'access-control',
  'encryption',
  'audit-logging',
  'contingency-backup',
  'device-media',
  'incident-response',
  'password-authentication',
  'workforce-training',
] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

const QuestionShape = z.strictObject({
  citation: z.string().min(1),
  status: z.enum(['required', 'addressable']),
  question: z.string().min(10),
  help: z.string().min(1).optional(),
  evidence: z.string().min(10),
  policies: z.array(z.enum(POLICY_IDS)).min(1),
  mayNotApply: z.string().min(1).optional(),
  reviewMonths: z.number().int().min(1).max(36).default(12),
});

const QuestionFile = z.strictObject({
  source: z.object({ title: z.string(), url: z.string(), reviewed: z.union([z.string(), z.date()]) }),
  questions: z.array(QuestionShape).min(1),
});

export interface Question extends z.infer<typeof QuestionShape> {
  /** The catalogue entry's title, standard and kind, and how Appendix A labels it. */
  title: string;
  requirement: Requirement;
  standard: string;
  kind: CatalogueEntry['kind'];
  section: CatalogueEntry['section'];
}

const cached = new Map<string, Question[]>();

/**
 * The questions, in the file's order (citation order), checked against the catalogue. A mistake is
 * a packaging bug, so it throws. `dir` is a mappings folder (tests); the packaged one by default.
 */
export function loadQuestions(dir: string = mappingsDir): Question[] {
  const hit = cached.get(dir);
  if (hit) return hit;
  const file = join(dir, 'questions.yaml');
  const parsed = QuestionFile.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  // The catalogue in force (the default profile) holds the statuses the questions state.
  const catalogue = new Map(loadMappings({ dir }).safeguards.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const questions = parsed.data.questions.map((q): Question => {
    const entry = catalogue.get(q.citation);
    if (!entry) throw new Error(`${file}: ${q.citation} is not in mappings/safeguards.yaml`);
    if (seen.has(q.citation)) throw new Error(`${file}: ${q.citation} has two questions`);
    seen.add(q.citation);
    if (entry.status !== q.status) throw new Error(`${file}: ${q.citation} is ${entry.status} in the catalogue, but the question says ${q.status}`);
    if (q.mayNotApply && q.status === 'addressable') throw new Error(`${file}: ${q.citation}: mayNotApply is for Required items; an Addressable one records a decision instead`);
    return { ...q, title: entry.title, standard: entry.standard, kind: entry.kind, section: entry.section, requirement: requirementOf(entry) };
  });
  cached.set(dir, questions);
  return questions;
}

/** The answers a question accepts: Addressable ones record a decision (164.306(d)(3)). */
export function answersFor(q: Pick<Question, 'status' | 'mayNotApply'>): Answer[] {
  const base: Answer[] = ['implemented', 'partial', 'not-implemented'];
  if (q.status === 'addressable') base.push('alternative', 'not-reasonable');
  if (q.mayNotApply) base.push('not-applicable');
  return base;
}

export const ANSWERS = ['implemented', 'partial', 'not-implemented', 'alternative', 'not-reasonable', 'not-applicable'] as const;
export type Answer = (typeof ANSWERS)[number];

/** What an answer means for the specification: met, a gap, or (where the rule allows) not applicable. */
export type AnswerResult = 'met' | 'gap' | 'not_applicable';

export function resultOf(answer: Answer): AnswerResult {
  switch (answer) {
    case 'implemented':
    case 'alternative':
    case 'not-reasonable':
      return 'met';
    case 'not-applicable':
      return 'not_applicable';
    default:
      return 'gap';
  }
}

/** One line per answer, as the questionnaire and the reports word it. */
export const ANSWER_LABEL: Record<Answer, string> = {
  implemented: 'Implemented',
  partial: 'Partly implemented (a gap)',
  'not-implemented': 'Not implemented (a gap)',
  alternative: 'An equivalent alternative measure is implemented instead',
  'not-reasonable': 'Not reasonable and appropriate here (documented why)',
  'not-applicable': 'Not applicable',
};
