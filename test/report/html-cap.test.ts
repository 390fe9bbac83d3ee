import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { renderHtml } from '../../src/report/html.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { runCli } from '../support/cli.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The demo's report, scanned once, and its results to copy. */
let scanned: { report: ScanReport; base: Finding[] } | undefined;
function demo(): { report: ScanReport; base: Finding[] } {
  if (!scanned) {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-html-cap-')), 'b');
    runCli(['scan', '--input', 'fixtures/demo', '--out', out, '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as ScanReport;
    scanned = { report, base: report.findings };
  }
  return scanned;
}

describe('report.html at scale', () => {
  it('lists failing, undecided and waived results up to 10,000 (the most severe), passed ones up to 5,000, says so, and counts every result by check', () => {
    const { report, base } = demo();
    const many: Finding[] = Array.from({ length: 120_000 }, (_, i) => ({ ...base[i % base.length]!, fingerprint: `${base[i % base.length]!.fingerprint}-${i}` }));
    const html = renderHtml({ ...report, findings: many });
    const attention = many.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'waived');
    const others = many.length - attention.length;
    expect(attention.length).toBeGreaterThan(10_000);
    expect(html).toContain(`${attention.length - 10_000} failing, undecided or waived results beyond the 10000 most severe, and ${others - 5000} passed or not-applicable results beyond the first 5000 are not listed here`);
    expect(html).toContain('15000 results.');
    // Rows listed: fails first; every critical failure is among them.
    const rows = html.match(/<tr data-status="[a-z_]+" data-cloud/g)!;
    expect(rows).toHaveLength(15_000);
    const criticalFails = attention.filter((f) => f.status === 'fail' && f.severity === 'critical').length;
    expect(html.match(/<tr data-status="fail" data-cloud="\w+" data-severity="critical"/g)?.length ?? 0).toBe(Math.min(criticalFails, 10_000));
    // The table by check counts all 120,000.
    const counted = [...html.matchAll(/<td data-status="\w+">(\d+)<\/td>/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(many.length);
    // A page a browser opens: a few MB a thousand rows, not one row per result.
    expect(html.length).toBeLessThan(60e6);
  });

  it('lists every failing, undecided and waived result below that, and passed ones only up to a limit it states', () => {
    const { report, base } = demo();
    const many: Finding[] = Array.from({ length: 30_000 }, (_, i) => ({ ...base[i % base.length]!, fingerprint: `${base[i % base.length]!.fingerprint}-${i}` }));
    const html = renderHtml({ ...report, findings: many });
    const attention = many.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'waived').length;
    const others = many.length - attention;
    expect(others).toBeGreaterThan(5000);
    expect(html).toContain(`${others - 5000} passed or not-applicable results beyond the first 5000 are not listed here`);
    expect(html).not.toContain('most severe');
    expect(html).toContain(`${attention + 5000} results.`);
  });
});
