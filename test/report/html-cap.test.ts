import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { renderHtml } from '../../src/report/html.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { runCli } from '../support/cli.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('report.html at scale', () => {
  it('lists every failing, undecided and waived result, and passed ones only up to a limit it states', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-html-cap-')), 'b');
    runCli(['scan', '--input', 'fixtures/demo', '--out', out, '--quiet']);
    const report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as ScanReport;
    const base = report.findings;
    const many: Finding[] = Array.from({ length: 30_000 }, (_, i) => ({ ...base[i % base.length]!, fingerprint: `${base[i % base.length]!.fingerprint}-${i}` }));
    const html = renderHtml({ ...report, findings: many });
    const attention = many.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'waived').length;
    const others = many.length - attention;
    expect(others).toBeGreaterThan(5000);
    expect(html).toContain(`${others - 5000} passed or not-applicable results beyond the first 5000 are not listed here`);
    expect(html).toContain(`${attention + 5000} results.`);
  });
});
