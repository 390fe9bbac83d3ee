/** What the three emulators share for their throttling and fault knobs. */

/** A small seeded PRNG (mulberry32): the same faults on the same calls every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whether a knob trips on this call of `operation`: its first `first` calls (counted per kind and
 * operation), else a seeded `fraction` of them; only for the `operations` it names, if any.
 */
export function tripper(state: { counters: Map<string, number>; random: () => number }) {
  return (k: { first?: number; fraction?: number; operations?: string[] }, operation: string, kind: string): boolean => {
    if (k.operations && !k.operations.includes(operation)) return false;
    const key = `${kind}\u0000${operation}`;
    const n = (state.counters.get(key) ?? 0) + 1;
    state.counters.set(key, n);
    if (k.first !== undefined) return n <= k.first;
    return k.fraction !== undefined && state.random() < k.fraction;
  };
}
