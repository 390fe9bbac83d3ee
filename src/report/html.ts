import { createHash } from 'node:crypto';
import type { CollectionReport } from '../collect/index.js';
import { SEVERITIES, type Severity } from '../engine/check.js';
import { PROVIDERS, type Counts, type SafeguardCoverage, type SafeguardOutcome } from '../engine/coverage.js';
import type { Finding, Status } from '../engine/finding.js';
import type { WaiverOutcome, WaiverStatus } from '../engine/waivers.js';
import type { Provider } from '../inventory/resource.js';
import type { ScanReport } from './scan-report.js';
import { requirementAbbr } from '../mappings/requirement.js';

/**
 * `report.html`: the scan as one self-contained page an auditor opens from a laptop with no
 * network. Everything is inline (CSS, an SVG chart, a small filter script); a Content Security
 * Policy forbids any fetch and any script but ours, so even a value that escaped our escaping
 * could not run. With scripts off the page is complete: the filter form stays hidden and every
 * result is listed.
 */

const CLOUD: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };
const ACCOUNT: Record<Provider, string> = { aws: 'account', azure: 'subscription', gcp: 'project' };

const STATUS_LABEL: Record<Status, string> = { fail: 'Fail', error: 'Undecided', waived: 'Waived', pass: 'Pass', not_applicable: 'Not applicable' };
const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'waived', 'pass', 'not_applicable'];

/** The outcomes of one specification on one cloud, as the chart shows them. */
type CloudOutcome = Exclude<SafeguardOutcome, 'manual' | 'partial'> | 'no_check';
type ChartOutcome = CloudOutcome | 'manual' | 'partial';
const CHART_ORDER: readonly ChartOutcome[] = ['fail', 'error', 'partial', 'pass', 'not_assessed', 'no_check', 'manual'];
const OUTCOME_LABEL: Record<ChartOutcome, string> = {
  fail: 'Fail',
  error: 'Undecided',
  partial: 'Partly graded (passes where checked)',
  pass: 'Pass',
  not_assessed: 'Not assessed',
  no_check: 'No check on this cloud',
  manual: 'Manual',
};
const OUTCOME_TEXT: Record<SafeguardOutcome, string> = {
  fail: 'Fail',
  error: 'Undecided',
  partial: 'Partial',
  pass: 'Pass',
  not_assessed: 'Not assessed',
  manual: 'Manual',
};

const WAIVER_ORDER: readonly WaiverStatus[] = ['applied', 'expired', 'stale', 'invalid'];
const WAIVER_TEXT: Record<WaiverStatus, string> = {
  applied: 'Applied: the failures it names are accepted as documented risks.',
  expired: 'Expired: past its expiry date, so the failures it covered count as failures again.',
  stale: 'Stale: it matches no failing result of this scan (the risk may be fixed, or the pattern is wrong).',
  invalid: 'Invalid: it cannot stand as a documented decision, so the failures it names stay failures.',
};

/** Escape a value for HTML text or a quoted attribute. Every value from a scan goes through this. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderHtml(report: ScanReport): string {
  const date = report.scan.startedAt.slice(0, 10);
  const body = [
    header(report),
    '<main id="main">',
    summarySection(report),
    safeguardSection(report.safeguards),
    findingsSection(report),
    waiverSection(report),
    gapSection(report),
    scanSection(report),
    '</main>',
    `<footer><p>Written by ${esc(report.tool.name)} ${esc(report.tool.version)} from <code>findings.json</code> of the same scan. Results are check results, one per check and resource. ` +
      'An undecided result means the check could not read what it needs: it is never counted as a pass.</p></footer>',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${esc(report.tool.name)} ${esc(report.tool.version)}">
<title>HIPAA Security Rule scan of ${esc(date)}: ${report.gate.passed ? 'gate passed' : 'gate failed'}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the results</a>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: ScanReport): string {
  const s = report.scan;
  const nav = [
    ['summary', 'Summary'],
    ['safeguards', 'Safeguards'],
    ['findings', 'Findings'],
    ['waivers', 'Waivers'],
    ['gaps', 'Coverage gaps'],
    ['scan', 'Scan details'],
  ]
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return `<header>
<h1>HIPAA Security Rule scan</h1>
<p class="sub">${esc(report.tool.name)} ${esc(report.tool.version)} · profile <strong>${esc(s.profile)}</strong> · started <time datetime="${esc(s.startedAt)}">${esc(when(s.startedAt))}</time>, finished <time datetime="${esc(s.finishedAt)}">${esc(when(s.finishedAt))}</time></p>
<nav aria-label="Sections"><ul>${nav}</ul></nav>
</header>`;
}

function summarySection(report: ScanReport): string {
  const g = report.gate;
  const sum = report.summary;
  const tiles = STATUS_ORDER.map(
    (st) => `<div class="tile st-${st}"><dt>${STATUS_LABEL[st]}</dt><dd data-status-count="${st}">${sum.byStatus[st]}</dd></div>`,
  ).join('');
  const byCloud = PROVIDERS.map((p) => `${CLOUD[p]} ${sum.resourcesByProvider[p]}`).join(', ');
  return `<section id="summary" aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<div class="gate ${g.passed ? 'gate-passed' : 'gate-failed'}" id="gate" data-passed="${g.passed}">
<p><strong>Gate ${esc(g.policy)}${g.failOnError ? ' (+ fail on undecided)' : ''}: ${g.passed ? 'PASSED' : 'FAILED'}</strong>: ${esc(g.reason)}.</p>
<p>${g.passed ? 'No result fails the gate\u2019s policy.' : `${g.failing} result${g.failing === 1 ? '' : 's'} fail${g.failing === 1 ? 's' : ''} the gate\u2019s policy; the exit code was 1.`}</p>
</div>
${report.warnings?.length ? `<ul class="warnings" id="warnings">${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>\n` : ''}<p><span data-count="resources">${sum.resources}</span> resources read (${esc(byCloud)}); <span data-count="assessed">${sum.assessed}</span> graded by at least one check of their type. <span data-count="results">${report.findings.length}</span> check results:</p>
<dl class="tiles">${tiles}</dl>
${chart(report.safeguards)}
</section>`;
}

/** No check on any cloud, and an attested answer that counts decides it (`safeguard scan --attestations`). */
function attestedOnly(s: SafeguardCoverage): boolean {
  return s.attestation?.state === 'answered' && PROVIDERS.every((p) => s.checks[p].length === 0);
}

/** What the answer says, for the safeguard table: who answered, when, and until when it holds. */
function attestedLine(s: SafeguardCoverage): string {
  const a = s.attestation;
  if (!a) return '';
  if (a.state !== 'answered') return `<p class="attach"><strong>Attested answer ${a.state === 'unanswered' ? 'missing' : a.state}:</strong> ${esc(a.problems[0] ?? 'the questionnaire (safeguard assess) has no answer for it yet.')}</p>`;
  const meaning = a.result === 'gap' ? 'a gap' : a.result === 'not_applicable' ? 'not applicable' : 'met';
  return `<p class="attach"><strong>Attested (${esc(meaning)}):</strong> ${esc(a.answer ?? '')}${a.answeredBy ? ` by ${esc(a.answeredBy)}` : ''}${a.answeredOn ? ` on ${esc(a.answeredOn)}` : ''}${a.nextReview ? `, next review ${esc(a.nextReview)}` : ''}; ${a.evidence.length} evidence item${a.evidence.length === 1 ? '' : 's'}.</p>`;
}

/** Where a specification stands on one cloud: `no_check` when no check of that cloud serves it. */
function cloudOutcome(s: SafeguardCoverage, p: Provider): CloudOutcome {
  // No check on this cloud, but an attested answer that counts: it stands there, as the answer says.
  if (s.checks[p].length === 0) return s.attestation?.state === 'answered' ? (s.attestation.result === 'gap' ? 'fail' : 'pass') : 'no_check';
  const c = s.counts[p];
  if (c.fail > 0) return 'fail';
  if (c.error > 0) return 'error';
  if (c.pass + c.waived > 0) return 'pass';
  return 'not_assessed';
}

function chart(safeguards: readonly SafeguardCoverage[]): string {
  const rows: { label: string; counts: Record<ChartOutcome, number> }[] = [];
  const zero = () => ({ fail: 0, error: 0, partial: 0, pass: 0, not_assessed: 0, no_check: 0, manual: 0 });
  const all = zero();
  for (const s of safeguards) all[s.outcome]++;
  rows.push({ label: 'All clouds', counts: all });
  for (const p of PROVIDERS) {
    const c = zero();
    for (const s of safeguards) {
      if (s.outcome === 'manual') c.manual++;
      else c[cloudOutcome(s, p)]++;
    }
    rows.push({ label: CLOUD[p], counts: c });
  }
  const total = safeguards.length;
  const labelW = 96;
  const barW = 520;
  const rowH = 34;
  const barH = 22;
  const height = rows.length * rowH + 8;
  const width = labelW + barW + 8;
  const bars = rows
    .map((r, i) => {
      const y = 4 + i * rowH;
      let x = labelW;
      const segs = CHART_ORDER.filter((o) => r.counts[o] > 0)
        .map((o) => {
          const w = total ? (r.counts[o] / total) * barW : 0;
          const seg =
            `<g class="seg o-${o}"><title>${esc(r.label)}: ${r.counts[o]} ${esc(OUTCOME_LABEL[o].toLowerCase())}</title>` +
            `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}"></rect>` +
            (w >= 22 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + barH / 2 + 5}" text-anchor="middle">${r.counts[o]}</text>` : '') +
            '</g>';
          x += w;
          return seg;
        })
        .join('');
      return `<text class="bar-label" x="${labelW - 10}" y="${y + barH / 2 + 5}" text-anchor="end">${esc(r.label)}</text>${segs}`;
    })
    .join('\n');
  const legend = CHART_ORDER.map((o) => `<li><span class="swatch o-${o}" aria-hidden="true"></span>${esc(OUTCOME_LABEL[o])}</li>`).join('');
  const head = CHART_ORDER.map((o) => `<th scope="col">${esc(OUTCOME_LABEL[o])}</th>`).join('');
  const body = rows
    .map((r) => `<tr data-chart-row="${esc(r.label)}"><th scope="row">${esc(r.label)}</th>${CHART_ORDER.map((o) => `<td data-outcome="${o}">${r.counts[o]}</td>`).join('')}</tr>`)
    .join('');
  const desc = rows.map((r) => `${r.label}: ${CHART_ORDER.filter((o) => r.counts[o] > 0).map((o) => `${r.counts[o]} ${OUTCOME_LABEL[o].toLowerCase()}`).join(', ')}`).join('. ');
  return `<figure class="chart" id="chart">
<figcaption><h3>Safeguard status per cloud</h3><p>Each bar is the ${total} specifications of the catalogue. <em>Manual</em>: no automated check on any cloud and no attested answer that counts; a person attaches the evidence. Where no check of a cloud covers a specification, an attested answer that counts stands there as it says (met or not applicable: pass; a gap: fail). <em>No check on this cloud</em>: other clouds have a check, this one does not.</p></figcaption>
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Safeguard status per cloud</title>
<desc id="chart-desc">${esc(desc)}.</desc>
${bars}
</svg>
<ul class="legend">${legend}</ul>
<table class="compact chart-table"><caption>Specifications by status, per cloud</caption><thead><tr><th scope="col">Cloud</th>${head}</tr></thead><tbody>${body}</tbody></table>
</figure>`;
}

function safeguardSection(safeguards: readonly SafeguardCoverage[]): string {
  const rows = safeguards.map((s) => {
    const checks = PROVIDERS.flatMap((p) => s.checks[p]);
    const checkList = checks.length
      ? `<details class="checks"><summary>${checks.length} check${checks.length === 1 ? '' : 's'}</summary><ul>${PROVIDERS.flatMap((p) => s.checks[p].map((c) => `<li><code>${esc(c)}</code></li>`)).join('')}</ul></details>`
      : '';
    const attach = (s.outcome === 'manual' ? `<p class="attach"><strong>Attach:</strong> ${esc(s.evidence)}</p>` : '') + attestedLine(s);
    const cells = PROVIDERS.map((p) => `<td data-cloud="${p}">${cloudCell(s, p)}</td>`).join('');
    return `<tr data-safeguard="${esc(s.id)}" data-outcome="${s.outcome}">
<th scope="row"><span class="cite">${esc(s.id)}</span></th>
<td>${esc(s.title)}<span class="std">${esc(s.standard)} · ${esc(s.section)}</span>${attach}${checkList}</td>
<td><abbr title="${s.requirement === 'Standard' ? 'Standard: graded through its implementation specifications' : s.requirement}">${requirementAbbr(s.requirement)}</abbr></td>
<td><span class="badge o-${s.outcome}">${OUTCOME_TEXT[s.outcome]}</span></td>
${cells}
</tr>`;
  });
  return `<section id="safeguards" aria-labelledby="h-safeguards">
<h2 id="h-safeguards">Safeguards</h2>
<p>One row per specification (or standard) of 45 CFR 164.308, 164.310 and 164.312 in the catalogue. <strong>R</strong>equired specifications must be implemented; <strong>A</strong>ddressable ones must be implemented where reasonable and appropriate, or the organization documents why not and what it does instead (164.306(d)(3)). <strong>Std</strong>: a standard that has implementation specifications is met through them (Appendix A gives it no R or A). Cells count check results per cloud.</p>
<div class="scroll"><table id="safeguard-table">
<caption>HIPAA Security Rule specifications and how this scan graded them</caption>
<thead><tr><th scope="col">Specification</th><th scope="col">Title</th><th scope="col"><abbr title="Required or Addressable">R/A</abbr></th><th scope="col">Outcome</th>${PROVIDERS.map((p) => `<th scope="col">${CLOUD[p]}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function cloudCell(s: SafeguardCoverage, p: Provider): string {
  if (s.checks[p].length === 0) {
    if (s.attestation?.state === 'answered') return s.attestation.result === 'gap' ? '<span class="n st-fail">attested gap</span>' : '<span class="n st-pass">attested</span>';
    return '<span class="muted">no check</span>';
  }
  const c: Counts = s.counts[p];
  const parts: string[] = [];
  if (c.fail) parts.push(`<span class="n st-fail">${c.fail} fail</span>`);
  if (c.error) parts.push(`<span class="n st-error">${c.error} undecided</span>`);
  if (c.waived) parts.push(`<span class="n st-waived">${c.waived} waived</span>`);
  if (c.pass) parts.push(`<span class="n st-pass">${c.pass} pass</span>`);
  if (parts.length === 0) return `<span class="muted">nothing graded${c.not_applicable ? ` (${c.not_applicable} n/a)` : ''}</span>`;
  return parts.join(' ');
}

const MAX_OTHER_ROWS = 5000;
const MAX_ATTENTION_ROWS = 10_000;

/** Every result counted by check and status: complete whatever the rows below leave out. */
function byCheckTable(findings: readonly Finding[]): string {
  const counts = new Map<string, { title: string; byStatus: Record<Finding['status'], number> }>();
  for (const f of findings) {
    let c = counts.get(f.check);
    if (!c) counts.set(f.check, (c = { title: f.title, byStatus: { fail: 0, error: 0, waived: 0, pass: 0, not_applicable: 0 } }));
    c.byStatus[f.status]++;
  }
  const order = [...counts].sort((a, b) => b[1].byStatus.fail - a[1].byStatus.fail || b[1].byStatus.error - a[1].byStatus.error || (a[0] < b[0] ? -1 : 1));
  const body = order
    .map(([id, c]) => `<tr data-check="${esc(id)}"><th scope="row"><code class="check">${esc(id)}</code><span class="ctitle">${esc(c.title)}</span></th>${STATUS_ORDER.map((st) => `<td data-status="${st}">${c.byStatus[st]}</td>`).join('')}</tr>`)
    .join('\n');
  return `<details class="by-check"${findings.length > MAX_OTHER_ROWS ? ' open' : ''}><summary>Results by check (${counts.size} checks)</summary>
<div class="scroll"><table id="by-check" class="compact"><caption>Every result of the scan, by check and status</caption>
<thead><tr><th scope="col">Check</th>${STATUS_ORDER.map((st) => `<th scope="col">${STATUS_LABEL[st]}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></div></details>`;
}
const ATTENTION = new Set<Finding['status']>(['fail', 'error', 'waived']);

function findingsSection(report: ScanReport): string {
  const rank = (f: Finding) => STATUS_ORDER.indexOf(f.status);
  // Array sort is stable: equal ranks keep the scan's order (no wrapper object per result).
  const findings = [...report.findings].sort((a, b) => rank(a) - rank(b));
  const titles = new Map(report.safeguards.map((s) => [s.id, s.title]));
  const cited = new Set<string>();
  for (const f of findings) for (const id of f.safeguards) cited.add(id);
  const statusOptions = ['<option value="">All statuses</option>', '<option value="attention">Fail or undecided</option>']
    .concat(STATUS_ORDER.map((st) => `<option value="${st}">${STATUS_LABEL[st]} (${report.summary.byStatus[st]})</option>`))
    .join('');
  const cloudOptions = ['<option value="">All clouds</option>'].concat(PROVIDERS.map((p) => `<option value="${p}">${CLOUD[p]}</option>`)).join('');
  const severityOptions = ['<option value="">All severities</option>'].concat(SEVERITIES.map((s) => `<option value="${s}">${cap(s)}</option>`)).join('');
  const sgIds = [...report.safeguards.map((s) => s.id).filter((id) => cited.has(id)), ...[...cited].filter((id) => !titles.has(id)).sort()];
  const safeguardOptions = ['<option value="">All safeguards</option>']
    .concat(sgIds.map((id) => `<option value="${esc(id)}">${esc(id)}${titles.get(id) ? ` ${esc(titles.get(id))}` : ''}</option>`))
    .join('');
  // Rows are listed up to a limit, so a 100,000-resource scan still gives a page a browser opens
  // (a peer's 142 MB report would not): failing, undecided and waived results first, the most
  // severe first, then passed and not-applicable ones. "Results by check" counts every result, and
  // the complete list is in findings.json and findings.csv beside this page.
  const sev = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const attention = findings.filter((f) => ATTENTION.has(f.status));
  const attentionListed = attention.length > MAX_ATTENTION_ROWS ? attention.sort((a, b) => rank(a) - rank(b) || sev(a) - sev(b)).slice(0, MAX_ATTENTION_ROWS) : attention;
  const others = findings.filter((f) => !ATTENTION.has(f.status));
  const othersListed = others.slice(0, MAX_OTHER_ROWS);
  const listed = [...attentionListed, ...othersListed];
  const omittedAttention = attention.length - attentionListed.length;
  const omittedOthers = others.length - othersListed.length;
  const omittedNote = [
    omittedAttention ? `${omittedAttention} failing, undecided or waived results beyond the ${MAX_ATTENTION_ROWS} most severe` : '',
    omittedOthers ? `${omittedOthers} passed or not-applicable results beyond the first ${MAX_OTHER_ROWS}` : '',
  ].filter(Boolean);
  const rows = listed.map((f) => findingRow(f)).join('\n');
  return `<section id="findings" aria-labelledby="h-findings">
<h2 id="h-findings">Findings</h2>
<p>Every check result of the scan: failures first, then undecided, waived, passed and not applicable results. Open a row's details for the evidence (the fields and values the check read), the remediation and where the resource was read from.</p>
<form id="filters" class="filters" hidden aria-label="Filter the findings">
<label>Status <select id="f-status" name="status">${statusOptions}</select></label>
<label>Cloud <select id="f-cloud" name="cloud">${cloudOptions}</select></label>
<label>Severity <select id="f-severity" name="severity">${severityOptions}</select></label>
<label>Safeguard <select id="f-safeguard" name="safeguard">${safeguardOptions}</select></label>
<label class="grow">Text <input id="f-text" name="text" type="search" placeholder="resource, check, reason…" autocomplete="off"></label>
<button type="reset">Clear</button>
</form>
${byCheckTable(findings)}
${omittedNote.length ? `<p class="omitted">${omittedNote.join(', and ')} are not listed here; the table above counts them, and every result is in <code>findings.json</code> and <code>findings.csv</code>.</p>\n` : ''}<p id="shown" role="status" aria-live="polite">${listed.length} results.</p>
<div class="scroll"><table id="findings-table">
<caption>Check results</caption>
<colgroup><col class="c-status"><col class="c-sev"><col class="c-cloud"><col class="c-res"><col class="c-check"><col class="c-sg"><col class="c-reason"></colgroup>
<thead><tr><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Cloud</th><th scope="col">Resource</th><th scope="col">Check</th><th scope="col">Safeguards</th><th scope="col">Reason</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p id="no-match" hidden>No result matches the filter.</p>
</section>`;
}

function findingRow(f: Finding): string {
  const r = f.resource;
  const where = [r.account ? `${ACCOUNT[r.provider]} ${r.account}` : '', r.region ?? ''].filter(Boolean).join(' · ');
  const attention = f.status === 'fail' || f.status === 'error' || f.status === 'waived';
  const severity = f.severity !== f.checkSeverity ? `${cap(f.severity)}<span class="sevnote" title="Raised one step: the resource holds ePHI">ePHI, was ${esc(f.checkSeverity)}</span>` : cap(f.severity);
  const waiver = f.waiver
    ? `<p class="waiver-note"><strong>Waived</strong> by ${esc(f.waiver.id)} (approved by ${esc(f.waiver.approver)} on ${esc(f.waiver.approved)}, expires ${esc(f.waiver.expires)}): ${esc(f.waiver.rationale)} <em>Compensating control:</em> ${esc(f.waiver.compensatingControl)}</p>`
    : '';
  return `<tr data-status="${f.status}" data-cloud="${r.provider}" data-severity="${f.severity}" data-safeguards="${esc(f.safeguards.join(' '))}" data-fingerprint="${esc(f.fingerprint)}">
<td><span class="badge st-${f.status}">${STATUS_LABEL[f.status]}</span></td>
<td class="sev sev-${f.severity}">${severity}</td>
<td class="cloud">${CLOUD[r.provider]}</td>
<td class="res"><span class="rname">${esc(r.name)}</span><span class="rtype">${esc(r.type)}</span>${where ? `<span class="rwhere">${esc(where)}</span>` : ''}</td>
<td><code class="check">${esc(f.check)}</code><span class="ctitle">${esc(f.title)}</span></td>
<td>${f.safeguards.map((s) => `<span class="cite">${esc(s)}</span>`).join(' ') || '<span class="muted">none</span>'}</td>
<td class="reason">${esc(f.reason)}${waiver}${details(f, attention)}</td>
</tr>`;
}

function details(f: Finding, attention: boolean): string {
  const parts: string[] = [];
  parts.push(`<dl class="kv"><dt>Resource id</dt><dd><code>${esc(f.resource.id)}</code></dd>`);
  parts.push(`<dt>Source</dt><dd>${esc(sourceText(f))}</dd>`);
  parts.push(`<dt>Fingerprint</dt><dd><code>${esc(f.fingerprint)}</code></dd></dl>`);
  parts.push(`<p class="label">Evidence</p><pre class="evidence">${esc(JSON.stringify(f.evidence ?? {}, null, 2))}</pre>`);
  if (attention) {
    parts.push(`<p class="label">Remediation</p><p>${esc(f.remediation.text)}</p>`);
    if (f.remediation.cli) parts.push(`<p class="label">CLI</p><pre>${esc(f.remediation.cli)}</pre>`);
    if (f.remediation.terraform) parts.push(`<p class="label">Terraform</p><pre>${esc(f.remediation.terraform)}</pre>`);
  }
  return `<details><summary>Evidence${attention ? ' and remediation' : ''}</summary>${parts.join('')}</details>`;
}

function sourceText(f: Finding): string {
  const s = f.source;
  const at = s.line !== undefined ? ` line ${s.line}` : s.index !== undefined ? ` record ${s.index}` : '';
  const tf = s.terraform ? `; Terraform ${s.terraform.address} (${s.terraform.action})${s.terraform.file ? ` at ${s.terraform.file}${s.terraform.line ? `:${s.terraform.line}` : ''}` : ''}` : '';
  return `${s.file}${at} (${s.format})${s.observedAt ? `, observed ${s.observedAt}` : ''}${tf}`;
}

function waiverSection(report: ScanReport): string {
  const w = report.waivers;
  const head = '<section id="waivers" aria-labelledby="h-waivers">\n<h2 id="h-waivers">Waivers</h2>';
  if (!w || !w.file) {
    return `${head}\n<p id="waiver-summary">No waiver file was given for this scan: no failure is accepted as a documented risk.</p>\n</section>`;
  }
  const counts = WAIVER_ORDER.map((st) => `<span data-waiver-count="${st}">${w.counts[st]}</span> ${st}`).join(', ');
  const groups = WAIVER_ORDER.filter((st) => w.waivers.some((o) => o.status === st)).map((st) => {
    const list = w.waivers.filter((o) => o.status === st);
    return `<h3>${cap(st)} (${list.length})</h3>
<p>${esc(WAIVER_TEXT[st])}</p>
<div class="scroll"><table class="waivers" data-waiver-status="${st}">
<caption>${cap(st)} waivers</caption>
<colgroup><col class="w-id"><col class="w-check"><col class="w-res"><col class="w-why"><col class="w-comp"><col class="w-appr"><col class="w-exp"><col class="w-n"><col class="w-notes"></colgroup>
<thead><tr><th scope="col">Waiver</th><th scope="col">Check</th><th scope="col">Resource</th><th scope="col">Rationale</th><th scope="col">Compensating control</th><th scope="col">Approved</th><th scope="col">Expires</th><th scope="col">Waived</th><th scope="col">Notes</th></tr></thead>
<tbody>${list.map(waiverRow).join('\n')}</tbody></table></div>`;
  });
  return `${head}
<p id="waiver-summary">Waiver file <code>${esc(w.file)}</code>, judged on ${esc(w.asOf)}: ${counts}. A waiver is a documented decision (164.306(d)(3)): it turns a failure into <em>waived</em> only when it gives a rationale and a compensating control, has not expired, and no specification the check serves is Required.</p>
${groups.join('\n') || '<p>The file lists no waivers.</p>'}
</section>`;
}

function waiverRow(o: WaiverOutcome): string {
  return `<tr data-waiver="${esc(o.id)}">
<th scope="row">${esc(o.id)}<span class="muted std">line ${o.line}</span></th>
<td><code>${esc(o.check)}</code></td>
<td><code>${esc(o.resource)}</code></td>
<td>${o.rationale ? esc(o.rationale) : '<span class="muted">none given</span>'}</td>
<td>${o.compensatingControl ? esc(o.compensatingControl) : '<span class="muted">none given</span>'}</td>
<td>${esc(o.approver)}<span class="muted date"> ${esc(o.approved)}</span></td>
<td><span class="date">${esc(o.expires)}</span></td>
<td>${o.waived.length}${o.matched.length !== o.waived.length ? `<span class="muted"> of ${o.matched.length} matched</span>` : ''}</td>
<td>${o.problems.map((p) => `<p>${esc(p)}</p>`).join('') || '<span class="muted">none</span>'}</td>
</tr>`;
}

function gapSection(report: ScanReport): string {
  const sum = report.summary;
  const types = Object.entries(sum.unassessed.byType)
    .map(([key, n]) => {
      const i = key.indexOf(':');
      return { cloud: key.slice(0, i) as Provider, type: key.slice(i + 1), n };
    })
    .sort((a, b) => PROVIDERS.indexOf(a.cloud) - PROVIDERS.indexOf(b.cloud) || b.n - a.n || (a.type < b.type ? -1 : 1));
  const typeTable = types.length
    ? `<div class="scroll"><table id="unassessed-table" class="compact"><caption>${sum.unassessed.total} resource${sum.unassessed.total === 1 ? '' : 's'} of ${types.length} type${types.length === 1 ? '' : 's'}, kept in the inventory but not graded</caption>
<thead><tr><th scope="col">Cloud</th><th scope="col">Type</th><th scope="col">Resources</th></tr></thead>
<tbody>${types.map((t) => `<tr><td>${esc(CLOUD[t.cloud] ?? t.cloud)}</td><td><code>${esc(t.type)}</code></td><td class="num">${t.n}</td></tr>`).join('\n')}</tbody></table></div>`
    : '<p>Every resource read is of a type some check grades.</p>';
  const manual = report.safeguards.filter((s) => s.outcome === 'manual');
  const manualList = manual.length
    ? `<ul id="manual-list">${manual.map((s) => `<li><span class="cite">${esc(s.id)}</span> ${esc(s.title)} (${s.requirement}). <strong>Attach:</strong> ${esc(s.evidence)}</li>`).join('\n')}</ul>`
    : '<p>Every specification has at least one automated check.</p>';
  const partial = report.safeguards.filter((s) => s.outcome !== 'manual' && !attestedOnly(s) && PROVIDERS.some((p) => s.checks[p].length === 0));
  const partialList = partial.length
    ? `<h3>Checked on some clouds only</h3><ul>${partial.map((s) => `<li><span class="cite">${esc(s.id)}</span> ${esc(s.title)}: no check on ${PROVIDERS.filter((p) => s.checks[p].length === 0).map((p) => CLOUD[p]).join(', ')}.</li>`).join('\n')}</ul>`
    : '';
  const unassessed = report.safeguards.filter((s) => s.outcome === 'not_assessed');
  const unassessedList = unassessed.length
    ? `<h3>Checked, but nothing to grade in this scan</h3><ul>${unassessed.map((s) => `<li><span class="cite">${esc(s.id)}</span> ${esc(s.title)}: the scan held no resource its checks grade.</li>`).join('\n')}</ul>`
    : '';
  const notes: string[] = [];
  if (sum.byStatus.error) notes.push(`${sum.byStatus.error} result${sum.byStatus.error === 1 ? ' is' : 's are'} undecided: the check could not read what it needs (see the findings filtered by <em>Undecided</em>).`);
  if (sum.outOfScope) notes.push(`${sum.outOfScope} resource${sum.outOfScope === 1 ? ' was' : 's were'} left ungraded as out of the ePHI scope.`);
  if (sum.superseded) notes.push(`${sum.superseded} older record${sum.superseded === 1 ? ' was' : 's were'} superseded by newer observations of the same resource.`);
  const collection = (report as ScanReport & { collection?: CollectionReport }).collection;
  const gaps = collection?.coverage.filter((c) => c.status !== 'ok') ?? [];
  const live = gaps.length
    ? `<h3>Live collection: what could not be read</h3><div class="scroll"><table class="compact"><caption>Calls that failed or found nothing recorded</caption><thead><tr><th scope="col">Cloud</th><th scope="col">Operation</th><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Covers</th><th scope="col">Error</th></tr></thead><tbody>${gaps
        .map((c) => `<tr><td>${esc(CLOUD[c.provider] ?? c.provider)}</td><td><code>${esc(c.operation)}</code></td><td>${esc(c.region)}</td><td>${esc(c.status)}</td><td>${esc(c.covers.join(', '))}</td><td>${esc(c.error ?? c.note ?? '')}</td></tr>`)
        .join('\n')}</tbody></table></div>`
    : '';
  return `<section id="gaps" aria-labelledby="h-gaps">
<h2 id="h-gaps">Coverage gaps</h2>
<p>What this scan could not grade. Nothing is dropped: resources of types with no check of their own type (only the HIPAA-eligible-service check grades them) stay in the inventory, and specifications no check covers are listed as manual.</p>
${notes.length ? `<ul>${notes.map((n) => `<li>${n}</li>`).join('')}</ul>` : ''}
<h3>Resource types with no check of their own type (only the HIPAA-eligible-service check)</h3>
${typeTable}
<h3>Specifications with no automated check</h3>
${manualList}
${partialList}
${unassessedList}
${live}
</section>`;
}

function scanSection(report: ScanReport): string {
  const s = report.scan;
  const sum = report.summary;
  const inputs = s.inputs.length
    ? `<div class="scroll"><table id="inputs-table" class="compact"><caption>Inputs read (${s.inputs.length})</caption><thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Records</th></tr></thead>
<tbody>${s.inputs.map((i) => `<tr><td><code>${esc(i.file)}</code></td><td>${esc(i.format)}</td><td class="num">${i.records}</td></tr>`).join('\n')}</tbody></table></div>`
    : '<p>No input files (live collection only).</p>';
  const collection = (report as ScanReport & { collection?: CollectionReport }).collection;
  const live = collection
    ? `<h3>Live collection</h3><ul>${collection.sources
        .map((c) => `<li>${esc(CLOUD[c.provider] ?? c.provider)}: ${c.resources} resources from ${esc(c.accounts.join(', ') || 'no account')} in ${esc(c.regions.join(', ') || 'no region')} (${esc(c.methods.join(', '))}); ${c.attempts} calls.</li>`)
        .join('')}</ul><p>${collection.failed} call${collection.failed === 1 ? '' : 's'} failed.</p>`
    : '';
  return `<section id="scan" aria-labelledby="h-scan">
<h2 id="h-scan">Scan details</h2>
<dl class="kv wide">
<dt>Tool</dt><dd>${esc(report.tool.name)} ${esc(report.tool.version)} (findings schema ${esc(report.schemaVersion)})</dd>
<dt>Profile</dt><dd>${esc(s.profile)}</dd>
<dt>Started</dt><dd><time datetime="${esc(s.startedAt)}">${esc(s.startedAt)}</time></dd>
<dt>Finished</dt><dd><time datetime="${esc(s.finishedAt)}">${esc(s.finishedAt)}</time></dd>
<dt>Checks run</dt><dd>${s.checks}</dd>
<dt>Resources</dt><dd>${sum.resources} (${PROVIDERS.map((p) => `${CLOUD[p]} ${sum.resourcesByProvider[p]}`).join(', ')}); ${sum.assessed} graded, ${sum.unassessed.total} of types with no check of their own (only the eligible-service check), ${sum.outOfScope} out of scope, ${sum.superseded} older records superseded</dd>
<dt>Gate</dt><dd>${esc(report.gate.policy)}${report.gate.failOnError ? ' + fail on undecided' : ''}: ${report.gate.passed ? 'passed' : 'failed'} (${report.gate.failing} failing)</dd>
</dl>
${inputs}
${live}
</section>`;
}

function cap(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

const SEV_VARS = SEVERITIES.map((s: Severity, i) => `.sev-${s}{--rank:${i}}`).join('');

const STYLE = `
:root{--fg:#1d2939;--muted:#596273;--line:#d0d5dd;--bg:#fff;--soft:#f4f6f8;
--fail:#b42318;--error:#a15c07;--waived:#5925dc;--pass:#067647;--partial:#3f6212;--na:#667085;--assessed:#98a2b3;--nocheck:#d0d5dd;--manual:#475467;}
*{box-sizing:border-box}
[hidden]{display:none !important}
html{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0 auto;max-width:1280px;padding:0 20px 40px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:2}
header{border-bottom:2px solid var(--fg);padding:18px 0 8px;margin-bottom:8px}
h1{margin:0 0 4px;font-size:1.7rem}h2{font-size:1.35rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.08rem;margin:20px 0 6px}
.sub{margin:0;color:var(--muted)}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;margin:10px 0 0;padding:0}
a{color:#1849a9}a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #2e90fa;outline-offset:2px}
code{font:0.86em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
pre{font:0.82em/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);border:1px solid var(--line);padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0 8px;max-height:24em;overflow:auto}
.gate{border-left:8px solid;padding:8px 14px;margin:8px 0 14px;background:var(--soft)}
.gate p{margin:4px 0}.gate-failed{border-color:var(--fail);background:#fef3f2}.gate-passed{border-color:var(--pass);background:#ecfdf3}
.gate strong{font-size:1.1rem}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 18px;padding:0}
.tile{border:1px solid var(--line);border-top:6px solid var(--c,var(--na));padding:6px 14px;min-width:120px}
.tile dt{font-size:.85rem;color:var(--muted)}.tile dd{margin:0;font-size:1.6rem;font-weight:700}
.st-fail{--c:var(--fail)}.st-error{--c:var(--error)}.st-waived{--c:var(--waived)}.st-pass{--c:var(--pass)}.st-not_applicable{--c:var(--na)}
.o-fail{--c:var(--fail)}.o-error{--c:var(--error)}.o-pass{--c:var(--pass)}ul.warnings{border-left:4px solid var(--error);padding:.4rem .8rem .4rem 1.6rem;margin:.8rem 0}.o-partial{--c:var(--partial)}.o-not_assessed{--c:var(--assessed)}.o-no_check{--c:var(--nocheck)}.o-manual{--c:var(--manual)}
.chart{margin:0 0 10px}.chart figcaption p{margin:0 0 8px;color:var(--muted)}
.chart svg{max-width:100%;height:auto;display:block}
.seg rect{fill:var(--c);stroke:#fff;stroke-width:1}.seg text{fill:#fff;font:600 13px system-ui,sans-serif}
.seg.o-no_check text,.seg.o-not_assessed text{fill:#1d2939}
.bar-label{font:600 14px system-ui,sans-serif;fill:var(--fg)}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:6px 0 10px;font-size:.9rem}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;background:var(--c)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);border-bottom:2px solid var(--line);position:sticky;top:0}
table.compact{width:auto}table.compact td,table.compact th{padding:3px 10px}
.num{text-align:right;font-variant-numeric:tabular-nums}
.chart-table td{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.badge{display:inline-block;border-radius:3px;padding:1px 7px;font-size:.82rem;font-weight:700;color:#fff;background:var(--c,var(--na));white-space:nowrap}
.badge.o-no_check,.badge.o-not_assessed{color:#1d2939}
.n{display:block;white-space:nowrap;font-weight:600;color:var(--c)}
.muted{color:var(--muted)}
.cite{font-variant-numeric:tabular-nums;white-space:nowrap}
.std,.rtype,.rwhere,.ctitle{display:block;color:var(--muted);font-size:.85rem}
.rname{font-weight:600;overflow-wrap:anywhere}
.attach{margin:4px 0 0;font-size:.9rem}
details.checks summary{font-size:.85rem;color:var(--muted);cursor:pointer}details.checks ul{margin:2px 0;padding-left:18px;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:flex-end;background:var(--soft);border:1px solid var(--line);padding:10px;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
.filters .grow{flex:1 1 200px}
select,input,button{font:inherit;font-weight:400;padding:4px 6px;border:1px solid #98a2b3;border-radius:3px;background:#fff;color:var(--fg)}
button{cursor:pointer}
#shown{font-weight:600}
#findings-table{table-layout:fixed;min-width:960px}#findings-table td{overflow-wrap:anywhere}
.c-status{width:8%}.c-sev{width:8%}.c-cloud{width:6%}.c-res{width:20%}.c-check{width:16%}.c-sg{width:13%}.c-reason{width:29%}
#findings-table td.sev,#findings-table td.cloud{overflow-wrap:normal}
#findings-table .cite{display:block;white-space:normal;font-size:.88rem}
table.waivers{table-layout:fixed;min-width:960px}table.waivers td{overflow-wrap:anywhere}table.waivers td p{margin:0 0 4px}
.w-id{width:8%}.w-check{width:14%}.w-res{width:14%}.w-why{width:15%}.w-comp{width:14%}.w-appr{width:10%}.w-exp{width:8%}.w-n{width:7%}.w-notes{width:11%}
.date{white-space:nowrap}
.sevnote{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
#f-safeguard{max-width:24em}
.reason details summary{cursor:pointer;color:#1849a9;font-size:.88rem;margin-top:4px}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}.kv dt{color:var(--muted)}.kv dd{margin:0;overflow-wrap:anywhere}
.kv.wide{max-width:960px}
.label{margin:8px 0 0;font-weight:600;font-size:.88rem}
.waiver-note{margin:6px 0 0;padding:4px 8px;border-left:4px solid var(--waived);background:#f4f3ff;font-size:.9rem}
.sev-critical{font-weight:700;color:var(--fail)}.sev-high{font-weight:600}
footer{margin-top:36px;border-top:1px solid var(--line);color:var(--muted);font-size:.88rem}
${SEV_VARS}
@page{margin:12mm}
@media print{
  html{font-size:9pt}body{max-width:none;padding:0}
  .scroll{overflow:visible}#findings-table,table.waivers{min-width:0}
  .kv{display:block}.kv dt{font-weight:600}
  nav,.skip,.filters,.reason details:not([open]) summary,details.checks summary{display:none}
  a{color:inherit;text-decoration:none}
  thead th{position:static}
  tr,.tile,.gate,.chart{break-inside:avoid}
  h2,h3{break-after:avoid}
  *{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  pre{max-height:none;overflow:visible}
  details.checks ul{display:block}
}
`.trim();

/** The filter script: plain DOM, no dependencies; the form is shown only when it can work. */
const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  var table = document.getElementById('findings-table');
  if (!form || !table || !table.tBodies[0]) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (r) { return (r.textContent || '').toLowerCase(); });
  var shown = document.getElementById('shown');
  var none = document.getElementById('no-match');
  function value(id) { var el = document.getElementById(id); return el ? el.value : ''; }
  function apply() {
    var status = value('f-status'), cloud = value('f-cloud'), severity = value('f-severity');
    var safeguard = value('f-safeguard'), text = value('f-text').trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r, i) {
      var d = r.dataset;
      var ok = (!status || (status === 'attention' ? d.status === 'fail' || d.status === 'error' : d.status === status)) &&
        (!cloud || d.cloud === cloud) &&
        (!severity || d.severity === severity) &&
        (!safeguard || (' ' + d.safeguards + ' ').indexOf(' ' + safeguard + ' ') !== -1) &&
        (!text || texts[i].indexOf(text) !== -1);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n === rows.length ? 'Showing all ' + n + ' results.' : 'Showing ' + n + ' of ' + rows.length + ' results.';
    if (none) none.hidden = n !== 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
`.trim();

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** Nothing loads from anywhere; only our own style and script, pinned by hash, apply. */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

