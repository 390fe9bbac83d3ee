import type { Profile } from '../engine/check.js';
import { safeguardCoverage } from '../engine/coverage.js';
import { evaluate } from '../engine/evaluate.js';
import type { EphiScope } from '../engine/scope.js';
import { loadChecks } from '../engine/registry.js';
import { applyGate, type GatePolicy } from '../gate/index.js';
import { importInputs } from '../import/index.js';
import { loadMappings } from '../mappings/index.js';
import { renderSummary } from '../report/console.js';
import { buildReport, writeFindings, type ScanReport } from '../report/scan-report.js';

export interface ScanRequest {
  inputs: string[];
  out?: string;
  profile: Profile;
  policy: GatePolicy;
  failOnError: boolean;
  version: string;
  only?: 'all' | 'ephi';
  ephiScope?: EphiScope;
}

export interface ScanOutcome {
  report: ScanReport;
  passed: boolean;
  summary: string;
}

/**
 * Import → evaluate → map → gate → write. Every input is read and validated before anything is
 * written, so bad input leaves `--out` untouched.
 */
export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const startedAt = new Date();
  const [inventory, checks] = await Promise.all([importInputs(req.inputs), loadChecks()]);
  const mappings = loadMappings();
  const evaluation = evaluate(inventory.resources, checks, mappings, { profile: req.profile, only: req.only ?? 'all', ...(req.ephiScope ? { ephiScope: req.ephiScope } : {}) });
  const gate = applyGate(evaluation.findings, evaluation.checks, req.policy, req.failOnError);
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
    safeguards: safeguardCoverage(mappings, evaluation.checks, evaluation.findings),
    gate,
  });
  const outFile = req.out ? await writeFindings(req.out, report) : undefined;
  return { report, passed: gate.passed, summary: renderSummary(report, outFile) };
}
