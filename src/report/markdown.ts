import { PROVIDERS, type Counts } from '../engine/coverage.js';
import type { WaiverOutcome } from '../engine/waivers.js';
import type { BundleScope } from '../evidence/scope.js';
import type { ResultRef, SafeguardSection, SafeguardsDocument } from '../evidence/safeguards.js';
import type { Provider } from '../inventory/resource.js';
import { attestationMarkdown, attestedCloudCell, attestedOutcome } from '../assess/markdown.js';
import { baaRegisterMarkdown } from '../baa/markdown.js';
import { md } from './escape.js';
import { requirementAbbr } from '../mappings/requirement.js';

const CLOUD: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };
const OUTCOME: Record<SafeguardSection['outcome'], string> = {
  fail: 'FAIL: at least one resource fails a check',
  error: 'UNDECIDED: a check could not read what it needs (unknown is not compliant)',
  pass: 'PASS: every graded resource passes (or its failure is waived)',
  partial: 'PARTIAL: every graded resource passes, but part of it is not graded: a cloud this scan read has no check for it (see below), or its BAA register checks did not run (no register in safeguard.yaml); a person attests the rest',
  not_assessed: 'NOT ASSESSED: checks exist, but the scan held nothing they grade',
  manual: 'MANUAL: no automated check; a person attaches the evidence below',
};
const MAX_ROWS = 200;

/** `safeguards.md`: the safeguard-by-safeguard account an auditor files. */
export function renderSafeguardsMarkdown(doc: SafeguardsDocument, scope: Pick<BundleScope, 'accounts' | 'subscriptions' | 'projects' | 'regions'>): string {
  const out: string[] = [];
  const s = doc.summary;
  out.push(`# HIPAA Security Rule safeguards: scan of ${doc.scan.startedAt.slice(0, 10)}`, '');
  out.push(`Produced by ${doc.tool.name} ${doc.tool.version} (profile \`${doc.scan.profile}\`), scan started ${doc.scan.startedAt} and finished ${doc.scan.finishedAt}.`, '');
  out.push('| Scope | |', '|---|---|');
  out.push(`| AWS accounts | ${list(scope.accounts)} |`);
  out.push(`| Azure subscriptions | ${list(scope.subscriptions)} |`);
  out.push(`| GCP projects | ${list(scope.projects)} |`);
  out.push(`| Regions | ${list(scope.regions)} |`);
  out.push(`| Inputs | ${doc.scan.inputs.map((i) => `${code(i.file)} (${i.format}, ${i.records} record${i.records === 1 ? '' : 's'})`).join('<br>') || 'none'} |`);
  out.push(`| Resources | ${s.resources} (AWS ${s.resourcesByProvider.aws}, Azure ${s.resourcesByProvider.azure}, GCP ${s.resourcesByProvider.gcp}); ${s.assessed} graded by a check of their type |`);
  out.push(`| Results | ${s.byStatus.pass} pass, ${s.byStatus.fail} fail, ${s.byStatus.error} undecided, ${s.byStatus.waived} waived, ${s.byStatus.not_applicable} not applicable |`);
  out.push(`| Gate | ${esc(doc.gate.policy)}${doc.gate.failOnError ? ' (+ fail on error)' : ''}: **${doc.gate.passed ? 'PASSED' : 'FAILED'}**, ${esc(doc.gate.reason)} |`);
  out.push('');
  out.push('## How to read this', '');
  out.push('Each section below is one implementation specification (or standard) of 45 CFR 164.308, 164.310 and 164.312. ' +
    '**Required** specifications must be implemented. **Addressable** ones (164.306(d)(3)) must be implemented where reasonable and appropriate; ' +
    'otherwise the organization documents why and implements an equivalent alternative. A waiver in this scan is such a documented decision: ' +
    'it turns a failure into `waived` only when it gives a rationale and a compensating control, has not expired, and no specification the check serves is Required.', '');
  out.push('Counts are check results, one per check and resource: `pass`, `fail`, `error` (the check could not decide; never counted as a pass), `waived`, and `n/a`. ' +
    'Where no automated check covers a specification on a cloud, the section says what a person must attach instead.', '');
  out.push('## Summary', '');
  out.push('| Specification | Title | R/A | Outcome | AWS | Azure | GCP |', '|---|---|---|---|---|---|---|');
  for (const sec of doc.safeguards) {
    out.push(`| [${sec.id}](#${anchor(sec)}) | ${esc(sec.title)} | ${requirementAbbr(sec.requirement)} | ${sec.outcome.replace('_', ' ')} | ${PROVIDERS.map((p) => cell(sec, p)).join(' | ')} |`);
  }
  out.push('', 'R/A: `R` Required, `A` Addressable, `Std` a standard graded through its implementation specifications (Appendix A gives it no R or A). Cells: failed/graded check results per cloud; `ok` all graded passed; `-` nothing to grade; `manual` no check (a person attaches evidence); `attested` / `att. GAP` no check there, and the attested answer says met / a gap.', '');

  for (const sec of doc.safeguards) out.push(...section(sec));

  out.push('## Waivers', '');
  const w = doc.waivers;
  if (!w.file) {
    out.push('No waiver file was given for this scan: no failure is accepted as a documented risk.', '');
  } else {
    out.push(`Waiver file: ${code(w.file)} (copied into this bundle as \`waivers.yaml\`), judged on ${w.asOf}: ${w.counts.applied} applied, ${w.counts.expired} expired, ${w.counts.stale} stale, ${w.counts.invalid} invalid.`, '');
    if (w.waivers.length) {
      out.push('| Waiver | Line | Check | Resource | Status | Approved by | Approved | Expires | Results waived | Notes |', '|---|---|---|---|---|---|---|---|---|---|');
      for (const o of w.waivers) out.push(waiverRow(o));
      out.push('');
    }
  }
  return out.join('\n');
}

function section(sec: SafeguardSection): string[] {
  const out: string[] = [];
  out.push(`## ${sec.id} ${esc(sec.title)}`, '');
  out.push(`${sec.requirement === 'Standard' ? 'Standard, graded through its implementation specifications' : `**${sec.requirement}** ${sec.kind === 'standard' ? 'standard' : 'implementation specification'}`} · ` +
    `standard: ${esc(sec.standard)} (${sec.standardCitation}) · ${sec.section} safeguard`, '');
  out.push(`**Outcome:** ${attestedOutcome(sec) ?? OUTCOME[sec.outcome]}.`, '');
  if (sec.summary) out.push(`**What the rule asks:** ${esc(sec.summary)}`, '');
  out.push('**What was checked:**', '');
  for (const p of PROVIDERS) {
    const checks = sec.checked[p];
    out.push(`- ${CLOUD[p]}: ${checks.length ? checks.map((c) => `${code(c.id)} (${esc(c.title)})`).join('; ') : 'no automated check (manual)'}`);
  }
  out.push('');
  if (PROVIDERS.some((p) => sec.checked[p].length)) {
    out.push('| Cloud | pass | fail | error | waived | n/a |', '|---|---|---|---|---|---|');
    for (const p of PROVIDERS) {
      if (!sec.checked[p].length) continue;
      const c: Counts = sec.counts[p];
      out.push(`| ${CLOUD[p]} | ${c.pass} | ${c.fail} | ${c.error} | ${c.waived} | ${c.not_applicable} |`);
    }
    out.push('');
  }
  if (sec.failing.length) {
    out.push(`**Failing or undecided resources (${sec.failing.length}):**`, '');
    out.push(...resultTable(sec.failing), '');
  }
  if (sec.waived.length) {
    out.push(`**Waivers that apply (${sec.waived.length} result${sec.waived.length === 1 ? '' : 's'}):**`, '');
    for (const r of sec.waived.slice(0, MAX_ROWS)) {
      const w = r.waiver!;
      out.push(`- ${esc(r.resource.name)} (${CLOUD[r.resource.provider]}, ${code(r.check)}): waiver **${esc(w.id)}**, approved by ${esc(w.approver)} on ${w.approved}, expires ${w.expires}. ` +
        `Rationale: ${esc(w.rationale)} Compensating control: ${esc(w.compensatingControl)}`);
    }
    if (sec.waived.length > MAX_ROWS) out.push(`- … and ${sec.waived.length - MAX_ROWS} more in findings.csv`);
    out.push('');
  }
  if (sec.waiversNotApplied.length) {
    out.push('**Waivers on these checks that do not apply:**', '');
    for (const w of sec.waiversNotApplied) out.push(`- ${esc(w.id)} (${code(w.check)} on ${code(w.resource)}), ${w.status}: ${esc(w.problems.join(' '))}`);
    out.push('');
  }
  if (sec.decisionNeeded) {
    out.push('**Decision needed:** this Addressable specification has failures that no waiver covers. Per 164.306(d)(3), either implement it on those resources, ' +
      'or document why it is not reasonable and appropriate and the equivalent alternative measure (a waiver records that decision).', '');
  }
  if (sec.attestation) out.push(...attestationMarkdown(sec.attestation));
  if (sec.baaRegister) out.push(...baaRegisterMarkdown(sec.baaRegister));
  // An attested answer that counts is the evidence; the line stays for specifications still manual.
  if (sec.manualOn.length && sec.attestation?.state !== 'answered') {
    const where = sec.manualOn.length === PROVIDERS.length ? 'No automated check covers this specification.' : `No automated check covers this specification on ${sec.manualOn.map((p) => CLOUD[p]).join(' and ')}.`;
    out.push(`**Evidence a person must attach:** ${where} ${esc(sec.evidence)}`, '');
  }
  return out;
}

function resultTable(rows: ResultRef[]): string[] {
  const out = ['| Status | Severity | Resource | Cloud | Account | Region | Check | Why |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows.slice(0, MAX_ROWS)) {
    out.push(`| ${r.status === 'error' ? 'undecided' : r.status} | ${r.severity}${r.ephi ? ' (ePHI)' : ''} | ${esc(r.resource.name)} | ${CLOUD[r.resource.provider]} | ${esc(r.resource.account ?? '')} | ${esc(r.resource.region ?? '')} | ${code(r.check)} | ${esc(r.reason)} |`);
  }
  if (rows.length > MAX_ROWS) out.push(`| … | | ${rows.length - MAX_ROWS} more in findings.csv | | | | | |`);
  return out;
}

function waiverRow(o: WaiverOutcome): string {
  return `| ${esc(o.id)} | ${o.line} | ${code(o.check)} | ${code(o.resource)} | **${o.status}** | ${esc(o.approver)} | ${o.approved} | ${o.expires} | ${o.waived.length} | ` +
    `${esc([o.rationale ? `Rationale: ${o.rationale}` : '', o.compensatingControl ? `Compensating control: ${o.compensatingControl}` : '', ...o.problems].filter(Boolean).join(' '))} |`;
}

function cell(sec: SafeguardSection, p: Provider): string {
  // No check on this cloud: the attested answer stands there, as on the console and in report.html.
  if (!sec.checked[p].length) return sec.attestation ? attestedCloudCell(sec.attestation) : 'manual';
  const c = sec.counts[p];
  const graded = c.pass + c.fail + c.error + c.waived;
  if (graded === 0) return '-';
  if (c.fail === 0 && c.error === 0) return c.waived ? `ok (${c.waived} waived)` : 'ok';
  return `${c.fail}/${graded}${c.error ? ` (${c.error} undecided)` : ''}`;
}

/** GitHub-style heading anchors: lower case, spaces to `-`, punctuation dropped. */
function anchor(sec: SafeguardSection): string {
  return `${sec.id} ${sec.title}`.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function list(items: string[]): string {
  return items.length ? items.map(code).join(', ') : 'none';
}

/** Text from the estate (names, reasons) must not become Markdown or HTML. */
export const esc = md;

function code(text: string): string {
  // Inside a code span nothing is interpreted but `|` (tables) and backticks.
  const t = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '`` ' : '`';
  return `${fence}${t}${fence === '`` ' ? ' ``' : '`'}`;
}
