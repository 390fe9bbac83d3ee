import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Check, Severity } from '../engine/check.js';
import type { Finding } from '../engine/finding.js';
import { jsonText, StreamedArray } from '../evidence/stream.js';
import { packageRoot } from '../paths.js';
import type { ScanReport } from './scan-report.js';
import { requirementAbbr, type Requirement } from '../mappings/requirement.js';

/**
 * `findings.sarif`: the scan as SARIF 2.1.0, for GitHub code scanning and other SARIF readers.
 * One rule per check; one result per failing, undecided (`error`) or waived check result. A
 * cloud resource is a logical location (its cloud id); the physical location is the input file
 * it was read from, or the Terraform source that declares it when the plan import knows it.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** GitHub code scanning reads `security-severity` (0.0-10.0) to rank security alerts. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** The key our own fingerprint goes under; `/v1` versions the recipe (SARIF 3.27.17). */
export const FINGERPRINT_KEY = 'safeguard/v1';

const CLOUD: Record<string, string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };

export interface SarifOptions {
  /** Input paths are made relative to this folder (the repository root in CI); default the working directory. */
  cwd?: string;
}

export function renderSarif(report: ScanReport, checks: Check[], options: SarifOptions = {}): object {
  return buildSarifLog(report, checks, options);
}

export function buildSarifLog(report: ScanReport, checks: readonly Check[], options: SarifOptions = {}): Sarif.Log {
  return sarifLog(report, checks, options, (results) => [...results]);
}

/**
 * `findings.sarif`'s text (`JSON.stringify(log, null, 2)` and a line end) in pieces: each result is
 * made and written in turn, so a scan of a million resources never holds them all, nor the file
 * as one string.
 */
export function* sarifChunks(report: ScanReport, checks: readonly Check[], options: SarifOptions = {}): Generator<string> {
  yield* jsonText(sarifLog(report, checks, options, (results) => new StreamedArray(results) as unknown as Sarif.Result[]));
  yield '\n';
}

function sarifLog(report: ScanReport, checks: readonly Check[], options: SarifOptions, collect: (results: Iterable<Sarif.Result>) => Sarif.Result[]): Sarif.Log {
  const cwd = options.cwd ?? process.cwd();
  const citations = citationsByCheck(report);
  const ordered = [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(ordered.map((c, i) => [c.id, i]));
  // A finding of a check missing from `checks` still needs its rule: build one from the finding.
  const extra = new Map<string, Finding>();
  for (const f of report.findings) if (isReported(f) && !ruleIndex.has(f.check) && !extra.has(f.check)) extra.set(f.check, f);
  const rules = [...ordered.map((c) => ruleOf(c, citations.get(c.id) ?? [])), ...[...extra.values()].map((f) => ruleOfFinding(f, citations.get(f.check) ?? []))];
  for (const [i, id] of [...extra.keys()].entries()) ruleIndex.set(id, ordered.length + i);

  const inputs = new Set(report.scan.inputs.map((i) => i.file));
  const results = collect(
    (function* () {
      for (const f of report.findings) if (isReported(f)) yield resultOf(f, ruleIndex.get(f.check)!, inputs, cwd);
    })(),
  );
  const home = informationUri();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            ...(home ? { informationUri: home } : {}),
            rules,
          },
        },
        automationDetails: {
          description: { text: `HIPAA Security Rule scan, profile ${report.scan.profile}, started ${report.scan.startedAt}.` },
          // GitHub reads the part before the last `/` as the analysis category: one per profile.
          id: `safeguard/${report.scan.profile}/${report.scan.startedAt}`,
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.scan.startedAt,
            endTimeUtc: report.scan.finishedAt,
            exitCode: report.gate.passed ? 0 : 1,
            properties: {
              gate: { policy: report.gate.policy, failOnError: report.gate.failOnError, passed: report.gate.passed, failing: report.gate.failing, reason: report.gate.reason },
            },
          },
        ],
        columnKind: 'unicodeCodePoints',
        results,
        properties: {
          profile: report.scan.profile,
          summary: report.summary.byStatus,
          resources: report.summary.resources,
        },
      },
    ],
  };
}

/** `pass` and `not_applicable` are not alerts; undecided is never a pass, so it is reported. */
function isReported(f: Finding): boolean {
  return f.status === 'fail' || f.status === 'error' || f.status === 'waived';
}

interface Citation {
  id: string;
  title: string;
  /** Absent for a citation the scan's safeguard table does not list. */
  requirement?: Requirement;
}

/** Each check's citations with their Required/Addressable status, from the scan's safeguard table. */
function citationsByCheck(report: ScanReport): Map<string, Citation[]> {
  const out = new Map<string, Citation[]>();
  for (const s of report.safeguards) {
    for (const ids of Object.values(s.checks)) {
      for (const id of ids) {
        const list = out.get(id) ?? [];
        if (!list.some((c) => c.id === s.id)) list.push({ id: s.id, title: s.title, requirement: s.requirement });
        out.set(id, list);
      }
    }
  }
  // A citation only findings know (a catalogue entry the table lacks) still shows, status unknown to us.
  for (const f of report.findings) {
    const list = out.get(f.check) ?? [];
    for (const id of f.safeguards) if (!list.some((c) => c.id === id)) list.push({ id, title: '' });
    out.set(f.check, list);
  }
  return out;
}

function ruleOf(c: Check, citations: Citation[]): Sarif.ReportingDescriptor {
  return {
    id: c.id,
    name: ruleName(c.id),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    defaultConfiguration: { level: LEVEL[c.severity] },
    help: help({ title: c.title, rationale: c.rationale, citations, remediation: c.remediation, provider: c.provider, resourceTypes: c.resourceTypes }),
    properties: {
      tags: tagsOf(c.category, citations),
      'security-severity': SECURITY_SEVERITY[c.severity],
      precision: 'high',
      'problem.severity': LEVEL[c.severity] === 'note' ? 'recommendation' : LEVEL[c.severity],
      severity: c.severity,
      category: c.category,
      provider: c.provider,
      resourceTypes: c.resourceTypes,
      safeguards: citations.map((s) => (s.requirement ? `${s.id} (${requirementAbbr(s.requirement)})` : s.id)),
      ...(c.dataStore ? { dataStore: true } : {}),
      ...(c.profiles ? { profiles: c.profiles } : {}),
    },
  };
}

function ruleOfFinding(f: Finding, citations: Citation[]): Sarif.ReportingDescriptor {
  return {
    id: f.check,
    name: ruleName(f.check),
    shortDescription: { text: f.title },
    defaultConfiguration: { level: LEVEL[f.checkSeverity] },
    help: help({ title: f.title, citations, remediation: f.remediation, provider: f.resource.provider }),
    properties: { tags: tagsOf(f.category, citations), 'security-severity': SECURITY_SEVERITY[f.checkSeverity], severity: f.checkSeverity, category: f.category },
  };
}

/** `aws-rds-instance-encrypted` → `AwsRdsInstanceEncrypted` (SARIF 3.49.7: a name is an identifier). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function tagsOf(category: string, citations: Citation[]): string[] {
  // GitHub shows a rule tagged `security` as a security alert; it keeps at most 20 tags.
  return [...new Set(['security', 'hipaa', category, ...citations.map((c) => `HIPAA-${c.id}`)])].slice(0, 20);
}

function help(h: { title: string; rationale?: string; citations: Citation[]; remediation: Check['remediation']; provider: string; resourceTypes?: string[] }): Sarif.MultiformatMessageString {
  const cite = (c: Citation) => `45 CFR ${c.id}${c.title ? ` ${c.title}` : ''}${c.requirement ? ` (${c.requirement})` : ''}`;
  const text: string[] = [h.title, ''];
  const md: string[] = [`**${mdEscape(h.title)}**`, ''];
  if (h.rationale) {
    text.push(h.rationale, '');
    md.push(mdEscape(h.rationale), '');
  }
  text.push('HIPAA Security Rule:');
  md.push('**HIPAA Security Rule**', '');
  if (h.citations.length === 0) {
    text.push('- (not mapped to a specification)');
    md.push('- (not mapped to a specification)');
  }
  for (const c of h.citations) {
    text.push(`- ${cite(c)}`);
    md.push(`- ${mdEscape(cite(c))}`);
  }
  text.push('', `Applies to: ${CLOUD[h.provider] ?? h.provider}${h.resourceTypes ? ` ${h.resourceTypes.join(', ')}` : ''}`, '', `Remediation: ${h.remediation.text}`);
  md.push('', `**Applies to:** ${CLOUD[h.provider] ?? h.provider}${h.resourceTypes ? ` ${h.resourceTypes.map((t) => `\`${t}\``).join(', ')}` : ''}`, '', `**Remediation:** ${mdEscape(h.remediation.text)}`);
  if (h.remediation.cli) {
    text.push('', 'CLI:', h.remediation.cli);
    md.push('', 'CLI:', '', fence(h.remediation.cli, 'sh'));
  }
  if (h.remediation.terraform) {
    text.push('', 'Terraform:', h.remediation.terraform);
    md.push('', 'Terraform:', '', fence(h.remediation.terraform, 'hcl'));
  }
  return { text: text.join('\n'), markdown: md.join('\n') };
}

function mdEscape(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** A code fence longer than any backtick run inside the code. */
function fence(code: string, lang: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${code}\n${f}`;
}

function resultOf(f: Finding, ruleIndex: number, inputs: ReadonlySet<string>, cwd: string): Sarif.Result {
  const physical = physicalLocationOf(f, inputs, cwd);
  const tf = f.source.terraform;
  const logical: Sarif.LogicalLocation[] = [{ fullyQualifiedName: f.resource.id, name: f.resource.name, kind: 'resource' }];
  if (tf && tf.address !== f.resource.id) logical.push({ fullyQualifiedName: tf.address, name: tf.address.split('.').slice(-2).join('.'), kind: 'declaration' });
  const result: Sarif.Result = {
    ruleId: f.check,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.reason },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: logical }],
    // Our fingerprint (check + cloud resource) as GitHub's line hash too: alerts follow the
    // resource, not a line of an export file that changes from one scan to the next.
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint, primaryLocationLineHash: f.fingerprint },
    properties: {
      status: f.status,
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      ephi: f.ephi,
      category: f.category,
      safeguards: f.safeguards,
      provider: f.resource.provider,
      resourceType: f.resource.type,
      ...(f.resource.account ? { account: f.resource.account } : {}),
      ...(f.resource.region ? { region: f.resource.region } : {}),
      sourceFormat: f.source.format,
      ...(f.source.observedAt ? { observedAt: f.source.observedAt } : {}),
      ...(tf ? { terraform: { address: tf.address, action: tf.action, ...(tf.module ? { module: tf.module } : {}) } } : {}),
      evidence: f.evidence,
    },
  };
  if (f.status === 'waived') result.suppressions = [suppressionOf(f, cwd)];
  return result;
}

/**
 * The Terraform declaration when the plan import knows its file and line; otherwise the input
 * file the resource was read from. Live collection has no file (its `source.file` names the API
 * operation), so such results carry only the logical location.
 */
function physicalLocationOf(f: Finding, inputs: ReadonlySet<string>, cwd: string): Sarif.PhysicalLocation | undefined {
  const tf = f.source.terraform;
  if (tf?.file) return { artifactLocation: artifact(tf.file, cwd), ...(tf.line ? { region: { startLine: tf.line } } : {}) };
  if (!inputs.has(f.source.file)) return undefined;
  return { artifactLocation: artifact(f.source.file, cwd), ...(f.source.line ? { region: { startLine: f.source.line } } : {}) };
}

function suppressionOf(f: Finding, cwd: string): Sarif.Suppression {
  const w = f.waiver;
  if (!w) return { kind: 'external', status: 'accepted', justification: 'Waived (the waiver record is missing from the finding).' };
  return {
    kind: 'external',
    status: 'accepted',
    justification: `${w.rationale} Compensating control: ${w.compensatingControl}`,
    location: { physicalLocation: { artifactLocation: artifact(w.file, cwd), region: { startLine: Math.max(1, w.line) } } },
    properties: { waiver: w.id, rationale: w.rationale, compensatingControl: w.compensatingControl, approver: w.approver, approved: w.approved, expires: w.expires },
  };
}

/** A path under `cwd` becomes a relative URI against `%SRCROOT%`; anything else an absolute file URI. */
function artifact(file: string, cwd: string): Sarif.ArtifactLocation {
  const abs = isAbsolute(file) ? file : join(cwd, file);
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(abs).href };
}

let home: string | null | undefined;
/** The package's `homepage` (or repository URL), when package.json gives one. */
function informationUri(): string | undefined {
  if (home === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { homepage?: unknown; repository?: unknown };
      const repo = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
      const candidate = [pkg.homepage, repo].find((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u.replace(/^git\+/, '')));
      home = candidate ? candidate.replace(/^git\+/, '').replace(/\.git$/, '') : null;
    } catch {
      home = null;
    }
  }
  return home ?? undefined;
}
