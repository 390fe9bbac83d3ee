import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { applySettings } from '../src/config/apply.js';
import { parseSettings, suggest } from '../src/config/settings.js';
import { configItem } from './checks/aws/items.js';
import { runCli } from './support/cli.js';
import { settingsRefusal } from './support/settings.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-config-'));

/** Only the first error is reported. */
const refusal = settingsRefusal;

describe('safeguard.yaml: what is accepted', () => {
  it('reads every setting, with lists written as sequences or comma-separated strings', () => {
    const s = parseSettings(
      `version: 1
input: [exports/, plan.json]
aws:
  regions: us-east-1, us-west-2
  aggregator: org
  profile: audit
azure:
  subscriptions: [sub-1]
gcp: true
profile: strict
scope: ephi
fail-on: high
fail-on-error: true
waivers: safeguard.waivers.yaml
ephi:
  tag-keys: [phi]
  tag-values: [true, 1, phi]
output:
  dir: report
  archive: tar.gz
  replace: true
`,
      'safeguard.yaml',
    );
    expect(s.values).toEqual({
      version: 1,
      input: ['exports/', 'plan.json'],
      aws: { regions: ['us-east-1', 'us-west-2'], aggregator: 'org', profile: 'audit' },
      azure: { subscriptions: ['sub-1'] },
      gcp: {},
      profile: 'strict',
      scope: 'ephi',
      'fail-on': 'high',
      'fail-on-error': true,
      waivers: 'safeguard.waivers.yaml',
      ephi: { 'tag-keys': ['phi'], 'tag-values': ['true', '1', 'phi'] },
      output: { dir: 'report', archive: 'tar.gz', replace: true },
    });
    expect(s.lineOf('fail-on')).toBe(12);
    expect(s.lineOf('aws.aggregator')).toBe(5);
  });

  it('takes a single input path, `aws: false`, and an empty file', () => {
    expect(parseSettings('input: plan.json\naws: false\n', 'f').values).toEqual({ input: ['plan.json'], aws: { enabled: false } });
    expect(parseSettings('# nothing yet\n', 'f').values).toEqual({});
  });
});

describe('safeguard.yaml: what is refused, with the line and a hint', () => {
  it.each([
    ['faill-on: high\n', 'safeguard.yaml: line 1: unknown key "faill-on" (did you mean fail-on?)'],
    ['input: x\nfail_on: high\n', 'safeguard.yaml: line 2: unknown key "fail_on" (did you mean fail-on?)'],
    ['failOnError: true\n', 'safeguard.yaml: line 1: unknown key "failOnError" (did you mean fail-on-error?)'],
    ['inputs: [a]\n', 'safeguard.yaml: line 1: unknown key "inputs" (did you mean input?)'],
    ['regions: [us-east-1]\n', 'safeguard.yaml: line 1: unknown key "regions" (did you mean aws.regions?)'],
    ['out: report\n', 'safeguard.yaml: line 1: unknown key "out" (did you mean output.dir?)'],
    ['ephi-tag-keys: [phi]\n', 'safeguard.yaml: line 1: unknown key "ephi-tag-keys" (did you mean ephi.tag-keys?)'],
    ['aws:\n  regoins: [us-east-1]\n', 'safeguard.yaml: line 2: unknown key "aws.regoins" (did you mean aws.regions?)'],
    ['output:\n  force: true\n', 'safeguard.yaml: line 2: unknown key "output.force" (did you mean output.replace?)'],
    ['colour: blue\n', 'safeguard.yaml: line 1: unknown key "colour" (expected version, input, aws, azure, gcp, profile, scope, fail-on, fail-on-error, waivers, ephi, output, attestations, baas)'],
    ['fail-on: hihg\n', 'safeguard.yaml: line 1: fail-on: "hihg" is not one of unencrypted-storage, high, any-fail, none (did you mean high?)'],
    ['profile: nprm\n', 'safeguard.yaml: line 1: profile: "nprm" is not one of default, strict, nprm-2025'],
    ['output:\n  archive: tgz\n', 'safeguard.yaml: line 2: output.archive: "tgz" is not one of zip, tar.gz'],
    ['fail-on-error: yes\n', 'safeguard.yaml: line 1: fail-on-error: expected true or false, got string "yes" (YAML 1.2 reads yes/no/on/off as text: write true or false)'],
    ['aws: yes\n', 'safeguard.yaml: line 1: aws: expected true, false, or a map of regions, aggregator, profile, got string "yes"'],
    ['input: []\n', 'safeguard.yaml: line 1: input: must list at least one file or folder'],
    ['version: 2\n', 'safeguard.yaml: line 1: version: 2 is not one of 1'],
    ['- input\n', 'safeguard.yaml: line 1: expected a map of settings (input, aws, profile, fail-on, ...), not a list or a single value'],
    ['fail-on: high\nfail-on: none\n', 'safeguard.yaml: line 2: invalid YAML: Map keys must be unique'],
    ['input: [a\n', 'safeguard.yaml: line 2: invalid YAML: Flow sequence'],
  ])('%j', (yaml, message) => {
    expect(refusal(yaml)).toContain(message);
  });

  it('suggests only near misses', () => {
    expect(suggest('profle', ['profile', 'scope'], {}, '')).toBe('profile');
    expect(suggest('colour', ['profile', 'scope'], {}, '')).toBeUndefined();
    expect(suggest('tagKeys', ['tag-keys', 'tag-values'], {}, 'ephi')).toBe('ephi.tag-keys');
  });
});

/** A command with scan's options, as cli.ts declares them. */
function scanCommand(extra: (c: Command) => Command = (c) => c): Command {
  const c = new Command('scan')
    .exitOverride()
    .option('-i, --input <path...>', '')
    .option('-o, --out <dir>', '')
    .option('--waivers <file>', '')
    .option('--force', '')
    .addOption(new Option('--archive <format>', '').choices(['zip', 'tar.gz']))
    .addOption(new Option('--fail-on <policy>', '').default('unencrypted-storage'))
    .option('--fail-on-error', '')
    .option('--no-fail-on-error', '')
    .addOption(new Option('--profile <profile>', '').default('default'))
    .addOption(new Option('--scope <scope>', '').default('all'))
    .option('--ephi-tag-keys <keys>', '')
    .option('--ephi-tag-values <values>', '')
    .option('--aws', '')
    .option('--regions <list>', '')
    .option('--aggregator <name>', '')
    .option('--aws-profile <name>', '')
    .option('--config <file>', '')
    .option('--no-config', '')
    .action(() => undefined);
  return extra(c);
}

function applied(argv: string[], yaml: string, cwd = '/repo', file = 'safeguard.yaml', command = scanCommand()): Record<string, unknown> {
  command.parse(argv, { from: 'user' });
  applySettings(command, parseSettings(yaml, file), cwd);
  return command.opts();
}

describe('settings become the options the command line left out', () => {
  const yaml = `input: [exports]
aws:
  regions: [us-east-1, us-west-2]
  profile: audit
fail-on: high
fail-on-error: true
profile: strict
waivers: risks/waivers.yaml
ephi:
  tag-keys: [phi, classification]
output:
  dir: report
  archive: zip
`;

  it('fills every option from the file when no flag is given', () => {
    expect(applied([], yaml)).toMatchObject({
      input: ['exports'],
      aws: true,
      regions: 'us-east-1,us-west-2',
      awsProfile: 'audit',
      failOn: 'high',
      failOnError: true,
      profile: 'strict',
      waivers: 'risks/waivers.yaml',
      ephiTagKeys: 'phi,classification',
      out: 'report',
      archive: 'zip',
    });
  });

  it('lets each flag override its setting', () => {
    const opts = applied(['--fail-on', 'none', '--no-fail-on-error', '--profile', 'default', '--out', 'elsewhere'], yaml);
    expect(opts).toMatchObject({ failOn: 'none', failOnError: false, profile: 'default', out: 'elsewhere', archive: 'zip' });
  });

  it('treats what to scan as one group: --input on the command line drops the file\'s input and clouds', () => {
    const opts = applied(['--input', 'plan.json'], yaml);
    expect(opts.input).toEqual(['plan.json']);
    expect(opts.aws).toBeUndefined();
    expect(opts.regions).toBeUndefined();
  });

  it('applies a cloud\'s scope to that cloud when the command line asks for it', () => {
    const opts = applied(['--aws'], yaml);
    expect(opts).toMatchObject({ aws: true, regions: 'us-east-1,us-west-2' });
    expect(opts.input).toBeUndefined();
    expect(applied(['--aws', '--regions', 'eu-west-1'], yaml)).toMatchObject({ regions: 'eu-west-1' });
  });

  it('maps Azure and GCP scopes to their flags', () => {
    const live = scanCommand((c) =>
      c.option('--azure', '').option('--subscriptions <list>', '').option('--tenant <id>', '').option('--management-group <id>', '').option('--gcp', '').option('--projects <list>', '').option('--folder <id>', '').option('--organization <id>', ''),
    );
    const opts = applied([], 'azure:\n  subscriptions: [s1, s2]\n  management-group: mg\ngcp:\n  organization: 730165284917\n', '/repo', 'safeguard.yaml', live);
    expect(opts).toMatchObject({ azure: true, subscriptions: 's1,s2', managementGroup: 'mg', gcp: true, organization: '730165284917' });
  });

  it('skips a cloud marked enabled: false', () => {
    const opts = applied([], 'aws:\n  enabled: false\n  regions: [us-east-1]\n');
    expect([opts.aws, opts.regions]).toEqual([undefined, undefined]);
  });

  it('resolves paths against the settings file, relative to the working directory', () => {
    const opts = applied([], 'input: [exports, /abs/plan.json]\nwaivers: waivers.yaml\noutput:\n  dir: ../report\n', '/repo', 'infra/safeguard.yaml');
    expect(opts).toMatchObject({ input: ['infra/exports', '/abs/plan.json'], waivers: 'infra/waivers.yaml', out: 'report' });
  });

  it('leaves archive and replace alone when no bundle is written', () => {
    const opts = applied([], 'output:\n  archive: zip\n  replace: true\n');
    expect([opts.archive, opts.force]).toEqual([undefined, undefined]);
  });

  it('refuses a setting the command has no option for, naming the line', () => {
    const bundle = new Command('bundle').option('-i, --input <path...>', '').option('--config <file>', '').action(() => undefined);
    expect(() => applied([], 'input: [a]\nazure:\n  subscriptions: [s]\n', '/repo', 'safeguard.yaml', bundle)).toThrow(
      'safeguard.yaml: line 2: azure: `safeguard bundle` has no --azure option, so this setting cannot apply (see safeguard bundle --help)',
    );
  });
});

function snapshot(dir: string, encrypted: boolean): void {
  mkdirSync(join(dir, 'exports'), { recursive: true });
  const item = configItem({ resourceType: 'AWS::RDS::DBInstance', resourceId: 'reporting', arn: 'arn:aws:rds:us-east-1:123456789012:db:reporting', configuration: { storageEncrypted: encrypted, engine: 'mysql' } });
  writeFileSync(join(dir, 'exports', 'snapshot.json'), JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [item] }));
}

describe('the CLI reads safeguard.yaml', () => {
  it('finds safeguard.yaml in the working directory, and says so', () => {
    const dir = tmp();
    snapshot(dir, false);
    writeFileSync(join(dir, 'safeguard.yaml'), 'input: exports\nfail-on: none\n');
    const r = runCli(['scan'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Gate none: PASSED/);
    expect(r.stderr).toContain('safeguard: settings from safeguard.yaml (--no-config to ignore them)');
  });

  it('lets a flag override the file, and --no-config ignore it', () => {
    const dir = tmp();
    snapshot(dir, false);
    writeFileSync(join(dir, 'safeguard.yaml'), 'input: exports\nfail-on: none\n');
    expect(runCli(['scan', '--fail-on', 'unencrypted-storage'], dir).code).toBe(1);
    const r = runCli(['scan', '--no-config', '--input', 'exports'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('reads --config FILE, with paths relative to that file', () => {
    const dir = tmp();
    snapshot(join(dir, 'infra'), false);
    writeFileSync(join(dir, 'infra', 'hipaa.yaml'), 'input: exports\noutput:\n  dir: report\n');
    const r = runCli(['scan', '--config', 'infra/hipaa.yaml', '-q'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(runCli(['diff', 'infra/report', 'infra/report/findings.json', '--json'], dir).code).toBe(0);
  });

  it('refuses a bad file with exit 2, naming the file and line, and writes nothing', () => {
    const dir = tmp();
    snapshot(dir, false);
    writeFileSync(join(dir, 'safeguard.yaml'), 'input: exports\noutput:\n  dir: report\nfail-on: hihg\n');
    const r = runCli(['scan'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('safeguard: error: safeguard.yaml: line 4: fail-on: "hihg" is not one of unencrypted-storage, high, any-fail, none (did you mean high?)\n');
    expect(runCli(['scan', '--config', 'missing.yaml'], dir).stderr).toContain('missing.yaml: no such settings file');
  });

  it('uses the file for bundle too', () => {
    const dir = tmp();
    snapshot(dir, true);
    writeFileSync(join(dir, 'safeguard.yaml'), 'input: exports\nprofile: strict\n');
    const r = runCli(['bundle', '--out', 'evidence', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(runCli(['diff', 'evidence', 'evidence', '--json'], dir).stdout).toContain('"profile": "strict"');
  });
});
