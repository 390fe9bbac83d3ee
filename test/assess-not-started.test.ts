import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('safeguard assess --non-interactive before the first answer', () => {
  it('reports every question unanswered when the default file does not exist yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-new-'));
    const r = runCli(['assess', '--non-interactive', '--no-settings', '--as-of', '2026-06-01'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No answers yet: safeguard\.attestations\.yaml does not exist\./);
    expect(r.stdout).toContain('46 unanswered');
    expect(r.stdout).toMatch(/164\.308\(a\)\(1\)\(i\)\s+Security management process\s+Std -/);
    const json = runCli(['assess', '--non-interactive', '--no-settings', '--json', '--as-of', '2026-06-01'], dir);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { counts: { unanswered: number } }).counts.unanswered).toBe(46);
  });

  it('still refuses a file named on purpose that does not exist (a typo is not "no answers")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-assess-new-'));
    const r = runCli(['assess', '--non-interactive', '--no-settings', '--attestations', 'answers.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('answers.yaml: no such attestation file');
  });
});
