import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECT, startCloudAssetEmulator, SUBJECT_TOKEN, type CloudAssetEmulator } from '../emulators/gcp/cloud-asset.js';
import { subjectTokenFile } from '../emulators/gcp/client.js';
import { repoRoot } from '../support/cli.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * The built CLI as a user runs it in CI: Application Default Credentials from an
 * `external_account` file (workload identity federation, what google-github-actions/auth writes),
 * whose token URL is the emulator's STS; SAFEGUARD_GCP_ASSET_ENDPOINT points Cloud Asset there.
 */
function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', NO_GCE_CHECK: 'true', GCE_METADATA_HOST: '127.0.0.1:1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('safeguard scan --gcp (the CLI against the emulator)', () => {
  let emu: CloudAssetEmulator;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    emu = await startCloudAssetEmulator();
    dir = mkdtempSync(join(tmpdir(), 'sg-gcp-cli-'));
    writeFileSync(join(dir, 'adc.json'), JSON.stringify(emu.externalAccount(subjectTokenFile())));
    env = { GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'), SAFEGUARD_GCP_ASSET_ENDPOINT: emu.url };
  });
  afterAll(() => emu.close());

  it('collects with ADC, grades and gates: exit 1 (a disk whose key is destroyed), coverage and progress', async () => {
    const out = join(dir, 'report');
    const r = await run(['scan', '--gcp', '--projects', DEMO_PROJECT, '--out', out], env);
    expect(r.stderr).not.toMatch(/could not finish/);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/Collected gcp live: 23 resources from 1 account, \d+ regions \(cloud-asset\); 3 calls\./);
    expect(r.stdout).toContain('Coverage: every call succeeded.');
    expect(r.stdout).toContain('ds-notebook-1-data');
    expect(r.stderr).toMatch(/safeguard: gcp projects\/lumen-analytics-prod cloudasset: 23 resources \(\d+ calls\)/);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { collection: { sources: { provider: string; accounts: string[] }[]; failed: number } };
    expect(report.collection).toMatchObject({ failed: 0, sources: [{ provider: 'gcp', accounts: [DEMO_PROJECT] }] });
    // No credential in any output: not the OIDC subject token, not an access token.
    const everything = [r.stdout, r.stderr, readFileSync(join(out, 'findings.json'), 'utf8')].join('\n');
    expect(emu.issued.length).toBeGreaterThan(0);
    for (const secret of [...emu.issued, SUBJECT_TOKEN]) expect(everything).not.toContain(secret);
  });

  it('reads the ADC project when no parent is given', async () => {
    const r = await run(['scan', '--gcp', '--quiet'], { ...env, GOOGLE_CLOUD_PROJECT: DEMO_PROJECT });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('exits 3 when the credential cannot sign in, or every call is denied', async () => {
    const badToken = join(dir, 'bad-token');
    writeFileSync(badToken, 'not-an-oidc-token');
    writeFileSync(join(dir, 'bad-adc.json'), JSON.stringify(emu.externalAccount(badToken)));
    const r = await run(['scan', '--gcp', '--projects', DEMO_PROJECT], { ...env, GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'bad-adc.json') });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the scan could not finish: GCP: no usable credentials \(invalid_grant/);
    emu.knobs = { deny: ['cloudasset.assets.listResource', 'cloudasset.assets.listIamPolicy', 'cloudasset.assets.listOrgPolicy'] };
    try {
      const d = await run(['scan', '--gcp', '--projects', DEMO_PROJECT], env);
      expect(d.code).toBe(3);
      expect(d.stderr).toMatch(/GCP: every call failed \(first: cloudasset\.assets\.list\w+ on projects\/lumen-analytics-prod: PERMISSION_DENIED \(HTTP 403\)/);
    } finally {
      emu.knobs = {};
    }
  });

  it('exits 2 for GCP options without --gcp', async () => {
    const r = await run(['scan', '--input', 'fixtures/demo', '--projects', DEMO_PROJECT], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--projects, --folder and --organization go with --gcp');
  });
});
