import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import awsCovered from '../checks/aws/baa-account-covered.js';
import awsCurrent from '../checks/aws/baa-current.js';
import azureCovered from '../checks/azure/baa-account-covered.js';
import azureCurrent from '../checks/azure/baa-current.js';
import gcpCovered from '../checks/gcp/baa-account-covered.js';
import gcpCurrent from '../checks/gcp/baa-current.js';
import { baaRegister, BaaRegisterShape, type BaaEntry } from '../src/baa/register.js';
import { baaRegisterReport } from '../src/baa/report.js';
import { unreadable, undecidedWhereUnread } from '../src/collect/index.js';
import { parseSettings } from '../src/config/settings.js';
import { ScanContext } from '../src/engine/context.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadChecks } from '../src/engine/registry.js';
import { importInputs } from '../src/import/index.js';
import type { Resource } from '../src/inventory/resource.js';
import { loadMappings } from '../src/mappings/index.js';
import { runCli } from './support/cli.js';
import { settingsRefusal } from './support/settings.js';

const SETTINGS = 'fixtures/attestations/safeguard.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'sg-baa-'));

const refusal = settingsRefusal;

describe('the BAA register in safeguard.yaml (baas:)', () => {
  it('reads cloud agreements with their scope and vendors by name; ids YAML reads as numbers stay text', () => {
    const s = parseSettings(
      `baas:
  - provider: aws
    scope: 123456789012
    signed: 2023-04-11
    document: AWS Artifact BAA
    renewal: 2027-04-11
  - provider: gcp
    scope: "*"
    signed: 2024-01-01
    document: Google Cloud BAA, organization 730165284917
    renewal: 2027-01-01
  - vendor: FaxSecure
    purpose: e-fax
    signed: 2022-01-10
    document: contracts/faxsecure.pdf
    renewal: 2025-01-10
`,
      'safeguard.yaml',
    );
    expect(s.values.baas).toEqual([
      { provider: 'aws', scope: ['123456789012'], signed: '2023-04-11', document: 'AWS Artifact BAA', renewal: '2027-04-11' },
      { provider: 'gcp', scope: ['*'], signed: '2024-01-01', document: 'Google Cloud BAA, organization 730165284917', renewal: '2027-01-01' },
      { vendor: 'FaxSecure', purpose: 'e-fax', signed: '2022-01-10', document: 'contracts/faxsecure.pdf', renewal: '2025-01-10' },
    ]);
    expect(s.lineOf('baas.2')).toBe(12);
  });

  it.each([
    ['neither provider nor vendor', 'baas:\n  - signed: 2023-01-01\n    document: x\n    renewal: 2024-01-01\n', /^safeguard\.yaml: line 2: baas\[0\]: give either provider \(aws, azure, gcp\) or vendor \(a name\), not both and not neither$/],
    ['a provider without its scope', 'baas:\n  - provider: azure\n    signed: 2023-01-01\n    document: x\n    renewal: 2024-01-01\n', /line 2: baas\[0\]\.scope: missing: the Azure subscriptions the agreement covers/],
    ['an unknown provider', 'baas:\n  - provider: amazon\n    scope: [1]\n    signed: 2023-01-01\n    document: x\n    renewal: 2024-01-01\n', /line 2: baas\[0\]\.provider: "amazon" is not one of aws, azure, gcp/],
    ['a misspelt field', 'baas:\n  - vendor: X\n    signed: 2023-01-01\n    document: x\n    renew: 2024-01-01\n', /line 5: unknown key "baas\.renew" \(did you mean baas\.renewal\?\)/],
    ['a date that is not one', 'baas:\n  - vendor: X\n    signed: 2023-02-30\n    document: x\n    renewal: 2024-01-01\n', /line 3: baas\[0\]\.signed: .*not a date/],
    ['a renewal before the signature', 'baas:\n  - vendor: X\n    signed: 2023-01-01\n    document: x\n    renewal: 2022-01-01\n', /line 5: baas\[0\]\.renewal: 2022-01-01 is before the agreement was signed/],
    ['no document reference', 'baas:\n  - vendor: X\n    signed: 2023-01-01\n    renewal: 2024-01-01\n', /line 2: baas\[0\]\.document: missing/],
  ])('refuses %s with the line', (_name, yaml, message) => {
    const text = refusal(yaml);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});

describe('the register checks, on the demo estate\'s account resources', () => {
  let resources: Resource[];
  const account = (type: string) => resources.find((r) => r.type.toLowerCase() === type.toLowerCase())!;
  const entries = (list: unknown[]): BaaEntry[] => BaaRegisterShape.parse(list);
  const context = (list: unknown[], asOf = '2026-11-25') => new ScanContext(resources, 'default', { baaRegister: baaRegister('safeguard.yaml', entries(list), asOf, (i) => 20 + i * 6) });
  beforeAll(async () => {
    resources = (await importInputs(['fixtures/demo'])).resources;
  });

  const register = [
    { provider: 'aws', scope: ['123456789012'], signed: '2023-04-11', document: 'AWS Artifact BAA', renewal: '2027-04-11' },
    { provider: 'azure', scope: ['3F8A2C61-5D4E-4B7A-9C1F-2E6D8B0A4C73'], signed: '2023-09-01', document: 'Microsoft DPA', renewal: '2026-09-01' },
    { provider: 'gcp', scope: ['418273645091'], signed: '2024-01-01', document: 'Google Cloud BAA', renewal: '2027-01-01' },
  ];

  it.each([
    ['aws', awsCovered, 'AWS::::Account', 'pass', /AWS's BAA \(AWS Artifact BAA, signed 2023-04-11\) covers this AWS account/],
    ['azure (ids compare case-insensitively)', azureCovered, 'Microsoft.Resources/subscriptions', 'pass', /Microsoft Azure's BAA \(Microsoft DPA/],
    ['gcp (by project number)', gcpCovered, 'cloudresourcemanager.googleapis.com/Project', 'pass', /Google Cloud's BAA/],
  ])('%s: covered', (_name, check, type, status, reason) => {
    const v = check.evaluate(account(type), context(register));
    expect(v.status).toBe(status);
    expect(v.reason).toMatch(reason);
    expect(v.evidence).toMatchObject({ agreements: [expect.objectContaining({ registerLine: expect.any(Number) })] });
  });

  it.each([
    ['aws', awsCovered, 'AWS::::Account', '123456789012'],
    ['azure', azureCovered, 'Microsoft.Resources/subscriptions', '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73'],
    ['gcp', gcpCovered, 'cloudresourcemanager.googleapis.com/Project', 'lumen-analytics-prod'],
  ])('%s: an account no agreement covers fails', (_name, check, type, id) => {
    const v = check.evaluate(account(type), context([{ vendor: 'FaxSecure', signed: '2022-01-10', document: 'x', renewal: '2027-01-10' }]));
    expect(v.status).toBe('fail');
    expect(v.reason).toMatch(/No business associate agreement in the register covers this/);
    expect(v.evidence).toMatchObject({ account: id, agreementsWithProvider: [] });
  });

  it('"*" covers every account of its provider, and only of its provider', () => {
    const all = [{ provider: 'aws', scope: '*', signed: '2023-01-01', document: 'Org-wide BAA', renewal: '2027-01-01' }];
    expect(awsCovered.evaluate(account('AWS::::Account'), context(all)).status).toBe('pass');
    expect(gcpCovered.evaluate(account('cloudresourcemanager.googleapis.com/Project'), context(all)).status).toBe('fail');
  });

  it.each([
    ['aws', awsCurrent, 'AWS::::Account', 'pass', /is current until 2027-04-11/],
    ['azure', azureCurrent, 'Microsoft.Resources/subscriptions', 'fail', /\(Microsoft DPA\) was due for renewal on 2026-09-01/],
    ['gcp', gcpCurrent, 'cloudresourcemanager.googleapis.com/Project', 'pass', /is current until 2027-01-01/],
  ])('%s: renewal', (_name, check, type, status, reason) => {
    const v = check.evaluate(account(type), context(register));
    expect(v.status).toBe(status);
    expect(v.reason).toMatch(reason);
    expect(v.evidence).toMatchObject({ asOf: '2026-11-25' });
  });

  it('the renewal day itself is still current; the day after is not', () => {
    expect(azureCurrent.evaluate(account('Microsoft.Resources/subscriptions'), context(register, '2026-09-01')).status).toBe('pass');
    expect(azureCurrent.evaluate(account('Microsoft.Resources/subscriptions'), context(register, '2026-09-02')).status).toBe('fail');
  });

  it('decides nothing without a register, and the renewal check leaves an uncovered account to the coverage check', () => {
    const none = new ScanContext(resources, 'default');
    for (const check of [awsCovered, awsCurrent]) expect(check.evaluate(account('AWS::::Account'), none)).toMatchObject({ status: 'not_applicable', reason: expect.stringMatching(/No BAA register was given/) });
    expect(gcpCurrent.evaluate(account('cloudresourcemanager.googleapis.com/Project'), context([]))).toMatchObject({ status: 'not_applicable', reason: expect.stringMatching(/baa-account-covered check fails it/) });
  });

  it('an account a live scan could not read is undecided (error), never passed on the register alone', async () => {
    const error = { operation: 'sts:GetCallerIdentity', region: 'global', error: 'AccessDenied' };
    const standIn = unreadable({ provider: 'aws', type: 'AWS::::Account', account: '123456789012', region: 'global', error, idPrefix: 'unread/' });
    const reg = baaRegister('safeguard.yaml', entries(register), '2026-11-25');
    const checks = (await loadChecks()).filter((c) => c.id === 'aws-baa-account-covered' || c.id === 'aws-baa-current');
    // The register alone would pass it: the account id is the covered one.
    expect(awsCovered.evaluate(standIn, new ScanContext([standIn], 'default', { baaRegister: reg })).status).toBe('pass');
    const { findings } = evaluate([standIn], checks, loadMappings(), { baaRegister: reg });
    const graded = undecidedWhereUnread(findings, [standIn]);
    expect(graded.map((f) => [f.check, f.status]).sort()).toEqual([['aws-baa-account-covered', 'error'], ['aws-baa-current', 'error']]);
    expect(graded[0]!.reason).toMatch(/could not read this: sts:GetCallerIdentity/);
  });

  it('the register report lists every account, the vendors, and the ePHI-tagged resources of services the BAA does not cover', async () => {
    const reg = baaRegister('safeguard.yaml', entries([...register.slice(0, 2), { vendor: 'FaxSecure', signed: '2022-01-10', document: 'fax.pdf', renewal: '2025-01-10' }]), '2026-11-25');
    const { findings } = evaluate(resources, await loadChecks(), loadMappings(), { baaRegister: reg });
    const report = baaRegisterReport(reg, resources, findings);
    expect(report.counts).toEqual({ agreements: 3, vendors: 1, pastRenewal: 2, accounts: 3, accountsWithoutBaa: 1, uncoveredServices: 4 });
    expect(report.accounts.map((a) => [a.provider, a.account, a.agreements.length > 0, a.current])).toEqual([
      ['aws', '123456789012', true, true],
      ['azure', '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73', true, false],
      ['gcp', 'lumen-analytics-prod', false, false],
    ]);
    expect(report.accounts[2]!.fingerprint).toBe(findings.find((f) => f.check === 'gcp-baa-account-covered')!.fingerprint);
    expect(report.agreements.map((a) => [a.party, a.kind, a.status, a.covers])).toEqual([
      ['AWS', 'cloud provider', 'current', ['123456789012']],
      ['Microsoft Azure', 'cloud provider', 'past renewal', ['3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73']],
      ['FaxSecure', 'vendor', 'past renewal', []],
    ]);
    expect(report.uncoveredServices.every((f) => f.check.endsWith('-eligible-service'))).toBe(true);
  });
});

describe('safeguard scan with the register (fixtures/attestations/safeguard.yaml)', () => {
  const out = join(tmp(), 'evidence');
  const run = runCli(['scan', '--config', SETTINGS, '--as-of', '2026-11-25', '--out', out]);
  const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
  type F = { check: string; status: string; fingerprint: string; safeguards: string[]; resource: { name: string } };
  const baa = (report.findings as F[]).filter((f) => /-baa-/.test(f.check));

  it('reports real findings with fingerprints, cited under 164.308(b)(1) and (b)(3)', () => {
    expect(run.code).toBe(1);
    expect(baa.map((f) => [f.check, f.status]).sort()).toEqual([
      ['aws-baa-account-covered', 'pass'],
      ['aws-baa-current', 'pass'],
      ['azure-baa-account-covered', 'pass'],
      ['azure-baa-current', 'fail'],
      ['gcp-baa-account-covered', 'fail'],
      ['gcp-baa-current', 'not_applicable'],
    ]);
    for (const f of baa) {
      expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(f.safeguards).toEqual(['164.308(b)(1)', '164.308(b)(3)']);
    }
    expect(report.baaRegister.counts).toEqual({ agreements: 5, vendors: 3, pastRenewal: 2, accounts: 3, accountsWithoutBaa: 1, uncoveredServices: 4 });
    expect(run.stdout).toMatch(/BAA register \(fixtures\/attestations\/safeguard\.yaml\): 5 agreements \(3 with\s+vendors outside the clouds\); 2 past renewal; 1 of 3 cloud accounts with no\s+BAA/);
  });

  it('writes baa-register.csv, and the register under 164.308(b)(1) in safeguards.md, vendors included', () => {
    const csv = readFileSync(join(out, 'baa-register.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('Party,Kind,Scope,Purpose,Signed,Renewal,Status,Document,Accounts in this scan it covers,Register line');
    expect(csv).toContain('FaxSecure,vendor,FaxSecure,E-fax of referrals and records requests,2022-01-10,2025-01-10,past renewal on 2026-11-25,contracts/faxsecure-baa-2022.pdf,,42');
    expect(csv).toContain('Google Cloud,cloud account with no BAA,lumen-analytics-prod,,,,missing on 2026-11-25,,,');
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    const section = md.slice(md.indexOf('## 164.308(b)(1) '), md.indexOf('## 164.308(b)(3) '));
    expect(section).toMatch(/\*\*BAA register\*\* \(`fixtures\/attestations\/safeguard\.yaml` `baas:`, judged on 2026-11-25/);
    expect(section).toMatch(/\| ClaimPath Billing \| vendor \| ClaimPath Billing \| Claims submission and patient billing \| 2024-02-15 \| 2027-02-15 \| current \|/);
    expect(section).toMatch(/\| GCP \| lumen-analytics-prod \| - \| \*\*no BAA\*\* \|/);
    expect(section).toMatch(/ePHI-tagged resources in services the provider's BAA does not cover/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('baa-register.csv');
    expect(manifest.baaRegister).toMatchObject({ writtenAs: 'baa-register.csv', asOf: '2026-11-25' });
    expect(runCli(['verify', out]).code).toBe(0);
  });

  it('puts a vendor agreement past renewal in the risk register (no cloud resource carries it), and only that one', () => {
    const csv = readFileSync(join(out, 'risk-register.csv'), 'utf8').split('\r\n');
    const vendors = csv.filter((l) => l.includes('(business associate)'));
    expect(vendors).toHaveLength(1);
    expect(vendors[0]).toMatch(/^R-[0-9a-f]{10},FaxSecure \(business associate\),,,yes,ePHI is handled by FaxSecure without a current business associate agreement/);
    expect(vendors[0]).toContain('was due for renewal on 2025-01-10.');
    expect(vendors[0]).toContain(',Moderate,High,Moderate,164.308(b)(1),Business associate contracts and other arrangements,Standard,"Renew the agreement with FaxSecure');
    // The current vendors (ClaimPath Billing, ...) have no row.
    expect(csv.some((l) => l.includes('ClaimPath'))).toBe(false);
  });

  it('without a register the register checks do not run', () => {
    const plain = join(tmp(), 'plain');
    runCli(['scan', '--input', 'fixtures/demo', '--out', plain, '-q']);
    const findings = JSON.parse(readFileSync(join(plain, 'findings.json'), 'utf8')).findings as F[];
    expect(findings.filter((f) => /-baa-/.test(f.check))).toEqual([]);
  });

  it('a waiver cannot accept a missing BAA: 164.308(b)(3) is Required', () => {
    const dir = tmp();
    const waivers = join(dir, 'w.yaml');
    writeFileSync(waivers, 'waivers:\n  - check: gcp-baa-account-covered\n    resource: "*"\n    rationale: Signing next month.\n    compensatingControl: No ePHI yet.\n    approver: CTO\n    approved: 2026-03-01\n    expires: 2027-03-01\n');
    const r = runCli(['scan', '--config', SETTINGS, '--waivers', waivers, '--as-of', '2026-11-25', '--out', join(dir, 'out'), '-q']);
    expect(r.code).toBe(1);
    const w = JSON.parse(readFileSync(join(dir, 'out', 'findings.json'), 'utf8')).waivers.waivers[0];
    expect(w).toMatchObject({ status: 'invalid', problems: [expect.stringMatching(/164\.308\(b\)\(3\), a Required specification/)] });
  });
});
