import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Secrets planted in an estate's exports must appear in no file `--out` writes (findings, CSV,
 * SARIF, HTML, the bundle's inventory and manifest) and on no line of stdout or stderr.
 */

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ACCOUNT = '111122223333';
const SUBSCRIPTION = '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73';

/** Each planted secret, and a marker from its middle that cannot occur by chance. */
const SECRETS = {
  lambdaEnv: 'lambda-db-p4ss-Qx7PLANTEDz9',
  rdsMaster: 'rds-master-Vb2PLANTEDk4',
  appSetting: 'Sup3r-Azure-PLANTED-Pw0rd',
  privateKey: 'MIIEpAIBAAKCAQEAPLANTEDrsaKeyMaterialXyZ',
  tagSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED01',
};

const configItem = (type: string, id: string, arn: string, configuration: Record<string, unknown>, tags: Record<string, string> = {}) => ({
  version: '1.3', accountId: ACCOUNT, configurationItemCaptureTime: '2026-03-01T00:00:00.000Z', configurationItemStatus: 'OK',
  resourceType: type, resourceId: id, resourceName: id, arn, awsRegion: 'us-east-1', tags: { phi: 'true', ...tags }, relationships: [], configuration, supplementaryConfiguration: {},
});

function estate(): Record<string, unknown> {
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.privateKey}\n-----END RSA PRIVATE KEY-----`;
  return {
    'aws-config-snapshot.json': {
      fileVersion: '1.0', configSnapshotId: 'secrets',
      configurationItems: [
        configItem('AWS::Lambda::Function', 'intake', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:intake`, {
          functionName: 'intake', runtime: 'nodejs20.x', kmsKeyArn: null,
          environment: { variables: { DB_HOST: 'db.internal', DB_PASSWORD: SECRETS.lambdaEnv } },
        }),
        configItem('AWS::RDS::DBInstance', 'records', `arn:aws:rds:us-east-1:${ACCOUNT}:db:records`, {
          dBInstanceIdentifier: 'records', engine: 'postgres', storageEncrypted: false, masterUsername: 'admin', masterUserPassword: SECRETS.rdsMaster,
        }),
        configItem('AWS::EC2::Instance', 'i-0abc', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`, {
          instanceId: 'i-0abc', instanceType: 't3.micro', userData: `#!/bin/bash\ncat > /etc/ssl/app.key <<'EOF'\n${pem}\nEOF\nsystemctl start app\n`,
        }),
        configItem('AWS::S3::Bucket', 'phi-uploads', 'arn:aws:s3:::phi-uploads', { name: 'phi-uploads' }, { 'ci-note': `aws_secret_access_key=${SECRETS.tagSecretKey}` }),
      ],
    },
    'azure-resource-graph.json': {
      data: [
        {
          id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/phi/providers/Microsoft.Web/sites/portal/config/web`,
          name: 'web', type: 'microsoft.web/sites/config', location: 'eastus', subscriptionId: SUBSCRIPTION, resourceGroup: 'phi', tags: { phi: 'true' },
          properties: {
            appSettings: [{ name: 'DB_CONNECTION', value: `Server=tcp:phi.database.windows.net,1433;Database=records;User ID=portal;Password=${SECRETS.appSetting};Encrypt=true` }],
            connectionStrings: [{ name: 'records', connectionString: `Server=tcp:phi.database.windows.net;Password=${SECRETS.appSetting};`, type: 'SQLAzure' }],
            minTlsVersion: '1.2', httpsOnly: true,
          },
        },
      ],
    },
  };
}

let scratch: string;
const runs: Array<{ name: string; stdout: string; stderr: string; code: number | null; out: string }> = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'safeguard-secrets-'));
  const input = join(scratch, 'estate');
  await mkdir(input);
  for (const [name, doc] of Object.entries(estate())) await writeFile(join(input, name), JSON.stringify(doc, null, 2));
  const scan = (name: string, extra: string[]) => {
    const out = join(scratch, name);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--input', input, '--out', out, '--no-config', '--fail-on', 'none', ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    runs.push({ name, stdout: r.stdout, stderr: r.stderr, code: r.status, out });
  };
  scan('bundle', []);
  scan('bundle-ephi', ['--scope', 'ephi', '--profile', 'strict']);
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesBelow(p)));
    else out.push(p);
  }
  return out;
}

/** A secret's marker, plain and in the encodings a report could carry it in. */
function forms(secret: string): string[] {
  const b64 = [0, 1, 2].map((shift) => Buffer.from('xx'.slice(0, shift) + secret).toString('base64').slice(4, -4));
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), secret.replace(/\//g, '&#x2F;'), ...b64];
}

describe('planted secrets appear in no output', () => {
  it('the scans ran and wrote a bundle', () => {
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it.each(Object.keys(SECRETS))('%s: in no file under --out, and on no stdout or stderr line', async (name) => {
    const secret = SECRETS[name as keyof typeof SECRETS];
    for (const r of runs) {
      const files = await filesBelow(r.out);
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const text = (await readFile(file)).toString('latin1');
        for (const form of forms(secret)) expect(text.includes(form), `${form} in ${file}`).toBe(false);
      }
      for (const form of forms(secret)) {
        expect(r.stdout.includes(form), `${form} on stdout`).toBe(false);
        expect(r.stderr.includes(form), `${form} on stderr`).toBe(false);
      }
    }
  });

  it('the resources holding them were read and graded (the test does not pass by reading nothing)', async () => {
    const findings = JSON.parse(await readFile(join(runs[0]!.out, 'findings.json'), 'utf8')) as { findings: Array<{ resource: { id: string } }> };
    const ids = new Set(findings.findings.map((f) => f.resource.id));
    expect(ids.has(`arn:aws:rds:us-east-1:${ACCOUNT}:db:records`)).toBe(true);
    expect(ids.has('arn:aws:s3:::phi-uploads')).toBe(true);
    const files = (await filesBelow(runs[0]!.out)).map((f) => f.slice(runs[0]!.out.length + 1));
    expect(files).toEqual(expect.arrayContaining(['findings.json', 'manifest.json', 'report.html']));
    expect(files.some((f) => f.startsWith('inventory'))).toBe(true);
  });
});
