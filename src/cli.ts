import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { PROFILES, type Profile } from './engine/check.js';
import { DEFAULT_EPHI_SCOPE } from './engine/scope.js';
import { GATE_POLICIES, type GatePolicy } from './gate/index.js';
import { InputError } from './import/input-error.js';
import { packageRoot } from './paths.js';

/** Exit codes, a public interface (README): */
export const EXIT = { passed: 0, gateFailed: 1, usage: 2, incomplete: 3 } as const;

const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

interface ScanOptions {
  input?: string[];
  out?: string;
  failOn: GatePolicy;
  failOnError?: boolean;
  profile: Profile;
  quiet?: boolean;
  scope: 'all' | 'ephi';
  ephiTagKeys?: string;
  ephiTagValues?: string;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.passed;
  const program = new Command()
    .name('safeguard')
    .description('Grade an AWS, Azure and GCP estate against the HIPAA Security Rule technical safeguards.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`safeguard: ${str.replace(/^error: /, 'error: ')}`) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  safeguard scan --input fixtures/demo
  safeguard scan --input snapshot.json --input assets.ndjson --out report/
  safeguard checks --json
  safeguard safeguards

Exit codes: 0 gate passed, 1 gate failed, 2 usage or input error (nothing written),
3 the scan could not finish.`);

  program
    .command('scan')
    .description('Scan exports of an estate and grade every resource; the exit code is the gate.')
    .option('-i, --input <path...>', 'an export file or a folder of them (repeatable): AWS Config snapshot or items, Cloud Asset export, Resource Graph result', collect)
    .option('-o, --out <dir>', 'write DIR/findings.json (the findings contract)')
    .addOption(new Option('--fail-on <policy>', 'gate policy').choices(GATE_POLICIES).default('unencrypted-storage'))
    .option('--fail-on-error', 'undecided results the policy watches fail the gate too (unknown is not compliant)')
    .addOption(new Option('--profile <profile>', 'which checks run: default (the rule in force), strict (customer-managed keys), nprm-2025 (proposed rule)').choices(PROFILES).default('default'))
    .addOption(new Option('--scope <scope>', 'grade every resource, or only those tagged as holding ePHI').choices(['all', 'ephi']).default('all'))
    .option('--ephi-tag-keys <keys>', `comma-separated tag/label keys that mark ePHI (default: ${DEFAULT_EPHI_SCOPE.keys.join(',')})`)
    .option('--ephi-tag-values <values>', `comma-separated values of those keys that mean "holds ePHI" (default: ${DEFAULT_EPHI_SCOPE.values.join(',')})`)
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', `
Examples:
  safeguard scan --input fixtures/demo
  safeguard scan --input aws-config-snapshot.json --input assets.ndjson --input arg.json --out report/
  safeguard scan --input exports/ --fail-on high --fail-on-error

Gate policies:
  unencrypted-storage  any data store that fails encryption at rest (default)
  high                 any failure of severity high or critical
  any-fail             any failure
  none                 never fail on findings (with --fail-on-error: fail on any undecided result)
`)
    .action(async (opts: ScanOptions) => {
      exitCode = await scan(opts);
    });

  program
    .command('checks')
    .description('List the checks.')
    .option('--json', 'print a JSON array of {id, title, provider, resourceTypes, category, severity, safeguards}')
    .addHelpText('after', '\nExample:\n  safeguard checks --json | jq -r \'.[] | select(.provider == "aws") | .id\'')
    .action(async (opts: { json?: boolean }) => {
      const { listChecks } = await import('./commands/catalogue.js');
      process.stdout.write(await listChecks(opts.json === true));
    });

  program
    .command('safeguards')
    .description('Print the safeguard catalogue: Required/Addressable, and the checks each specification has per cloud.')
    .option('--json', 'print a JSON array of {id, title, standard, status, checks: {aws, azure, gcp}}')
    .addHelpText('after', '\nExample:\n  safeguard safeguards --json | jq \'.[] | select(.status == "required")\'')
    .action(async (opts: { json?: boolean }) => {
      const { listSafeguards } = await import('./commands/catalogue.js');
      process.stdout.write(await listSafeguards(opts.json === true));
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes are exit 2.
      return err.exitCode === 0 ? EXIT.passed : EXIT.usage;
    }
    if (err instanceof InputError || err instanceof UsageError) {
      process.stderr.write(`safeguard: error: ${oneLine(err.message)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`safeguard: the scan could not finish: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    if (process.env.SAFEGUARD_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT.incomplete;
  }
}

async function scan(opts: ScanOptions): Promise<number> {
  if (!opts.input?.length) {
    throw new UsageError('nothing to scan: give --input with an export file or folder (see safeguard scan --help)');
  }
  const { runScan } = await import('./commands/scan.js');
  const outcome = await runScan({
    inputs: opts.input,
    profile: opts.profile,
    policy: opts.failOn,
    failOnError: opts.failOnError === true,
    version,
    only: opts.scope,
    ephiScope: {
      keys: opts.ephiTagKeys ? splitList(opts.ephiTagKeys) : DEFAULT_EPHI_SCOPE.keys,
      values: opts.ephiTagValues ? splitList(opts.ephiTagValues) : DEFAULT_EPHI_SCOPE.values,
    },
    ...(opts.out ? { out: opts.out } : {}),
  });
  if (!opts.quiet) process.stdout.write(outcome.summary);
  return outcome.passed ? EXIT.passed : EXIT.gateFailed;
}

/** A mistake in how the command was called (exit 2), found after commander parsed it. */
class UsageError extends Error {}

function splitList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
