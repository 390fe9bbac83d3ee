import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * With no credentials, each cloud's default chain ends by asking an instance metadata service: the
 * AWS SDK (EC2 IMDS), @azure/identity's managed identity (Azure IMDS) and google-auth-library's ADC
 * (the Compute Engine metadata server). A scan must not probe one unless the user opts in with
 * `--aws-imds`, `--azure-imds` or `--gcp-metadata`. Each SDK's metadata address is moved to a
 * listener on 127.0.0.1 (AWS_EC2_METADATA_SERVICE_ENDPOINT, AZURE_POD_IDENTITY_AUTHORITY_HOST,
 * GCE_METADATA_HOST), so the real address is never contacted, and the listener counts what reaches it.
 */

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let imds: Server;
let imdsUrl: string;
let hits: string[] = [];

beforeAll(async () => {
  imds = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    // Refuse like an instance without a role, so the chain ends quickly.
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => imds.listen(0, '127.0.0.1', resolve));
  imdsUrl = `http://127.0.0.1:${(imds.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => imds.close(() => resolve())));

function scanWithoutCredentials(extra: string[], cloud: string[] = ['--aws', '--regions', 'us-east-1']): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: '/nonexistent', NO_COLOR: '1' };
  Object.assign(env, {
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsUrl,
    AWS_REGION: 'us-east-1',
    // Any call that did get credentials would go here, not to a cloud.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AZURE_POD_IDENTITY_AUTHORITY_HOST: imdsUrl,
    SAFEGUARD_AZURE_ARM_ENDPOINT: 'http://127.0.0.1:9',
    SAFEGUARD_AZURE_GRAPH_ENDPOINT: 'http://127.0.0.1:9',
    AZURE_CONFIG_DIR: '/nonexistent/azure',
    GCE_METADATA_HOST: imdsUrl.replace(/^http:\/\//, ''),
    CLOUDSDK_CONFIG: '/nonexistent/gcloud',
    SAFEGUARD_GCP_ASSET_ENDPOINT: 'http://127.0.0.1:9',
  });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'scan', ...cloud, '--no-config', '--quiet', ...extra], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('no instance metadata probe without --aws-imds', () => {
  it('a scan with no credentials and AWS_EC2_METADATA_DISABLED unset never asks IMDS, and exits 3', async () => {
    hits = [];
    const r = await scanWithoutCredentials([]);
    expect(hits).toEqual([]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no usable credentials/);
  }, 90_000);

  it('--aws-imds lets the chain ask it (the listener is reached), and still exits 3 with no role', async () => {
    hits = [];
    const r = await scanWithoutCredentials(['--aws-imds']);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.includes('/latest/'))).toBe(true);
    expect(r.code).toBe(3);
  }, 90_000);
});

describe('no Azure or GCP metadata probe without --azure-imds / --gcp-metadata', () => {
  it('Azure: no credentials and no --azure-imds never asks the instance metadata service, and exits 3', async () => {
    hits = [];
    const r = await scanWithoutCredentials([], ['--azure', '--subscriptions', '00000000-0000-0000-0000-000000000001']);
    expect(hits).toEqual([]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no usable credentials/);
  }, 120_000);

  it('Azure: --azure-imds lets the managed identity ask it (the listener is reached)', async () => {
    hits = [];
    const r = await scanWithoutCredentials(['--azure-imds'], ['--azure', '--subscriptions', '00000000-0000-0000-0000-000000000001']);
    expect(hits.some((h) => h.includes('/metadata/identity'))).toBe(true);
    expect(r.code).toBe(3);
  }, 120_000);

  it('GCP: no credentials and no --gcp-metadata never asks the metadata server, and exits 3', async () => {
    hits = [];
    const r = await scanWithoutCredentials([], ['--gcp', '--projects', 'lumen-analytics-prod']);
    expect(hits).toEqual([]);
    expect(r.code).toBe(3);
  }, 120_000);

  it('GCP: --gcp-metadata lets ADC ask it (the listener is reached)', async () => {
    hits = [];
    const r = await scanWithoutCredentials(['--gcp-metadata'], ['--gcp', '--projects', 'lumen-analytics-prod']);
    expect(hits.some((h) => h.includes('/computeMetadata/'))).toBe(true);
    expect(r.code).toBe(3);
  }, 120_000);
});
