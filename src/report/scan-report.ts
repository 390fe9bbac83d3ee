import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../engine/check.js';
import { emptyCounts, PROVIDERS, type Counts, type SafeguardCoverage } from '../engine/coverage.js';
import type { Finding } from '../engine/finding.js';
import { emptyWaiverReport, type WaiverReport } from '../engine/waivers.js';
import type { GateVerdict } from '../gate/index.js';
import type { ImportedFile } from '../import/index.js';
import type { Provider } from '../inventory/resource.js';
import { jsonChunks, writeChunks } from '../evidence/stream.js';
import { sortFindings } from './console.js';

/** Everything one scan produced; `findings.json` is this object. */
export interface ScanReport {
  schemaVersion: '1.0';
  tool: { name: 'safeguard'; version: string };
  scan: { startedAt: string; finishedAt: string; profile: Profile; inputs: ImportedFile[]; checks: number };
  summary: {
    resources: number;
    resourcesByProvider: Record<Provider, number>;
    assessed: number;
    unassessed: { total: number; byType: Record<string, number> };
    superseded: number;
    /** Resources left ungraded by `--scope ephi`. */
    outOfScope: number;
    byStatus: Counts;
  };
  gate: { policy: string; failOnError: boolean; passed: boolean; failing: number; reason: string; failingFingerprints: string[] };
  safeguards: SafeguardCoverage[];
  findings: Finding[];
  /** The waiver file's decisions and what became of each: applied, expired, stale or invalid. */
  waivers: WaiverReport;
  /**
   * What the scan left ungraded and why, one line each: nothing graded at all (the gate passed on
   * nothing), input paths skipped (an evidence bundle in an input folder), Terraform types no
   * check grades. Absent when there is nothing to say.
   */
  warnings?: string[];
}

export function buildReport(args: {
  version: string;
  startedAt: Date;
  profile: Profile;
  inputs: ImportedFile[];
  checks: number;
  resourcesByProvider: Record<Provider, number>;
  assessed: number;
  unassessed: { total: number; byType: Record<string, number> };
  superseded: number;
  outOfScope: number;
  findings: Finding[];
  safeguards: SafeguardCoverage[];
  gate: GateVerdict;
  waivers?: WaiverReport;
}): ScanReport {
  const byStatus = emptyCounts();
  for (const f of args.findings) byStatus[f.status]++;
  // Orders that do not depend on the order resources were read in, so a merged bundle reads as a
  // scan of the whole estate does.
  const byType = Object.fromEntries(Object.entries(args.unassessed.byType).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    schemaVersion: '1.0',
    tool: { name: 'safeguard', version: args.version },
    scan: { startedAt: args.startedAt.toISOString(), finishedAt: new Date().toISOString(), profile: args.profile, inputs: args.inputs, checks: args.checks },
    summary: {
      resources: PROVIDERS.reduce((n, p) => n + args.resourcesByProvider[p], 0),
      resourcesByProvider: args.resourcesByProvider,
      assessed: args.assessed,
      unassessed: { total: args.unassessed.total, byType },
      superseded: args.superseded,
      outOfScope: args.outOfScope,
      byStatus,
    },
    gate: {
      policy: args.gate.policy,
      failOnError: args.gate.failOnError,
      passed: args.gate.passed,
      failing: args.gate.failing.length,
      reason: args.gate.reason,
      failingFingerprints: sortFindings(args.gate.failing).map((f) => f.fingerprint),
    },
    safeguards: args.safeguards,
    findings: sortFindings(args.findings),
    waivers: args.waivers ?? emptyWaiverReport(args.startedAt.toISOString().slice(0, 10)),
  };
}

/**
 * Write `DIR/findings.json` whole or not at all: a temp file renamed into place. The findings are
 * written one at a time, so a scan of a million resources never builds the file as one string.
 */
export async function writeFindings(dir: string, report: ScanReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, 'findings.json');
  const temp = join(dir, `.findings.json.${process.pid}.tmp`);
  await rm(temp, { force: true });
  await writeChunks(temp, jsonChunks(report as unknown as Record<string, unknown>, ['findings']));
  await rename(temp, target);
  return target;
}
