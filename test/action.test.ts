import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS, scanArguments, readInputs } from '../src/action/run.js';
import { annotation, escapeData, escapeProperty, getBooleanInput, getListInput, inputVariable, outputRecord } from '../src/action/workflow.js';
import { configItem } from './checks/aws/items.js';
import { repoRoot, runCli } from './support/cli.js';

/**
 * The Action run the way the runner runs it: action.yml's composite steps, the network ones
 * (setup-node, npm ci) checked but skipped since `npm test` has built dist/ already, and the scan
 * step's own command under `bash --noprofile --norc -eo pipefail`, with the INPUT_* variables its
 * `env:` block gives and temporary GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as ActionYml;
const steps = action.runs.steps;
const scanStep = steps.find((s) => s.id === 'scan')!;

/** `${{ inputs.NAME }}` and `${{ github.action_path }}`: the only expressions the steps may use. */
function evaluate(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) return inputs[m[1]!] ?? action.inputs[m[1]!]?.default ?? '';
    if (expr === 'github.action_path') return repoRoot;
    throw new Error(`unexpected expression in action.yml: ${expr}`);
  });
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Parse GITHUB_OUTPUT: `name<<DELIM` … `DELIM` records (and plain `name=value` lines). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

function runAction(inputs: Record<string, string>, prepare?: (workspace: string) => void): Run {
  const workspace = mkdtempSync(join(tmpdir(), 'sg-action-'));
  const runnerTemp = mkdtempSync(join(tmpdir(), 'sg-runner-'));
  prepare?.(workspace);
  const outputFile = join(runnerTemp, 'output');
  const summaryFile = join(runnerTemp, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const stepEnv = Object.fromEntries(Object.entries(scanStep.env ?? {}).map(([k, v]) => [k, evaluate(String(v), inputs)]));
  // The runner writes the script to a file and runs `bash --noprofile --norc -eo pipefail {0}`.
  const script = join(runnerTemp, 'step.sh');
  writeFileSync(script, evaluate(scanStep.run!, inputs));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')) env[k] = v;
  Object.assign(env, stepEnv, {
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: repoRoot,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    NO_COLOR: '1',
  });
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8'), workspace };
}

/** An RDS instance as AWS Config records it. */
const rds = (id: string, configuration: Record<string, unknown>) =>
  configItem({ resourceType: 'AWS::RDS::DBInstance', resourceId: id, resourceName: id, arn: `arn:aws:rds:us-east-1:123456789012:db:${id}`, configuration });

function snapshot(dir: string, items: { id: string; configuration: Record<string, unknown> }[]): string {
  const configurationItems = items.map(({ id, configuration }) => rds(id, configuration));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems }));
  return file;
}

const annotationsOf = (stdout: string, level: string) => stdout.split('\n').filter((l) => l.startsWith(`::${level} `) || l.startsWith(`::${level}::`));

describe('action.yml', () => {
  it('is a composite action that sets up Node 24 and installs from the lockfile', () => {
    expect(action.runs.using).toBe('composite');
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.uses).toBe('actions/setup-node@v6');
    expect(String(setup?.with?.['node-version'])).toBe('24');
    const install = steps.find((s) => s.run?.includes('npm ci'))!;
    expect(install.run).toMatch(/npm ci --ignore-scripts/);
    expect(install.run).toMatch(/npm run build/);
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(steps.indexOf(setup!)).toBeLessThan(steps.indexOf(install));
    expect(steps.indexOf(install)).toBeLessThan(steps.indexOf(scanStep));
    expect(existsSync(join(repoRoot, 'package-lock.json'))).toBe(true);
    for (const s of steps.filter((x) => x.run)) expect(s.shell).toBe('bash');
  });

  it('declares every input the steps use, and uses every input it declares', () => {
    const text = JSON.stringify(steps);
    const used = new Set([...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    // The entry point reads exactly the declared inputs.
    expect([...ACTION_INPUTS].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, spec] of Object.entries(action.inputs)) expect(spec.description, name).toBeTruthy();
  });

  it('passes each input as the runner would name it (INPUT_ + upper case, hyphens kept), never inside the script', () => {
    for (const [variable, value] of Object.entries(scanStep.env ?? {})) {
      const m = /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/.exec(String(value));
      expect(m, variable).not.toBeNull();
      expect(variable).toBe(inputVariable(m![1]!));
    }
    expect(scanStep.env?.['INPUT_FAIL-ON']).toBe('${{ inputs.fail-on }}');
    for (const s of steps.filter((x) => x.run)) expect(s.run).not.toMatch(/\$\{\{/);
  });

  it('maps every output to one the scan step writes', async () => {
    const outputs = Object.entries(action.outputs);
    expect(outputs.map(([k]) => k).sort()).toEqual(['bundle-path', 'cli', 'error', 'exit-code', 'fail', 'failed', 'findings-path', 'gate-reason', 'junit-path', 'not-applicable', 'pass', 'sarif-path', 'waived']);
    for (const [name, spec] of outputs) expect(spec.value).toBe(`\${{ steps.scan.outputs.${name} }}`);
  });

  it('leaves inputs empty by default so safeguard.yaml decides, except sarif', () => {
    for (const [name, spec] of Object.entries(action.inputs)) expect(spec.default, name).toBe(name === 'sarif' ? 'true' : '');
  });
});

describe('the Action against the demo estate', () => {
  let demo: Run;
  // The demo's exports are given as a relative path in the workspace, as a workflow would.
  beforeAll(() => {
    demo = runAction({ input: 'exports\n', 'fail-on-error': 'false' }, (ws) => cpSync(join(repoRoot, 'fixtures/demo'), join(ws, 'exports'), { recursive: true }));
  }, 60_000);

  it('without any input or settings file it refuses with exit 2, an error annotation and a summary', () => {
    const run = runAction({});
    expect(run.code).toBe(2);
    expect(run.outputs.failed).toBe('true');
    expect(run.outputs['exit-code']).toBe('2');
    expect(annotationsOf(run.stdout, 'error')[0]).toMatch(/^::error title=safeguard%3A bad input or settings::nothing to scan/);
    expect(run.summary).toContain('## safeguard: bad input or settings (exit 2)');
  });

  it('fails the gate (exit 1) and says so in the outputs', () => {
    expect(demo.code, demo.stderr).toBe(1);
    expect(demo.outputs.failed).toBe('true');
    expect(demo.outputs['exit-code']).toBe('1');
    expect(demo.outputs['gate-reason']).toMatch(/data stores? unencrypted at rest/);
    const report = JSON.parse(readFileSync(join(demo.workspace, 'safeguard-report', 'findings.json'), 'utf8')) as { summary: { byStatus: Record<string, number> } };
    const b = report.summary.byStatus;
    expect(demo.outputs).toMatchObject({ pass: String(b.pass), fail: String(b.fail), error: String(b.error), waived: String(b.waived), 'not-applicable': String(b.not_applicable) });
    expect(Number(demo.outputs.fail)).toBeGreaterThan(0);
    expect(demo.outputs['bundle-path']).toBe('safeguard-report');
    expect(existsSync(join(demo.workspace, 'safeguard-report', 'manifest.json'))).toBe(true);
    expect(demo.outputs['findings-path']).toBe(join('safeguard-report', 'findings.json'));
    expect(demo.outputs.cli).toBe(join(repoRoot, 'dist', 'cli.js'));
  });

  it('hands code scanning a SARIF 2.1.0 file', () => {
    expect(demo.outputs['sarif-path']).toBe(join('safeguard-report', 'findings.sarif'));
    const sarif = JSON.parse(readFileSync(join(demo.workspace, demo.outputs['sarif-path']!), 'utf8')) as { version: string; runs: unknown[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
  });

  it('hands a CI test report the JUnit XML, one test case per check result', () => {
    expect(demo.outputs['junit-path']).toBe(join('safeguard-report', 'findings.junit.xml'));
    const xml = readFileSync(join(demo.workspace, demo.outputs['junit-path']!), 'utf8');
    const findings = JSON.parse(readFileSync(join(demo.workspace, demo.outputs['findings-path']!), 'utf8')) as { findings: unknown[] };
    expect(xml).toMatch(new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<testsuites [^>]*tests="${findings.findings.length}"`));
    expect(xml.match(/<testcase /g)).toHaveLength(findings.findings.length);
  });

  it('writes the job summary: verdict, counts, top failures, safeguard table', () => {
    const s = demo.summary;
    expect(s).toMatch(/^## safeguard: HIPAA Security Rule gate FAILED/);
    expect(s).toContain('gate `unencrypted-storage`');
    expect(s).toMatch(/\| pass \| fail \| error \(undecided\) \| waived \| not applicable \|/);
    expect(s).toContain('### Top failures');
    expect(s).toMatch(/\| critical \| \*\*ePHI\*\* `reporting-db`<br>AWS 123456789012 us-east-1 \| `aws-rds-instance-encrypted` \| .* \| fails it \|/);
    expect(s).toContain('### Safeguards');
    expect(s).toMatch(/\| 164\.312\(a\)\(2\)\(iv\) \| Encryption and decryption \| A \|/);
    expect(s).toContain('Evidence bundle: `safeguard-report`');
  });

  it('annotates each failure: gate failures as errors, escaped as workflow commands want', () => {
    const errors = annotationsOf(demo.stdout, 'error');
    const warnings = annotationsOf(demo.stdout, 'warning');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(warnings.length).toBeLessThanOrEqual(10);
    const rds = errors.find((l) => l.includes('aws-rds-instance-encrypted'))!;
    // The title is a property: its ':' is escaped; the message's line break is %0A.
    expect(rds).toMatch(/^::error title=safeguard aws-rds-instance-encrypted%3A [^:]*::CRITICAL ePHI reporting-db \(aws 123456789012 us-east-1\): /);
    expect(rds).toContain('%0AFix: ');
    expect(rds).not.toMatch(/[\r\n]/);
    // The export the failure was read from is in the workspace, so the annotation points at it.
    expect(rds).toMatch(/,file=exports\/aws-config-snapshot\.json::/);
    expect(annotationsOf(demo.stdout, 'notice').join('\n')).toMatch(/more failing results/);
    // The scan's own output (names and reasons from the estate) is fenced off from command parsing.
    const stop = /^::stop-commands::(safeguard-[0-9a-f-]{36})$/m.exec(demo.stdout);
    expect(stop).not.toBeNull();
    expect(demo.stdout.indexOf(`::${stop![1]}::`)).toBeGreaterThan(demo.stdout.indexOf('Gate unencrypted-storage: FAILED'));
    expect(demo.stdout.indexOf(`::${stop![1]}::`)).toBeLessThan(demo.stdout.indexOf('::error '));
  });
});

describe('the Action against a passing estate', () => {
  it('passes (exit 0) with failed=false, no error annotation, and no SARIF path when sarif is false', () => {
    const run = runAction({ input: 'exports/snapshot.json', 'fail-on': 'high', sarif: 'false' }, (ws) =>
      snapshot(join(ws, 'exports'), [{ id: 'patients', configuration: { storageEncrypted: true, engine: 'postgres', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' } }]),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.failed).toBe('false');
    expect(run.outputs['exit-code']).toBe('0');
    expect(Number(run.outputs.pass)).toBeGreaterThan(0);
    expect(run.outputs['sarif-path']).toBe('');
    expect(annotationsOf(run.stdout, 'error')).toEqual([]);
    expect(run.summary).toMatch(/^## safeguard: HIPAA Security Rule gate PASSED/);
    expect(run.summary).toContain('gate `high`');
    expect(annotationsOf(run.stdout, 'warning')).toHaveLength(Math.min(10, Number(run.outputs.fail)));
  });
});

describe('the Action merging the bundles of a scan matrix', () => {
  /** Two scopes' bundles laid out as actions/download-artifact writes them: bundles/<artifact>/. */
  const scopes = (ws: string) => {
    for (const [scope, encrypted] of [['aws-production', false], ['aws-analytics', true]] as const) {
      const file = snapshot(join(ws, 'exports', scope), [{ id: `db-${scope}`, configuration: { storageEncrypted: encrypted, engine: 'postgres' } }]);
      // The default gate (unencrypted storage): production's scan fails it, as its matrix job would.
      const r = runCli(['scan', '-q', '--no-config', '--input', file, '--out', join(ws, 'bundles', `safeguard-${scope}`)]);
      if (r.code !== (encrypted ? 0 : 1)) throw new Error(r.stderr);
    }
  };

  it('merges every bundle in the folder into one organisation bundle and gates on it', () => {
    const run = runAction({ merge: 'bundles', 'output-dir': 'organisation' }, scopes);
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.stdout).toContain('safeguard merge bundles/safeguard-aws-analytics bundles/safeguard-aws-production --out organisation --force');
    expect(run.outputs.failed).toBe('true');
    expect(run.outputs['bundle-path']).toBe('organisation');
    const report = JSON.parse(readFileSync(join(run.workspace, 'organisation', 'findings.json'), 'utf8')) as { findings: { resource: { name: string }; check: string; status: string }[] };
    const rds = report.findings.filter((f) => f.check === 'aws-rds-instance-encrypted');
    expect(rds.map((f) => `${f.resource.name} ${f.status}`).sort()).toEqual(['db-aws-analytics pass', 'db-aws-production fail']);
    const manifest = JSON.parse(readFileSync(join(run.workspace, 'organisation', 'manifest.json'), 'utf8')) as { mergedFrom: unknown[] };
    expect(manifest.mergedFrom).toHaveLength(2);
    expect(run.summary).toMatch(/^## safeguard: HIPAA Security Rule gate FAILED/);
  });

  it('refuses merge together with scan inputs, and a folder that holds no bundle, with exit 2', () => {
    const both = runAction({ merge: 'bundles', aws: 'true' }, scopes);
    expect(both.code).toBe(2);
    expect(annotationsOf(both.stdout, 'error')[0]).toMatch(/cannot be given with aws/);
    const empty = runAction({ merge: 'exports' }, (ws) => mkdirSync(join(ws, 'exports')));
    expect(empty.code).toBe(2);
    expect(empty.outputs['gate-reason']).toMatch(/exports is neither an evidence bundle nor a folder of bundles/);
  });
});

describe('the Action and safeguard.yaml', () => {
  it('reads the settings file as the CLI does: input, fail-on and output.dir from the file', () => {
    const run = runAction({}, (ws) => {
      snapshot(join(ws, 'exports'), [{ id: 'reporting', configuration: { storageEncrypted: false, engine: 'mysql' } }]);
      writeFileSync(join(ws, 'safeguard.yaml'), 'input: exports\nfail-on: none\noutput:\n  dir: evidence/nightly\n');
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.failed).toBe('false');
    expect(Number(run.outputs.fail)).toBeGreaterThan(0);
    expect(run.outputs['bundle-path']).toBe(join('evidence', 'nightly'));
    expect(existsSync(join(run.workspace, 'evidence/nightly/findings.json'))).toBe(true);
    // A failure the gate does not watch is a warning, not an error.
    expect(annotationsOf(run.stdout, 'error')).toEqual([]);
    expect(annotationsOf(run.stdout, 'warning').join('\n')).toContain('aws-rds-instance-encrypted');
  });

  it('lets inputs override the file, as flags do', () => {
    const run = runAction({ 'fail-on': 'unencrypted-storage', 'output-dir': 'out' }, (ws) => {
      snapshot(join(ws, 'exports'), [{ id: 'reporting', configuration: { storageEncrypted: false, engine: 'mysql' } }]);
      writeFileSync(join(ws, 'safeguard.yaml'), 'input: exports\nfail-on: none\noutput:\n  dir: evidence\n');
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.outputs['bundle-path']).toBe('out');
    expect(annotationsOf(run.stdout, 'error')[0]).toContain('aws-rds-instance-encrypted');
  });

  it('refuses a bad settings file with exit 2, naming the file and line', () => {
    const run = runAction({}, (ws) => writeFileSync(join(ws, 'safeguard.yaml'), 'input: exports\nfail_on: high\n'));
    expect(run.code).toBe(2);
    expect(run.outputs.failed).toBe('true');
    expect(annotationsOf(run.stdout, 'error')[0]).toContain('safeguard.yaml: line 2: unknown key "fail_on" (did you mean fail-on?)');
    expect(run.summary).toContain('safeguard.yaml: line 2');
  });

  it('refuses an input that is not true or false', () => {
    const run = runAction({ input: 'x', aws: 'yes' });
    expect(run.code).toBe(2);
    expect(annotationsOf(run.stdout, 'error')[0]).toContain('input aws must be true or false');
  });
});

describe('the Action on Terraform plans', () => {
  const plan = (file: string) => runAction({ input: 'plan.json' }, (ws) => cpSync(join(repoRoot, 'fixtures/terraform', file), join(ws, 'plan.json')));

  it('fails a plan that adds an unencrypted database, naming its address', () => {
    const run = plan('pr-unencrypted-rds.tfplan.json');
    expect(run.code, run.stderr).toBe(1);
    expect(annotationsOf(run.stdout, 'error').join('\n')).toContain('module.db.aws_db_instance.reporting');
  });

  it('passes the same plan with the database encrypted', () => {
    const run = plan('pr-encrypted-rds.tfplan.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.failed).toBe('false');
  });
});

describe('workflow commands and inputs', () => {
  it('escapes data (%, CR, LF) and properties (also : and ,)', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext%3A a%2C b');
    expect(annotation('error', 'a\nb', { title: 'x: y, z', file: 'plan.json', line: 3 })).toBe('::error title=x%3A y%2C z,file=plan.json,line=3::a%0Ab');
    expect(annotation('notice', 'plain')).toBe('::notice::plain');
  });

  it('writes outputs with a random delimiter, so values may span lines', () => {
    const record = outputRecord('gate-reason', 'line one\nline two');
    const [first, ...rest] = record.trimEnd().split('\n');
    const delimiter = first!.split('<<')[1]!;
    expect(first).toBe(`gate-reason<<${delimiter}`);
    expect(delimiter).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    expect(rest).toEqual(['line one', 'line two', delimiter]);
    expect(parseOutputs(record)['gate-reason']).toBe('line one\nline two');
  });

  it('reads inputs as the runner names them', () => {
    const env = { 'INPUT_FAIL-ON': ' high ', INPUT_INPUT: 'a.json\nb/, c.ndjson\n', INPUT_AWS: 'True', INPUT_SARIF: '', 'INPUT_FAIL-ON-ERROR': 'FALSE' };
    const inputs = readInputs(env);
    expect(inputs).toMatchObject({ failOn: 'high', input: ['a.json', 'b/', 'c.ndjson'], aws: true, failOnError: false, sarif: true });
    expect(getListInput({ INPUT_REGIONS: 'us-east-1,\nus-west-2' }, 'regions')).toEqual(['us-east-1', 'us-west-2']);
    expect(() => getBooleanInput({ INPUT_AWS: 'yes' }, 'aws')).toThrow(/true or false/);
    expect(scanArguments(inputs, 'out')).toEqual(['scan', '--input', 'a.json', '--input', 'b/', '--input', 'c.ndjson', '--aws', '--fail-on', 'high', '--no-fail-on-error', '--out', 'out', '--force']);
  });
});
