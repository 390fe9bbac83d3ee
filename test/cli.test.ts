import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './support/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-cli-'));

function configItem(resourceType: string, id: string, configuration: Record<string, unknown>, supplementaryConfiguration?: Record<string, unknown>) {
  return {
    version: '1.3',
    accountId: '111122223333',
    configurationItemCaptureTime: '2026-11-01T00:00:00.000Z',
    configurationItemStatus: 'OK',
    arn: `arn:aws:rds:us-east-1:111122223333:db:${id}`,
    resourceType,
    resourceId: id,
    resourceName: id,
    awsRegion: 'us-east-1',
    tags: {},
    configuration,
    ...(supplementaryConfiguration ? { supplementaryConfiguration } : {}),
  };
}

function snapshot(dir: string, items: unknown[]): string {
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'x', configurationItems: items }));
  return file;
}

describe('safeguard scan: the gate decides the exit code', () => {
  it('exits 1 when a data store is unencrypted at rest and names it', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'reporting', { storageEncrypted: false, engine: 'mysql' })]);
    const r = runCli(['scan', '--input', input]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('reporting');
    expect(r.stdout).toMatch(/Gate unencrypted-storage: FAILED: 1 data store unencrypted at rest/);
  });

  it('exits 0 when every data store is encrypted', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'patients', { storageEncrypted: true, engine: 'postgres', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' })]);
    const r = runCli(['scan', '--input', input]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Gate unencrypted-storage: PASSED/);
  });

  it('exits 0 under --fail-on none, and 1 with --fail-on-error when a watched result is undecided', () => {
    const dir = tmp();
    const failing = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'r', { storageEncrypted: false })]);
    expect(runCli(['scan', '-i', failing, '--fail-on', 'none']).code).toBe(0);
    const dir2 = tmp();
    const undecided = snapshot(dir2, [configItem('AWS::RDS::DBInstance', 'r', { engine: 'postgres' })]);
    expect(runCli(['scan', '-i', undecided]).code).toBe(0);
    expect(runCli(['scan', '-i', undecided, '--fail-on-error']).code).toBe(1);
  });

  it('--quiet prints nothing on success or gate failure', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'r', { storageEncrypted: false })]);
    const r = runCli(['scan', '-i', input, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('writes findings.json following the result contract', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'reporting', { storageEncrypted: false, engine: 'mysql' })]);
    const out = join(dir, 'report');
    expect(runCli(['scan', '-i', input, '--out', out, '-q']).code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
    expect(report.schemaVersion).toBe('1.0');
    expect(report.gate).toMatchObject({ policy: 'unencrypted-storage', passed: false, failing: 1 });
    // Findings are sorted by severity first (the synthesized account's critical ones lead): find it by check.
    const encrypted = report.findings.filter((x: { check: string }) => x.check === 'aws-rds-instance-encrypted');
    expect(encrypted).toHaveLength(1);
    const f = encrypted[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['check', 'status', 'severity', 'category', 'resource', 'safeguards', 'reason', 'evidence', 'remediation', 'fingerprint']));
    expect(f).toMatchObject({
      check: 'aws-rds-instance-encrypted',
      status: 'fail',
      severity: 'high',
      category: 'encryption-at-rest',
      resource: { provider: 'aws', type: 'AWS::RDS::DBInstance', id: 'arn:aws:rds:us-east-1:111122223333:db:reporting', name: 'reporting', account: '111122223333', region: 'us-east-1' },
      safeguards: ['164.312(a)(2)(iv)'],
      evidence: { storageEncrypted: false },
    });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // The gate's one failing result is this finding.
    expect(report.gate.failingFingerprints).toEqual([f.fingerprint]);
    // The account the item names is graded too, on the AWS::::Account synthesized for it.
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'aws-account-root-mfa', resource: expect.objectContaining({ type: 'AWS::::Account', id: '111122223333', region: 'global' }) }),
    );
    expect(readdirSync(out)).toContain('findings.json');
  });

  it('gives the same fingerprints on a second scan of the same estate', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'a', { storageEncrypted: false }), configItem('AWS::RDS::DBInstance', 'b', { storageEncrypted: true })]);
    runCli(['scan', '-i', input, '--out', join(dir, 'one'), '-q']);
    runCli(['scan', '-i', input, '--out', join(dir, 'two'), '-q']);
    const prints = (d: string) => JSON.parse(readFileSync(join(dir, d, 'findings.json'), 'utf8')).findings.map((f: { fingerprint: string }) => f.fingerprint);
    expect(prints('one')).toEqual(prints('two'));
    // One per check and resource (the `*` eligible-service check grades both databases too).
    expect(new Set(prints('one')).size).toBe(prints('one').length);
  });
});

describe('safeguard scan: bad input', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a missing file', (d) => join(d, 'nope.json'), /nope\.json: no such file or folder/],
    ['truncated JSON', (d) => write(d, 'cut.json', '{"configurationItems": [{"resourceType": "AWS::S3::Bucket"'), /cut\.json: line 1, column \d+: invalid JSON/],
    ['an NDJSON line that does not parse', (d) => write(d, 'a.ndjson', '{"name":"//storage.googleapis.com/b","asset_type":"storage.googleapis.com/Bucket"}\n{"name": oops}\n'), /a\.ndjson: line 2, column \d+: invalid JSON/],
    ['a record of the wrong shape', (d) => write(d, 's.json', JSON.stringify({ fileVersion: '1.0', configurationItems: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'a' }, { resourceType: 7 }] })), /s\.json: configurationItems\[1\]\.resourceType: not a valid AWS Config configuration item/],
    ['an unknown format', (d) => write(d, 'u.json', '{"hello": "world"}'), /u\.json: unknown format/],
    ['a 0-byte file', (d) => write(d, 'zero.json', ''), /zero\.json: the file is empty/],
    ['a __proto__ key', (d) => write(d, 'p.json', '{"configurationItems":[{"resourceType":"AWS::S3::Bucket","resourceId":"b","configuration":{"__proto__":{"polluted":true}}}]}'), /p\.json: configurationItems\[0\]\.configuration\.__proto__: key "__proto__" is not allowed/],
  ];

  for (const [what, make, message] of cases) {
    it(`${what}: one line naming the file and place, exit 2, nothing written`, () => {
      const dir = tmp();
      const input = make(dir);
      const out = join(dir, 'out');
      const r = runCli(['scan', '--input', input, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a bad file among good ones still writes nothing', () => {
    const dir = tmp();
    snapshot(dir, [configItem('AWS::RDS::DBInstance', 'ok', { storageEncrypted: true })]);
    write(dir, 'zz-bad.json', '[');
    const out = join(dir, 'out');
    const r = runCli(['scan', '--input', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/zz-bad\.json/);
    expect(existsSync(out)).toBe(false);
  });

  it('an empty --out is a usage error (exit 2) for every command that writes one, and nothing is written', () => {
    const dir = tmp();
    const input = snapshot(dir, [configItem('AWS::RDS::DBInstance', 'ok', { storageEncrypted: true })]);
    for (const args of [['scan', '-i', input], ['bundle', '-i', input], ['merge', dir, dir]]) {
      const r = runCli([...args, '--no-config', '--out', ''].filter((a) => args[0] !== 'merge' || a !== '--no-config'), dir);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe('safeguard: error: --out: expected a folder name, got an empty string\n');
    }
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('assess takes --config and --no-config as scan does, and --settings as before', () => {
    const viaConfig = runCli(['assess', '--config', 'fixtures/attestations/safeguard.yaml', '--non-interactive', '--json', '--as-of', '2026-11-25']);
    expect(viaConfig.code, viaConfig.stderr).toBe(0);
    expect(JSON.parse(viaConfig.stdout).file).toBe('fixtures/attestations/safeguard.attestations.yaml');
    expect(runCli(['assess', '--settings', 'fixtures/attestations/safeguard.yaml', '--non-interactive', '--json', '--as-of', '2026-11-25']).stdout).toBe(viaConfig.stdout);
    const dir = tmp();
    writeFileSync(join(dir, 'safeguard.yaml'), `version: 1\nattestations: ${join(repoRoot, 'fixtures/attestations/safeguard.attestations.yaml')}\n`);
    const read = runCli(['assess', '--non-interactive', '--json'], dir);
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).file).toBe(join(repoRoot, 'fixtures/attestations/safeguard.attestations.yaml'));
    // --no-config: the settings file's attestations are not read, only the default file (not there yet).
    const ignored = runCli(['assess', '--no-config', '--non-interactive', '--json'], dir);
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(JSON.parse(ignored.stdout).file).toBe('safeguard.attestations.yaml');
  });

  it('usage mistakes exit 2 with a message', () => {
    expect(runCli(['scan']).code).toBe(2);
    const r = runCli(['scan', '-i', 'x', '--fail-on', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sometimes.*invalid/);
    expect(runCli(['frobnicate']).code).toBe(2);
  });
});

describe('safeguard checks / safeguards / help', () => {
  it('checks --json lists every check with its citations', () => {
    const r = runCli(['checks', '--json']);
    expect(r.code).toBe(0);
    const checks = JSON.parse(r.stdout) as { id: string; provider: string; resourceTypes: string[]; safeguards: string[] }[];
    expect(checks.find((c) => c.id === 'aws-s3-bucket-encrypted')).toMatchObject({ provider: 'aws', resourceTypes: ['AWS::S3::Bucket'], category: 'encryption-at-rest', severity: 'high', safeguards: ['164.312(a)(2)(iv)'] });
    expect(new Set(checks.map((c) => c.provider))).toEqual(new Set(['aws', 'azure', 'gcp']));
  });

  it('safeguards --json gives each specification its status and checks per cloud', () => {
    const r = runCli(['safeguards', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; checks: Record<string, string[]> }[];
    const atRest = rows.find((s) => s.id === '164.312(a)(2)(iv)');
    expect(atRest).toMatchObject({ title: 'Encryption and decryption', standard: 'Access control', status: 'addressable' });
    expect(atRest?.checks.aws).toContain('aws-rds-instance-encrypted');
    expect(atRest?.checks.azure).toContain('azure-sql-database-tde-enabled');
    expect(atRest?.checks.gcp).toContain('gcp-storage-bucket-encrypted');
    // Audit controls: the audit-logging checks of every cloud.
    const audit = rows.find((s) => s.id === '164.312(b)');
    expect(audit).toMatchObject({ title: 'Audit controls', status: 'required' });
    expect(audit?.checks.aws).toEqual(expect.arrayContaining(['aws-account-cloudtrail-multi-region', 'aws-s3-bucket-access-logging', 'aws-vpc-flow-logs', 'aws-rds-log-exports', 'aws-cloudtrail-trail-log-validation']));
    expect(audit?.checks.azure).toEqual(expect.arrayContaining(['azure-sql-server-auditing-enabled', 'azure-key-vault-logging-enabled', 'azure-subscription-activity-log-exported']));
    expect(audit?.checks.gcp).toEqual(expect.arrayContaining(['gcp-audit-logs-data-access-enabled', 'gcp-project-audit-log-sink', 'gcp-storage-bucket-logging', 'gcp-subnetwork-flow-logs']));
    // A specification no check covers: an empty list per cloud, left to manual evidence.
    expect(rows.find((s) => s.id === '164.312(a)(2)(iii)')).toMatchObject({ title: 'Automatic logoff', status: 'addressable', checks: { aws: [], azure: [], gcp: [] }, manual: true });
  });

  it('safeguards prints manual where no check covers a specification', () => {
    const r = runCli(['safeguards']);
    expect(r.stdout).toMatch(/164\.312\(a\)\(2\)\(iii\)\s+Automatic logoff \(Addressable\)[\s\S]*?aws\s+manual/);
  });

  it('--help on every command shows an example, and --version prints the version', () => {
    for (const args of HELPS) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Example/);
    }
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every example in every --help runs as written from the repository root: its files exist, or an example before it writes them', () => {
    const examples = HELPS.flatMap((args) => examplesOf(runCli(args).stdout).map((e) => ({ help: args.join(' '), ...e })));
    expect(examples.length).toBeGreaterThan(25);
    const written = new Set<string>();
    const bare = (p: string) => p.replace(/\/+$/, '');
    // In the order the examples are printed, as one would try them.
    for (const { help, argv } of examples) {
      const where = `${help}: ${argv.join(' ')}`;
      const [command, ...rest] = argv;
      for (let i = 0; i < rest.length; i++) {
        const flag = rest[i]!;
        if (['-i', '--input', '--waivers', '--attestations', '--config', '--settings'].includes(flag)) expect(existsSync(join(repoRoot, rest[++i]!)), `${where}: ${rest[i]}`).toBe(true);
      }
      const positional = rest.filter((a, i) => !a.startsWith('-') && !(rest[i - 1]?.startsWith('--') && !['--fail-on-error', '--force', '--json', '--markdown', '--non-interactive'].includes(rest[i - 1]!)));
      if (command === 'diff' || command === 'merge' || command === 'verify') {
        for (const p of positional) expect(written.has(bare(p)) || written.has(bare(p).replace(/\/findings\.json$/, '')), `${where}: ${p} is written by no example before it`).toBe(true);
      }
      const out = rest.indexOf('--out');
      if (out >= 0) {
        const archive = rest.includes('--archive') ? rest[rest.indexOf('--archive') + 1] : undefined;
        const target = bare(rest[out + 1]!) + (archive ? `.${archive}` : '');
        // An earlier example's output is refused unless --force replaces it.
        if (!rest.includes('--force')) expect(written.has(target), `${where}: ${target} was written by an example before it`).toBe(false);
        written.add(target);
      }
    }
  });
});

const HELPS = [['--help'], ...['scan', 'checks', 'safeguards', 'bundle', 'assess', 'policies', 'diff', 'merge', 'verify'].map((c) => [c, '--help'])];

/**
 * The safeguard command lines of a help's examples, in order: a comment, pipe or redirection ends
 * one, `&&` or `;` starts the next; shell quoting is undone. Live scans (--aws, --azure, --gcp) need a
 * cloud and are left out, as is the questionnaire, which needs a terminal.
 */
function examplesOf(help: string): { argv: string[] }[] {
  const block = help.split(/^Examples?[^\n]*:\n/m)[1] ?? '';
  const out: { argv: string[] }[] = [];
  for (const line of block.split('\n')) {
    if (!/^ {2}\S/.test(line)) continue;
    for (const part of line.replace(/\s+#.*$/, '').split(/&&|;/)) {
      const words = [...part.split(/\s[|>]/)[0]!.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0].replace(/^(['"])(.*)\1$/, '$2'));
      if (words[0] !== 'safeguard' || words.length < 2) continue;
      const argv = words.slice(1);
      if (argv.some((a) => ['--aws', '--azure', '--gcp'].includes(a)) || (argv[0] === 'assess' && argv.length === 1)) continue;
      out.push({ argv });
    }
  }
  return out;
}

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
