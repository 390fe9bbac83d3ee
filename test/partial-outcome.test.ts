import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../src/commands/scan.js';
import type { SafeguardCoverage } from '../src/engine/coverage.js';

const scan = (inputs: string[], attestations?: string) =>
  runScan({ inputs, profile: 'default', policy: 'none', failOnError: false, version: 'test', asOf: '2026-06-01', ...(attestations ? { attestations } : {}) });
const byId = (rows: readonly SafeguardCoverage[]) => new Map(rows.map((r) => [r.id, r]));

/**
 * A specification whose checks all pass on the clouds that have them, while a cloud the scan read
 * has none, is `partial`, not `pass`: unknown is not compliant. An attested answer settles it.
 */
describe('partly graded specifications', () => {
  it('are partial when a cloud the scan read has no check for them, and pass when only checked clouds were read', async () => {
    const all = byId((await scan(['fixtures/demo'])).report.safeguards);
    for (const id of ['164.308(a)(1)(ii)(A)', '164.308(a)(3)(ii)(C)', '164.312(a)(2)(i)']) {
      expect(all.get(id), id).toMatchObject({ outcome: 'partial', checks: { azure: [], gcp: [] } });
      expect(all.get(id)!.checks.aws.length).toBeGreaterThan(0);
    }
    // A specification every cloud checks keeps its outcome.
    expect(all.get('164.312(b)')!.outcome).toBe('fail');
    const awsOnly = byId((await scan(['fixtures/demo/aws-config-snapshot.json', 'fixtures/demo/aws-account-123456789012', 'fixtures/demo/aws-iam-credential-report.csv'])).report.safeguards);
    expect(awsOnly.get('164.312(a)(2)(i)')!.outcome).toBe('pass');
    // The services used are all eligible, but without a BAA register in safeguard.yaml the BAA checks
    // did not run: whether an agreement covers the account is unknown.
    expect(awsOnly.get('164.308(b)(1)')).toMatchObject({ outcome: 'partial', counts: { aws: { fail: 0, error: 0 } } });
  });

  it('take the attested answer where one is given', async () => {
    const attested = byId((await scan(['fixtures/demo'], 'fixtures/attestations/safeguard.attestations.yaml')).report.safeguards);
    expect(attested.get('164.308(a)(1)(ii)(A)')).toMatchObject({ outcome: 'pass', attestation: { answer: 'implemented' } });
    expect(attested.get('164.312(a)(2)(i)')).toMatchObject({ outcome: 'pass', attestation: { answer: 'implemented' } });
  });

  it('say so in safeguards.md', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sg-partial-')), 'bundle');
    await runScan({ inputs: ['fixtures/demo'], out, profile: 'default', policy: 'none', failOnError: false, version: 'test' });
    const md = readFileSync(join(out, 'safeguards.md'), 'utf8');
    expect(md).toMatch(/\| \[164\.312\(a\)\(2\)\(i\)\]\([^)]*\) \| Unique user identification \| R \| partial \| ok \| manual \| manual \|/);
    expect(md).toContain('**Outcome:** PARTIAL: every graded resource passes, but part of it is not graded: a cloud this scan read has no check for it');
  });
});
