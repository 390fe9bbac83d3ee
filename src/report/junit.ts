import type { Finding, Status } from '../engine/finding.js';
import type { ScanReport } from './scan-report.js';

/**
 * `findings.junit.xml`: the scan as JUnit XML (the Ant / Jenkins dialect that GitLab test reports,
 * Jenkins, Azure DevOps and CircleCI read). One `<testsuite>` per check, named by its id, with the
 * title, category, severity, cloud and HIPAA citations as properties; one `<testcase>` per check
 * result, `classname` the check id (GitLab shows it as the suite) and `name` the resource. `fail`
 * is a `<failure>`, `error` an `<error>` (undecided is not a pass), `not_applicable` and `waived`
 * are `<skipped>`. Readers differ in what they show (GitLab the element text, Jenkins the
 * `message`), so both carry the reason. Results are not timed: no `time` (readers take 0), and
 * each suite's `timestamp` is the scan's start.
 */

interface SuiteTotals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  /** A finding of the check, for its title, category and severity. */
  first: Finding;
}

const COUNTED: Partial<Record<Status, 'failures' | 'errors' | 'skipped'>> = { fail: 'failures', error: 'errors', waived: 'skipped', not_applicable: 'skipped' };

/** The bundle file. */
export const JUNIT_FILE = 'findings.junit.xml';

/**
 * The file's text in pieces. A suite's totals go in its opening tag, so a first pass counts per
 * check and lays out each check's findings (as indexes: 4 bytes a finding); the second writes them.
 */
export function* junitChunks(report: Pick<ScanReport, 'findings' | 'scan' | 'tool'>): Generator<string> {
  const { suites, order } = groupByCheck(report.findings);
  const all = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of suites.values()) for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) all[k] += s[k];
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${attr(`${report.tool.name} ${report.tool.version} HIPAA Security Rule scan (${report.scan.profile})`)}"${totals(all)}>\n`;
  const inputs = new Set(report.scan.inputs.map((i) => i.file));
  let at = 0;
  for (const [check, s] of suites) {
    yield `  <testsuite name="${attr(check)}"${totals(s)} timestamp="${attr(report.scan.startedAt)}">\n`;
    yield '    <properties>\n';
    yield property('title', s.first.title);
    yield property('category', s.first.category);
    yield property('severity', s.first.checkSeverity);
    yield property('provider', s.first.resource.provider);
    yield property('safeguards', s.first.safeguards.join(' '));
    yield '    </properties>\n';
    for (const end = at + s.tests; at < end; at++) yield testcase(report.findings[order[at]!]!, inputs);
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

/** Per-check totals in check-id order, and the findings' indexes grouped by check in that order (findings.json order within a check). */
function groupByCheck(findings: readonly Finding[]): { suites: Map<string, SuiteTotals>; order: Uint32Array } {
  const counted = new Map<string, SuiteTotals>();
  for (const f of findings) {
    let s = counted.get(f.check);
    if (!s) counted.set(f.check, (s = { tests: 0, failures: 0, errors: 0, skipped: 0, first: f }));
    s.tests++;
    const key = COUNTED[f.status];
    if (key) s[key]++;
  }
  const suites = new Map([...counted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const next = new Map<string, number>();
  let offset = 0;
  for (const [check, s] of suites) {
    next.set(check, offset);
    offset += s.tests;
  }
  const order = new Uint32Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const check = findings[i]!.check;
    const slot = next.get(check)!;
    order[slot] = i;
    next.set(check, slot + 1);
  }
  return { suites, order };
}

function totals(t: { tests: number; failures: number; errors: number; skipped: number }): string {
  return ` tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}"`;
}

function property(name: string, value: string): string {
  return `      <property name="${attr(name)}" value="${attr(value)}"/>\n`;
}

function testcase(f: Finding, inputs: ReadonlySet<string>): string {
  const file = f.source.terraform?.file ?? (inputs.has(f.source.file) ? f.source.file : undefined);
  const open = `    <testcase classname="${attr(f.check)}" name="${attr(caseName(f))}"${file ? ` file="${attr(file)}"` : ''}`;
  switch (f.status) {
    case 'pass':
      return `${open}/>\n`;
    case 'fail':
      return `${open}>\n      <failure message="${attr(f.reason)}" type="${attr(f.severity)}">${text(details(f))}</failure>\n    </testcase>\n`;
    case 'error':
      return `${open}>\n      <error message="${attr(f.reason)}" type="${attr(f.severity)}">${text(details(f))}</error>\n    </testcase>\n`;
    case 'not_applicable':
      return `${open}>\n      <skipped message="${attr(`Not applicable: ${f.reason}`)}">${text(f.reason)}</skipped>\n    </testcase>\n`;
    case 'waived': {
      const w = f.waiver;
      const message = w ? `Waived by ${w.id}: ${w.rationale}` : `Waived: ${f.reason}`;
      const body = [message, ...(w ? [`Compensating control: ${w.compensatingControl}`, `Approved by ${w.approver} on ${w.approved}; expires ${w.expires}.`, `Waiver file: ${w.file}:${w.line}`] : []), '', details(f)];
      return `${open}>\n      <skipped message="${attr(message)}">${text(body.join('\n'))}</skipped>\n    </testcase>\n`;
    }
  }
}

/** The resource, readable and unique within the check (GitLab keeps only the first of two cases with the same classname and name). */
function caseName(f: Finding): string {
  const r = f.resource;
  return r.name && r.name !== r.id ? `${r.name} (${r.type} ${r.id})` : `${r.type} ${r.id}`;
}

/** The element text: the reason first (GitLab shows only this), then what an engineer needs to act. */
function details(f: Finding): string {
  const r = f.resource;
  const lines = [
    f.reason,
    '',
    `Check: ${f.check} (${f.title})`,
    `Severity: ${f.severity}${f.severity !== f.checkSeverity ? ` (check severity ${f.checkSeverity}, raised: the resource holds ePHI)` : ''}`,
    `Resource: ${r.provider} ${r.type} ${r.id}${r.account ? `, account ${r.account}` : ''}${r.region ? `, region ${r.region}` : ''}`,
    ...(f.source.terraform ? [`Terraform: ${f.source.terraform.address} (${f.source.terraform.action})`] : []),
    `HIPAA Security Rule: ${f.safeguards.length ? f.safeguards.map((s) => `45 CFR ${s}`).join(', ') : '(not mapped to a specification)'}`,
    `Evidence: ${JSON.stringify(f.evidence)}`,
    `Remediation: ${f.remediation.text}`,
    ...(f.remediation.cli ? ['CLI:', f.remediation.cli] : []),
    ...(f.remediation.terraform ? ['Terraform fix:', f.remediation.terraform] : []),
    `Fingerprint: ${f.fingerprint}`,
  ];
  return lines.join('\n');
}

/**
 * Characters XML 1.0 cannot hold at all (C0 controls other than tab and line ends, unpaired
 * surrogates, U+FFFE/U+FFFF) become U+FFFD: an estate's names may carry them, and one would make
 * the whole file unreadable.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element text. A CR is written as a reference, or the reader would turn it into a line feed. */
export function text(s: string): string {
  return s.replace(FORBIDDEN, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; tab and line ends as references, which attribute normalisation would otherwise turn into spaces. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
