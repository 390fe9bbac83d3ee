import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../import/input-error.js';
import { loadSettings, SETTINGS_FILES, type Settings } from './settings.js';

/**
 * Settings from `safeguard.yaml` become the values of the command's own options, recorded with
 * commander's source `config`, wherever the command line did not give the flag: the command then
 * runs exactly as if those flags had been typed. "What to scan" is one group: a command line that
 * names anything to scan (`--input`, `--aws`, ...) replaces the file's `input` and clouds whole.
 */

/** The settings file `--config` names, else `safeguard.yaml` (or `.yml`) in the working directory; none with `--no-config`. */
export function findSettingsFile(option: string | boolean | undefined, cwd = process.cwd()): string | undefined {
  if (option === false) return undefined;
  if (typeof option === 'string') return option;
  const found = SETTINGS_FILES.filter((f) => existsSync(resolve(cwd, f)));
  if (found.length > 1) throw new InputError(found[0]!, undefined, `both ${found.join(' and ')} are here: keep one, or choose with --config`);
  return found[0];
}

/** One setting as the option it stands for. */
interface Assignment {
  /** The setting's dotted key, for messages. */
  key: string;
  /** The option's attribute name (`failOn` for `--fail-on`). */
  option: string;
  value: string | string[] | boolean;
}

/** Apply the settings file to `command` (a preAction hook). Returns the file used, if any. */
export async function applySettingsFile(command: Command, cwd = process.cwd()): Promise<Settings | undefined> {
  if (!command.options.some((o) => o.attributeName() === 'config')) return undefined;
  const file = findSettingsFile(command.getOptionValue('config') as string | boolean | undefined, cwd);
  if (!file) return undefined;
  const settings = await loadSettings(file);
  applySettings(command, settings, cwd);
  const auto = command.getOptionValueSource('config') !== 'cli';
  if (auto && command.getOptionValue('quiet') !== true) process.stderr.write(`safeguard: settings from ${file} (--no-config to ignore them)\n`);
  return settings;
}

export function applySettings(command: Command, settings: Settings, cwd = process.cwd()): void {
  const v = settings.values;
  const base = dirname(resolve(cwd, settings.file));
  // Paths in the file are relative to the file; keep them relative to the working directory for the report.
  const path = (p: string) => (isAbsolute(p) ? p : relative(cwd, resolve(base, p)) || '.');
  const has = (option: string) => command.options.some((o) => o.attributeName() === option);
  const given = (option: string) => has(option) && command.getOptionValueSource(option) === 'cli';
  const set = (a: Assignment) => {
    const option = command.options.find((o) => o.attributeName() === a.option);
    if (!option) {
      throw new InputError(settings.file, where(settings, a.key), `${a.key}: \`safeguard ${command.name()}\` has no ${flagOf(a.option)} option, so this setting cannot apply (see safeguard ${command.name()} --help)`);
    }
    if (command.getOptionValueSource(a.option) === 'cli') return;
    // A variadic option takes a list; a single-value option takes a comma-separated string.
    const value = Array.isArray(a.value) && !option.variadic ? a.value.join(',') : a.value;
    command.setOptionValueWithSource(a.option, value, 'config');
  };

  const clouds = [
    { key: 'aws', section: v.aws, scope: [
      { key: 'aws.regions', option: 'regions', value: v.aws?.regions },
      { key: 'aws.aggregator', option: 'aggregator', value: v.aws?.aggregator },
      { key: 'aws.profile', option: 'awsProfile', value: v.aws?.profile },
    ] },
    { key: 'azure', section: v.azure, scope: [
      { key: 'azure.subscriptions', option: 'subscriptions', value: v.azure?.subscriptions },
      { key: 'azure.tenant', option: 'tenant', value: v.azure?.tenant },
      { key: 'azure.management-group', option: 'managementGroup', value: v.azure?.['management-group'] },
    ] },
    { key: 'gcp', section: v.gcp, scope: [
      { key: 'gcp.projects', option: 'projects', value: v.gcp?.projects },
      { key: 'gcp.folder', option: 'folder', value: v.gcp?.folder },
      { key: 'gcp.organization', option: 'organization', value: v.gcp?.organization },
    ] },
  ];

  // What to scan: the file's list applies only when the command line names nothing to scan.
  if (!given('input') && !clouds.some((c) => given(c.key))) {
    if (v.input) set({ key: 'input', option: 'input', value: v.input.map(path) });
    for (const c of clouds) if (c.section && c.section.enabled !== false) set({ key: c.key, option: c.key, value: true });
  }
  // A cloud's scope applies to that cloud whenever it is scanned, from the file or the command line.
  for (const c of clouds) {
    if (!c.section || !has(c.key) || command.getOptionValue(c.key) !== true) continue;
    for (const s of c.scope) if (s.value !== undefined) set({ key: s.key, option: s.option, value: s.value });
  }

  if (v.profile) set({ key: 'profile', option: 'profile', value: v.profile });
  if (v.scope) set({ key: 'scope', option: 'scope', value: v.scope });
  if (v['fail-on']) set({ key: 'fail-on', option: 'failOn', value: v['fail-on'] });
  if (v['fail-on-error'] !== undefined) set({ key: 'fail-on-error', option: 'failOnError', value: v['fail-on-error'] });
  if (v.waivers) set({ key: 'waivers', option: 'waivers', value: path(v.waivers) });
  if (v.attestations) set({ key: 'attestations', option: 'attestations', value: path(v.attestations) });
  if (v.ephi?.['tag-keys']) set({ key: 'ephi.tag-keys', option: 'ephiTagKeys', value: v.ephi['tag-keys'] });
  if (v.ephi?.['tag-values']) set({ key: 'ephi.tag-values', option: 'ephiTagValues', value: v.ephi['tag-values'] });
  if (v.output?.dir) set({ key: 'output.dir', option: 'out', value: path(v.output.dir) });
  // How the bundle is written matters only when one is written (`output.dir` or `--out`).
  if (has('out') && command.getOptionValue('out')) {
    if (v.output?.archive) set({ key: 'output.archive', option: 'archive', value: v.output.archive });
    if (v.output?.replace !== undefined) set({ key: 'output.replace', option: 'force', value: v.output.replace });
  }
}

function where(settings: Settings, key: string): string | undefined {
  const line = settings.lineOf(key);
  return line ? `line ${line}` : undefined;
}

function flagOf(attribute: string): string {
  return `--${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
