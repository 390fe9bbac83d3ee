import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

/**
 * `safeguard checks` in text names the profiles of a check that does not run in all of them, as
 * `--json` does: a strict-only check (customer-managed keys) must not read like a default one.
 */

interface Listed {
  id: string;
  profiles: string[];
}

const ALL = ['default', 'strict', 'nprm-2025'];

describe('safeguard checks (text)', () => {
  const text = runCli(['checks']);
  const json = JSON.parse(runCli(['checks', '--json']).stdout) as Listed[];
  const lines = text.stdout.split('\n');
  /** The first line of a check's entry: its id, severity, category and, when limited, its profiles. */
  const head = (id: string) => lines.find((l) => l.startsWith(`${id}  [`));

  it('marks a strict-only check with its profiles, and a check of every profile with none', () => {
    expect(text.code).toBe(0);
    expect(head('azure-managed-disk-cmk')).toBe('azure-managed-disk-cmk  [medium, encryption-at-rest]  (strict, nprm-2025 only)');
    expect(head('aws-account-root-mfa')).toBe('aws-account-root-mfa  [critical, authentication]');
  });

  it('says the same as --json for every check', () => {
    expect(json.length).toBeGreaterThan(0);
    for (const c of json) {
      const limited = c.profiles.length < ALL.length;
      expect(head(c.id), c.id).toBe(head(c.id)!.replace(/ {2}\(.*\)$/, '') + (limited ? `  (${c.profiles.join(', ')} only)` : ''));
    }
  });

  it('explains the marking in its opening lines, with the counts', () => {
    const limited = json.filter((c) => c.profiles.length < ALL.length).length;
    expect(limited).toBeGreaterThan(0);
    expect(lines.slice(0, 2)).toEqual([
      `${json.length} checks: ${json.length - limited} run in every profile (default, strict, nprm-2025),`,
      `${limited} only in the profiles their line names.`,
    ]);
    expect(lines.slice(0, 2).every((l) => l.length <= 80)).toBe(true);
  });
});
