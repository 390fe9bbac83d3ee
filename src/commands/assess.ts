import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { judgeAttestations, loadAttestations } from '../assess/attestations.js';
import { dayOf, isDay } from '../assess/dates.js';
import { runQuestionnaire } from '../assess/questionnaire.js';
import { loadQuestions, type Question } from '../assess/questions.js';
import { assessRows, renderAssessText } from '../assess/report.js';
import { findSettingsFile } from '../config/apply.js';
import { loadSettings } from '../config/settings.js';
import { InputError } from '../import/input-error.js';

export const DEFAULT_ATTESTATIONS = 'safeguard.attestations.yaml';

export interface AssessOptions {
  attestations?: string;
  /** Check and report the file instead of asking (the default without a terminal). */
  nonInteractive?: boolean;
  /** Ask every question, answered or not. */
  all?: boolean;
  json?: boolean;
  /** Print the questions and exit. */
  list?: boolean;
  /** Judge expiry on this date (YYYY-MM-DD) instead of today. */
  asOf?: string;
  /** A settings file other than ./safeguard.yaml, or `false` to ignore it. */
  settings?: string | boolean;
}

export interface AssessTerminal {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean };
}

/** `safeguard assess`: the questionnaire in a terminal, or the gap report of an attestation file. */
export async function runAssess(opts: AssessOptions, terminal: AssessTerminal, now = new Date()): Promise<{ exitCode: number; output: string }> {
  if (opts.asOf !== undefined && !isDay(opts.asOf)) throw new InputError('--as-of', undefined, `expected a date, YYYY-MM-DD, got ${JSON.stringify(opts.asOf)}`);
  const today = opts.asOf ?? dayOf(now);
  const questions = loadQuestions();
  if (opts.list) return { exitCode: 0, output: opts.json ? JSON.stringify(questions, null, 2) + '\n' : listQuestions(questions) };
  const file = await attestationFile(opts.attestations, opts.settings);
  const interactive = !opts.nonInteractive && !opts.json && terminal.input.isTTY === true && terminal.output.isTTY === true;
  if (interactive) {
    // Stopping early is not a failure: every answer given is already saved.
    await runQuestionnaire({ file, questions, today, all: opts.all === true, input: terminal.input, output: terminal.output });
    return { exitCode: 0, output: '' };
  }
  // Before the first answer there is no file: the default one missing is a questionnaire not
  // started (every question unanswered), while a file named on purpose must exist.
  const named = opts.attestations !== undefined || file !== DEFAULT_ATTESTATIONS;
  const notStarted = !named && !existsSync(file);
  const set = notStarted ? { file, bytes: Buffer.alloc(0), answers: [] } : await loadAttestations(file, questions);
  const judgement = await judgeAttestations(set, questions, today);
  if (opts.json) return { exitCode: 0, output: JSON.stringify({ ...judgement.report, answers: assessRows(questions, judgement) }, null, 2) + '\n' };
  const start = notStarted ? `No answers yet: ${file} does not exist. Run safeguard assess in a terminal to answer, or write the file by hand.\n` : '';
  return { exitCode: 0, output: start + renderAssessText(questions, judgement) };
}

/**
 * The attestation file: `--attestations`, else `attestations:` of the settings file (relative to
 * it), else `safeguard.attestations.yaml` in the working directory.
 */
export async function attestationFile(given: string | undefined, settingsOption: string | boolean | undefined, cwd = process.cwd()): Promise<string> {
  if (given) return given;
  const settingsFile = findSettingsFile(settingsOption === true ? undefined : settingsOption, cwd);
  if (settingsFile) {
    const settings = await loadSettings(settingsFile);
    const named = (settings.values as { attestations?: string }).attestations;
    if (named) return isAbsolute(named) ? named : relative(cwd, resolve(dirname(resolve(cwd, settingsFile)), named)) || named;
  }
  return DEFAULT_ATTESTATIONS;
}

function listQuestions(questions: readonly Question[]): string {
  const out = [`${questions.length} questions (mappings/questions.yaml)`, ''];
  for (const q of questions) {
    out.push(`${q.citation}  ${q.title} (${q.requirement})`);
    out.push(`  ${q.question}`);
    out.push(`  Evidence: ${q.evidence}`);
    out.push('');
  }
  return out.join('\n');
}
