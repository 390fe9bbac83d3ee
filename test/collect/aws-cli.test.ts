import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConfigEmulator, type ConfigEmulator } from '../emulators/aws/config-emulator.js';
import { repoRoot } from '../support/cli.js';
import { TEST_CREDENTIALS } from './aws-support.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The built CLI, run as a user would, with the SDK pointed at the emulator through AWS_ENDPOINT_URL. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '2', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('safeguard scan --aws (the CLI against the emulator)', () => {
  let emu: ConfigEmulator;
  beforeAll(async () => {
    emu = await startConfigEmulator();
  });
  afterAll(() => emu.close());

  it('collects, grades and gates: exit 1 on the demo estate, coverage in the summary and findings.json, progress on stderr', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sg-aws-cli-'));
    const r = await run(['scan', '--aws', '--regions', 'us-east-1,us-west-2', '--out', out], { AWS_ENDPOINT_URL: emu.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Collected aws live: \d+ resources from 1 account, 2 regions \(config-select\); \d+\s+calls\./);
    expect(r.stdout).toContain('Coverage: every call succeeded.');
    expect(r.stdout).toContain('reporting-db');
    expect(r.stderr).toMatch(/safeguard: aws us-east-1 config: \d+ resources \(\d+ calls\)/);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning/);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { collection: { sources: { provider: string }[]; failed: number }; findings: { source: { format: string } }[] };
    expect(report.collection.sources[0]).toMatchObject({ provider: 'aws', accounts: ['123456789012'], regions: ['us-east-1', 'us-west-2'] });
    expect(report.findings.some((f) => f.source.format === 'aws-config-api')).toBe(true);
  });

  it('--quiet prints nothing, progress included', async () => {
    const r = await run(['scan', '--aws', '--regions', 'us-east-1', '--quiet'], { AWS_ENDPOINT_URL: emu.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('exits 3 when no call succeeds (credentials rejected)', async () => {
    emu.knobs = { deny: ['sts:GetCallerIdentity'] };
    try {
      const r = await run(['scan', '--aws', '--regions', 'us-east-1'], { AWS_ENDPOINT_URL: emu.url });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/the scan could not finish: AWS: no usable credentials \(sts:GetCallerIdentity in us-east-1: AccessDenied/);
      expect(r.stderr).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    } finally {
      emu.knobs = {};
    }
  });

  it('--request-timeout gives up on a call that does not answer in time, and takes only whole seconds, with a live scan', async () => {
    emu.knobs = { latencyMs: 1_500 };
    try {
      const slow = await run(['scan', '--aws', '--regions', 'us-east-1', '--request-timeout', '1', '--quiet'], { AWS_ENDPOINT_URL: emu.url });
      expect(slow.code).toBe(3);
      // (Without the flag the 60 s default waits out the same latency: the call is slow, not broken.)
      expect(slow.stderr).toMatch(/sts:GetCallerIdentity in us-east-1: .*(timed out|timeout)/i);
    } finally {
      emu.knobs = {};
    }
    for (const bad of ['0', '1.5', 'ten', '3601']) {
      const r = await run(['scan', '--aws', '--request-timeout', bad], { AWS_ENDPOINT_URL: emu.url });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--request-timeout: expected whole seconds from 1 to 3600, got "${bad}"`);
    }
    const offline = await run(['scan', '--input', 'fixtures/demo', '--request-timeout', '30'], {});
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('--request-timeout goes with --aws, --azure or --gcp');
  }, 120_000);

  it('exits 2 for AWS options without --aws, and keeps --profile for the check profile', async () => {
    const r = await run(['scan', '--input', 'fixtures/demo', '--regions', 'us-east-1'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--regions, --aggregator and --aws-profile go with --aws');
    const p = await run(['scan', '--aws', '--profile', 'not-a-check-profile'], {});
    expect(p.code).toBe(2);
  });
});
