import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/import/heap.js';

/** The streamed import's full collection (src/import/heap.ts) really collects, and can be called again. */
describe('collectGarbage', () => {
  it('frees what nothing holds any more', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: { n: number; s: string }[] | undefined = Array.from({ length: 400_000 }, (_, n) => ({ n, s: `resource-${n}` }));
    const grown = process.memoryUsage().heapUsed;
    expect(grown - before).toBeGreaterThan(20e6);
    expect(garbage.length).toBe(400_000);
    garbage = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan((grown - before) / 4);
  });
});
