import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import { SBOM_FILE } from '../../src/evidence/sbom.js';
import { verifyBundle } from '../../src/evidence/verify.js';
import { plantedEstate } from './estate.js';

// Safeguard run from a checkout that was never built: no dist/sbom.cdx.json anywhere.
vi.mock('../../src/evidence/sbom.js', async (original) => {
  const m = await original<typeof import('../../src/evidence/sbom.js')>();
  return { ...m, sbomForBundle: () => m.sbomForBundle(join(tmpdir(), 'sg-never-built', 'dist', 'sbom.cdx.json')) };
});

describe('the SBOM missing at scan time', () => {
  it('the bundle has no sbom.cdx.json, the manifest says why, and the bundle still verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-sbom-missing-'));
    const out = join(dir, 'bundle');
    await runScan({ inputs: [plantedEstate(dir)], out, profile: 'default', policy: 'none', failOnError: false, version: 'test' });
    expect(existsSync(join(out, SBOM_FILE))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { sbom: { file: null; note: string }; files: { path: string }[] };
    expect(manifest.sbom).toEqual({
      file: null,
      format: 'CycloneDX',
      note: expect.stringMatching(/^No SBOM of safeguard's own dependencies in this bundle: safeguard runs from source and `npm run build`, which writes dist\/sbom\.cdx\.json, has not run\.$/),
    });
    expect(manifest.files.map((f) => f.path)).not.toContain(SBOM_FILE);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain(SBOM_FILE);
    const verified = await verifyBundle(out);
    expect(verified.problems).toEqual([]);
    expect(verified.sbom).toBeUndefined();
  });
});
