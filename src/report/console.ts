import type { SafeguardCoverage } from '../engine/coverage.js';
import { PROVIDERS } from '../engine/coverage.js';
import type { Finding } from '../engine/finding.js';
import type { ScanReport } from './scan-report.js';
import { attestedCell, attestedCloudCell } from '../assess/markdown.js';
import { requirementAbbr } from '../mappings/requirement.js';

const WIDTH = 80;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];
const MAX_LISTED = 25;

/** The scan summary a person reads in a terminal or CI log, in 80 columns. */
export function renderSummary(report: ScanReport, outFile?: string): string {
  const lines: string[] = [];
  const s = report.summary;
  lines.push(`safeguard ${report.tool.version}: HIPAA Security Rule scan (profile ${report.scan.profile})`);
  const perCloud = PROVIDERS.map((p) => `${p} ${s.resourcesByProvider[p]}`).join(', ');
  lines.push(wrap(`Read ${report.scan.inputs.length} file${plural(report.scan.inputs.length)}: ${s.resources} resources (${perCloud})` +
    (s.superseded ? `; ${s.superseded} older record${plural(s.superseded)} superseded` : '') + '.'));
  lines.push(wrap(`Graded ${s.assessed} resources with ${report.scan.checks} checks; ${s.unassessed.total} resources of ` +
    `${Object.keys(s.unassessed.byType).length} types have no check of their own type (only the HIPAA-eligible-service check; kept in the inventory).`));
  const ephi = new Set(report.findings.filter((f) => f.ephi).map((f) => f.resource.id)).size;
  lines.push(wrap(`${ephi} graded resource${plural(ephi)} tagged as holding ePHI (failures on them rank one severity higher)` +
    (s.outOfScope ? `; ${s.outOfScope} resources outside --scope ephi not graded.` : '.')));
  lines.push('');
  lines.push(`Results: ${s.byStatus.pass} pass, ${s.byStatus.fail} fail, ${s.byStatus.error} error (undecided), ` +
    `${s.byStatus.waived} waived, ${s.byStatus.not_applicable} n/a`);
  lines.push('');
  lines.push(...safeguardTable(report.safeguards));
  const failing = sortFindings(report.findings.filter((f) => f.status === 'fail'));
  if (failing.length) {
    lines.push('', `Failing (${failing.length}):`);
    lines.push(...listFindings(failing));
  }
  const undecided = sortFindings(report.findings.filter((f) => f.status === 'error'));
  if (undecided.length) {
    lines.push('', `Undecided (${undecided.length}): unknown is not compliant`);
    lines.push(...listFindings(undecided));
  }
  lines.push('', gateLine(report.gate));
  if (outFile) lines.push(`Findings: ${outFile}`);
  return lines.join('\n') + '\n';
}

function safeguardTable(rows: SafeguardCoverage[]): string[] {
  // id 21 + title 27 + R/A 2 + 3 clouds x 10 = 80 with separators.
  const out = [pad('Safeguard', 21) + pad('', 27) + 'R/A ' + PROVIDERS.map((p) => pad(p.toUpperCase(), 10)).join('').trimEnd()];
  for (const r of rows) {
    // A specification no check covers shows its attested answer, when the scan was given one.
    const cells = r.attestation && PROVIDERS.every((p) => r.checks[p].length === 0) ? attestedCell(r.attestation) : PROVIDERS.map((p) => pad(cell(r, p), 10)).join('').trimEnd();
    out.push(pad(r.id, 21) + pad(truncate(r.title, 26), 27) + pad(requirementAbbr(r.requirement), 4) + cells);
  }
  out.push('Cells: failed/graded check results per cloud; "ok" all passed; "-" nothing');
  out.push('to grade; "manual" no automated check: a person attaches evidence.');
  out.push('R Required, A Addressable, Std a standard graded through its specifications.');
  if (rows.some((r) => r.attestation)) out.push('"attested"/"att. GAP": no check there; the attested answer says met / a gap.');
  return out;
}

function cell(r: SafeguardCoverage, provider: (typeof PROVIDERS)[number]): string {
  if (r.checks[provider].length === 0) return r.attestation ? attestedCloudCell(r.attestation) : 'manual';
  const c = r.counts[provider];
  const graded = c.pass + c.fail + c.error + c.waived;
  if (graded === 0) return '-';
  if (c.fail === 0 && c.error === 0) return 'ok';
  return `${c.fail}/${graded}` + (c.error ? ` ${c.error}?` : '');
}

function listFindings(findings: Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings.slice(0, MAX_LISTED)) {
    const where = [f.resource.account, f.resource.region].filter(Boolean).join(' ');
    out.push(truncate(`  ${f.severity.toUpperCase().padEnd(8)} ${f.ephi ? '[ePHI] ' : ''}${f.resource.name}${where ? ` (${f.resource.provider} ${where})` : ` (${f.resource.provider})`}`, WIDTH));
    out.push(wrap(`${f.check}: ${f.reason}`, '           ', '             '));
  }
  if (findings.length > MAX_LISTED) out.push(`  ... and ${findings.length - MAX_LISTED} more in the findings file`);
  return out;
}

function gateLine(g: ScanReport['gate']): string {
  const verdict = g.passed ? 'PASSED' : 'FAILED';
  return wrap(`Gate ${g.policy}${g.failOnError ? ' (+ fail on error)' : ''}: ${verdict}: ${g.reason}.`);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.resource.provider.localeCompare(b.resource.provider) ||
      a.check.localeCompare(b.check) ||
      a.resource.id.localeCompare(b.resource.id),
  );
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + ' ' : s.padEnd(n);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 3) + '...';
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** Word-wrap to 80 columns; continuation lines are indented. */
function wrap(text: string, first = '', rest = '  '): string {
  // A word longer than a line (a key path, say) is broken so no line passes 80 columns.
  const room = WIDTH - rest.length;
  const words = text.split(' ').flatMap((w) => (w.length <= room ? [w] : (w.match(new RegExp(`.{1,${room}}`, 'g')) ?? [w])));
  const lines: string[] = [];
  let line = first;
  for (const w of words) {
    if (line.trim() && line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = rest + w;
    } else line = line.trim() ? `${line} ${w}` : line + w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
