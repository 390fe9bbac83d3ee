import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SUBSCRIPTION, DEMO_TENANT, startAzureEmulator, type AzureEmulator } from '../emulators/azure/arm.js';
import { repoRoot } from '../support/cli.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * The built CLI as a user runs it: DefaultAzureCredential finds the Azure CLI (a stand-in `az` on
 * PATH that prints what `az account get-access-token` prints), Node trusts the emulator's
 * certificate through NODE_EXTRA_CA_CERTS, and SAFEGUARD_AZURE_*_ENDPOINT point ARM and Microsoft
 * Graph at the emulator. AZURE_TOKEN_CREDENTIALS (an @azure/identity setting) keeps the chain to
 * the Azure CLI, so no managed-identity probe waits on a network that is not there.
 */
function fakeAz(dir: string, body: string): string {
  const binDir = mkdtempSync(join(dir, 'bin-'));
  const script = join(binDir, 'az');
  writeFileSync(script, `#!/bin/sh\necho "$@" >> "${join(dir, 'az-calls')}"\n${body}\n`);
  chmodSync(script, 0o755);
  return binDir;
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('safeguard scan --azure (the CLI against the emulator)', () => {
  let emu: AzureEmulator;
  let dir: string;
  let env: Record<string, string>;
  let token: string;
  beforeAll(async () => {
    emu = await startAzureEmulator();
    dir = mkdtempSync(join(tmpdir(), 'sg-azure-cli-'));
    writeFileSync(join(dir, 'ca.pem'), emu.ca);
    token = emu.mint();
    const binDir = fakeAz(dir, `echo '${JSON.stringify({ accessToken: token, expiresOn: '2099-01-01 00:00:00.000000', expires_on: 4070908800, subscription: DEMO_SUBSCRIPTION, tenant: DEMO_TENANT, tokenType: 'Bearer' })}'`);
    env = { PATH: `${binDir}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), SAFEGUARD_AZURE_ARM_ENDPOINT: emu.url, SAFEGUARD_AZURE_GRAPH_ENDPOINT: emu.url };
  });
  afterAll(() => emu.close());

  it('collects with DefaultAzureCredential, grades and gates: exit 1 (a database without TDE), coverage and progress', async () => {
    const out = join(dir, 'report');
    const r = await run(['scan', '--azure', '--subscriptions', DEMO_SUBSCRIPTION, '--out', out], env);
    expect(r.stderr).not.toMatch(/could not finish/);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/Collected azure live: 34 resources from 1 account, 1 region \(arm, microsoft-graph, resource-graph\); 12 calls\./);
    expect(r.stdout).toContain('Coverage: every call succeeded.');
    expect(r.stdout).toContain('sqldb-claims-reporting');
    expect(r.stderr).toMatch(/safeguard: azure 3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73 resourcegraph: \d+ resources \(\d+ calls\)/);
    // The Azure CLI was asked for ARM's and Microsoft Graph's audiences (here both the emulator).
    expect(readFileSync(join(dir, 'az-calls'), 'utf8')).toContain(`account get-access-token --output json --resource ${emu.url}`);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { collection: { sources: { provider: string; accounts: string[]; calls: Record<string, number> }[]; failed: number }; findings: { source: { format: string } }[] };
    expect(report.collection.failed).toBe(0);
    expect(report.collection.sources[0]).toMatchObject({ provider: 'azure', accounts: [DEMO_SUBSCRIPTION] });
    // --subscriptions given: no GET /subscriptions.
    expect(report.collection.sources[0]!.calls['Microsoft.Resources/subscriptions/read']).toBeUndefined();
    expect(report.findings.some((f) => f.source.format === 'azure-resource-graph')).toBe(true);
    // No credential in any output: the access token the Azure CLI handed over appears nowhere.
    expect([r.stdout, r.stderr, readFileSync(join(out, 'findings.json'), 'utf8')].join('\n')).not.toContain(token.split('.')[1]);
  });

  it('--quiet prints nothing, progress included', async () => {
    const r = await run(['scan', '--azure', '--quiet'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('exits 3 when no credential works, and says which', async () => {
    const binDir = fakeAz(dir, `echo "ERROR: Please run 'az login' to setup account." >&2\nexit 1`);
    const r = await run(['scan', '--azure'], { ...env, PATH: `${binDir}:${process.env.PATH}` });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the scan could not finish: Azure: no usable credentials \(.*az login/);
  });

  it('loads the cloud SDKs only when a scan asks for them (safeguard --version stays fast)', () => {
    for (const file of ['collect/index.js', 'collect/azure/index.js', 'collect/gcp/index.js', 'commands/scan.js', 'cli.js']) {
      const text = readFileSync(fileURLToPath(new URL(`../../dist/src/${file}`, import.meta.url)), 'utf8');
      expect(text).not.toMatch(/^import [^(]*from ['"](@azure\/|google-auth-library)/m);
    }
  });

  it('exits 2 for Azure options without --azure', async () => {
    const r = await run(['scan', '--input', 'fixtures/demo', '--subscriptions', DEMO_SUBSCRIPTION], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--subscriptions, --tenant and --management-group go with --azure');
  });
});
