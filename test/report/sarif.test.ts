import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import type { Check } from '../../src/engine/check.js';
import { checksForProfile } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/engine/finding.js';
import { loadChecks } from '../../src/engine/registry.js';
import { buildSarifLog, FINGERPRINT_KEY, renderSarif, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { repoRoot } from '../support/cli.js';

/**
 * findings.sarif, validated against the SARIF 2.1.0 JSON schema (vendored in test/schemas: the
 * schema cannot be fetched at test time) and read the way GitHub code scanning reads it.
 */

const schema = JSON.parse(readFileSync(join(repoRoot, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsPlugin as unknown as { default?: FormatsPlugin }).default ?? addFormatsPlugin) as unknown as FormatsPlugin;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function expectValid(log: unknown): void {
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors?.slice(0, 10)).toEqual([]);
}

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; homepage?: string }).version;
const demoInput = join(repoRoot, 'fixtures', 'demo');
const isReported = (f: Finding) => f.status === 'fail' || f.status === 'error' || f.status === 'waived';

async function scan(inputs: string[], out?: string): Promise<ScanReport> {
  const { report } = await runScan({ inputs, ...(out ? { out } : {}), profile: 'default', policy: 'unencrypted-storage', failOnError: false, version });
  return report;
}

let checks: Check[];
let first: ScanReport;
let second: ScanReport;
let bundleDir: string;
beforeAll(async () => {
  checks = checksForProfile(await loadChecks(), 'default');
  bundleDir = join(mkdtempSync(join(tmpdir(), 'sg-sarif-')), 'bundle');
  first = await scan([demoInput], bundleDir);
  second = await scan([demoInput]);
}, 120_000);

describe('findings.sarif of the demo estate', () => {
  it('validates against the SARIF 2.1.0 schema, as written into the evidence bundle', () => {
    const log = JSON.parse(readFileSync(join(bundleDir, 'findings.sarif'), 'utf8')) as Sarif.Log;
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('has one rule per check and one result per failing, undecided or waived result', () => {
    const log = buildSarifLog(first, checks, { cwd: repoRoot });
    expectValid(log);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules).toHaveLength(checks.length);
    expect(new Set(rules.map((r) => r.id))).toEqual(new Set(checks.map((c) => c.id)));
    const reported = first.findings.filter(isReported);
    expect(reported.length).toBeGreaterThan(0);
    expect(run.results).toHaveLength(reported.length);
    expect(run.results!.filter((r) => r.properties?.status === 'fail')).toHaveLength(first.summary.byStatus.fail);
    expect(run.results!.filter((r) => r.properties?.status === 'error')).toHaveLength(first.summary.byStatus.error);
    for (const r of run.results!) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('describes the tool, the invocation and the run', () => {
    const run = buildSarifLog(first, checks, { cwd: repoRoot }).runs[0]!;
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { homepage?: string };
    expect(run.tool.driver).toMatchObject({ name: 'safeguard', version });
    expect(run.tool.driver.informationUri).toBe(pkg.homepage?.replace(/\.git$/, ''));
    expect(run.invocations).toEqual([expect.objectContaining({ executionSuccessful: true, startTimeUtc: first.scan.startedAt, endTimeUtc: first.scan.finishedAt, exitCode: 1 })]);
    expect(run.automationDetails?.id).toBe(`safeguard/default/${first.scan.startedAt}`);
  });

  it('writes each rule with its title, rationale, citations, remediation and security severity', () => {
    const run = buildSarifLog(first, checks, { cwd: repoRoot }).runs[0]!;
    const rule = run.tool.driver.rules!.find((r) => r.id === 'aws-rds-instance-encrypted')!;
    const check = checks.find((c) => c.id === 'aws-rds-instance-encrypted')!;
    expect(rule.shortDescription?.text).toBe(check.title);
    expect(rule.fullDescription?.text).toBe(check.rationale);
    expect(rule.help?.text).toContain('45 CFR 164.312(a)(2)(iv) Encryption and decryption (Addressable)');
    expect(rule.help?.text).toContain(check.remediation.text);
    expect(rule.help?.markdown).toContain('```hcl\n' + check.remediation.terraform);
    expect(rule.help?.markdown).toContain('```sh\n' + check.remediation.cli);
    expect(rule.properties?.tags).toEqual(expect.arrayContaining(['security', 'encryption-at-rest', 'HIPAA-164.312(a)(2)(iv)']));
    expect(rule.properties?.['security-severity']).toBe('8.0');
    expect(rule.defaultConfiguration?.level).toBe('error');
    // Every rule: the severity scale GitHub ranks alerts by, and a citation when the check is mapped.
    for (const r of run.tool.driver.rules!) {
      const c = checks.find((x) => x.id === r.id)!;
      expect(r.properties?.['security-severity'], r.id).toBe(SECURITY_SEVERITY[c.severity]);
      expect(r.properties?.tags, r.id).toContain(c.category);
      expect(r.help?.text, r.id).toContain(c.remediation.text);
    }
    expect(SECURITY_SEVERITY).toEqual({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' });
  });

  it('points each result at its cloud resource and the file it was read from', () => {
    const run = buildSarifLog(first, checks, { cwd: repoRoot }).runs[0]!;
    const reported = first.findings.filter(isReported);
    for (const [i, r] of run.results!.entries()) {
      const f = reported[i]!;
      expect(r.ruleId).toBe(f.check);
      expect(r.message.text).toBe(f.reason);
      expect(r.level).toBe({ critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[f.severity]);
      expect(r.partialFingerprints?.[FINGERPRINT_KEY]).toBe(f.fingerprint);
      const loc = r.locations![0]!;
      expect(loc.logicalLocations![0]).toEqual({ fullyQualifiedName: f.resource.id, name: f.resource.name, kind: 'resource' });
      expect(loc.physicalLocation?.artifactLocation).toEqual({ uri: relative(repoRoot, f.source.file), uriBaseId: '%SRCROOT%' });
      if (f.source.line) expect(loc.physicalLocation?.region).toEqual({ startLine: f.source.line });
      else expect(loc.physicalLocation?.region).toBeUndefined();
    }
    // A Cloud Asset record (NDJSON) has its line; the relative URI starts at the working folder.
    const disk = run.results!.find((r) => r.locations![0]!.logicalLocations![0]!.name === 'ds-notebook-1-data' && r.ruleId === 'gcp-compute-disk-encrypted')!;
    expect(disk.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'fixtures/demo/gcp-assets.ndjson', uriBaseId: '%SRCROOT%' }, region: { startLine: expect.any(Number) } });
  });

  it('keeps each result\u2019s fingerprint across two scans', () => {
    const key = (r: Sarif.Result) => `${r.ruleId} ${r.locations![0]!.logicalLocations![0]!.fullyQualifiedName}`;
    const a = buildSarifLog(first, checks, { cwd: repoRoot }).runs[0]!.results!;
    const b = buildSarifLog(second, checks, { cwd: repoRoot }).runs[0]!.results!;
    expect(first.scan.startedAt).not.toBe(second.scan.startedAt);
    const fa = new Map(a.map((r) => [key(r), r.partialFingerprints]));
    const fb = new Map(b.map((r) => [key(r), r.partialFingerprints]));
    expect(fa.size).toBe(a.length);
    expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
    for (const [k, fp] of fa) expect(fb.get(k), k).toEqual(fp);
    // And the fingerprints tell the results apart (alerts do not collapse into one).
    expect(new Set(a.map((r) => r.partialFingerprints!.primaryLocationLineHash)).size).toBe(a.length);
  });
});

describe('waived and Terraform results', () => {
  it('reports a waived failure as an accepted external suppression with its justification', () => {
    const findings = first.findings.map((f) => ({ ...f }));
    const i = findings.findIndex((f) => f.status === 'fail');
    findings[i] = {
      ...findings[i]!,
      status: 'waived',
      waiver: { id: 'RA-7', rationale: 'Decommissioned on 2026-04-30.', compensatingControl: 'No ePHI is written to it.', approver: 'CISO', approved: '2026-01-01', expires: '2027-01-01', file: join(repoRoot, 'safeguard.waivers.yaml'), line: 4 },
    };
    const log = buildSarifLog({ ...first, findings }, checks, { cwd: repoRoot });
    expectValid(log);
    const waived = log.runs[0]!.results!.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === findings[i]!.fingerprint)!;
    expect(waived.suppressions).toEqual([
      expect.objectContaining({
        kind: 'external',
        status: 'accepted',
        justification: 'Decommissioned on 2026-04-30. Compensating control: No ePHI is written to it.',
        location: { physicalLocation: { artifactLocation: { uri: 'safeguard.waivers.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } } },
      }),
    ]);
    expect(waived.properties?.status).toBe('waived');
  });

  it('points a planned resource at its Terraform address, and at its source line when the import knows it', () => {
    const f = first.findings.find((x) => x.status === 'fail')!;
    const planned: Finding = {
      ...f,
      resource: { ...f.resource, id: 'arn:aws:rds:us-east-1:123456789012:db:reporting' },
      source: { format: 'terraform-plan', file: join(repoRoot, 'infra', 'plan.json'), index: 2, terraform: { address: 'module.db.aws_db_instance.reporting', module: 'module.db', action: 'create', file: 'infra/modules/db/main.tf', line: 12 } },
    };
    const log = buildSarifLog({ ...first, findings: [planned], scan: { ...first.scan, inputs: [{ file: join(repoRoot, 'infra', 'plan.json'), format: 'terraform-plan', records: 1 }] } }, checks, { cwd: repoRoot });
    expectValid(log);
    const loc = log.runs[0]!.results![0]!.locations![0]!;
    expect(loc.physicalLocation).toEqual({ artifactLocation: { uri: 'infra/modules/db/main.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } });
    expect(loc.logicalLocations).toEqual([
      { fullyQualifiedName: 'arn:aws:rds:us-east-1:123456789012:db:reporting', name: f.resource.name, kind: 'resource' },
      { fullyQualifiedName: 'module.db.aws_db_instance.reporting', name: 'aws_db_instance.reporting', kind: 'declaration' },
    ]);
    expect(log.runs[0]!.results![0]!.properties?.terraform).toEqual({ address: 'module.db.aws_db_instance.reporting', action: 'create', module: 'module.db' });
  });

  const plan = join(repoRoot, '..', 'shared', 'samples', 'terraform-plans', 'aws-terragoat-s3-rds-ebs-kms.tf0.12.tfplan.json');
  it.runIf(existsSync(plan))('validates the SARIF of a real Terraform plan, results pointing at the plan file', async () => {
    const report = await scan([plan]);
    const log = buildSarifLog(report, checks, { cwd: join(repoRoot, '..') });
    expectValid(log);
    const results = log.runs[0]!.results!;
    expect(results.length).toBe(report.findings.filter(isReported).length);
    const ebs = results.find((r) => r.ruleId === 'aws-ebs-volume-encrypted')!;
    expect(ebs.locations![0]!.physicalLocation?.artifactLocation).toEqual({ uri: 'shared/samples/terraform-plans/aws-terragoat-s3-rds-ebs-kms.tf0.12.tfplan.json', uriBaseId: '%SRCROOT%' });
    expect(ebs.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe('aws_ebs_volume.web_host_storage');
    expect(ebs.properties?.terraform).toMatchObject({ address: 'aws_ebs_volume.web_host_storage', action: 'create' });
  });

  it('gives live results (no input file) a logical location only', () => {
    const f = first.findings.find((x) => x.status === 'fail')!;
    const live: Finding = { ...f, source: { format: 'aws-config-api', file: 'config:SelectResourceConfig' } };
    const log = renderSarif({ ...first, findings: [live] }, checks) as Sarif.Log;
    expectValid(log);
    const loc = log.runs[0]!.results![0]!.locations![0]!;
    expect(loc.physicalLocation).toBeUndefined();
    expect(loc.logicalLocations![0]!.fullyQualifiedName).toBe(f.resource.id);
  });
});
