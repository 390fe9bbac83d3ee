import { PROVIDERS } from '../engine/coverage.js';
import type { SafeguardCoverage } from '../engine/coverage.js';
import type { Finding } from '../engine/finding.js';
import type { Provider } from '../inventory/resource.js';
import { attestedCloudCell } from '../assess/markdown.js';
import { sortFindings } from './console.js';
import type { ScanReport } from './scan-report.js';
import { md } from './escape.js';
import { requirementAbbr } from '../mappings/requirement.js';

/**
 * The scan as a GitHub job summary (`GITHUB_STEP_SUMMARY`, GitHub-flavoured Markdown): the gate's
 * verdict first, then counts, the safeguard table and the top failures. It stays far below the
 * 1 MiB a step's summary may hold: long lists are cut, and the bundle holds everything.
 */

export const CLOUD: Record<Provider, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };

export interface JobSummaryOptions {
  /** The evidence bundle (folder or archive) the scan wrote. */
  bundlePath?: string;
  /** The SARIF file handed to code scanning. */
  sarifPath?: string;
  /** Failures listed in the table (default 20). */
  maxFailures?: number;
  /** Undecided results listed (default 20). */
  maxUndecided?: number;
}

export function renderJobSummary(report: ScanReport, options: JobSummaryOptions = {}): string {
  const maxFailures = options.maxFailures ?? 20;
  const maxUndecided = options.maxUndecided ?? 20;
  const g = report.gate;
  const s = report.summary;
  const out: string[] = [];
  out.push(`## safeguard: HIPAA Security Rule gate ${g.passed ? 'PASSED' : 'FAILED'}`, '');
  if (report.scan.profile === 'nprm-2025') {
    out.push('> [!WARNING]', '> Profile `nprm-2025` grades the Security Rule changes HHS **proposed** on 2025-01-06 (90 FR 898). They are not in force.', '');
  }
  out.push(`${g.passed ? '**Passed**' : '**Failed**'}: gate \`${g.policy}\`${g.failOnError ? ' with fail-on-error' : ''}: ${md(g.reason)}.`, '');
  // What the scan left ungraded (nothing at all, skipped inputs, Terraform types no check reads).
  if (report.warnings?.length) out.push('> [!WARNING]', ...report.warnings.map((w) => `> - ${md(w)}`), '');
  const perCloud = PROVIDERS.filter((p) => s.resourcesByProvider[p] > 0).map((p) => `${CLOUD[p]} ${s.resourcesByProvider[p]}`);
  out.push(
    `Profile \`${report.scan.profile}\` · ${s.resources} resources${perCloud.length ? ` (${perCloud.join(', ')})` : ''} · ${s.assessed} graded by ${report.scan.checks} checks` +
      (s.outOfScope ? ` · ${s.outOfScope} outside the ePHI scope` : ''),
    '',
  );
  const b = s.byStatus;
  out.push('| pass | fail | error (undecided) | waived | not applicable |', '|---:|---:|---:|---:|---:|', `| ${b.pass} | ${b.fail} | ${b.error} | ${b.waived} | ${b.not_applicable} |`, '');

  const w = report.waivers;
  if (w?.file) {
    const c = w.counts;
    const attention = [c.expired ? `${c.expired} expired` : '', c.stale ? `${c.stale} stale` : '', c.invalid ? `${c.invalid} invalid` : ''].filter(Boolean);
    out.push(`Waivers (\`${code(w.file)}\`): ${c.applied} applied${attention.length ? `, ${attention.join(', ')}` : ''}.`, '');
  }
  const collection = (report as ScanReport & { collection?: { failed: number } }).collection;
  if (collection && collection.failed > 0) {
    out.push(`Live collection: ${collection.failed} call${collection.failed === 1 ? '' : 's'} failed; the resources they cover are undecided (\`collection\` in findings.json).`, '');
  }

  const gateFailing = new Set(g.failingFingerprints);
  const failing = sortFindings(report.findings.filter((f) => f.status === 'fail')).sort((a, b2) => Number(gateFailing.has(b2.fingerprint)) - Number(gateFailing.has(a.fingerprint)));
  if (failing.length) {
    out.push(`### Top failures (${failing.length > maxFailures ? `${maxFailures} of ${failing.length}` : failing.length})`, '');
    out.push(...findingTable(failing.slice(0, maxFailures), gateFailing));
    if (failing.length > maxFailures) out.push('', `…and ${failing.length - maxFailures} more in \`findings.json\` of the evidence bundle.`);
    out.push('');
  }
  const undecided = sortFindings(report.findings.filter((f) => f.status === 'error'));
  if (undecided.length) {
    out.push(`<details><summary>Undecided (${undecided.length}): unknown is not compliant</summary>`, '');
    out.push(...findingTable(undecided.slice(0, maxUndecided), gateFailing));
    if (undecided.length > maxUndecided) out.push('', `…and ${undecided.length - maxUndecided} more in \`findings.json\`.`);
    out.push('', '</details>', '');
  }

  out.push('### Safeguards', '');
  out.push(...safeguardTable(report.safeguards), '');
  out.push('**R** Required, **A** Addressable, **Std** a standard graded through its implementation specifications. Cells: failed of graded check results per cloud; **ok** all passed; **-** nothing to grade; **manual** no automated check, a person attaches evidence; **attested** / **att. GAP** decided by the questionnaire\'s answer.', '');

  const files = [options.bundlePath ? `Evidence bundle: \`${code(options.bundlePath)}\`` : '', options.sarifPath ? `SARIF: \`${code(options.sarifPath)}\`` : ''].filter(Boolean);
  if (files.length) out.push(files.join(' · '), '');
  out.push(`<sub>safeguard ${md(report.tool.version)} · scan started ${md(report.scan.startedAt)}</sub>`, '');
  return out.join('\n');
}

function findingTable(findings: Finding[], gateFailing: ReadonlySet<string>): string[] {
  const rows = ['| Severity | Resource | Check | Why | Gate |', '|---|---|---|---|---|'];
  for (const f of findings) {
    const where = [f.resource.account, f.resource.region].filter(Boolean).join(' ');
    const resource = `${f.ephi ? '**ePHI** ' : ''}\`${code(f.resource.name)}\`<br>${CLOUD[f.resource.provider]}${where ? ` ${md(where)}` : ''}`;
    rows.push(`| ${f.severity} | ${resource} | \`${code(f.check)}\` | ${md(f.reason)} | ${gateFailing.has(f.fingerprint) ? 'fails it' : ''} |`);
  }
  return rows;
}

function safeguardTable(rows: readonly SafeguardCoverage[]): string[] {
  const out = ['| Specification | | R/A | AWS | Azure | GCP |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    out.push(`| ${md(r.id)} | ${md(r.title)} | ${requirementAbbr(r.requirement)} | ${PROVIDERS.map((p) => cell(r, p)).join(' | ')} |`);
  }
  return out;
}

function cell(r: SafeguardCoverage, p: Provider): string {
  if (r.checks[p].length === 0) return r.attestation ? attestedCloudCell(r.attestation) : 'manual';
  const c = r.counts[p];
  const graded = c.pass + c.fail + c.error + c.waived;
  if (graded === 0) return '-';
  if (c.fail === 0 && c.error === 0) return 'ok';
  return [c.fail ? `**${c.fail}** of ${graded} fail` : `0 of ${graded} fail`, c.error ? `${c.error} undecided` : ''].filter(Boolean).join(', ');
}

export { md };

/** Text for inside a code span: only `|` (tables) and backticks need care. */
export function code(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
}
