import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CollectionReport } from '../collect/index.js';
import type { Check, Profile } from '../engine/check.js';
import { typeKey } from '../engine/context.js';
import { safeguardCoverage } from '../engine/coverage.js';
import type { Finding } from '../engine/finding.js';
import { loadChecks } from '../engine/registry.js';
import { holdsEphi, type EphiScope } from '../engine/scope.js';
import { applyWaivers, parseWaivers, type WaiverSet } from '../engine/waivers.js';
import { readArchive, sniffArchive, type ArchiveFormat } from '../evidence/archive.js';
import { ATTESTATIONS_COPY, checkTarget, WAIVERS_COPY, writeBundle, type BundleTarget, type WrittenBundle } from '../evidence/bundle.js';
import { MANIFEST, sha256 } from '../evidence/manifest.js';
import { sbomForBundle } from '../evidence/sbom.js';
import { bundleSummary } from '../evidence/summary.js';
import { verifyBundle } from '../evidence/verify.js';
import { applyGate, GATE_POLICIES } from '../gate/index.js';
import type { ImportedFile } from '../import/index.js';
import { InputError } from '../import/input-error.js';
import { compareObservedAt } from '../import/observed.js';
import type { Provider, Resource } from '../inventory/resource.js';
import { loadMappings } from '../mappings/index.js';
import { baaRegisterReport, checksToRun, type BaaRegisterReport } from '../baa/report.js';
import type { BaaRegister } from '../baa/register.js';
import type { AttestationJudgement, AttestationReport, SafeguardAttestation } from '../assess/attestations.js';
import { joinAttestations } from '../assess/join.js';
import { renderSummary } from '../report/console.js';
import { buildReport, type ScanReport } from '../report/scan-report.js';

/**
 * `safeguard merge BUNDLE... --out DIR`: one organisation bundle from the bundles of a matrix of
 * scans (one job per account, subscription or project). Each bundle is verified against its
 * manifest first. Resources and findings are combined (the same resource or finding in two
 * bundles counts once: the newer observation), and everything derived from them is recomputed as
 * a scan of the whole estate would compute it: the summary, the gate, the safeguard statement,
 * waivers, the risk register, the asset inventory, and the manifest's hashes. The manifest names
 * the bundles merged (`mergedFrom`), with the SHA-256 of each one's manifest.
 */

export interface MergeRequest {
  bundles: string[];
  out: string;
  force?: boolean;
  archive?: ArchiveFormat;
  version: string;
}

export interface MergeOutcome {
  report: ScanReport;
  passed: boolean;
  summary: string;
  bundle: WrittenBundle;
}

/** What merge reads from a bundle's findings.json; everything else is recomputed. */
const FindingsFile = z.looseObject({
  schemaVersion: z.literal('1.0'),
  tool: z.object({ name: z.string(), version: z.string() }),
  scan: z.object({ startedAt: z.string(), finishedAt: z.string(), profile: z.enum(['default', 'strict', 'nprm-2025']), inputs: z.array(z.looseObject({ file: z.string(), format: z.string(), records: z.number() })), checks: z.number() }),
  summary: z.looseObject({ superseded: z.number() }),
  gate: z.looseObject({ policy: z.enum(GATE_POLICIES), failOnError: z.boolean() }),
  findings: z.array(z.looseObject({ fingerprint: z.string(), status: z.string(), resource: z.looseObject({ provider: z.enum(['aws', 'azure', 'gcp']), id: z.string() }) })),
  waivers: z.looseObject({ file: z.string().nullable(), asOf: z.string() }),
  collection: z.unknown().optional(),
  attestations: z.unknown().optional(),
  baaRegister: z.unknown().optional(),
});

const ManifestFile = z.looseObject({
  tool: z.object({ version: z.string() }),
  createdAt: z.string().nullish(),
  scan: z.looseObject({ command: z.enum(['scan', 'bundle']) }),
  scope: z.looseObject({
    graded: z.enum(['all', 'ephi']),
    ephiTags: z.object({ keys: z.array(z.string()), values: z.array(z.string()) }),
    accounts: z.array(z.string()),
    subscriptions: z.array(z.string()),
    projects: z.array(z.string()),
    inputs: z.array(z.looseObject({ file: z.string(), sha256: z.string().nullable(), size: z.number().nullable() })),
  }),
});

const InventoryRecord = z.looseObject({
  type: z.string(),
  id: z.string(),
  name: z.string(),
  account: z.string().nullable(),
  region: z.string().nullable(),
  deleted: z.boolean().optional(),
  tags: z.record(z.string(), z.string()),
  config: z.record(z.string(), z.unknown()),
  related: z.record(z.string(), z.unknown()),
  source: z.looseObject({ format: z.string(), file: z.string() }),
});

interface ReadBundle {
  path: string;
  manifestSha256: string;
  manifest: z.infer<typeof ManifestFile>;
  report: ScanReport;
  /** The sections findings.json has only for some scans. */
  collection?: CollectionReport;
  attestations?: AttestationReport;
  /** The attestation file as the bundle copied it. */
  attestationBytes?: Buffer;
  baaRegister?: BaaRegisterReport;
  resources: Resource[];
  waivers?: Buffer;
}

export async function runMerge(req: MergeRequest): Promise<MergeOutcome> {
  if (req.bundles.length < 2) throw new InputError(req.bundles[0] ?? 'merge', undefined, 'merge needs two bundles or more');
  const target: BundleTarget = { out: req.out, force: req.force === true, ...(req.archive ? { archive: req.archive } : {}) };
  await checkTarget(target);
  const bundles: ReadBundle[] = [];
  for (const path of req.bundles) bundles.push(await readBundle(path));
  const first = bundles[0]!;

  // Bundles graded the same way combine; anything else would mix two different questions.
  const same = (what: string, value: (b: ReadBundle) => unknown) => {
    const expected = JSON.stringify(value(first));
    for (const b of bundles.slice(1)) {
      if (JSON.stringify(value(b)) !== expected) throw new InputError(b.path, undefined, `cannot be merged with ${first.path}: ${what} differs (${JSON.stringify(value(b))}, not ${expected})`);
    }
  };
  for (const b of bundles) {
    if (b.report.tool.version !== req.version) throw new InputError(b.path, undefined, `was written by safeguard ${b.report.tool.version}; merge it with safeguard ${req.version}, the version that merges`);
  }
  same('the profile', (b) => b.report.scan.profile);
  same('the gate policy', (b) => [b.report.gate.policy, b.report.gate.failOnError]);
  same('what was graded (--scope) and the ePHI tags', (b) => [b.manifest.scope.graded, b.manifest.scope.ephiTags]);
  same('the waiver file', (b) => [b.report.waivers.file, b.waivers ? sha256(b.waivers) : null]);
  same('the command', (b) => b.manifest.scan.command);
  // The questionnaire's answers and the BAA register are the organisation's, not a scope's: every
  // job of a matrix reads the same safeguard.yaml, so they combine when they are the same.
  same('the attestation file (the questionnaire\'s answers and the date they were judged on)', (b) => (b.attestations === undefined ? null : [b.attestationBytes ? sha256(b.attestationBytes) : null, b.attestations]));
  same('the BAA register', (b) => registerOf(b) ?? null);
  const register = registerOf(first);
  const judgement = attestationJudgement(first);

  const profile: Profile = first.report.scan.profile;
  const allChecks = await loadChecks();
  // The register checks run only when a register was given, as in a scan.
  const { run: checks, notRun } = checksToRun(allChecks, register !== undefined, profile);
  const mappings = loadMappings({ profile });
  for (const b of bundles) {
    if (b.report.scan.checks !== checks.length) throw new InputError(b.path, undefined, `ran ${b.report.scan.checks} checks where this safeguard runs ${checks.length} under profile ${profile}`);
  }

  // One resource per cloud id, and one finding per fingerprint: the newer observation wins.
  const resources = new Map<string, { resource: Resource; from: number }>();
  let duplicates = 0;
  bundles.forEach((b, from) => {
    for (const r of b.resources) {
      const key = resourceKey(r.provider, r.id);
      const existing = resources.get(key);
      if (existing) duplicates++;
      if (!existing || compareObservedAt(r.source.observedAt, existing.resource.source.observedAt) > 0) resources.set(key, { resource: r, from });
    }
  });
  const findings = new Map<string, Finding>();
  let repeated = 0;
  bundles.forEach((b, from) => {
    for (const f of b.report.findings) {
      const kept = resources.get(resourceKey(f.resource.provider, f.resource.id));
      const existing = findings.get(f.fingerprint);
      if (existing) repeated++;
      if (!existing || kept?.from === from) findings.set(f.fingerprint, unwaived(f));
    }
  });

  const asOf = bundles.map((b) => b.report.waivers.asOf).sort().pop()!;
  const waiverSet: WaiverSet | undefined = first.waivers && first.report.waivers.file ? { file: first.report.waivers.file, bytes: first.waivers, waivers: parseWaivers(first.waivers.toString('utf8'), first.report.waivers.file) } : undefined;
  const waived = applyWaivers([...findings.values()], waiverSet, { asOf, catalogue: mappings.safeguards, knownChecks: new Set(allChecks.map((c) => c.id)) });
  const merged = [...resources.values()].map((e) => e.resource);
  const ephiScope: EphiScope = first.manifest.scope.ephiTags;
  const only = first.manifest.scope.graded;
  const counts = gradedCounts(merged, checks, only, ephiScope);
  const resourcesByProvider: Record<Provider, number> = { aws: 0, azure: 0, gcp: 0 };
  for (const r of merged) resourcesByProvider[r.provider]++;
  const startedAt = bundles.map((b) => b.report.scan.startedAt).sort()[0]!;
  const inputs = new Map<string, ImportedFile>();
  for (const b of bundles) for (const i of b.report.scan.inputs) if (!inputs.has(i.file)) inputs.set(i.file, i);
  const report = buildReport({
    version: req.version,
    startedAt: new Date(startedAt),
    profile,
    inputs: [...inputs.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    checks: checks.length,
    resourcesByProvider,
    assessed: counts.assessed,
    unassessed: counts.unassessed,
    superseded: bundles.reduce((n, b) => n + b.report.summary.superseded, 0) + duplicates,
    outOfScope: counts.outOfScope,
    findings: waived.findings,
    safeguards: judgement ? joinAttestations(safeguardCoverage(mappings, checks, waived.findings, notRun), judgement) : safeguardCoverage(mappings, checks, waived.findings, notRun),
    gate: applyGate(waived.findings, checks, first.report.gate.policy as (typeof GATE_POLICIES)[number], first.report.gate.failOnError),
    waivers: waived.report,
  });
  report.scan.startedAt = startedAt;
  report.scan.finishedAt = bundles.map((b) => b.report.scan.finishedAt).sort().pop()!;
  const collections = bundles.map((b) => b.collection).filter((c): c is CollectionReport => c !== undefined);
  if (collections.length) Object.assign(report, { collection: mergeCollections(collections) });
  // As a scan adds them: the attestations as judged, the register recomputed over the whole estate.
  if (judgement) Object.assign(report, { attestations: judgement.report });
  const baaReport = register ? baaRegisterReport(register, merged, waived.findings) : undefined;
  if (baaReport) Object.assign(report, { baaRegister: baaReport });

  const inputHashes = new Map<string, { sha256: string | null; size: number | null }>();
  for (const b of bundles) for (const i of b.manifest.scope.inputs) if (!inputHashes.has(i.file)) inputHashes.set(i.file, { sha256: i.sha256, size: i.size });
  const bundle = await writeBundle(target, {
    command: first.manifest.scan.command,
    report,
    resources: merged,
    checks,
    catalogue: mappings.safeguards,
    ephiScope,
    only,
    ...(waiverSet ? { waivers: waiverSet } : {}),
    ...(judgement && first.attestationBytes ? { attestations: { file: judgement.report.file, bytes: first.attestationBytes, report: judgement.report } } : {}),
    ...(baaReport ? { baaRegister: baaReport } : {}),
    inputHashes,
    mergedFrom: bundles.map((b) => ({ bundle: b.path, manifestSha256: b.manifestSha256, createdAt: b.manifest.createdAt ?? null, scope: { accounts: b.manifest.scope.accounts, subscriptions: b.manifest.scope.subscriptions, projects: b.manifest.scope.projects } })),
    // The merging safeguard's own SBOM, as `scan` writes it.
    ...(await sbomForBundle()),
  });
  const head = `Merged ${bundles.length} bundles: ${merged.length} resources${duplicates ? ` (${duplicates} read in more than one bundle, counted once)` : ''}, ${report.findings.length} results${repeated ? ` (${repeated} repeated, counted once)` : ''}.\n`;
  return { report, passed: report.gate.passed, summary: head + renderSummary(report, req.archive ? undefined : join(bundle.path, 'findings.json')) + bundleSummary(bundle), bundle };
}

/** The BAA register a bundle was scanned with, as `safeguard.yaml` gave it (its report without what the scan derived). */
function registerOf(b: ReadBundle): BaaRegister | undefined {
  const r = b.baaRegister;
  if (!r) return undefined;
  return { file: r.file, asOf: r.asOf, agreements: r.agreements.map(({ party: _p, kind: _k, status: _s, covers: _c, ...agreement }) => agreement) };
}

/** The questionnaire's answers as the bundle's scan judged them: its report, and each specification's block of the statement. */
function attestationJudgement(b: ReadBundle): AttestationJudgement | undefined {
  if (!b.attestations) return undefined;
  if (!b.attestationBytes) throw new InputError(b.path, undefined, `is not an evidence bundle: findings.json has attestations but the bundle has no ${ATTESTATIONS_COPY}`);
  const byCitation = new Map<string, SafeguardAttestation>();
  for (const row of b.report.safeguards) if (row.attestation) byCitation.set(row.id, row.attestation);
  return { byCitation, report: b.attestations };
}

function resourceKey(provider: Provider, id: string): string {
  return `${provider}\u0000${provider === 'azure' ? id.toLowerCase() : id}`;
}

/** A finding as it stood before waivers (they are applied again to the merged results). */
function unwaived(f: Finding): Finding {
  if (f.status !== 'waived') return f;
  const { waiver: _waiver, ...rest } = f;
  return { ...rest, status: 'fail' };
}

/** Assessed, unassessed and out-of-scope resources, counted as the engine counts them. */
function gradedCounts(resources: readonly Resource[], checks: readonly Check[], only: 'all' | 'ephi', ephiScope: EphiScope) {
  const specific = new Set(checks.filter((c) => !c.resourceTypes.includes('*')).flatMap((c) => c.resourceTypes.map((t) => typeKey(c.provider, t))));
  const byType: Record<string, number> = {};
  let assessed = 0;
  let total = 0;
  let outOfScope = 0;
  for (const r of resources) {
    if (only === 'ephi' && !holdsEphi(r, ephiScope)) {
      outOfScope++;
      continue;
    }
    if (specific.has(typeKey(r.provider, r.type))) {
      assessed++;
      continue;
    }
    const label = `${r.provider}:${r.type}`;
    byType[label] = (byType[label] ?? 0) + 1;
    total++;
  }
  return { assessed, unassessed: { total, byType }, outOfScope };
}

function mergeCollections(reports: readonly CollectionReport[]): CollectionReport {
  const order = { failed: 0, 'not-recorded': 1, ok: 2 } as const;
  const coverage = reports.flatMap((r) => r.coverage).sort((a, b) => order[a.status] - order[b.status]);
  return {
    startedAt: reports.map((r) => r.startedAt).sort()[0]!,
    finishedAt: reports.map((r) => r.finishedAt).sort().pop()!,
    sources: reports.flatMap((r) => r.sources),
    coverage,
    failed: coverage.filter((e) => e.status === 'failed').length,
  };
}

/** A bundle folder or archive, verified, with the files merge reads. */
async function readBundle(path: string): Promise<ReadBundle> {
  const verified = await verifyBundle(path);
  if (verified.problems.length) {
    const p = verified.problems[0]!;
    throw new InputError(path, undefined, `does not verify against its manifest (${p.path}: ${p.problem}${verified.problems.length > 1 ? `; ${verified.problems.length - 1} more` : ''}); run safeguard verify ${path}`);
  }
  const files = await bundleFiles(path);
  const text = (name: string): string => {
    const bytes = files.get(name);
    if (!bytes) throw new InputError(path, undefined, `is not an evidence bundle: it has no ${name}`);
    return bytes.toString('utf8');
  };
  const json = <T extends z.ZodType>(name: string, schema: T): z.infer<T> => {
    let raw: unknown;
    try {
      raw = JSON.parse(text(name));
    } catch {
      throw new InputError(path, name, 'not valid JSON');
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(path, `${name}: ${issue.path.join('.')}`, `not what safeguard writes (${issue.message})`);
    }
    // The document as written (a schema's output reorders keys): checked, then used as it is.
    return raw as z.infer<T>;
  };
  const manifestBytes = files.get(MANIFEST)!;
  const manifest = json(MANIFEST, ManifestFile);
  const findings = json('findings.json', FindingsFile);
  const report = findings as unknown as ScanReport;
  const resources: Resource[] = [];
  for (const provider of ['aws', 'azure', 'gcp'] as const) {
    const name = `inventory/${provider}/resources.ndjson`;
    const bytes = files.get(name);
    if (!bytes) continue;
    bytes.toString('utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new InputError(path, `${name}: line ${i + 1}`, 'not valid JSON');
      }
      const parsed = InventoryRecord.safeParse(raw);
      if (!parsed.success) throw new InputError(path, `${name}: line ${i + 1}`, `not an inventory record (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})`);
      const r = raw as z.infer<typeof InventoryRecord>;
      resources.push({
        provider, type: r.type, id: r.id, name: r.name,
        ...(r.account !== null ? { account: r.account } : {}),
        ...(r.region !== null ? { region: r.region } : {}),
        tags: r.tags, config: r.config, related: r.related,
        ...(r.deleted ? { deleted: true } : {}),
        source: r.source as Resource['source'],
      });
    });
  }
  const waivers = files.get(WAIVERS_COPY);
  return {
    path, manifestSha256: sha256(manifestBytes), manifest, report, resources,
    ...(findings.collection !== undefined ? { collection: findings.collection as CollectionReport } : {}),
    ...(findings.attestations !== undefined ? { attestations: findings.attestations as AttestationReport } : {}),
    ...(files.get(ATTESTATIONS_COPY) ? { attestationBytes: files.get(ATTESTATIONS_COPY)! } : {}),
    ...(findings.baaRegister !== undefined ? { baaRegister: findings.baaRegister as BaaRegisterReport } : {}),
    ...(waivers ? { waivers } : {}),
  };
}

/** The files of a bundle folder or archive by path inside the bundle (its top folder stripped). */
async function bundleFiles(path: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if ((await lstat(path)).isDirectory()) {
    const walk = async (dir: string, rel: string): Promise<void> => {
      for (const name of await readdir(dir)) {
        const full = join(dir, name);
        const info = await lstat(full);
        if (info.isDirectory()) await walk(full, `${rel}${name}/`);
        else if (info.isFile()) out.set(`${rel}${name}`, await readFile(full));
      }
    };
    await walk(path, '');
    return out;
  }
  const entries = await readArchive(path, (await sniffArchive(path))!, () => true);
  const manifest = entries.find((e) => e.kind === 'file' && (e.path === MANIFEST || /^[^/]+\/manifest\.json$/.test(e.path)));
  const prefix = manifest ? manifest.path.slice(0, -MANIFEST.length) : '';
  for (const e of entries) if (e.kind === 'file' && e.bytes && e.path.startsWith(prefix)) out.set(e.path.slice(prefix.length), e.bytes);
  return out;
}


