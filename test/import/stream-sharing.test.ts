import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksForProfile, evaluate } from '../../src/engine/evaluate.js';
import { loadChecks } from '../../src/engine/registry.js';
import { importInputs } from '../../src/import/index.js';
import { loadMappings } from '../../src/mappings/index.js';
import { repoRoot } from '../support/cli.js';

/**
 * A streamed import keeps equal strings and small documents once, shared and frozen, and copies
 * decoder-built objects to their size (src/import/stream.ts). The resources must be the same in
 * content, and every check must judge them as it judges the whole-file path's: a check that wrote
 * into a shared document would throw, and its result would turn into `error` here.
 */

const demo = join(repoRoot, 'fixtures', 'demo');
const files = [demo];

describe('a streamed import shares values without changing them', () => {
  it('reads the demo estate into the same resources, and the checks give the same results', async () => {
    const whole = await importInputs(files, { streamAbove: Number.POSITIVE_INFINITY });
    const streamed = await importInputs(files, { streamAbove: 0 });
    expect(streamed.resources.length).toBeGreaterThan(50);
    // The same content and key order, resource by resource (toStrictEqual: no key added or lost).
    expect(JSON.stringify(streamed.resources)).toBe(JSON.stringify(whole.resources));
    expect(streamed.resources).toStrictEqual(whole.resources);

    const checks = checksForProfile(await loadChecks(), 'strict');
    const mappings = loadMappings();
    const judged = (resources: typeof whole.resources) => evaluate(resources, checks, mappings).findings.map((f) => ({ check: f.check, id: f.resource.id, status: f.status, reason: f.reason, evidence: f.evidence }));
    const a = judged(whole.resources);
    const b = judged(streamed.resources);
    expect(b.filter((f) => f.status === 'error' && /read only|not extensible|Cannot assign|Cannot add/i.test(f.reason))).toEqual([]);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('shares equal documents between resources, frozen', async () => {
    const streamed = await importInputs(files, { streamAbove: 0 });
    const buckets = streamed.resources.filter((r) => r.type === 'AWS::S3::Bucket' && r.config.PublicAccessBlockConfiguration);
    expect(buckets.length).toBeGreaterThan(1);
    const blocks = new Map<string, unknown>();
    let shared = 0;
    for (const b of buckets) {
      const block = b.config.PublicAccessBlockConfiguration as object;
      expect(Object.isFrozen(block)).toBe(true);
      const key = JSON.stringify(block);
      if (blocks.get(key) === block) shared++;
      else blocks.set(key, block);
      // The config and the supplementary document it is merged from hold the same value.
      expect((b.related.supplementaryConfiguration as Record<string, unknown>).PublicAccessBlockConfiguration).toBe(block);
    }
    expect(shared).toBeGreaterThan(0);
  });
});
