import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { intro, isCancel, log, outro, select, text } from '@clack/prompts';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { InputError } from '../import/input-error.js';
import { decodeUtf8File } from '../import/text.js';
import { parseAttestations, sha256File, type AnswerEntry, type Attestation } from './attestations.js';
import { addMonths, isDay } from './dates.js';
import { ANSWER_LABEL, answersFor, type Answer, type Question } from './questions.js';

/**
 * `safeguard assess` in a terminal: the questions one at a time, answers chosen with the arrow
 * keys, each answer saved to the attestation file as soon as it is given (so a session can stop
 * at any point and resume where it left off), with the progress shown as "14 of 46".
 */

export interface QuestionnaireOptions {
  /** The attestation file to read and update. */
  file: string;
  questions: readonly Question[];
  /** Today, YYYY-MM-DD: the date answers are recorded on, and expiry is judged on. */
  today: string;
  /** Ask every question, not only the unanswered and expired ones. */
  all?: boolean;
  /** The terminal; process.stdin/stdout by default. Tests pass streams. */
  input?: Readable;
  output?: Writable;
}

export interface QuestionnaireResult {
  /** Answers saved in this session. */
  saved: number;
  /** Questions still unanswered or expired when the session ended. */
  remaining: number;
  /** The session ended early (Ctrl+C or "stop"). */
  stopped: boolean;
}

const STOP = '__stop__';
const SKIP = '__skip__';

export async function runQuestionnaire(o: QuestionnaireOptions): Promise<QuestionnaireResult> {
  const io = { ...(o.input ? { input: o.input } : {}), ...(o.output ? { output: o.output } : {}) };
  let source = existsSync(o.file) ? await readText(o.file) : NEW_FILE;
  // A bad file is refused before the first question, like everywhere else (exit 2).
  let answers = parseAttestations(source, o.file, o.questions).answers;
  const byCitation = () => new Map(answers.map((a) => [a.citation, a]));
  const due = (q: Question) => {
    const a = byCitation().get(q.citation);
    return !a || a.nextReview < o.today;
  };
  const pending = o.questions.filter((q) => o.all || due(q));
  const answered = o.questions.length - o.questions.filter(due).length;
  intro(`HIPAA Security Rule gap questionnaire: ${o.questions.length} questions, ${answered} answered, ${o.questions.filter(due).length} to go`, io);
  log.info(`Each answer is saved to ${o.file} as soon as you give it; stop with Ctrl+C and run safeguard assess again to resume.`, io);
  if (pending.length === 0) {
    outro('Every question has a current answer. Run with --all to review them.', io);
    return { saved: 0, remaining: 0, stopped: false };
  }

  const lastBy = [...answers].sort((a, b) => (a.answeredOn < b.answeredOn ? 1 : -1))[0]?.answeredBy;
  const who = await text({ message: 'Who is answering? (name and role; recorded with each answer)', ...(lastBy ? { initialValue: lastBy } : {}), validate: (v) => (v && v.trim() ? undefined : 'A name is needed: each answer records who gave it.'), ...io });
  if (isCancel(who)) return stop(0);

  let saved = 0;
  for (const q of pending) {
    const position = o.questions.indexOf(q) + 1;
    const existing = byCitation().get(q.citation);
    const entry = await ask(q, position, o.questions.length, existing, who.trim(), o, io);
    if (entry === STOP) return stop(saved);
    if (entry === SKIP) continue;
    source = upsertAnswer(source, entry, o.questions);
    await writeAtomically(o.file, source);
    answers = parseAttestations(source, o.file, o.questions).answers;
    saved++;
  }
  const remaining = o.questions.filter(due).length;
  outro(`Saved ${saved} answer${saved === 1 ? '' : 's'} to ${o.file}; ${remaining} question${remaining === 1 ? '' : 's'} still unanswered or due for review. Join them to a scan with: safeguard scan --attestations ${o.file}`, io);
  return { saved, remaining, stopped: false };

  function stop(n: number): QuestionnaireResult {
    const remaining = o.questions.filter(due).length;
    outro(`Stopped. ${n} answer${n === 1 ? '' : 's'} saved to ${o.file}; ${remaining} to go. Run safeguard assess again to resume.`, io);
    return { saved: n, remaining, stopped: true };
  }
}

type Io = { input?: Readable; output?: Writable };

/** One question: the answer, then what that answer needs (the decision, the evidence, the review date). */
async function ask(q: Question, position: number, total: number, existing: Attestation | undefined, who: string, o: QuestionnaireOptions, io: Io): Promise<AnswerEntry | typeof STOP | typeof SKIP> {
  const lines = [`${position} of ${total} · ${q.citation} ${q.title} (${q.requirement})`, q.question];
  if (q.help) lines.push(`(${q.help})`);
  if (existing) lines.push(`Current answer: ${ANSWER_LABEL[existing.answer]}, by ${existing.answeredBy} on ${existing.answeredOn}, review due ${existing.nextReview}.`);
  const options = [
    ...answersFor(q).map((a) => ({ value: a as string, label: ANSWER_LABEL[a], ...(a === 'not-applicable' && q.mayNotApply ? { hint: `only if ${q.mayNotApply}` } : {}) })),
    { value: SKIP, label: 'Skip for now', hint: 'stays unanswered (manual)' },
    { value: STOP, label: 'Save and stop', hint: 'resume later with safeguard assess' },
  ];
  const choice = await select({ message: lines.join('\n'), options, ...(existing ? { initialValue: existing.answer as string } : {}), ...io });
  if (isCancel(choice) || choice === STOP) return STOP;
  if (choice === SKIP) return SKIP;
  const answer = choice as Answer;
  const entry: AnswerEntry = { citation: q.citation, answer, answeredBy: who, answeredOn: o.today, nextReview: '', evidence: [] };

  const required = (what: string) => (v: string | undefined) => (v && v.trim() ? undefined : `${what} is needed for this answer.`);
  if (answer === 'alternative') {
    const alt = await text({ message: 'Which equivalent alternative measure is implemented instead?', ...(existing?.alternative ? { initialValue: existing.alternative } : {}), validate: required('The alternative measure'), ...io });
    if (isCancel(alt)) return STOP;
    entry.alternative = alt.trim();
    const why = await text({ message: 'Why is the specification not implemented as written? (optional)', ...(existing?.reason ? { initialValue: existing.reason } : {}), ...io });
    if (isCancel(why)) return STOP;
    if (why?.trim()) entry.reason = why.trim();
  } else if (answer === 'not-reasonable') {
    const why = await text({ message: 'Why is it not reasonable and appropriate here?', ...(existing?.reason ? { initialValue: existing.reason } : {}), validate: required('The reason'), ...io });
    if (isCancel(why)) return STOP;
    entry.reason = why.trim();
    const alt = await text({ message: 'Equivalent alternative measure, if any (blank for none)', ...(existing?.alternative ? { initialValue: existing.alternative } : {}), ...io });
    if (isCancel(alt)) return STOP;
    if (alt?.trim()) entry.alternative = alt.trim();
  } else if (answer === 'not-applicable') {
    const why = await text({ message: 'Why does it not apply?', initialValue: existing?.reason ?? sentence(q.mayNotApply ?? ''), validate: required('The reason'), ...io });
    if (isCancel(why)) return STOP;
    entry.reason = why.trim();
  }
  const notes = await text({ message: 'What is in place, in a sentence (optional; feeds the policy drafts)', ...(existing?.notes ? { initialValue: existing.notes } : {}), ...io });
  if (isCancel(notes)) return STOP;
  if (notes?.trim()) entry.notes = notes.trim();

  const base = dirname(resolve(o.file));
  const current = existing?.evidence.map((e) => e.file ?? e.link ?? '').filter(Boolean).join(', ');
  const evidence = await text({
    message: `Evidence: a file or a link, comma-separated for several (blank for none). ${q.evidence}`,
    ...(current ? { initialValue: current } : {}),
    validate: (v) => {
      for (const item of splitEvidence(v ?? '')) if (!isLink(item) && !existsSync(resolve(item)) && !existsSync(resolve(base, item))) return `No such file: ${item} (a link needs its scheme, such as https://)`;
      return undefined;
    },
    ...io,
  });
  if (isCancel(evidence)) return STOP;
  for (const item of splitEvidence(evidence ?? '')) {
    if (isLink(item)) {
      const kept = existing?.evidence.find((e) => e.link === item);
      entry.evidence.push({ link: item, ...(kept?.sha256 ? { sha256: kept.sha256 } : {}) });
      continue;
    }
    // Paths are typed from the working directory and stored relative to the attestation file.
    const abs = existsSync(resolve(item)) ? resolve(item) : resolve(base, item);
    const stored = relative(base, abs) || item;
    entry.evidence.push({ file: isAbsolute(stored) ? abs : stored.split('\\').join('/'), sha256: await sha256File(abs) });
  }

  const suggested = existing && existing.nextReview > o.today && !o.all ? existing.nextReview : addMonths(o.today, q.reviewMonths);
  const next = await text({
    message: 'Next review date (YYYY-MM-DD)',
    initialValue: suggested,
    validate: (v) => (!v || !isDay(v.trim()) ? 'Write the date as YYYY-MM-DD.' : v.trim() <= o.today ? 'The next review must be after today.' : undefined),
    ...io,
  });
  if (isCancel(next)) return STOP;
  entry.nextReview = next.trim();
  return entry;
}

function sentence(s: string): string {
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}${s.endsWith('.') ? '' : '.'}` : '';
}

function splitEvidence(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

function isLink(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

const NEW_FILE = `# Answers to the safeguard gap questionnaire (\`safeguard assess\`): one per HIPAA Security Rule
# standard or specification that no cloud check decides. Review changes in a pull request like
# code; \`safeguard scan --attestations <this file>\` joins them to the scan's safeguard statement.
version: 1
answers: []
`;

/**
 * The file's text with one answer added or replaced, everything else (comments, other answers,
 * their order) kept. A new answer goes where its question comes in the questionnaire.
 */
export function upsertAnswer(source: string, entry: AnswerEntry, questions: readonly Question[]): string {
  const doc = parseDocument(source.trim() ? source : NEW_FILE) as Document;
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ version: 1, answers: [] }) as unknown as typeof doc.contents;
  let list = doc.get('answers', true);
  if (!isSeq(list)) {
    doc.set('answers', doc.createNode([]));
    list = doc.get('answers', true);
  }
  const seq = list as YAMLSeq;
  seq.flow = false;
  // The parser hangs a comment above the first entry on the list itself: give it back to the entry, so it moves with it.
  const head = seq.items[0];
  if (seq.commentBefore && isMap(head) && !head.commentBefore) {
    head.commentBefore = seq.commentBefore;
    seq.commentBefore = undefined;
  }
  const order = new Map(questions.map((q, i) => [q.citation, i]));
  const node = doc.createNode(ordered(entry)) as YAMLMap;
  const title = questions.find((q) => q.citation === entry.citation)?.title;
  if (title) node.commentBefore = ` ${entry.citation} ${title}`;
  const citationOf = (item: unknown) => (isMap(item) ? String(item.get('citation')) : '');
  const at = seq.items.findIndex((item) => citationOf(item) === entry.citation);
  if (at >= 0) seq.items[at] = node;
  else {
    const mine = order.get(entry.citation) ?? Infinity;
    const before = seq.items.findIndex((item) => (order.get(citationOf(item)) ?? Infinity) > mine);
    if (before < 0) seq.items.push(node);
    else seq.items.splice(before, 0, node);
  }
  return doc.toString({ lineWidth: 0 });
}

/** The fields in the order a reader expects them. */
function ordered(e: AnswerEntry): Record<string, unknown> {
  return {
    citation: e.citation,
    answer: e.answer,
    ...(e.alternative ? { alternative: e.alternative } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.notes ? { notes: e.notes } : {}),
    answeredBy: e.answeredBy,
    answeredOn: e.answeredOn,
    nextReview: e.nextReview,
    ...(e.evidence.length ? { evidence: e.evidence.map((x) => ({ ...(x.file ? { file: x.file } : { link: x.link }), ...(x.sha256 ? { sha256: x.sha256 } : {}), ...(x.description ? { description: x.description } : {}) })) } : {}),
  };
}

async function readText(file: string): Promise<string> {
  try {
    const bytes = await readFile(file);
    return bytes.length ? decodeUtf8File(bytes, file) : '';
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, undefined, `cannot read the attestation file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Written whole or not at all: a session stopped mid-write never leaves half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = resolve(dirname(resolve(file)), `.${file.split(/[\\/]/).pop()}.${process.pid}.tmp`);
  await writeFile(temp, text);
  await rename(temp, file);
}
