import { join } from 'node:path';
import { collectLive, undecidedWhereUnread, type LiveRequest } from '../collect/index.js';
import type { Profile } from '../engine/check.js';
import { safeguardCoverage } from '../engine/coverage.js';
import { evaluate } from '../engine/evaluate.js';
import type { EphiScope } from '../engine/scope.js';
import { loadChecks } from '../engine/registry.js';
import { applyGate, type GatePolicy } from '../gate/index.js';
import { importInputs, type Inventory } from '../import/index.js';
import { loadMappings } from '../mappings/index.js';
import { renderSummary } from '../report/console.js';
import { buildReport, type ScanReport } from '../report/scan-report.js';
import { profileBanner } from './catalogue.js';
import { applyWaivers, loadWaivers } from '../engine/waivers.js';
import type { ArchiveFormat } from '../evidence/archive.js';
import { bundlePath, checkTarget, writeBundle, type BundleTarget, type WrittenBundle } from '../evidence/bundle.js';
import { sbomForBundle } from '../evidence/sbom.js';
import { DEFAULT_EPHI_SCOPE } from '../engine/scope.js';
import { bundleSummary, waiverSummaryLine, wrap80 } from '../evidence/summary.js';
import { loadAttestations, judgeAttestations } from '../assess/attestations.js';
import { joinAttestations } from '../assess/join.js';
import { attestationSummaryLine } from '../assess/markdown.js';
import { loadQuestions } from '../assess/questions.js';
import { baaSummaryLine } from '../baa/markdown.js';
import { baaRegister, type BaaEntry } from '../baa/register.js';
import { baaRegisterReport, checksToRun } from '../baa/report.js';
import { insertBefore, nothingGradedLine, skippedLines, terraformLines } from './scan-notes.js';

export interface ScanRequest {
  inputs: string[];
  out?: string;
  profile: Profile;
  policy: GatePolicy;
  failOnError: boolean;
  version: string;
  only?: 'all' | 'ephi';
  ephiScope?: EphiScope;
  /** Collect live from the clouds (`--aws`) as well as, or instead of, reading `inputs`. */
  live?: LiveRequest;
  /** A waiver file (accepted risks) to apply. */
  waivers?: string;
  /** Replace an existing evidence bundle at `out`. */
  force?: boolean;
  /** Write the bundle as one archive instead of a folder. */
  archive?: ArchiveFormat;
  /** The command that asked, recorded in the manifest. */
  command?: 'scan' | 'bundle';
  /** The gap questionnaire's answers (`--attestations`): joined to the safeguard statement. */
  attestations?: string;
  /** The BAA register (`safeguard.yaml` `baas:`): the register checks run only when it is given. */
  baas?: { file: string; entries: BaaEntry[]; lineOf?: (index: number) => number | undefined };
  /** The day (YYYY-MM-DD) waivers, attestations and BAA renewals are judged on; the scan's start (UTC) by default. */
  asOf?: string;
}

export interface ScanOutcome {
  report: ScanReport;
  passed: boolean;
  summary: string;
  /** The evidence bundle written to `out`, if any. */
  bundle?: WrittenBundle;
}

/**
 * Import → evaluate → map → gate → write. Every input is read and validated before anything is
 * written, so bad input leaves `--out` untouched.
 */
export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const startedAt = new Date();
  // Refuse an existing bundle and a bad waiver file before any work: nothing is written either way.
  const target: BundleTarget | undefined = req.out ? { out: req.out, force: req.force === true, ...(req.archive ? { archive: req.archive } : {}) } : undefined;
  if (target) await checkTarget(target);
  const waiverSet = req.waivers ? await loadWaivers(req.waivers) : undefined;
  // The whole Security Rule: attested answers and the BAA register, read (and refused) before any work too.
  const asOf = req.asOf ?? startedAt.toISOString().slice(0, 10);
  const questions = req.attestations ? loadQuestions() : [];
  const attestationSet = req.attestations ? await loadAttestations(req.attestations, questions) : undefined;
  const register = req.baas ? baaRegister(req.baas.file, req.baas.entries, asOf, req.baas.lineOf) : undefined;
  const [inventory, checks] = await Promise.all([importInputs(req.inputs, target ? { out: bundlePath(target) } : {}), loadChecks()]);
  const live = req.live ? await collectLive(req.live, (p) => checks.filter((c) => c.provider === p).flatMap((c) => c.resourceTypes)) : undefined;
  if (live) inventory.resources.push(...live.resources);
  const mappings = loadMappings({ profile: req.profile });
  // Without a register the BAA checks do not run: what they would grade is not known (partial, not pass).
  const { run: graded, notRun } = checksToRun(checks, register !== undefined, req.profile);
  const evaluation = evaluate(inventory.resources, graded, mappings, { profile: req.profile, only: req.only ?? 'all', ...(req.ephiScope ? { ephiScope: req.ephiScope } : {}), ...(register ? { baaRegister: register } : {}) });
  // What a collector could not read is graded `error`, never pass or fail on a partial document.
  if (live) evaluation.findings = undecidedWhereUnread(evaluation.findings, inventory.resources);
  const waived = applyWaivers(evaluation.findings, waiverSet, { asOf, catalogue: mappings.safeguards, knownChecks: new Set(checks.map((c) => c.id)) });
  evaluation.findings = waived.findings;
  const gate = applyGate(evaluation.findings, evaluation.checks, req.policy, req.failOnError);
  const judgement = attestationSet ? await judgeAttestations(attestationSet, questions, asOf) : undefined;
  const baaReport = register ? baaRegisterReport(register, inventory.resources, evaluation.findings) : undefined;
  const resourcesByProvider = { aws: 0, azure: 0, gcp: 0 };
  for (const r of inventory.resources) resourcesByProvider[r.provider]++;
  const report = buildReport({
    version: req.version,
    startedAt,
    profile: req.profile,
    inputs: inventory.files,
    checks: evaluation.checks.length,
    resourcesByProvider,
    assessed: evaluation.assessed,
    unassessed: evaluation.unassessed,
    superseded: inventory.superseded,
    outOfScope: evaluation.outOfScope,
    findings: evaluation.findings,
    safeguards: judgement ? joinAttestations(safeguardCoverage(mappings, evaluation.checks, evaluation.findings, notRun), judgement) : safeguardCoverage(mappings, evaluation.checks, evaluation.findings, notRun),
    gate,
    waivers: waived.report,
  });
  // Live scans add a `collection` section: what was read, what could not be, and why.
  if (live) Object.assign(report, { collection: live.report });
  // The gap questionnaire's answers and the BAA register, when given: findings.json `attestations`, `baaRegister`.
  if (judgement) Object.assign(report, { attestations: judgement.report });
  if (baaReport) Object.assign(report, { baaRegister: baaReport });
  // What was left ungraded and why, for pipelines and the job summary too (findings.json `warnings`).
  const notes = notesOf(report, inventory.skipped, req.ephiScope ?? DEFAULT_EPHI_SCOPE);
  const warnings = [...(notes.warning ? [notes.warning] : []), ...notes.inputs];
  if (warnings.length) report.warnings = warnings;
  // `--out` writes the evidence bundle (findings.json is one of its files), atomically.
  const bundle = target
    ? await writeBundle(target, {
        command: req.command ?? 'scan',
        report,
        resources: inventory.resources,
        checks: evaluation.checks,
        catalogue: mappings.safeguards,
        ephiScope: req.ephiScope ?? DEFAULT_EPHI_SCOPE,
        only: req.only ?? 'all',
        ...(waiverSet ? { waivers: waiverSet } : {}),
        ...(attestationSet && judgement ? { attestations: { file: attestationSet.file, bytes: attestationSet.bytes, report: judgement.report } } : {}),
        ...(baaReport ? { baaRegister: baaReport } : {}),
        // The tool's own SBOM (dist/sbom.cdx.json from the build), or a manifest note saying why there is none.
        ...(await sbomForBundle()),
      })
    : undefined;
  const outFile = bundle && !target?.archive ? join(bundle.path, 'findings.json') : undefined;
  const waiverLine = [waiverSummaryLine(report.waivers, report.summary.byStatus.waived), judgement && wrap80(attestationSummaryLine(judgement.report)), baaReport && wrap80(baaSummaryLine(baaReport))].filter(Boolean).join('\n') || undefined;
  const bundleLine = bundle ? bundleSummary(bundle) : '';
  // A profile that is not in force (nprm-2025) says so before anything it graded.
  const banner = profileBanner(mappings.profile).map((l) => `${l}\n`).join('');
  return { report, passed: gate.passed, summary: banner + (live?.summary ?? '') + withNotes(withWaiverLine(renderSummary(report, outFile), waiverLine), notes) + bundleLine, ...(bundle ? { bundle } : {}) };
}

/**
 * What the inputs held that was not graded goes above the "Graded" line; a scan that graded
 * nothing says so just above the gate's verdict, which would otherwise read as a clean pass.
 */
function withNotes(summary: string, notes: Notes): string {
  const inputs = insertBefore(summary, /^Graded /m, notes.inputs.map(wrap80));
  return insertBefore(inputs, /^Gate /m, notes.warning ? [wrap80(notes.warning)] : []);
}

interface Notes {
  /** What the inputs held that was not graded: skipped paths, Terraform types no check grades. */
  inputs: string[];
  /** Nothing was graded, and why. */
  warning?: string;
}

function notesOf(report: ScanReport, skipped: Inventory['skipped'], scope: EphiScope): Notes {
  const warning = nothingGradedLine(report, scope);
  return { inputs: [...skippedLines(skipped), ...terraformLines(report.scan.inputs)], ...(warning ? { warning } : {}) };
}

/** The waiver line goes under the results line of the summary. */
function withWaiverLine(summary: string, line: string | undefined): string {
  if (!line) return summary;
  return summary.replace(/^(Results: .*\n)/m, `$1${line}\n`);
}
