import { describe, expect, it } from 'vitest';
import { loadChecks } from '../src/engine/registry.js';
import { loadMappings } from '../src/mappings/index.js';

describe('mappings/safeguards.yaml', () => {
  const { safeguards } = loadMappings();
  const byId = new Map(safeguards.map((s) => [s.id, s]));

  it('lists every implementation specification of 164.312 with its Required/Addressable status', () => {
    const expected: Record<string, 'required' | 'addressable'> = {
      '164.312(a)(2)(i)': 'required',
      '164.312(a)(2)(ii)': 'required',
      '164.312(a)(2)(iii)': 'addressable',
      '164.312(a)(2)(iv)': 'addressable',
      '164.312(b)': 'required',
      '164.312(c)(2)': 'addressable',
      '164.312(d)': 'required',
      '164.312(e)(2)(i)': 'addressable',
      '164.312(e)(2)(ii)': 'addressable',
    };
    for (const [id, status] of Object.entries(expected)) {
      expect(byId.get(id)?.status, id).toBe(status);
    }
  });

  it('includes the administrative and physical items the checks evidence', () => {
    expect(byId.get('164.308(a)(1)(ii)(D)')?.status).toBe('required');
    expect(byId.get('164.308(a)(5)(ii)(D)')?.status).toBe('addressable');
    expect(byId.get('164.308(a)(7)(ii)(A)')?.status).toBe('required');
    expect(byId.get('164.308(a)(7)(ii)(B)')?.status).toBe('required');
    expect(byId.get('164.310(d)(2)(iv)')?.status).toBe('addressable');
  });

  it('gives each entry its standard, and has no duplicates', () => {
    expect(new Set(safeguards.map((s) => s.id)).size).toBe(safeguards.length);
    expect(byId.get('164.312(e)(2)(ii)')?.standard).toBe('Transmission security');
    expect(byId.get('164.312(a)(2)(iv)')?.standardCitation).toBe('164.312(a)(1)');
    for (const s of safeguards) expect(s.evidence.length, s.id).toBeGreaterThan(20);
  });
});

describe('mappings/check-safeguards/', () => {
  it('names only checks that exist, and every check maps to at least one safeguard', async () => {
    const checks = await loadChecks();
    const { checkSafeguards } = loadMappings();
    const ids = new Set(checks.map((c) => c.id));
    const unknown = [...checkSafeguards.keys()].filter((id) => !ids.has(id));
    expect(unknown, 'mapped checks that do not exist').toEqual([]);
    const unmapped = checks.filter((c) => !(checkSafeguards.get(c.id)?.length)).map((c) => c.id);
    expect(unmapped, 'checks that map to no safeguard').toEqual([]);
  });

  it('rejects a citation that is not in the catalogue', async () => {
    const { mkdtemp, writeFile, copyFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { mappingsDir } = await import('../src/paths.js');
    const dir = await mkdtemp(join(tmpdir(), 'sg-map-'));
    await copyFile(join(mappingsDir, 'safeguards.yaml'), join(dir, 'safeguards.yaml'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'check-safeguards'));
    await writeFile(join(dir, 'check-safeguards', 'x.yaml'), "source: {basis: [x], reviewed: '2026-01-01'}\nchecks:\n  aws-s3-bucket-encrypted: ['164.312(z)']\n");
    expect(() => loadMappings(dir)).toThrow(/x\.yaml: aws-s3-bucket-encrypted cites 164\.312\(z\).*not in mappings\/safeguards.yaml/);
  });
});
