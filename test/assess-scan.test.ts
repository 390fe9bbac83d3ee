import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/**
 * The gap report for the whole Security Rule: `scan --attestations` (or `attestations:` in the
 * settings file) joins the questionnaire's answers to the automated results, per specification, in
 * the console, findings.json, safeguards.md/json and the bundle.
 */

const FIXTURE = 'fixtures/attestations/safeguard.attestations.yaml';
type Row = { id: string; outcome: string; checks: Record<string, string[]>; attestation?: { state: string; result: string | null; answer: string | null; problems: string[]; source: { file: string; line: number } | null } };

describe('safeguard scan --attestations on the demo estate', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'sg-gap-')), 'evidence');
  const run = runCli(['scan', '--input', 'fixtures/demo', '--attestations', FIXTURE, '--as-of', '2026-11-25', '--out', out]);
  const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8'));
  const rows = new Map((report.safeguards as Row[]).map((r) => [r.id, r]));

  it('gives every specification of the Security Rule a status: automated, attested, or manual', () => {
    expect(run.code).toBe(1);
    expect(rows.size).toBe(54);
    for (const r of rows.values()) expect(['pass', 'fail', 'error', 'not_assessed', 'manual'], r.id).toContain(r.outcome);
    // No check covers it: the attested answer decides.
    expect(rows.get('164.308(a)(2)')).toMatchObject({ outcome: 'pass', attestation: { state: 'answered', result: 'met', answer: 'implemented' } });
    expect(rows.get('164.308(a)(7)(ii)(D)')).toMatchObject({ outcome: 'fail', attestation: { state: 'answered', result: 'gap', answer: 'not-implemented' } });
    expect(rows.get('164.310(a)(2)(iv)')).toMatchObject({ outcome: 'pass', attestation: { answer: 'not-reasonable' } });
    expect(rows.get('164.308(a)(4)(ii)(A)')).toMatchObject({ outcome: 'pass', attestation: { result: 'not_applicable' } });
    // Expired, unverified and unanswered answers fall back to manual, and say why.
    expect(rows.get('164.308(a)(5)(ii)(A)')).toMatchObject({ outcome: 'manual', attestation: { state: 'expired', problems: [expect.stringMatching(/next review was due on 2026-06-30/)] } });
    expect(rows.get('164.308(a)(6)(ii)')).toMatchObject({ outcome: 'manual', attestation: { state: 'unverified' } });
    expect(rows.get('164.312(a)(2)(iii)')).toMatchObject({ outcome: 'manual', attestation: { state: 'unanswered', answer: null } });
    // Checks cover it, and the answer agrees: the automated outcome stands; an attested gap fails it.
    expect(rows.get('164.308(a)(7)(ii)(C)')).toMatchObject({ outcome: 'fail', attestation: { result: 'gap' } });
    // A specification the questionnaire does not ask about carries no attestation block.
    expect(rows.get('164.312(b)')!.attestation).toBeUndefined();
  });

  it('adds an attestations section to findings.json, and the answer\'s file and line to each block', () => {
    expect(report.attestations).toMatchObject({
      file: FIXTURE,
      asOf: '2026-11-25',
      questions: 46,
      counts: { answered: 41, expired: 1, unverified: 1, unanswered: 3 },
      results: { met: 33, gap: 7, not_applicable: 1 },
    });
    expect(report.attestations.attention.map((a: { citation: string }) => a.citation)).toEqual(['164.308(a)(5)(ii)(A)', '164.308(a)(6)(ii)']);
    const line = rows.get('164.308(a)(2)')!.attestation!.source!.line;
    expect(readFileSync(FIXTURE, 'utf8').split('\n')[line - 1]).toContain('citation: 164.308(a)(2)');
  });

  it('prints attested cells and a line about the answers, in 80 columns', () => {
    expect(run.stdout).toMatch(/^164\.308\(a\)\(2\)\s+Assigned security respo\.\.\. R\s+attested: implemented$/m);
    expect(run.stdout).toMatch(/^164\.308\(a\)\(7\)\(ii\)\(D\) Testing and revision pr\.\.\. A\s+attested GAP: not in place$/m);
    expect(run.stdout).toMatch(/^164\.308\(a\)\(5\)\(ii\)\(A\) Security reminders\s+A\s+manual \(answer expired\)$/m);
    expect(run.stdout).toMatch(/^164\.308\(a\)\(1\)\(ii\)\(A\) Risk analysis\s+R\s+ok\s+attested\s+attested$/m);
    expect(run.stdout).toMatch(/Attestations: fixtures\/attestations\/safeguard\.attestations\.yaml: 41 of 46\s+answered \(33 met, 7 gaps, 1 n\/a\); 3 unanswered; 1 expired and 1 unverified\s+fall back to manual\./);
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('shows each answer under its specification in safeguards.md and safeguards.json, and copies the file into the bundle', () => {
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    const section = (id: string) => md.slice(md.indexOf(`## ${id} `), md.indexOf('\n## ', md.indexOf(`## ${id} `) + 4));
    expect(section('164.308(a)(3)(ii)(B)')).toMatch(/\*\*Outcome:\*\* PASS \(attested\): the attested answer records the decision 164\.306\(d\)\(3\) asks for\./);
    expect(section('164.308(a)(3)(ii)(B)')).toMatch(/- Decision \(164\.306\(d\)\(3\)\): an equivalent alternative measure is implemented instead: A reference check and a role review/);
    expect(section('164.310(a)(2)(iv)')).toMatch(/not reasonable and appropriate here: No facility is owned or leased/);
    expect(section('164.308(a)(1)(ii)(A)')).toMatch(/Evidence: `evidence\/risk-analysis-2026\.md`: SHA-256 `c4b6e4cbdc5c96fd65d8ebf5f488f53bc0beb9b4465ef9672a09e64dd2692afa`, matches the recorded hash/);
    expect(section('164.308(a)(6)(ii)')).toMatch(/It does not count \(unverified\), so the specification falls back to `manual`/);
    expect(section('164.312(a)(2)(iii)')).toMatch(/\*\*Attested answer:\*\* none yet \(`manual`\)\. Answer it with `safeguard assess`/);
    // The summary table agrees with the console and report.html: the answer stands where no check does.
    expect(md).toMatch(/\| \[164\.310\(a\)\(2\)\(iii\)\]\([^)]*\) \| Access control and validation procedures \| A \| pass \| attested \| attested \| attested \|/);
    expect(md).toMatch(/\| \[164\.308\(a\)\(7\)\(ii\)\(C\)\]\([^)]*\) \| Emergency mode operation plan \| R \| fail \| - \| att\. GAP \| att\. GAP \|/);
    const json = JSON.parse(readFileSync(join(out, 'safeguards.json'), 'utf8'));
    expect(json.safeguards.find((s: { id: string }) => s.id === '164.308(a)(7)(ii)(D)').attestation).toMatchObject({ answer: 'not-implemented', answeredBy: 'Sam Patel, Platform engineer' });
    expect(readFileSync(join(out, 'attestations.yaml'))).toEqual(readFileSync(FIXTURE));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.attestations).toMatchObject({ file: FIXTURE, copiedAs: 'attestations.yaml', counts: { answered: 41 } });
    expect(runCli(['verify', out]).code).toBe(0);
  });

  it('shows attested cells in report.html and the job summary where no check of a cloud decides', async () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const row = (id: string) => html.slice(html.indexOf(`<tr data-safeguard="${id}"`), html.indexOf('</tr>', html.indexOf(`<tr data-safeguard="${id}"`)));
    expect(row('164.308(a)(2)')).toMatch(/data-outcome="pass"/);
    expect(row('164.308(a)(2)').match(/<td data-cloud="\w+"><span class="n st-pass">attested<\/span><\/td>/g)).toHaveLength(3);
    expect(row('164.308(a)(2)')).toMatch(/Attested \(met\):<\/strong> implemented by /);
    expect(row('164.308(a)(7)(ii)(D)').match(/attested gap/g)).toHaveLength(3);
    expect(row('164.312(a)(2)(iii)')).toMatch(/no check/);
    expect(row('164.312(a)(2)(iii)')).toMatch(/Attested answer missing/);
    // The chart counts an attested specification as its answer says, not as "no check".
    const manual = [...rows.values()].filter((r) => r.outcome === 'manual').length;
    expect(html).toMatch(new RegExp(`<tr data-chart-row="AWS">.*?<td data-outcome="manual">${manual}</td>`));
    const { renderJobSummary } = await import('../src/report/job-summary.js');
    const summary = renderJobSummary(report, {});
    expect(summary).toMatch(/^\| 164\.308\(a\)\(2\) \| .* \| R \| attested \| attested \| attested \|$/m);
    expect(summary).toMatch(/^\| 164\.308\(a\)\(7\)\(ii\)\(D\) \| .* \| A \| att\. GAP \| att\. GAP \| att\. GAP \|$/m);
    expect(summary).toMatch(/^\| 164\.312\(a\)\(2\)\(iii\) \| .* \| manual \| manual \| manual \|$/m);
  });

  it('puts each attested gap in the risk register as an organisation-wide open risk', () => {
    const csv = readFileSync(join(out, 'risk-register.csv'), 'utf8').split('\r\n');
    const head = csv[0]!.split(',');
    const gaps = [...rows.values()].filter((r) => r.attestation?.state === 'answered' && r.attestation.result === 'gap').map((r) => r.id);
    const attested = csv.filter((l) => l.startsWith('R-') && l.includes('The organization (attested)'));
    expect(gaps.length).toBeGreaterThan(0);
    expect(attested).toHaveLength(gaps.length);
    const line = attested.find((l) => l.includes(',164.308(a)(7)(ii)(D),'))!;
    expect(line).toMatch(/Attested gap \(not-implemented\) by Sam Patel/);
    expect(line).toMatch(/,Moderate,Moderate,Moderate,164\.308\(a\)\(7\)\(ii\)\(D\),Testing and revision procedures,Addressable,/);
    expect(line).toMatch(/,open,/);
    expect(head).toContain('Treatment');
  });

  it('reads the attestation file from the settings file (attestations:), relative to it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sg-gap-')), 'b');
    const r = runCli(['scan', '--config', 'fixtures/attestations/safeguard.yaml', '--as-of', '2026-11-25', '--out', dir, '-q']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).attestations.file).toBe(FIXTURE);
  });

  it('under nprm-2025 (every specification Required) an alternative or "not reasonable" decision is a gap', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sg-gap-')), 'n');
    const r = runCli(['scan', '--input', 'fixtures/demo', '--attestations', FIXTURE, '--as-of', '2026-11-25', '--profile', 'nprm-2025', '--out', dir]);
    const nprm = new Map((JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).safeguards as Row[]).map((x) => [x.id, x]));
    expect(nprm.get('164.310(a)(2)(iv)')).toMatchObject({ outcome: 'fail', attestation: { state: 'answered', result: 'gap', answer: 'not-reasonable', problems: [expect.stringMatching(/Required: an alternative or "not reasonable" decision does not meet it/)] } });
    expect(nprm.get('164.308(a)(2)')).toMatchObject({ outcome: 'pass' });
    expect(r.stdout).toMatch(/^164\.310\(a\)\(2\)\(iv\)\s+Maintenance records\s+R\s+attested GAP: not-reasonable$/m);
  });

  it('without attestations the statement is unchanged: manual where no check decides, no attestation blocks', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sg-gap-')), 'c');
    runCli(['scan', '--input', 'fixtures/demo', '--out', dir, '-q']);
    const plain = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'));
    expect(plain.attestations).toBeUndefined();
    const r = (plain.safeguards as Row[]).find((s) => s.id === '164.308(a)(2)')!;
    expect(r.outcome).toBe('manual');
    expect(r.attestation).toBeUndefined();
  });
});
