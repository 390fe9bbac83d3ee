import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../src/mappings/index.js';
import { requirementOf } from '../src/mappings/requirement.js';
import { runCli } from './support/cli.js';

/**
 * Appendix A prints R or A against every implementation specification and against a standard that
 * has none; a standard that has specifications is graded through them ("Std" in
 * ../shared/reference/security-rule.md). Labelling those Required contradicted the waiver rule.
 */
const STANDARDS_WITH_SPECIFICATIONS = [
  '164.308(a)(1)(i)', '164.308(a)(3)(i)', '164.308(a)(4)(i)', '164.308(a)(5)(i)', '164.308(a)(6)(i)', '164.308(a)(7)(i)', '164.308(b)(1)',
  '164.310(a)(1)', '164.310(d)(1)', '164.312(a)(1)', '164.312(c)(1)', '164.312(e)(1)',
];
const STANDARDS_WITHOUT = ['164.308(a)(2)', '164.308(a)(8)', '164.310(b)', '164.310(c)', '164.312(b)', '164.312(d)'];

describe('Required, Addressable and Standard', () => {
  it('labels exactly the standards that have specifications Standard, as the reference matrix does', () => {
    for (const profile of ['default', 'strict', 'nprm-2025'] as const) {
      const { safeguards } = loadMappings({ profile });
      const standards = safeguards.filter((s) => requirementOf(s) === 'Standard').map((s) => s.id);
      expect(standards).toEqual(STANDARDS_WITH_SPECIFICATIONS);
      for (const id of STANDARDS_WITHOUT) expect(requirementOf(safeguards.find((s) => s.id === id)!)).toBe('Required');
    }
    const spec = loadMappings({ profile: 'default' }).safeguards.find((s) => s.id === '164.312(e)(2)(ii)')!;
    expect(requirementOf(spec)).toBe('Addressable');
  });

  it('a waiver accepted under a standard is not shown against a Required label anywhere in the bundle', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-std-')), 'bundle');
    runCli(['scan', '--config', 'fixtures/attestations/safeguard.yaml', '--out', out]);
    const risk = readFileSync(join(out, 'risk-register.csv'), 'utf8').split('\n');
    const accepted = risk.filter((l) => l.includes(',accepted,'));
    expect(accepted.length).toBeGreaterThan(0);
    for (const line of accepted) expect(line).not.toMatch(/,Required,/);
    expect(accepted.some((l) => l.includes('164.312(e)(1),Transmission security,Standard,'))).toBe(true);
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    expect(md).toContain('## 164.312(e)(1) Transmission security\n\nStandard, graded through its implementation specifications ·');
    expect(md).toMatch(/\| \[164\.312\(e\)\(1\)\]\([^)]*\) \| Transmission security \| Std \|/);
    expect(md).toMatch(/\| \[164\.312\(b\)\]\([^)]*\) \| Audit controls \| R \|/);
    const sections = JSON.parse(readFileSync(join(out, 'safeguards.json'), 'utf8')) as { safeguards: { id: string; status: string; requirement: string }[] };
    // `status` keeps its values (the contract); `requirement` says how the matrix labels the entry.
    expect(sections.safeguards.find((s) => s.id === '164.312(e)(1)')).toMatchObject({ status: 'required', requirement: 'Standard' });
    const sarif = readFileSync(join(out, 'findings.sarif'), 'utf8');
    expect(sarif).toContain('164.312(e)(1) (Std)');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<abbr title="Standard: graded through its implementation specifications">Std</abbr>');
  });
});
