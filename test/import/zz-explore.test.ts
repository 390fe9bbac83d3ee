import { it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importInputs } from '../../src/import/index.js';
const root = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));
function walk(d: string): string[] { return readdirSync(d).sort().flatMap((n) => statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]); }
it('explore', async () => {
  for (const dir of [process.env.DIR ?? 'aws-config']) for (const f of walk(join(root, dir))) {
    try {
      const inv = await importInputs([f]);
      console.log('FILE', f.slice(root.length), JSON.stringify(inv.files), 'superseded', inv.superseded);
      for (const r of inv.resources) console.log('  ', JSON.stringify({ ...r, config: Object.keys(r.config).slice(0, 8), related: process.env.REL ? r.related : Object.keys(r.related) }));
    } catch (e) { console.log('FILE', f.slice(root.length), 'ERR', String(e)); }
  }
});
