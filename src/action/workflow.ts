import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * GitHub Actions' runner protocol, as `@actions/core` speaks it: inputs arrive as `INPUT_<NAME>`
 * variables, workflow commands go to stdout, outputs and the job summary are appended to the
 * files `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` name.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_`, hyphens kept (`INPUT_FAIL-ON`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function getInput(env: Env, name: string): string {
  return (env[inputVariable(name)] ?? '').trim();
}

export class InputProblem extends Error {}

/** `true`/`false` as the YAML 1.2 core schema spells them; empty is "not given". */
export function getBooleanInput(env: Env, name: string): boolean | undefined {
  const v = getInput(env, name);
  if (v === '') return undefined;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new InputProblem(`input ${name} must be true or false, not ${JSON.stringify(v)}`);
}

/** A list input: one item a line, or comma-separated. */
export function getListInput(env: Env, name: string): string[] {
  return getInput(env, name)
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Message text of a workflow command: `%`, CR and LF would end or corrupt it. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`title=`, `file=`): `:` and `,` separate properties, so they are escaped too. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
}

/** `::error title=…,file=…,line=…::message` (or `warning`, `notice`). */
export function annotation(level: 'error' | 'warning' | 'notice', message: string, props: AnnotationProperties = {}): string {
  const parts = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level}${parts.length ? ` ${parts.join(',')}` : ''}::${escapeData(message)}`;
}

/**
 * `name<<DELIMITER` … `DELIMITER`: the heredoc form takes any value, line breaks included. The
 * delimiter is random, and refused if the value happens to contain it.
 */
export function outputRecord(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`output ${name}: the value contains the delimiter`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** Append outputs to `GITHUB_OUTPUT`; without it (a local run) they are printed. */
export function setOutputs(env: Env, outputs: Record<string, string>, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const file = env.GITHUB_OUTPUT;
  const text = Object.entries(outputs)
    .map(([k, v]) => outputRecord(k, v))
    .join('');
  if (file) appendFileSync(file, text, 'utf8');
  else for (const [k, v] of Object.entries(outputs)) write(`${k}=${v}${EOL}`);
}

/** Append Markdown to `GITHUB_STEP_SUMMARY`, if the runner gave one. */
export function appendSummary(env: Env, markdown: string): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith(EOL) ? markdown : markdown + EOL, 'utf8');
  return true;
}
