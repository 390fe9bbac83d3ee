import { it, expect } from 'vitest';
import { startAzureEmulator } from '../emulators/azure/arm.js';
import { collectAzure } from '../emulators/azure/client.js';
it('debug', async () => {
  const emu = await startAzureEmulator();
  try {
    const c = await collectAzure(emu);
    console.log(JSON.stringify({ calls: c.calls, attempts: c.attempts, cov: c.coverage.filter(e => e.status !== 'ok'), n: c.resources.length, accounts: c.accounts, regions: c.regions, methods: c.methods }, null, 1));
    console.log(c.resources.map(r => `${r.type} ${r.name} ${r.related.collectionError ? 'ERR' : ''}`).join('\n'));
    console.log(emu.log.filter(l => l.status !== 200));
  } finally { await emu.close(); }
}, 60000);
