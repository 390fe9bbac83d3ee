import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { PROFILES, type Profile } from './engine/check.js';
import { DEFAULT_EPHI_SCOPE } from './engine/scope.js';
import { GATE_POLICIES, type GatePolicy } from './gate/index.js';
import { InputError } from './import/input-error.js';
import { packageRoot } from './paths.js';
import type { Settings } from './config/settings.js';

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
  aws?: boolean;
  regions?: string;
  aggregator?: string;
  awsProfile?: string;
  awsImds?: boolean;
  azureImds?: boolean;
  gcpMetadata?: boolean;
  requestTimeout?: string;
  azure?: boolean;
  subscriptions?: string;
  tenant?: string;
  managementGroup?: string;
  gcp?: boolean;
  projects?: string;
  project?: string;
  folder?: string;
  organization?: string;
  waivers?: string;
  attestations?: string;
  asOf?: string;
  force?: boolean;
  archive?: 'zip' | 'tar.gz';
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
  safeguard scan --input fixtures/demo/aws-config-snapshot.json --input fixtures/demo/gcp-assets.ndjson --out report/
  safeguard bundle --input fixtures/demo --out evidence --archive zip --waivers fixtures/waivers/safeguard.waivers.yaml
  safeguard verify evidence.zip
  safeguard checks --json
  safeguard safeguards
  safeguard diff report/ evidence.zip --fail-on new --fail-on-error
  safeguard assess                                 # the gap questionnaire, in a terminal
  safeguard scan --input fixtures/demo --attestations fixtures/attestations/safeguard.attestations.yaml --out evidence/
  safeguard policies --input fixtures/demo --attestations fixtures/attestations/safeguard.attestations.yaml --out policies/

Exit codes: 0 gate passed, 1 gate failed, 2 usage or input error (nothing written),
3 the scan could not finish.`);

  // safeguard.yaml supplies the options a command line leaves out (scan, bundle).
  // The settings file as read, for what has no flag (the BAA register, `baas:`).
  let settings: Settings | undefined;
  program.hook('preAction', async (_program, command) => {
    // Only scan and bundle take their options from it; assess and policies read the file themselves
    // (their --config is where, not what), and the others need not load the settings code (yaml, zod).
    if (command.name() !== 'scan' && command.name() !== 'bundle') return;
    const { applySettingsFile } = await import('./config/apply.js');
    settings = await applySettingsFile(command);
  });

  program
    .command('scan')
    .description('Scan exports of an estate and grade every resource; the exit code is the gate.')
    .option('-i, --input <path...>', 'an export file or a folder of them (repeatable): AWS Config snapshot or items, Cloud Asset export, Resource Graph result', collect)
    .option('-o, --out <dir>', 'write the evidence bundle to DIR: findings.json (the findings contract), safeguards, risk register, inventory, manifest of hashes')
    .option('--waivers <file>', 'a YAML file of accepted risks (safeguard.waivers.yaml): matching failures become waived')
    .option('--attestations <file>', 'the gap questionnaire\'s answers (safeguard assess writes them): each specification shows automated results, attested answers, or manual')
    .option('--as-of <date>', 'judge waiver expiry, attested answers and BAA renewals on this date (YYYY-MM-DD) instead of the scan\'s')
    .option('--force', 'with --out: replace an existing evidence bundle')
    .addOption(new Option('--archive <format>', 'with --out: write the bundle as one archive, DIR.zip or DIR.tar.gz').choices(['zip', 'tar.gz']))
    .addOption(new Option('--fail-on <policy>', 'gate policy').choices(GATE_POLICIES).default('unencrypted-storage'))
    .option('--fail-on-error', 'undecided results the policy watches fail the gate too (unknown is not compliant)')
    .option('--no-fail-on-error', 'ignore fail-on-error: true in safeguard.yaml for this run')
    .option('--config <file>', 'settings file (default: safeguard.yaml in the working directory, if there is one); flags override it')
    .option('--no-config', 'ignore safeguard.yaml')
    .addOption(new Option('--profile <profile>', 'which checks run: default (the rule in force), strict (customer-managed keys), nprm-2025 (proposed rule)').choices(PROFILES).default('default'))
    .addOption(new Option('--scope <scope>', 'grade every resource, or only those tagged as holding ePHI').choices(['all', 'ephi']).default('all'))
    .option('--ephi-tag-keys <keys>', `comma-separated tag/label keys that mark ePHI (default: ${DEFAULT_EPHI_SCOPE.keys.join(',')})`)
    .option('--ephi-tag-values <values>', `comma-separated values of those keys that mean "holds ePHI" (default: ${DEFAULT_EPHI_SCOPE.values.join(',')})`)
    .option('-q, --quiet', 'print nothing but errors')
    .option('--aws', 'collect the live AWS estate with your credentials (AWS Config in bulk; IAM, CloudTrail, and S3/RDS/EBS where Config does not record)')
    .option('--regions <list>', 'with --aws: comma-separated regions (default: every region enabled for the account)')
    .option('--aggregator <name>', 'with --aws: read a whole organisation through this AWS Config aggregator')
    .option('--aws-profile <name>', 'with --aws: the shared-config profile for credentials (default: AWS_PROFILE, then the default chain)')
    .option('--aws-imds', 'with --aws: let the SDK ask the EC2 instance metadata service for credentials (off by default: AWS_EC2_METADATA_DISABLED=true)')
    .option('--azure', 'collect the live Azure estate with your credentials (Resource Graph in bulk; ARM for SQL TDE, auditing, diagnostic settings; Microsoft Graph for MFA)')
    .option('--subscriptions <list>', 'with --azure: comma-separated subscription ids (default: every subscription the credential sees)')
    .option('--tenant <id>', 'with --azure: the Entra tenant to sign in to and read')
    .option('--management-group <id>', 'with --azure: read every subscription under this management group')
    .option('--azure-imds', 'with --azure: let the credential chain use a managed identity, which asks the instance metadata service (off by default)')
    .option('--gcp', 'collect the live GCP estate with Application Default Credentials (Cloud Asset Inventory: resources, IAM and organization policies)')
    .option('--projects <list>', 'with --gcp: comma-separated project ids (default: the ADC project)')
    .addOption(new Option('--project <list>', 'the same as --projects').hideHelp())
    .option('--folder <id>', 'with --gcp: read everything under this folder')
    .option('--organization <id>', 'with --gcp: read everything under this organization')
    .option('--gcp-metadata', 'with --gcp: let Application Default Credentials ask the Compute Engine metadata server (off by default)')
    .option('--request-timeout <seconds>', 'with --aws, --azure or --gcp: give up on one API call after this many seconds and retry it (default 60)')
    .addHelpText('after', `
Examples:
  safeguard scan --input fixtures/demo
  safeguard scan --aws --regions us-east-1,us-west-2 --out aws-report/
  safeguard scan --aws --aggregator org-aggregator --aws-profile audit
  safeguard scan --azure --subscriptions 3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73 --out azure-report/
  safeguard scan --gcp --organization 730165284917 --fail-on high
  safeguard scan --input fixtures/demo/aws-config-snapshot.json --input fixtures/demo/gcp-assets.ndjson --input fixtures/demo/azure-resource-graph.json --out three-clouds/
  safeguard scan --input fixtures/demo --fail-on high --fail-on-error
  safeguard scan --input fixtures/demo --out evidence-waived/ --waivers fixtures/waivers/safeguard.waivers.yaml

Gate policies:
  unencrypted-storage  any data store that fails encryption at rest (default)
  high                 any failure of severity high or critical
  any-fail             any failure
  none                 never fail on findings (with --fail-on-error: fail on any undecided result)
`)
    .action(async (opts: ScanOptions) => {
      exitCode = await scan(opts, 'scan', settings);
    });

  program
    .command('checks')
    .description('List the checks.')
    .option('--json', 'print a JSON array of {id, title, provider, resourceTypes, category, severity, safeguards}')
    .addHelpText('after', '\nExample:\n  safeguard checks --json | jq -r \'.[] | select(.provider == "aws") | .id\'')
    .action(async (opts: { json?: boolean }) => {
      const { listChecks } = await import('./commands/checks.js');
      process.stdout.write(await listChecks(opts.json === true));
    });

  program
    .command('safeguards')
    .description('Print the safeguard catalogue: Required/Addressable, and the checks each specification has per cloud.')
    .option('--json', 'print a JSON array of {id, title, standard, status, checks: {aws, azure, gcp}}')
    .option('--markdown', 'print the coverage table as Markdown (what docs/coverage.md holds)')
    .addOption(new Option('--profile <profile>', 'read Required/Addressable and the checks under this profile (nprm-2025 is a proposal, not in force)').choices(PROFILES).default('default'))
    .addHelpText('after', '\nExamples:\n  safeguard safeguards --json | jq \'.[] | select(.status == "required")\'\n  safeguard safeguards --profile nprm-2025\n  safeguard safeguards --markdown > docs/coverage.md')
    .action(async (opts: { json?: boolean; markdown?: boolean; profile: Profile }) => {
      const { listSafeguards } = await import('./commands/catalogue.js');
      process.stdout.write(await listSafeguards(opts.json ? 'json' : opts.markdown ? 'markdown' : 'text', opts.profile));
    });

  program
    .command('bundle')
    .description('Scan and write the evidence bundle an auditor files; exits 0 once it is written (the gate verdict is inside).')
    .option('-i, --input <path...>', 'an export file or a folder of them (repeatable)', collect)
    .requiredOption('-o, --out <dir>', 'the bundle folder to write (with --archive: DIR.zip or DIR.tar.gz)')
    .option('--waivers <file>', 'a YAML file of accepted risks (safeguard.waivers.yaml): matching failures become waived')
    .option('--attestations <file>', 'the gap questionnaire\'s answers (safeguard assess writes them), shown per specification')
    .option('--as-of <date>', 'judge waiver expiry, attested answers and BAA renewals on this date (YYYY-MM-DD) instead of the scan\'s')
    .option('--force', 'replace an existing evidence bundle')
    .addOption(new Option('--archive <format>', 'write the bundle as one archive').choices(['zip', 'tar.gz']))
    .addOption(new Option('--fail-on <policy>', 'the gate policy recorded in the bundle').choices(GATE_POLICIES).default('unencrypted-storage'))
    .option('--fail-on-error', 'undecided results the policy watches fail the recorded gate too')
    .option('--no-fail-on-error', 'ignore fail-on-error: true in safeguard.yaml for this run')
    .option('--config <file>', 'settings file (default: safeguard.yaml in the working directory, if there is one); flags override it')
    .option('--no-config', 'ignore safeguard.yaml')
    .addOption(new Option('--profile <profile>', 'which checks run: default, strict, nprm-2025 (proposed rule)').choices(PROFILES).default('default'))
    .addOption(new Option('--scope <scope>', 'grade every resource, or only those tagged as holding ePHI').choices(['all', 'ephi']).default('all'))
    .option('--ephi-tag-keys <keys>', 'comma-separated tag/label keys that mark ePHI')
    .option('--ephi-tag-values <values>', 'comma-separated values of those keys that mean "holds ePHI"')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', `
Examples:
  safeguard bundle --input fixtures/demo --out evidence-2026-q1/ --waivers fixtures/waivers/safeguard.waivers.yaml
  safeguard bundle --input fixtures/demo --out evidence-2026-q1 --archive tar.gz
  safeguard verify evidence-2026-q1.tar.gz
`)
    .action(async (opts: ScanOptions) => {
      exitCode = await scan(opts, 'bundle', settings);
    });

  program
    .command('assess')
    .description('The gap questionnaire for the Security Rule parts no check decides: ask in a terminal (arrow keys, resumable), or check and report an attestation file.')
    .option('--attestations <file>', `the answers file to read and update (default: attestations in safeguard.yaml, else safeguard.attestations.yaml)`)
    .option('--non-interactive', 'do not ask: check the file and print the gap report (the default without a terminal)')
    .option('--all', 'ask every question, not only the unanswered and expired ones')
    .option('--json', 'print the gap report as JSON')
    .option('--list', 'print the questions (citation, Required/Addressable, question, evidence) and exit')
    .option('--as-of <date>', 'judge expiry on this date (YYYY-MM-DD) instead of today')
    .option('--config <file>', 'read attestations from this settings file instead of ./safeguard.yaml')
    .option('--no-config', 'ignore safeguard.yaml')
    .option('--settings <file>', 'the same as --config')
    .option('--no-settings', 'the same as --no-config')
    .addHelpText('after', `
Examples:
  safeguard assess                                   # in a terminal: answer, stop any time, run again to resume
  safeguard assess --attestations fixtures/attestations/safeguard.attestations.yaml --non-interactive
  safeguard assess --config fixtures/attestations/safeguard.yaml --json | jq '.answers[] | select(.state != "answered")'
  safeguard scan --input fixtures/demo --attestations fixtures/attestations/safeguard.attestations.yaml --out evidence-attested/

Answers: implemented, partial, not-implemented; for Addressable specifications also
alternative (with the measure) and not-reasonable (with the reason), the decision of 164.306(d)(3).
Exit codes: 0 done, 2 a bad attestation file (one line naming the file and line).`)
    .action(async (opts: { attestations?: string; nonInteractive?: boolean; all?: boolean; json?: boolean; list?: boolean; asOf?: string } & SettingsFileOptions) => {
      const { runAssess } = await import('./commands/assess.js');
      const result = await runAssess({ ...opts, settings: settingsFileOf(opts) }, { input: process.stdin, output: process.stdout });
      process.stdout.write(result.output);
      exitCode = result.exitCode;
    });

  program
    .command('policies')
    .description('Draft the security policies from what the scan and the attested answers show; every fact cites its finding or attestation.')
    .option('-i, --input <path...>', 'an export file or a folder of them (repeatable), as for scan', collect)
    .requiredOption('-o, --out <dir>', 'the folder to write the drafts to (README.md and one Markdown file per policy)')
    .option('--attestations <file>', 'the gap questionnaire\'s answers (safeguard assess writes them)')
    .option('--waivers <file>', 'the waiver file: accepted risks appear as exceptions')
    .addOption(new Option('--profile <profile>', 'which checks run').choices(PROFILES))
    .option('--as-of <date>', 'judge expiry of answers, waivers and BAAs on this date (YYYY-MM-DD), so a rerun gives the same bytes')
    .option('--ephi-tag-keys <keys>', 'comma-separated tag/label keys that mark ePHI')
    .option('--ephi-tag-values <values>', 'comma-separated values of those keys that mean "holds ePHI"')
    .option('--force', 'replace the drafts an earlier run wrote to --out (a folder whose README.md is their index); other files there are left alone')
    .option('--config <file>', 'read input, waivers, attestations and the BAA register from this settings file instead of ./safeguard.yaml')
    .option('--no-config', 'ignore safeguard.yaml')
    .option('--settings <file>', 'the same as --config')
    .option('--no-settings', 'the same as --no-config')
    .addHelpText('after', `
Examples:
  safeguard policies --input fixtures/demo --attestations fixtures/attestations/safeguard.attestations.yaml --out drafts/
  safeguard policies --config fixtures/attestations/safeguard.yaml --out drafts/ --as-of 2026-11-25 --force

--out must be a new or empty folder, or one an earlier run wrote (its README.md starts
"# Security policies (drafts)"), which --force replaces.`)
    .action(async (opts: { input?: string[]; out: string; attestations?: string; waivers?: string; profile?: Profile; asOf?: string; ephiTagKeys?: string; ephiTagValues?: string; force?: boolean } & SettingsFileOptions) => {
      const { runPolicies } = await import('./commands/policies.js');
      process.stdout.write(await runPolicies({ ...opts, out: outDir(opts.out), settings: settingsFileOf(opts) }, version));
      exitCode = EXIT.passed;
    });

  program
    .command('diff')
    .description('Compare two scans by fingerprint: new and resolved failures, status changes, resources added and removed.')
    .argument('<old>', 'the earlier scan: an evidence bundle (folder, .zip or .tar.gz) or a findings.json')
    .argument('<new>', 'the later scan, the same way')
    .addOption(new Option('--json', 'print the differences as JSON').conflicts('markdown'))
    .option('--markdown', 'print them as Markdown, for a GitHub job summary')
    .addOption(new Option('--fail-on <when>', 'exit 1 on: new (failures OLD did not have: regressions), any (any failure in NEW), none').choices(['new', 'any', 'none']).default('none'))
    .option('--fail-on-error', 'undecided results fail the gate too: with --fail-on new, results that became error; with --fail-on any, any error in NEW')
    .addHelpText('after', `
Examples (with the scans the examples of safeguard --help write):
  safeguard diff report/ evidence.zip
  safeguard diff report/findings.json evidence/findings.json --fail-on new --fail-on-error
  safeguard diff evidence.zip evidence/ --markdown > drift.md     # in a GitHub job: >> "$GITHUB_STEP_SUMMARY"`)
    .action(async (oldPath: string, newPath: string, opts: { json?: boolean; markdown?: boolean; failOn: 'new' | 'any' | 'none'; failOnError?: boolean }) => {
      if (opts.failOnError && opts.failOn === 'none') throw new UsageError('--fail-on-error goes with --fail-on new or --fail-on any');
      const { runDiff } = await import('./commands/diff.js');
      const result = await runDiff(oldPath, newPath, opts);
      process.stdout.write(result.output);
      exitCode = result.exitCode;
    });

  program
    .command('merge')
    .description('Combine the evidence bundles of several scans (one per account, subscription or project) into one organisation bundle; exit code as scan: the gate.')
    .argument('<bundles...>', 'two or more bundle folders, .zip or .tar.gz, each verified before it is read')
    .requiredOption('-o, --out <dir>', 'the organisation bundle to write (with --archive: DIR.zip or DIR.tar.gz)')
    .option('--force', 'replace an existing evidence bundle')
    .addOption(new Option('--archive <format>', 'write the bundle as one archive').choices(['zip', 'tar.gz']))
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', `
Examples:
  safeguard bundle --input fixtures/demo/aws-config-snapshot.json --out aws/            # one bundle per scope
  safeguard bundle --input fixtures/demo/gcp-assets.ndjson --out gcp --archive zip
  safeguard merge aws/ gcp.zip --out organisation/
  safeguard merge aws/ gcp.zip --out organisation --archive tar.gz; safeguard verify organisation.tar.gz
`)
    .action(async (bundles: string[], opts: { out: string; force?: boolean; archive?: 'zip' | 'tar.gz'; quiet?: boolean }) => {
      const { runMerge } = await import('./commands/merge.js');
      const outcome = await runMerge({ bundles, out: outDir(opts.out), version, ...(opts.force ? { force: true } : {}), ...(opts.archive ? { archive: opts.archive } : {}) });
      if (!opts.quiet) process.stdout.write(outcome.summary);
      exitCode = outcome.passed ? EXIT.passed : EXIT.gateFailed;
    });

  program
    .command('verify')
    .description('Check an evidence bundle against its manifest: exit 1, naming the file, if a byte changed, a file is missing or one was added.')
    .argument('<bundle>', 'the bundle folder, or its .zip or .tar.gz')
    .option('--manifest-sha256 <hex>', 'the SHA-256 of manifest.json recorded when the bundle was filed: fail if the manifest is not that one')
    .addHelpText('after', `
Examples (with the bundles the examples of safeguard bundle --help write):
  safeguard verify evidence-2026-q1/
  safeguard verify evidence-2026-q1.tar.gz
  sha256sum evidence-2026-q1/manifest.json > filed.sha256              # record it where you file the bundle
  safeguard verify evidence-2026-q1/ --manifest-sha256 "$(cut -d' ' -f1 filed.sha256)"
`)
    .action(async (path: string, opts: { manifestSha256?: string }) => {
      const { runVerify } = await import('./commands/verify.js');
      const result = await runVerify(path, opts.manifestSha256 === undefined ? {} : { manifestSha256: manifestSha256Of(opts.manifestSha256) });
      process.stdout.write(result.output);
      exitCode = result.ok ? EXIT.passed : EXIT.gateFailed;
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

async function scan(opts: ScanOptions, command: 'scan' | 'bundle' = 'scan', settings?: Settings): Promise<number> {
  if (opts.out !== undefined) outDir(opts.out);
  if (!opts.out && (opts.force || opts.archive)) throw new UsageError('--force and --archive go with --out');
  if (!opts.input?.length && !opts.aws && !opts.azure && !opts.gcp) {
    throw new UsageError('nothing to scan: give --input with an export file or folder, or --aws, --azure or --gcp for a live scan (see safeguard scan --help)');
  }
  if (!opts.azure && (opts.subscriptions || opts.tenant || opts.managementGroup)) {
    throw new UsageError('--subscriptions, --tenant and --management-group go with --azure');
  }
  // `--project` (the spelling gcloud users type) is the same option as `--projects`.
  if (opts.project) opts.projects = opts.projects ? `${opts.projects},${opts.project}` : opts.project;
  if (!opts.gcp && (opts.projects || opts.folder || opts.organization)) {
    throw new UsageError('--projects, --folder and --organization go with --gcp');
  }
  if (!opts.aws && (opts.regions || opts.aggregator || opts.awsProfile)) {
    throw new UsageError('--regions, --aggregator and --aws-profile go with --aws');
  }
  if (opts.requestTimeout !== undefined && !opts.aws && !opts.azure && !opts.gcp) throw new UsageError('--request-timeout goes with --aws, --azure or --gcp');
  const timeout = opts.requestTimeout === undefined ? {} : { requestTimeoutMs: requestTimeoutMs(opts.requestTimeout) };
  const { runScan } = await import('./commands/scan.js');
  const { evidenceRequest } = await import('./commands/bundle.js');
  const outcome = await runScan({
    ...evidenceRequest(opts, command),
    ...(opts.attestations ? { attestations: opts.attestations } : {}),
    ...(opts.asOf ? { asOf: asOfDate(opts.asOf) } : {}),
    ...baasOf(settings),
    inputs: opts.input ?? [],
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
    ...(opts.aws || opts.azure || opts.gcp
      ? {
          live: {
            quiet: opts.quiet === true,
            ...(opts.aws ? { aws: { ...(opts.regions ? { regions: splitList(opts.regions) } : {}), ...(opts.aggregator ? { aggregator: opts.aggregator } : {}), ...(opts.awsProfile ? { profile: opts.awsProfile } : {}), ...(opts.awsImds ? { imds: true } : {}), ...timeout } } : {}),
            ...(opts.azure ? { azure: { ...(opts.subscriptions ? { subscriptions: splitList(opts.subscriptions) } : {}), ...(opts.tenant ? { tenant: opts.tenant } : {}), ...(opts.managementGroup ? { managementGroup: opts.managementGroup } : {}), ...(opts.azureImds ? { imds: true } : {}), ...timeout } } : {}),
            ...(opts.gcp ? { gcp: { ...(opts.projects ? { projects: splitList(opts.projects) } : {}), ...(opts.folder ? { folder: opts.folder } : {}), ...(opts.organization ? { organization: opts.organization } : {}), ...(opts.gcpMetadata ? { metadata: true } : {}), ...timeout } } : {}),
          },
        }
      : {}),
  });
  if (!opts.quiet) process.stdout.write(outcome.summary);
  return outcome.passed || command === 'bundle' ? EXIT.passed : EXIT.gateFailed;
}

/** `--request-timeout`: whole seconds, 1 to 3600. */
function requestTimeoutMs(s: string): number {
  if (!/^\d+$/.test(s) || +s < 1 || +s > 3600) throw new UsageError(`--request-timeout: expected whole seconds from 1 to 3600, got ${JSON.stringify(s)}`);
  return +s * 1000;
}

function asOfDate(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().slice(0, 10) !== s) throw new UsageError(`--as-of: expected a date, YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return s;
}

/** The BAA register of the settings file (`baas:`), with each entry's line for the evidence. */
function baasOf(settings: Settings | undefined): { baas?: { file: string; entries: NonNullable<Settings['values']['baas']>; lineOf: (i: number) => number | undefined } } {
  const entries = settings?.values.baas;
  if (!settings || !entries) return {};
  return { baas: { file: settings.file, entries, lineOf: (i) => settings.lineOf(`baas.${i}`) } };
}

/** `--out`: a folder name; an empty one would write nothing and still exit 0. */
function outDir(out: string): string {
  if (out.trim() === '') throw new UsageError('--out: expected a folder name, got an empty string');
  return out;
}

/** `--manifest-sha256`: 64 hex digits, compared in lower case. */
function manifestSha256Of(hex: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`--manifest-sha256: expected the 64 hex digits of a SHA-256, got ${JSON.stringify(hex)}`);
  return hex.toLowerCase();
}

/** assess and policies: `--config`/`--no-config`, as scan spells them, or `--settings`/`--no-settings`, as they always did. */
interface SettingsFileOptions {
  config?: string | boolean;
  settings?: string | boolean;
}

/** The settings file to read (a path), none (`false`), or the default (`true`). */
function settingsFileOf(opts: SettingsFileOptions): string | boolean {
  if (opts.config === false || opts.settings === false) return false;
  const named = [opts.config, opts.settings].filter((v): v is string => typeof v === 'string');
  if (named.length === 2 && named[0] !== named[1]) throw new UsageError(`--config ${named[0]} and --settings ${named[1]} name two settings files: give one`);
  return named[0] ?? true;
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
