import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up from this module: the same code runs from `src/`
 * (tests) and from `dist/src/` (the built CLI).
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'mappings'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('safeguard: cannot find the package root (package.json beside mappings/)');
    dir = parent;
  }
})();

/** The compiled (dist/checks) or source (checks) folder of checks, beside this module's tree. */
export const checksDir: string = join(dirname(fileURLToPath(import.meta.url)), '..', 'checks');

export const mappingsDir: string = join(packageRoot, 'mappings');
