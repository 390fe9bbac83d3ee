import type { Finding } from '../engine/finding.js';
import type { ScanReport } from './scan-report.js';

/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields quoted when they hold a comma, quote or line
 * break). A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with `'`: tag values and names come from the estate, and an auditor opens these files
 * in Excel.
 */
export function toCsv<T>(columns: readonly (readonly [string, (row: T) => string])[], rows: readonly T[]): string {
  return [...csvLines(columns, rows)].join('');
}

/** The same CSV, one line at a time (with its CRLF), for files too large to build whole. */
export function* csvLines<T>(columns: readonly (readonly [string, (row: T) => string])[], rows: Iterable<T>): Generator<string> {
  yield columns.map(([h]) => cell(h)).join(',') + '\r\n';
  for (const row of rows) yield columns.map(([, get]) => cell(get(row))).join(',') + '\r\n';
}

export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const FINDING_COLUMNS: [string, (f: Finding) => string][] = [
  ['Status', (f) => f.status],
  ['Severity', (f) => f.severity],
  ['Check severity', (f) => f.checkSeverity],
  ['ePHI', (f) => (f.ephi ? 'yes' : 'no')],
  ['Check', (f) => f.check],
  ['Title', (f) => f.title],
  ['Category', (f) => f.category],
  ['Safeguards', (f) => f.safeguards.join(' ')],
  ['Cloud', (f) => f.resource.provider],
  ['Account', (f) => f.resource.account ?? ''],
  ['Region', (f) => f.resource.region ?? ''],
  ['Resource type', (f) => f.resource.type],
  ['Resource name', (f) => f.resource.name],
  ['Resource ID', (f) => f.resource.id],
  ['Reason', (f) => f.reason],
  ['Evidence', (f) => JSON.stringify(f.evidence)],
  ['Remediation', (f) => f.remediation.text],
  ['Waiver', (f) => (f.waiver ? f.waiver.id : '')],
  ['Waiver rationale', (f) => f.waiver?.rationale ?? ''],
  ['Compensating control', (f) => f.waiver?.compensatingControl ?? ''],
  ['Waiver approver', (f) => f.waiver?.approver ?? ''],
  ['Waiver expires', (f) => f.waiver?.expires ?? ''],
  ['Fingerprint', (f) => f.fingerprint],
  ['Source format', (f) => f.source.format],
  ['Source file', (f) => f.source.file],
  ['Observed at', (f) => f.source.observedAt ?? ''],
];

/** `findings.csv`: one row per finding, in the order of findings.json. */
export function renderFindingsCsv(report: Pick<ScanReport, 'findings'>): string {
  return toCsv(FINDING_COLUMNS, report.findings);
}
