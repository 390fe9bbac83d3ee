import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { main } from '../cli.js';
import { packageRoot } from '../paths.js';
import { findSettingsFile } from '../config/apply.js';
import { loadSettings } from '../config/settings.js';
import type { Finding } from '../engine/finding.js';
import { readArchive, sniffArchive } from '../evidence/archive.js';
import { bundlePath } from '../evidence/bundle.js';
import { MANIFEST } from '../evidence/manifest.js';
import { InputError } from '../import/input-error.js';
import { renderJobSummary } from '../report/job-summary.js';
import type { ScanReport } from '../report/scan-report.js';
import { annotation, appendSummary, getBooleanInput, getInput, getListInput, InputProblem, setOutputs, type Env } from './workflow.js';
import { JUNIT_FILE } from '../report/junit.js';

/**
 * The GitHub Action: read the inputs the runner passes, run `safeguard scan` in this process with
 * the matching flags (so `safeguard.yaml` is read exactly as the CLI reads it, and inputs override
 * it as flags do), then turn the evidence bundle's findings.json into the job summary,
 * annotations and step outputs. The exit code is the scan's: 0 passed, 1 gate failed, 2 bad
 * input or settings, 3 the scan could not finish.
 */

export const DEFAULT_OUTPUT_DIR = 'safeguard-report';

/** The installed CLI, for later steps of the job (`node "$SAFEGUARD" diff ...`). */
const CLI = join(packageRoot, 'dist', 'cli.js');

/** Annotations GitHub shows per step and level; more are dropped, so we say how many were left out. */
const MAX_ANNOTATIONS = 10;

/** The inputs action.yml declares, as readInputs reads them (a test holds the two together). */
export const ACTION_INPUTS = ['input', 'aws', 'azure', 'gcp', 'regions', 'subscriptions', 'projects', 'profile', 'fail-on', 'fail-on-error', 'waivers', 'config', 'output-dir', 'merge', 'sarif'] as const;

export interface ActionInputs {
  input: string[];
  config: string;
  aws?: boolean;
  azure?: boolean;
  gcp?: boolean;
  regions: string[];
  subscriptions: string[];
  projects: string[];
  profile: string;
  failOn: string;
  failOnError?: boolean;
  waivers: string;
  outputDir: string;
  /** Bundles to merge instead of scanning (`safeguard merge`). */
  merge: string[];
  sarif: boolean;
}

export function readInputs(env: Env): ActionInputs {
  return {
    input: getListInput(env, 'input'),
    config: getInput(env, 'config'),
    aws: getBooleanInput(env, 'aws'),
    azure: getBooleanInput(env, 'azure'),
    gcp: getBooleanInput(env, 'gcp'),
    regions: getListInput(env, 'regions'),
    subscriptions: getListInput(env, 'subscriptions'),
    projects: getListInput(env, 'projects'),
    profile: getInput(env, 'profile'),
    failOn: getInput(env, 'fail-on'),
    failOnError: getBooleanInput(env, 'fail-on-error'),
    waivers: getInput(env, 'waivers'),
    outputDir: getInput(env, 'output-dir'),
    merge: getListInput(env, 'merge'),
    sarif: getBooleanInput(env, 'sarif') ?? true,
  };
}

/** The `safeguard scan` command line the inputs stand for. Empty inputs add no flag, so safeguard.yaml decides. */
export function scanArguments(inputs: ActionInputs, outDir: string): string[] {
  const args = ['scan'];
  if (inputs.config) args.push('--config', inputs.config);
  for (const p of inputs.input) args.push('--input', p);
  if (inputs.aws) args.push('--aws');
  if (inputs.azure) args.push('--azure');
  if (inputs.gcp) args.push('--gcp');
  if (inputs.regions.length) args.push('--regions', inputs.regions.join(','));
  if (inputs.subscriptions.length) args.push('--subscriptions', inputs.subscriptions.join(','));
  if (inputs.projects.length) args.push('--projects', inputs.projects.join(','));
  if (inputs.profile) args.push('--profile', inputs.profile);
  if (inputs.failOn) args.push('--fail-on', inputs.failOn);
  if (inputs.failOnError === true) args.push('--fail-on-error');
  if (inputs.failOnError === false) args.push('--no-fail-on-error');
  if (inputs.waivers) args.push('--waivers', inputs.waivers);
  // The bundle is the Action's record of the run; one left by an earlier run on this runner is replaced.
  args.push('--out', outDir, '--force');
  return args;
}

/**
 * The `safeguard merge` command line for the `merge` input. A folder that is not itself a bundle
 * (no manifest.json) stands for the bundles directly inside it (folders with a manifest, .zip or
 * .tar.gz files), as actions/download-artifact lays out one folder per artifact.
 */
export async function mergeArguments(inputs: ActionInputs, outDir: string, cwd: string): Promise<string[]> {
  const scanning: string[] = [...(['input', 'regions', 'subscriptions', 'projects'] as const).filter((k) => inputs[k].length), ...(['aws', 'azure', 'gcp'] as const).filter((k) => inputs[k])];
  if (scanning.length) throw new InputProblem(`merge combines bundles that earlier scans wrote; it cannot be given with ${scanning.join(', ')}`);
  const bundles: string[] = [];
  for (const entry of inputs.merge) {
    const abs = resolve(cwd, entry);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new InputProblem(`merge: ${entry} does not exist`);
    if (!info.isDirectory() || existsSync(join(abs, MANIFEST))) {
      bundles.push(entry);
      continue;
    }
    const inside = (await readdir(abs, { withFileTypes: true }))
      .filter((d) => (d.isDirectory() && existsSync(join(abs, d.name, MANIFEST))) || (d.isFile() && /\.(zip|tar\.gz|tgz)$/i.test(d.name)))
      .map((d) => join(entry, d.name))
      .sort();
    if (!inside.length) throw new InputProblem(`merge: ${entry} is neither an evidence bundle nor a folder of bundles (no manifest.json in it or in its folders)`);
    bundles.push(...inside);
  }
  return ['merge', ...bundles, '--out', outDir, '--force'];
}

export interface ActionResult {
  exitCode: number;
  outputs: Record<string, string>;
}

export async function runAction(env: Env = process.env, cwd = process.cwd()): Promise<ActionResult> {
  const log = (line: string) => process.stdout.write(line + '\n');
  let inputs: ActionInputs;
  let out: { dir: string; archive?: 'zip' | 'tar.gz' };
  try {
    inputs = readInputs(env);
    out = await outputTarget(inputs, cwd);
  } catch (err) {
    if (!(err instanceof InputProblem || err instanceof InputError)) throw err;
    return finishUnrun(env, 2, err.message, log);
  }

  let args: string[];
  try {
    // merge reads no settings file, so the archive format safeguard.yaml asks for is passed on.
    args = inputs.merge.length ? [...(await mergeArguments(inputs, out.dir, cwd)), ...(out.archive ? ['--archive', out.archive] : [])] : scanArguments(inputs, out.dir);
  } catch (err) {
    if (!(err instanceof InputProblem)) throw err;
    return finishUnrun(env, 2, err.message, log);
  }
  log(`::group::safeguard ${args.map(quote).join(' ')}`);
  // The scan prints names and reasons from the estate (a pull request's plan, say): the runner must
  // not read a line of them as a workflow command.
  const resume = `safeguard-${randomUUID()}`;
  log(`::stop-commands::${resume}`);
  const { code, stderr } = await withStderr(() => main(['node', 'safeguard', ...args]));
  log(`::${resume}::`);
  log('::endgroup::');
  if (code !== 0 && code !== 1) {
    const message = stderr
      .split('\n')
      .filter((l) => l.startsWith('safeguard: '))
      .map((l) => l.replace(/^safeguard: (error: )?/, ''))
      .pop();
    return finishUnrun(env, code, message ?? `safeguard exited with code ${code}`, log);
  }

  const bundle = bundlePath({ out: out.dir, ...(out.archive ? { archive: out.archive } : {}) });
  const read = await readBundle(bundle, out.archive, inputs.sarif);
  if (!read) {
    log(annotation('warning', `safeguard finished (exit ${code}) but ${bundle} holds no findings.json to summarise.`, { title: 'safeguard' }));
    const outputs = { failed: String(code !== 0), 'exit-code': String(code), 'bundle-path': bundle, 'findings-path': '', 'sarif-path': '', 'junit-path': '', cli: CLI };
    setOutputs(env, outputs);
    return { exitCode: code, outputs };
  }
  const { report, sarifPath, findingsPath, junitPath } = read;
  for (const line of annotations(report, env, cwd)) log(line);
  appendSummary(env, renderJobSummary(report, { bundlePath: bundle, ...(sarifPath ? { sarifPath } : {}) }));
  const b = report.summary.byStatus;
  const outputs = {
    failed: String(!report.gate.passed),
    'exit-code': String(code),
    'gate-reason': report.gate.reason,
    pass: String(b.pass),
    fail: String(b.fail),
    error: String(b.error),
    waived: String(b.waived),
    'not-applicable': String(b.not_applicable),
    'bundle-path': bundle,
    'findings-path': findingsPath,
    'sarif-path': sarifPath ?? '',
    'junit-path': junitPath ?? '',
    cli: CLI,
  };
  setOutputs(env, outputs);
  return { exitCode: code, outputs };
}

/** `output-dir`, else the settings file's `output.dir`, else `safeguard-report`; and whether the bundle is an archive. */
async function outputTarget(inputs: ActionInputs, cwd: string): Promise<{ dir: string; archive?: 'zip' | 'tar.gz' }> {
  const file = findSettingsFile(inputs.config || undefined, cwd);
  const settings = file ? await loadSettings(resolve(cwd, file)) : undefined;
  const archive = settings?.values.output?.archive;
  let dir = inputs.outputDir;
  if (!dir && settings?.values.output?.dir) {
    const abs = resolve(dirname(resolve(cwd, file!)), settings.values.output.dir);
    dir = relative(cwd, abs) || '.';
  }
  return { dir: dir || DEFAULT_OUTPUT_DIR, ...(archive ? { archive } : {}) };
}

/** Bad inputs or a scan that could not finish: say so everywhere the user looks. */
function finishUnrun(env: Env, code: number, message: string, log: (l: string) => void): ActionResult {
  log(annotation('error', message, { title: code === 2 ? 'safeguard: bad input or settings' : 'safeguard: the scan could not finish' }));
  appendSummary(
    env,
    [`## safeguard: ${code === 2 ? 'bad input or settings' : 'the scan could not finish'} (exit ${code})`, '', '```text', message.replace(/```/g, "'''"), '```', '', 'Nothing was graded, so the gate did not pass.', ''].join('\n'),
  );
  const outputs = { failed: 'true', 'exit-code': String(code), 'gate-reason': message, 'bundle-path': '', 'findings-path': '', 'sarif-path': '', 'junit-path': '', cli: CLI };
  setOutputs(env, outputs);
  return { exitCode: code, outputs };
}

async function readBundle(bundle: string, archive: 'zip' | 'tar.gz' | undefined, sarif: boolean): Promise<{ report: ScanReport; findingsPath: string; sarifPath?: string; junitPath?: string } | undefined> {
  if (!archive) {
    const findingsPath = join(bundle, 'findings.json');
    if (!existsSync(findingsPath)) return undefined;
    const report = JSON.parse(await readFile(findingsPath, 'utf8')) as ScanReport;
    const sarifPath = join(bundle, 'findings.sarif');
    const junitPath = join(bundle, JUNIT_FILE);
    return { report, findingsPath, ...(sarif && existsSync(sarifPath) ? { sarifPath } : {}), ...(existsSync(junitPath) ? { junitPath } : {}) };
  }
  if (!existsSync(bundle) || !(await sniffArchive(bundle))) return undefined;
  // Code scanning wants a SARIF file and a CI test report a JUnit file: take the bundle's out of the archive, beside it.
  const entries = await readArchive(bundle, archive, (p) => /^[^/]+\/findings\.(json|sarif|junit\.xml)$/.test(p));
  const json = entries.find((e) => e.path.endsWith('/findings.json') && e.bytes);
  const sarifEntry = entries.find((e) => e.path.endsWith('/findings.sarif') && e.bytes);
  const junitEntry = entries.find((e) => e.path.endsWith(`/${JUNIT_FILE}`) && e.bytes);
  if (!json?.bytes) return undefined;
  const stem = basename(bundle).replace(/(\.tar\.gz|\.tgz|\.zip)$/i, '');
  let sarifPath: string | undefined;
  if (sarif && sarifEntry?.bytes) {
    sarifPath = join(dirname(bundle), `${stem}.sarif`);
    await writeFile(sarifPath, sarifEntry.bytes);
  }
  let junitPath: string | undefined;
  if (junitEntry?.bytes) {
    junitPath = join(dirname(bundle), `${stem}.junit.xml`);
    await writeFile(junitPath, junitEntry.bytes);
  }
  return { report: JSON.parse(json.bytes.toString('utf8')) as ScanReport, findingsPath: `${bundle}:${json.path}`, ...(sarifPath ? { sarifPath } : {}), ...(junitPath ? { junitPath } : {}) };
}

/**
 * One annotation per failing result, most severe first: those that fail the gate as errors, the
 * other failures as warnings. GitHub shows 10 of each per step, so the rest are counted in a notice.
 */
export function annotations(report: ScanReport, env: Env = {}, cwd = process.cwd()): string[] {
  const gate = new Set(report.gate.failingFingerprints);
  const failing = report.findings.filter((f) => f.status === 'fail');
  const errors = failing.filter((f) => gate.has(f.fingerprint));
  const warnings = failing.filter((f) => !gate.has(f.fingerprint));
  const lines: string[] = [];
  for (const [level, list] of [['error', errors], ['warning', warnings]] as const) {
    for (const f of list.slice(0, MAX_ANNOTATIONS)) lines.push(annotation(level, messageOf(f), { title: `safeguard ${f.check}: ${f.title}`, ...placeOf(f, env, cwd) }));
  }
  const left = Math.max(0, errors.length - MAX_ANNOTATIONS) + Math.max(0, warnings.length - MAX_ANNOTATIONS);
  if (left) lines.push(annotation('notice', `${left} more failing result${left === 1 ? '' : 's'} are listed in the job summary and the evidence bundle.`, { title: 'safeguard' }));
  return lines;
}

function messageOf(f: Finding): string {
  const at = [f.resource.account, f.resource.region].filter(Boolean).join(' ');
  const cites = f.safeguards.length ? ` (${f.safeguards.join(', ')})` : '';
  return `${f.severity.toUpperCase()}${f.ephi ? ' ePHI' : ''} ${f.resource.name} (${f.resource.provider}${at ? ` ${at}` : ''}): ${f.reason}${cites}\nFix: ${f.remediation.text}`;
}

/** Where in the repository a finding lands: the Terraform declaration when known, else an export file in the workspace. */
function placeOf(f: Finding, env: Env, cwd: string): { file?: string; line?: number } {
  const workspace = env.GITHUB_WORKSPACE ?? cwd;
  const inWorkspace = (p: string): string | undefined => {
    const rel = relative(workspace, isAbsolute(p) ? p : resolve(cwd, p));
    return rel && !rel.startsWith('..') && !isAbsolute(rel) && existsSync(resolve(workspace, rel)) ? rel.split('\\').join('/') : undefined;
  };
  const tf = f.source.terraform;
  if (tf?.file) {
    const file = inWorkspace(tf.file);
    if (file) return { file, ...(tf.line ? { line: tf.line } : {}) };
  }
  if (f.source.file && f.source.format !== 'collection-error') {
    const file = inWorkspace(f.source.file);
    if (file) return { file, ...(f.source.line ? { line: f.source.line } : {}) };
  }
  return {};
}

/** Run `fn` while copying everything written to stderr (it still reaches the log). */
async function withStderr(fn: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    return { code: await fn(), stderr: chunks.join('') };
  } finally {
    process.stderr.write = original;
  }
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
