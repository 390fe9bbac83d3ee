import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs, scanArguments } from '../src/action/run.js';
import { parseSettings } from '../src/config/settings.js';
import { configItem } from './checks/aws/items.js';
import { repoRoot, runCli } from './support/cli.js';

/** The example workflows in examples/workflows/ use this repository's action as action.yml declares it. */

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const dir = join(repoRoot, 'examples', 'workflows');
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown> };
const files = readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml')).sort();
const workflows = new Map(files.map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as Workflow]));
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const isSafeguard = (s: Step) => /(^|\/)safeguard@[\w.-]+$/.test(s.uses ?? '') || s.uses === './';
const ours = (w: Workflow) => steps(w).filter(isSafeguard);
const uses = (w: Workflow, prefix: string) => steps(w).filter((s) => s.uses?.startsWith(prefix));

/** Least privilege: nothing beyond these, and never write-all. */
const ALLOWED_PERMISSIONS: Record<string, string> = { contents: 'read', 'id-token': 'write', 'security-events': 'write' };

describe('example workflows', () => {
  it('are the three the README names', () => {
    expect(files).toEqual(['nightly-live-scan.yml', 'org-matrix.yml', 'pr-terraform-gate.yml']);
  });

  for (const [file, w] of workflows) {
    describe(file, () => {
      it('uses the action with declared inputs only, and reads declared outputs only', () => {
        expect(ours(w).length).toBeGreaterThan(0);
        for (const s of ours(w)) {
          expect(s.id, 'the action step needs an id to read its outputs').toBeTruthy();
          for (const key of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs), `${file}: input ${key}`).toContain(key);
          for (const key of ['aws', 'azure', 'gcp', 'fail-on-error', 'sarif']) {
            const v = s.with?.[key];
            if (v !== undefined) expect(String(v), `${file}: ${key}`).toMatch(/^(true|false|\$\{\{.*\}\})$/);
          }
        }
        const ids = new Set(ours(w).map((s) => s.id));
        const text = readFileSync(join(dir, file), 'utf8');
        for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          if (ids.has(m[1]!)) expect(Object.keys(action.outputs), `${file}: output ${m[2]}`).toContain(m[2]);
        }
      });

      it('asks for minimal permissions', () => {
        const blocks = [w.permissions, ...Object.values(w.jobs).map((j) => j.permissions)].filter(Boolean) as Record<string, string>[];
        expect(blocks.length).toBeGreaterThan(0);
        for (const b of blocks) {
          expect(typeof b).toBe('object');
          for (const [k, v] of Object.entries(b)) expect(ALLOWED_PERMISSIONS[k], `${file}: permission ${k}: ${v}`).toBe(v);
        }
      });

      it('pins every action to a major version and keeps expressions out of scripts', () => {
        for (const s of steps(w)) {
          if (s.uses && !isSafeguard(s)) expect(s.uses, file).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
          if (s.run) expect(s.run, `${file}: ${s.name}`).not.toMatch(/\$\{\{/);
        }
      });

      it('uploads SARIF and the evidence bundle from the action outputs, even when the gate fails', () => {
        const sarif = uses(w, 'github/codeql-action/upload-sarif@');
        expect(sarif).toHaveLength(1);
        expect(sarif[0]!.with?.sarif_file).toMatch(/steps\.safeguard\.outputs\.sarif-path/);
        expect(sarif[0]!.if).toMatch(/always\(\)/);
        const artifact = uses(w, 'actions/upload-artifact@');
        expect(artifact).toHaveLength(Object.keys(w.jobs).length);
        for (const a of artifact) {
          expect(a.with?.path).toMatch(/steps\.safeguard\.outputs\.bundle-path/);
          expect(a.if).toMatch(/always\(\)/);
        }
      });
    });
  }

  it('pr-terraform-gate plans on pull requests and gates plan.json', () => {
    const w = workflows.get('pr-terraform-gate.yml')!;
    expect(Object.keys(w.on)).toContain('pull_request');
    expect(w.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'security-events': 'write' });
    const all = steps(w);
    const plan = all.find((s) => s.run?.includes('terraform plan'))!;
    expect(plan.run).toMatch(/terraform init/);
    expect(plan.run).toMatch(/terraform plan .*-out=plan\.out/);
    expect(plan.run).toMatch(/terraform show -json plan\.out > plan\.json/);
    expect(uses(w, 'hashicorp/setup-terraform@')[0]!.with?.terraform_wrapper).toBe(false);
    const gate = ours(w)[0]!;
    expect(gate.with?.input).toBe('plan.json');
    expect(all.indexOf(plan)).toBeLessThan(all.indexOf(gate));
  });

  it('nightly-live-scan signs in to each cloud with OIDC and scans all three', () => {
    const w = workflows.get('nightly-live-scan.yml')!;
    expect(Object.keys(w.on)).toContain('schedule');
    expect(uses(w, 'aws-actions/configure-aws-credentials@')[0]!.with).toHaveProperty('role-to-assume');
    expect(Object.keys(uses(w, 'azure/login@')[0]!.with!).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
    expect(uses(w, 'google-github-actions/auth@')[0]!.with).toHaveProperty('workload_identity_provider');
    // The gate never fails the scan step, whatever safeguard.yaml says (examples/safeguard.yaml sets
    // fail-on-error: true, and Azure and GCP ePHI resources are always undecided on eligibility):
    // otherwise the diff and the baseline steps after it would never run.
    expect(ours(w)[0]!.with).toMatchObject({ aws: true, azure: true, gcp: true, 'fail-on': 'none', 'fail-on-error': false });
    const save = uses(w, 'actions/cache/save@')[0]!;
    expect(steps(w).indexOf(save)).toBeGreaterThan(steps(w).findIndex((s) => s.id === 'drift'));
    // The baseline comes back from the cache and is saved again under the same path.
    const restore = uses(w, 'actions/cache/restore@')[0]!;
    expect(restore.with?.path).toBe(save.with?.path);
    expect(String(restore.with?.['restore-keys'])).toBe(String(save.with?.key).replace(/\$\{\{.*\}\}$/, ''));
  });

  it('org-matrix runs one job per scope, each with its own cloud', () => {
    const w = workflows.get('org-matrix.yml')!;
    const job = Object.values(w.jobs)[0]!;
    const include = job.strategy?.matrix?.include as { cloud: string }[];
    expect(new Set(include.map((i) => i.cloud))).toEqual(new Set(['aws', 'azure', 'gcp']));
    expect(ours(w)[0]!.with).toMatchObject({ aws: "${{ matrix.cloud == 'aws' }}", azure: "${{ matrix.cloud == 'azure' }}", gcp: "${{ matrix.cloud == 'gcp' }}" });
  });

  it('org-matrix merges every scope\'s bundle into one organisation bundle, even when a scope failed its gate', () => {
    const w = workflows.get('org-matrix.yml')!;
    const merge = w.jobs.merge as Job & { needs?: string; if?: string };
    expect(merge.needs).toBe('scan');
    expect(merge.if).toMatch(/always\(\)/);
    // The download pattern matches the name every scope's bundle is uploaded under, and not the organisation's own.
    const uploaded = String(w.jobs.scan!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with?.name);
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const pattern = new RegExp(`^${String(download.with?.pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    expect(uploaded.replace('${{ matrix.scope }}', 'aws-production')).toMatch(pattern);
    const kept = String(merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with?.name);
    expect(kept).not.toMatch(pattern);
    const step = merge.steps.find(isSafeguard)!;
    expect(step.with?.merge).toBe(download.with?.path);
    expect(merge.steps.indexOf(download)).toBeLessThan(merge.steps.indexOf(step));
  });

  it('examples/safeguard.yaml is a valid settings file', () => {
    const s = parseSettings(readFileSync(join(repoRoot, 'examples', 'safeguard.yaml'), 'utf8'), 'examples/safeguard.yaml');
    expect(s.values).toMatchObject({ 'fail-on': 'unencrypted-storage', aws: { regions: ['us-east-1', 'us-west-2'] }, output: { dir: 'safeguard-report' } });
  });
});

describe("the nightly's drift step, run against two real bundles", () => {
  const w = workflows.get('nightly-live-scan.yml')!;
  const drift = steps(w).find((s) => s.id === 'drift')!;
  let ws: string;

  /** `undecided`: the record does not say whether the storage is encrypted, so the result is `error`. */
  const rds = (id: string, encrypted: boolean | 'undecided') =>
    configItem({ resourceType: 'AWS::RDS::DBInstance', resourceId: id, resourceName: id, arn: `arn:aws:rds:us-east-1:123456789012:db:${id}`, configuration: { ...(encrypted === 'undecided' ? {} : { storageEncrypted: encrypted }), engine: 'postgres' } });
  const bundle = (name: string, items: unknown[]) => {
    const file = join(ws, `${name}.json`);
    writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: name, configurationItems: items }));
    const r = runCli(['scan', '-q', '--no-config', '--input', file, '--out', join(ws, name), '--fail-on', 'none']);
    expect(r.code, r.stderr).toBe(0);
  };
  const runStep = () => {
    const summary = join(ws, 'summary.md');
    writeFileSync(summary, '');
    const script = join(ws, 'drift.sh');
    writeFileSync(script, drift.run!);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, SAFEGUARD: join(repoRoot, 'dist', 'cli.js'), GITHUB_STEP_SUMMARY: summary },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8') };
  };

  beforeAll(() => {
    ws = mkdtempSync(join(tmpdir(), 'sg-nightly-'));
  });

  it('fails on a regression and posts the diff to the job summary', () => {
    bundle('safeguard-baseline', [rds('patients', true)]);
    bundle('safeguard-report', [rds('patients', true), rds('reporting', false)]);
    const r = runStep();
    expect(r.code, r.stderr).toBe(1);
    expect(r.summary).toContain('## safeguard: changes since the previous scan');
    expect(r.summary).toMatch(/### New failures \(\d+\)/);
    expect(r.summary).toContain('`reporting`');
    expect(r.stdout).toMatch(/--fail-on new --fail-on-error: FAILED \(2 new failures, /);
  });

  it('fails when a result the baseline decided became undecided (a lost permission), and lists it in the job summary', () => {
    ws = mkdtempSync(join(tmpdir(), 'sg-nightly-'));
    bundle('safeguard-baseline', [rds('patients', true)]);
    bundle('safeguard-report', [rds('patients', 'undecided')]);
    const r = runStep();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/--fail-on new --fail-on-error: FAILED \(0 new failures, 1 new undecided result\)/);
    expect(r.summary).toContain('### New undecided results (1)');
    expect(r.summary).toContain('**--fail-on new --fail-on-error: FAILED**');
  });

  it('the scan step exits 0 with undecided results although examples/safeguard.yaml sets fail-on-error: true', () => {
    ws = mkdtempSync(join(tmpdir(), 'sg-nightly-'));
    writeFileSync(join(ws, 'safeguard.yaml'), readFileSync(join(repoRoot, 'examples', 'safeguard.yaml')));
    writeFileSync(join(ws, 'safeguard.waivers.yaml'), 'waivers: []\n');
    const file = join(ws, 'estate.json');
    writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [rds('patients', 'undecided')] }));
    // The step's inputs as the action reads them, an export file in place of the live clouds.
    const step = ours(w)[0]!;
    const live = ['aws', 'azure', 'gcp', 'regions', 'subscriptions', 'projects'];
    const env = (skip: string[]) => Object.fromEntries([...Object.entries(step.with!).filter(([k]) => !live.includes(k) && !skip.includes(k)), ['input', file]].map(([k, v]) => [`INPUT_${k.toUpperCase()}`, String(v)]));
    const scan = (skip: string[] = []) => runCli(scanArguments(readInputs(env(skip)), join(ws, 'safeguard-report')), ws);
    const r = scan();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Results: .*[1-9]\d* error \(undecided\)/);
    expect(r.stdout).toMatch(/Gate none: PASSED/);
    // Without the step's fail-on-error input, the settings file's fail-on-error: true fails it.
    expect(scan(['fail-on-error']).code).toBe(1);
  });

  it('passes when nothing regressed, even with failures and undecided results still open', () => {
    ws = mkdtempSync(join(tmpdir(), 'sg-nightly-'));
    bundle('safeguard-baseline', [rds('reporting', false), rds('patients', 'undecided')]);
    bundle('safeguard-report', [rds('reporting', false), rds('patients', 'undecided')]);
    const r = runStep();
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary).toContain('Nothing changed');
  });

  it('passes when nothing regressed, even with failures still open', () => {
    ws = mkdtempSync(join(tmpdir(), 'sg-nightly-'));
    bundle('safeguard-baseline', [rds('reporting', false)]);
    bundle('safeguard-report', [rds('reporting', false)]);
    const r = runStep();
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary).toContain('Nothing changed');
  });
});
