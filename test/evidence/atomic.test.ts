import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import { DEFAULT_EPHI_SCOPE } from '../../src/engine/scope.js';
import { bundlePath, checkTarget, writeBundle } from '../../src/evidence/bundle.js';
import { loadMappings } from '../../src/mappings/index.js';
import { plantedEstate } from './estate.js';

describe('writeBundle: whole or not at all', () => {
  it('a write that fails half-way leaves no bundle and no temporary folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-atomic-'));
    const input = plantedEstate(dir);
    const { report } = await runScan({ inputs: [input], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: '0.0.0' });
    // A value JSON cannot write: findings.json fails after README.md is already on disk.
    report.findings[0]!.evidence = { size: 1n };
    const out = join(dir, 'b');
    await expect(
      writeBundle({ out, force: false }, { command: 'scan', report, resources: [], checks: [], catalogue: loadMappings().safeguards, ephiScope: DEFAULT_EPHI_SCOPE, only: 'all' }),
    ).rejects.toThrow(/BigInt/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['exports']);
  });

  it('names the archive after --out, adding the extension only when missing', () => {
    expect(bundlePath({ out: 'evidence/' })).toBe('evidence');
    expect(bundlePath({ out: 'evidence', archive: 'zip' })).toBe('evidence.zip');
    expect(bundlePath({ out: 'evidence.zip', archive: 'zip' })).toBe('evidence.zip');
    expect(bundlePath({ out: 'evidence.tgz', archive: 'tar.gz' })).toBe('evidence.tgz');
    expect(bundlePath({ out: 'evidence', archive: 'tar.gz' })).toBe('evidence.tar.gz');
  });

  it('replaces, with force, only a bundle or the findings.json an older version wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-atomic-'));
    const legacy = join(dir, 'legacy');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'findings.json'), '{}');
    await expect(checkTarget({ out: legacy, force: false })).rejects.toThrow(/already exists.*--force/);
    await expect(checkTarget({ out: legacy, force: true })).resolves.toBeUndefined();
    writeFileSync(join(legacy, 'other.txt'), '');
    await expect(checkTarget({ out: legacy, force: true })).rejects.toThrow(/not an evidence bundle/);
    writeFileSync(join(dir, 'file.zip'), 'not a zip');
    await expect(checkTarget({ out: join(dir, 'file.zip'), archive: 'zip', force: true })).rejects.toThrow(/not a \.zip or \.tar\.gz/);
  });
});
