import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPolicy, sentences } from '../src/policies/document.js';
import { runCli } from './support/cli.js';

/**
 * `safeguard policies`: drafts written from what the scan and the attestations show. Every sentence
 * that states a fact cites the finding (fingerprint and check) or the attestation behind it; what a
 * person decides is a [[TO DECIDE: …]] blank; the same inputs give the same bytes.
 */

const SETTINGS = 'fixtures/attestations/safeguard.yaml';
const ATTESTATIONS = 'fixtures/attestations/safeguard.attestations.yaml';
const POLICY_FILES = [
  'access-control.md', 'audit-logging.md', 'contingency-backup.md', 'device-media.md', 'encryption.md',
  'incident-response.md', 'information-security.md', 'password-authentication.md', 'risk-management.md', 'workforce-training.md',
];
const tmp = () => mkdtempSync(join(tmpdir(), 'sg-policies-'));

/** The sentences of a draft that state something, and the lines that are not allowed at all. */
function audit(text: string): { uncited: string[]; strays: string[]; cites: Map<string, string> } {
  const uncited: string[] = [];
  const strays: string[] = [];
  const cites = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('> ') || line.startsWith('**Specifications:** ')) continue;
    const note = /^\[\^(\d+)\]: (.*)$/.exec(line);
    if (note) {
      cites.set(note[1]!, note[2]!);
      continue;
    }
    if (!line.startsWith('- ')) {
      strays.push(line);
      continue;
    }
    const body = line.slice(2);
    if (/^\[\[TO DECIDE: [^\]]+\]\]$/.test(body)) continue;
    for (const s of sentences(body)) if (!/\[\^\d+\]/.test(s)) uncited.push(s);
  }
  return { uncited, strays, cites };
}

describe('safeguard policies on the demo (settings with waivers, attestations and the BAA register)', () => {
  const out = join(tmp(), 'policies');
  const run = runCli(['policies', '--settings', SETTINGS, '--out', out, '--as-of', '2026-11-25']);
  const scanDir = join(tmp(), 'evidence');
  runCli(['scan', '--config', SETTINGS, '--as-of', '2026-11-25', '--out', scanDir, '-q']);
  const findings = JSON.parse(readFileSync(join(scanDir, 'findings.json'), 'utf8')).findings as { fingerprint: string; check: string }[];
  const known = new Set(findings.map((f) => `${f.fingerprint} ${f.check}`));
  const read = (f: string) => readFileSync(join(out, f), 'utf8');

  it('writes the ten drafts and an index, exit 0', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.md', ...POLICY_FILES].sort());
    expect(run.stdout).toMatch(/^Wrote 10 policy drafts and README\.md to .*: \d+ cited facts from 262 findings and the answers in fixtures\/attestations\/safeguard\.attestations\.yaml; \d+ blanks marked \[\[TO DECIDE: \.\.\.\]\]\.\n$/);
    for (const f of POLICY_FILES) expect(read('README.md')).toContain(`](${f})`);
  });

  it('every sentence that states a fact carries a citation; nothing else stands outside a list, a heading or the note', () => {
    for (const f of POLICY_FILES) {
      const { uncited, strays } = audit(read(f));
      expect(uncited, f).toEqual([]);
      expect(strays, f).toEqual([]);
    }
  });

  it('every citation resolves: a finding of the same scan (fingerprint and check), an answer at its line, or a BAA register entry', () => {
    const attestationLines = readFileSync(ATTESTATIONS, 'utf8').split('\n');
    const settingsLines = readFileSync(SETTINGS, 'utf8').split('\n');
    for (const f of POLICY_FILES) {
      const text = read(f);
      const { cites } = audit(text);
      for (const n of new Set([...text.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => m[1]!))) expect(cites.has(n), `${f} [^${n}]`).toBe(true);
      for (const [n, c] of cites) {
        const finding = /^Finding `([0-9a-f]{32})`, check `([a-z0-9-]+)`/.exec(c);
        const answer = /^Attestation for (\S+) in `([^`]+)`, line (\d+):/.exec(c);
        const baa = /^BAA register entry \d+ in `([^`]+)`, line (\d+):/.exec(c);
        if (finding) expect(known.has(`${finding[1]} ${finding[2]}`), `${f} [^${n}] ${c}`).toBe(true);
        else if (answer) expect(attestationLines[Number(answer[3]) - 1], `${f} [^${n}]`).toContain(`citation: ${answer[1]}`);
        else if (baa) expect(settingsLines[Number(baa[2]) - 1], `${f} [^${n}]`).toMatch(/^ {2}- (provider|vendor): /);
        else throw new Error(`${f} [^${n}]: not a finding, an attestation or a register entry: ${c}`);
      }
    }
  });

  it('states the practice in force: keys, TLS, log destinations, backup retention, MFA, exceptions and waivers, BAAs', () => {
    expect(read('encryption.md')).toMatch(/\*\*stlumenphiprod01\*\* \(Azure storage\/storageaccounts, tagged as holding ePHI\): The account is encrypted at rest with customer-managed key st-phi-cmk from Key Vault/);
    expect(read('encryption.md')).toMatch(/lumen-modern-tls12 offers only TLS 1\.2 or later/);
    expect(read('encryption.md')).toMatch(/\*\*reporting-db\*\* \(AWS RDS::DBInstance, tagged as holding ePHI\): GAP: The database instance stores its data unencrypted\.\[\^\d+\]/);
    expect(read('audit-logging.md')).toMatch(/Server access logs go to bucket lumen-access-logs-123456789012-us-east-1/);
    expect(read('contingency-backup.md')).toMatch(/keeps automated backups for 7 days/);
    expect(read('password-authentication.md')).toMatch(/requires MFA for all users and all apps/);
    expect(read('encryption.md')).toMatch(/ACCEPTED RISK: .*Waiver RA-2026-001, approved by Dana Whitfield, Security Official on 2026-03-02 until 2027-03-31/);
    expect(read('encryption.md')).toMatch(/Waiver RA-2025-014 \(check `azure-storage-account-min-tls-1-2` on `stlumenanalytics01`\) is expired/);
    expect(read('risk-management.md')).toMatch(/^- CRITICAL \*\*reporting-db\*\*/m);
    expect(read('information-security.md')).toMatch(/The BAA with FaxSecure \(E-fax of referrals and records requests\) was signed on 2022-01-10, .* and is PAST its renewal date \(2025-01-10\)\.\[\^\d+\]/);
    expect(read('information-security.md')).toMatch(/GAP: No business associate agreement in the register covers this GCP project/);
  });

  it('writes the answers in, and leaves blanks for what only a person decides: unanswered, expired, gaps, and the policy\'s own choices', () => {
    const training = read('workforce-training.md');
    expect(training).toMatch(/- 164\.308\(a\)\(5\)\(i\) Security awareness and training: Partly implemented \(a gap\)\.\[\^\d+\] Three of five people with ePHI access completed the 2026 course\.\[\^\d+\]/);
    expect(training).toMatch(/- \[\[TO DECIDE: how and by when the gap in 164\.308\(a\)\(5\)\(i\) will be closed, and who closes it\]\]/);
    expect(training).toMatch(/164\.308\(a\)\(5\)\(ii\)\(A\) Security reminders: the answer on record \(implemented\) does not count: Its next review was due on 2026-06-30/);
    expect(read('access-control.md')).toMatch(/- \[\[TO DECIDE: 164\.312\(a\)\(2\)\(iii\) Automatic logoff: Do sessions that show ePHI .* \(answer it with safeguard assess\)\]\]/);
    expect(read('device-media.md')).toMatch(/164\.310\(a\)\(2\)\(iv\) Maintenance records: Not reasonable and appropriate here \(documented why\)\.\[\^\d+\] It is documented as not reasonable and appropriate: No facility is owned or leased/);
    for (const f of POLICY_FILES) {
      expect(read(f), f).toMatch(/- \[\[TO DECIDE: who owns this policy \(a name and a role\)\]\]/);
      expect(read(f), f).toMatch(/^## Decisions$/m);
    }
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    const again = join(tmp(), 'again');
    expect(runCli(['policies', '--settings', SETTINGS, '--out', again, '--as-of', '2026-11-25']).code).toBe(0);
    for (const f of ['README.md', ...POLICY_FILES]) expect(readFileSync(join(again, f), 'utf8'), f).toBe(read(f));
  });

  it('shows drift: a later date turns answers due for review into blanks', () => {
    const later = join(tmp(), 'later');
    expect(runCli(['policies', '--settings', SETTINGS, '--out', later, '--as-of', '2027-01-15']).code).toBe(0);
    const training = readFileSync(join(later, 'workforce-training.md'), 'utf8');
    expect(training).toMatch(/164\.308\(a\)\(5\)\(i\) Security awareness and training: the answer on record \(partly implemented \(a gap\)\) does not count: Its next review was due on 2026-12-31/);
    expect(training).not.toBe(read('workforce-training.md'));
  });

  it('without attestations every question is a blank, and the facts come from the scan alone', () => {
    const plain = join(tmp(), 'plain');
    const r = runCli(['policies', '--input', 'fixtures/demo', '--out', plain, '--no-settings']);
    expect(r.code, r.stderr).toBe(0);
    const training = readFileSync(join(plain, 'workforce-training.md'), 'utf8');
    expect(training).not.toMatch(/\[\^\d+\]/);
    expect(training).toMatch(/- \[\[TO DECIDE: 164\.308\(a\)\(5\)\(i\) Security awareness and training: Does every workforce member/);
    for (const f of POLICY_FILES) expect(audit(readFileSync(join(plain, f), 'utf8')).uncited, f).toEqual([]);
  });

  it('refuses to run with nothing to write from (exit 2)', () => {
    const r = runCli(['policies', '--out', join(tmp(), 'x'), '--no-settings']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to write from/);
  });
});

describe('safeguard policies --out: never over a folder of other files', () => {
  // The answers alone: no scan, so each run is quick.
  const draft = (out: string, ...more: string[]) => runCli(['policies', '--no-config', '--attestations', ATTESTATIONS, '--as-of', '2026-11-25', '--out', out, ...more]);

  it('refuses a folder that is not an earlier run\'s drafts, with or without --force: exit 2, one line, nothing written', () => {
    const repo = tmp();
    writeFileSync(join(repo, 'README.md'), '# infrastructure\n\nOur Terraform.\n');
    for (const force of [[], ['--force']]) {
      const r = draft(repo, ...force);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`safeguard: error: ${repo}: already exists and is not a folder of policy drafts (no README.md starting "# Security policies (drafts)"): safeguard will not write into it; choose another --out\n`);
    }
    expect(readdirSync(repo)).toEqual(['README.md']);
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# infrastructure\n\nOur Terraform.\n');
    // A folder without a README.md at all, and a file, are refused the same way.
    const notes = tmp();
    writeFileSync(join(notes, 'notes.md'), 'mine\n');
    expect(draft(notes).code).toBe(2);
    expect(draft(join(notes, 'notes.md')).stderr).toMatch(/notes\.md: not a folder: choose another --out\n$/);
    expect(readdirSync(notes)).toEqual(['notes.md']);
  });

  it('writes into a new or empty folder; replaces an earlier run\'s drafts only with --force, leaving other files alone', () => {
    const empty = join(tmp(), 'empty');
    mkdirSync(empty);
    expect(draft(empty).code).toBe(0);
    const out = join(tmp(), 'policies');
    expect(draft(out).code).toBe(0);
    const before = readFileSync(join(out, 'README.md'), 'utf8');
    const again = draft(out);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`safeguard: error: ${out}: already holds policy drafts an earlier run wrote: pass --force to replace them, or choose another --out\n`);
    writeFileSync(join(out, 'encryption.md'), 'edited by hand\n');
    writeFileSync(join(out, 'board-minutes.md'), 'mine\n');
    const forced = draft(out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'encryption.md'), 'utf8')).toBe(readFileSync(join(empty, 'encryption.md'), 'utf8'));
    expect(readFileSync(join(out, 'board-minutes.md'), 'utf8')).toBe('mine\n');
  });

  it('an empty --out is a usage error (exit 2)', () => {
    const r = draft('');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('safeguard: error: --out: expected a folder name, got an empty string\n');
  });

  it('takes --config and --no-config as scan does, and --settings and --no-settings as before', () => {
    const viaConfig = join(tmp(), 'config');
    const viaSettings = join(tmp(), 'settings');
    expect(runCli(['policies', '--config', SETTINGS, '--out', viaConfig, '--as-of', '2026-11-25']).code).toBe(0);
    expect(runCli(['policies', '--settings', SETTINGS, '--out', viaSettings, '--as-of', '2026-11-25']).code).toBe(0);
    for (const f of ['README.md', ...POLICY_FILES]) expect(readFileSync(join(viaConfig, f), 'utf8'), f).toBe(readFileSync(join(viaSettings, f), 'utf8'));
    // --no-config ignores the settings file: a folder's safeguard.yaml names nothing to draft from.
    const cwd = tmp();
    writeFileSync(join(cwd, 'safeguard.yaml'), `version: 1\nattestations: ${join(process.cwd(), ATTESTATIONS)}\n`);
    expect(runCli(['policies', '--out', 'a'], cwd).code).toBe(0);
    const ignored = runCli(['policies', '--out', 'b', '--no-config'], cwd);
    expect(ignored.code).toBe(2);
    expect(ignored.stderr).toMatch(/nothing to write from/);
    expect(existsSync(join(cwd, 'b'))).toBe(false);
    const two = runCli(['policies', '--config', SETTINGS, '--settings', 'other.yaml', '--out', join(tmp(), 'x')]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--config .* and --settings other\.yaml name two settings files: give one/);
  });
});

describe('the draft renderer', () => {
  it('numbers citations by first use, puts them after every sentence of a fact, and escapes what comes from the estate', () => {
    const cite = { kind: 'finding' as const, fingerprint: 'a'.repeat(32), check: 'aws-x', status: 'pass' as const, resource: 'db_[1]', type: 'AWS::RDS::DBInstance', where: 'AWS 1 us-east-1' };
    const text = renderPolicy({ file: 'x.md', title: 'X', specifications: ['164.312(b) Audit controls (Required)'], blocks: [
      { kind: 'heading', level: 2, text: 'In force' },
      { kind: 'fact', text: 'One. Two sentences here.', cites: [cite] },
      { kind: 'decide', text: 'something' },
    ] });
    expect(text).toContain('- One.[^1] Two sentences here.[^1]\n- [[TO DECIDE: something]]\n');
    expect(text).toContain('[^1]: Finding `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`, check `aws-x` (pass) on db\\_\\[1\\] (AWS::RDS::DBInstance, AWS 1 us-east-1).');
  });
});
