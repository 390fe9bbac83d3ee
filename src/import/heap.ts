import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A large streamed import grows the heap by a few hundred bytes a record for minutes. V8 lets the
 * old generation grow well past what is alive before it collects in full, so peak memory ends up
 * about 1.4 times the inventory. A full collection every so many records keeps the process near
 * what it holds. `gc` is V8's own, reached the way jest's leak detector reaches it.
 */
let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
