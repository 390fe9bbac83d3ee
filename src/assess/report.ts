import { wrap80 } from '../evidence/summary.js';
import type { AttestationJudgement, SafeguardAttestation } from './attestations.js';
import type { Question } from './questions.js';
import { requirementAbbr } from '../mappings/requirement.js';

/**
 * `safeguard assess` without a terminal (or with --non-interactive): the attestation file checked
 * and judged on a date, question by question, as the gap report for the parts of the Security
 * Rule no check decides.
 */

export interface AssessRow {
  citation: string;
  title: string;
  status: Question['status'];
  /** Required, Addressable, or Standard (graded through its implementation specifications). */
  requirement: Question['requirement'];
  state: SafeguardAttestation['state'];
  answer: SafeguardAttestation['answer'];
  result: SafeguardAttestation['result'];
  answeredBy: string | null;
  answeredOn: string | null;
  nextReview: string | null;
  evidence: number;
  problems: string[];
}

export function assessRows(questions: readonly Question[], judgement: AttestationJudgement): AssessRow[] {
  return questions.map((q) => {
    const a = judgement.byCitation.get(q.citation)!;
    return {
      citation: q.citation,
      title: q.title,
      status: q.status,
      requirement: q.requirement,
      state: a.state,
      answer: a.answer,
      result: a.result,
      answeredBy: a.answeredBy,
      answeredOn: a.answeredOn,
      nextReview: a.nextReview,
      evidence: a.evidence.length,
      problems: a.problems,
    };
  });
}

export function renderAssessText(questions: readonly Question[], judgement: AttestationJudgement): string {
  const r = judgement.report;
  const rows = assessRows(questions, judgement);
  const out: string[] = [];
  out.push(wrap80(`safeguard assess: ${r.file}, judged on ${r.asOf}`));
  out.push(wrap80(`${r.questions} questions: ${r.counts.answered} answered (${r.results.met} met, ${r.results.gap} gap${r.results.gap === 1 ? '' : 's'}, ${r.results.not_applicable} not applicable), ` +
    `${r.counts.expired} expired, ${r.counts.unverified} unverified, ${r.counts.unanswered} unanswered. Only answered ones count; the rest are manual.`));
  out.push('');
  // citation 22 + title 30 + R/A 4 + state 24 = 80.
  out.push(pad('Specification', 22) + pad('Title', 30) + 'R/A Answer');
  for (const row of rows) {
    const state = row.state === 'answered'
      ? `${row.result === 'gap' ? 'GAP ' : ''}${row.answer}`
      : row.state === 'expired' ? `EXPIRED ${row.nextReview}` : row.state === 'unverified' ? 'UNVERIFIED' : '-';
    out.push((pad(row.citation, 22) + pad(truncate(row.title, 29), 30) + pad(requirementAbbr(row.requirement), 4) + state).trimEnd());
  }
  const attention = rows.filter((x) => x.problems.length);
  if (attention.length) {
    out.push('', 'Answers that do not count (they fall back to manual):');
    for (const a of attention) out.push(wrap80(`  ${a.citation}: ${a.problems.join(' ')}`));
  }
  const gaps = rows.filter((x) => x.result === 'gap');
  if (gaps.length) out.push('', wrap80(`Gaps (${gaps.length}): ${gaps.map((g) => g.citation).join(', ')}.`));
  if (r.counts.unanswered) out.push('', wrap80(`Unanswered (${r.counts.unanswered}): run safeguard assess in a terminal to answer them; answers are saved as you go.`));
  return out.join('\n') + '\n';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + ' ' : s.padEnd(n);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
