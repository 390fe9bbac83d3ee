import { open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { SafeguardAttestation } from '../assess/attestations.js';
import { isDay } from '../assess/dates.js';
import { loadQuestions } from '../assess/questions.js';
import type { BaaRegisterReport } from '../baa/report.js';
import { findSettingsFile } from '../config/apply.js';
import { loadSettings, type Settings } from '../config/settings.js';
import type { Profile } from '../engine/check.js';
import { DEFAULT_EPHI_SCOPE } from '../engine/scope.js';
import { InputError } from '../import/input-error.js';
import { loadMappings } from '../mappings/index.js';
import { POLICIES_TITLE, renderPolicies, writePolicies } from '../policies/index.js';
import { runScan } from './scan.js';

export interface PoliciesOptions {
  input?: string[];
  attestations?: string;
  waivers?: string;
  out: string;
  profile?: Profile;
  asOf?: string;
  ephiTagKeys?: string;
  ephiTagValues?: string;
  /** A settings file other than ./safeguard.yaml, or `false` to ignore it. */
  settings?: string | boolean;
  /** Replace the drafts an earlier run wrote to `out`. */
  force?: boolean;
}

/**
 * `safeguard policies`: scan (the same import, checks, waivers, attestations and BAA register as
 * `scan`), then write the policy drafts. The drafts do not depend on the clock except through
 * expiry, which `--as-of` pins.
 */
export async function runPolicies(opts: PoliciesOptions, version: string, cwd = process.cwd()): Promise<string> {
  if (opts.asOf !== undefined && !isDay(opts.asOf)) throw new InputError('--as-of', undefined, `expected a date, YYYY-MM-DD, got ${JSON.stringify(opts.asOf)}`);
  await checkOut(opts.out, opts.force === true);
  const settingsFile = findSettingsFile(opts.settings === true ? undefined : opts.settings, cwd);
  const settings = settingsFile ? await loadSettings(settingsFile) : undefined;
  const v = settings?.values;
  const fromSettings = (p: string | undefined) => (p && settings ? relativeTo(settings, p, cwd) : undefined);
  const inputs = opts.input?.length ? opts.input : (v?.input ?? []).map((p) => fromSettings(p)!);
  const attestations = opts.attestations ?? fromSettings(v?.attestations);
  const waivers = opts.waivers ?? fromSettings(v?.waivers);
  if (inputs.length === 0 && !attestations) {
    throw new InputError('safeguard policies', undefined, 'nothing to write from: give --input with the exports to scan and/or --attestations with the questionnaire\'s answers (or set input and attestations in safeguard.yaml)');
  }
  const profile = opts.profile ?? v?.profile ?? 'default';
  const split = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
  const outcome = await runScan({
    inputs,
    profile,
    policy: 'none',
    failOnError: false,
    version,
    only: v?.scope ?? 'all',
    ephiScope: { keys: split(opts.ephiTagKeys) ?? v?.ephi?.['tag-keys'] ?? DEFAULT_EPHI_SCOPE.keys, values: split(opts.ephiTagValues) ?? v?.ephi?.['tag-values'] ?? DEFAULT_EPHI_SCOPE.values },
    ...(waivers ? { waivers } : {}),
    ...(attestations ? { attestations } : {}),
    ...(settings && v?.baas ? { baas: { file: settings.file, entries: v.baas, lineOf: (i: number) => settings.lineOf(`baas.${i}`) } } : {}),
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
  });
  const report = outcome.report;
  const judged = new Map<string, SafeguardAttestation>();
  for (const s of report.safeguards) if (s.attestation) judged.set(s.id, s.attestation);
  const files = renderPolicies({
    findings: report.findings,
    waivers: report.waivers,
    catalogue: loadMappings({ profile }).safeguards,
    questions: loadQuestions(),
    ...(attestations ? { attestations: judged } : {}),
    ...((report as { baaRegister?: BaaRegisterReport }).baaRegister ? { baa: (report as { baaRegister?: BaaRegisterReport }).baaRegister! } : {}),
  });
  await writePolicies(opts.out, files);
  const facts = files.reduce((n, f) => n + f.content.split('\n').filter((l) => l.startsWith('- ') && /\[\^\d+\]/.test(l)).length, 0);
  const blanks = files.slice(1).reduce((n, f) => n + (f.content.match(/\[\[TO DECIDE:/g) ?? []).length, 0);
  return `Wrote ${files.length - 1} policy drafts and README.md to ${opts.out}: ${facts} cited facts from ${report.findings.length} findings${attestations ? ` and the answers in ${attestations}` : ''}; ${blanks} blanks marked [[TO DECIDE: ...]].\n`;
}

/**
 * `--out` is a new or empty folder, or one an earlier run wrote (its README.md starts with the
 * drafts' title), which only `--force` replaces: `--out .` in a repository must not overwrite its
 * README.md. Checked before the scan, so a refusal writes nothing.
 */
async function checkOut(out: string, force: boolean): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new InputError(out, undefined, code === 'ENOTDIR' ? 'not a folder: choose another --out' : `cannot read it (${code ?? 'error'})`);
  }
  if (names.length === 0) return;
  if (!(await startsWith(join(out, 'README.md'), POLICIES_TITLE))) {
    throw new InputError(out, undefined, `already exists and is not a folder of policy drafts (no README.md starting "${POLICIES_TITLE}"): safeguard will not write into it; choose another --out`);
  }
  if (!force) throw new InputError(out, undefined, 'already holds policy drafts an earlier run wrote: pass --force to replace them, or choose another --out');
}

/** Whether a file's first line is `line`, reading no more than that line's bytes. */
async function startsWith(file: string, line: string): Promise<boolean> {
  const want = Buffer.from(`${line}\n`);
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const buf = Buffer.alloc(want.length);
    const { bytesRead } = await handle.read(buf, 0, want.length, 0);
    return bytesRead === want.length && buf.equals(want);
  } catch {
    return false; // README.md is a folder, or unreadable: not the drafts' index
  } finally {
    await handle.close();
  }
}

function relativeTo(settings: Settings, p: string, cwd: string): string {
  return isAbsolute(p) ? p : relative(cwd, resolve(dirname(resolve(cwd, settings.file)), p)) || '.';
}
