import { esc } from '../report/markdown.js';
import type { AttestationReport, SafeguardAttestation } from './attestations.js';
import { ANSWER_LABEL } from './questions.js';

/** The attested answer of one specification, for its section of safeguards.md. */
export function attestationMarkdown(a: SafeguardAttestation): string[] {
  const out: string[] = [];
  if (a.state === 'unanswered' || !a.answer) {
    out.push(`**Attested answer:** none yet (\`manual\`). Answer it with \`safeguard assess\`: ${esc(a.question)} Evidence that answers it: ${esc(a.evidenceWanted)}`, '');
    return out;
  }
  const where = a.source ? ` (${code(a.source.file)}, line ${a.source.line})` : '';
  const counts = a.state === 'answered' ? '' : ` It does not count (${a.state === 'expired' ? 'expired' : 'unverified'}), so the specification falls back to \`manual\`.`;
  out.push(`**Attested answer${where}:** ${ANSWER_LABEL[a.answer]}, answered by ${esc(a.answeredBy ?? '')} on ${a.answeredOn}, next review ${a.nextReview}.${counts}`, '');
  if (a.answer === 'alternative') out.push(`- Decision (164.306(d)(3)): an equivalent alternative measure is implemented instead: ${esc(a.alternative ?? '')}${a.reason ? ` Why: ${esc(a.reason)}` : ''}`);
  if (a.answer === 'not-reasonable') out.push(`- Decision (164.306(d)(3)): not reasonable and appropriate here: ${esc(a.reason ?? '')}${a.alternative ? ` Alternative measure: ${esc(a.alternative)}` : ' No alternative measure.'}`);
  if (a.answer === 'not-applicable') out.push(`- Not applicable: ${esc(a.reason ?? '')}`);
  if (a.notes) out.push(`- Notes: ${esc(a.notes)}`);
  if (a.evidence.length) {
    for (const e of a.evidence) {
      const name = e.file ? code(e.file) : esc(e.link ?? '');
      const hash = e.sha256 ? `SHA-256 ${code(e.sha256)}` : 'no SHA-256 recorded';
      const state = e.file ? (e.problem ? `**${esc(e.problem)}**` : e.verified ? 'matches the recorded hash' : 'hash computed now (none recorded)') : 'a link, not fetched';
      out.push(`- Evidence: ${name}${e.description ? ` (${esc(e.description)})` : ''}: ${hash}, ${state}`);
    }
  } else out.push(`- Evidence: none attached. What would answer it: ${esc(a.evidenceWanted)}`);
  for (const p of a.problems) if (!a.evidence.some((e) => e.problem === p)) out.push(`- **Attention:** ${esc(p)}`);
  out.push('');
  return out;
}

/** The line under the results: how many answers count, and which fall back to manual. */
export function attestationSummaryLine(r: AttestationReport): string {
  const back = r.counts.expired + r.counts.unverified;
  return `Attestations: ${r.file}: ${r.counts.answered} of ${r.questions} answered (${r.results.met} met, ${r.results.gap} gap${r.results.gap === 1 ? '' : 's'}, ${r.results.not_applicable} n/a); ` +
    `${r.counts.unanswered} unanswered${back ? `; ${r.counts.expired} expired and ${r.counts.unverified} unverified fall back to manual` : ''}.`;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`';
}

/** The outcome line of a specification no check covers, when an attested answer decides it. */
export function attestedOutcome(sec: { outcome: string; attestation?: SafeguardAttestation; manualOn: readonly string[] }): string | undefined {
  const a = sec.attestation;
  if (!a || a.state !== 'answered' || sec.manualOn.length < 3) return undefined;
  if (a.result === 'gap') return 'FAIL (attested): the attested answer says this is not (fully) implemented';
  if (a.result === 'not_applicable') return 'PASS (attested): the attested answer says it does not apply, and why';
  return a.answer === 'implemented' ? 'PASS (attested): the attested answer says it is implemented' : 'PASS (attested): the attested answer records the decision 164.306(d)(3) asks for';
}

/** The console table's cells (three clouds, 30 columns) for a specification decided by its answer. */
export function attestedCell(a: SafeguardAttestation): string {
  if (a.state === 'answered') return a.result === 'gap' ? `attested GAP: ${a.answer === 'partial' ? 'partial' : a.answer === 'not-implemented' ? 'not in place' : a.answer}` : a.result === 'not_applicable' ? 'attested: not applicable' : `attested: ${a.answer}`;
  return a.state === 'unanswered' ? 'manual (unanswered)' : `manual (answer ${a.state})`;
}

/** One cloud's cell (10 columns) where no check covers that cloud but the specification has an answer. */
export function attestedCloudCell(a: SafeguardAttestation): string {
  if (a.state !== 'answered') return 'manual';
  return a.result === 'gap' ? 'att. GAP' : 'attested';
}
