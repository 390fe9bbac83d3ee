import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSafeguards } from '../src/commands/catalogue.js';

/** docs/coverage.md is generated from mappings/ and checks/; it must match a fresh rendering. */
describe('docs/coverage.md', () => {
  it('is what `npm run coverage` generates now', async () => {
    const fresh = await listSafeguards('markdown');
    const committed = readFileSync(new URL('../docs/coverage.md', import.meta.url), 'utf8');
    expect(committed === fresh, 'docs/coverage.md is out of date: run npm run coverage').toBe(true);
  });
});
