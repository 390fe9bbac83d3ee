import { it } from 'vitest';
import { startCloudAssetEmulator } from '../emulators/gcp/cloud-asset.js';
import { collectGcp } from '../emulators/gcp/client.js';
it('debug', async () => {
  const emu = await startCloudAssetEmulator();
  try {
    const c = await collectGcp(emu);
    console.log(JSON.stringify({ calls: c.calls, attempts: c.attempts, cov: c.coverage, n: c.resources.length, accounts: c.accounts, regions: c.regions, methods: c.methods }, null, 1));
    console.log(c.resources.map(r => `${r.type} ${r.name} ${r.account} ${Object.keys(r.related)} ${r.related.collectionError ? 'ERR' : ''}`).join('\n'));
    console.log(emu.log.filter(l => l.status !== 200), emu.exchanged.length);
  } finally { await emu.close(); }
}, 60000);
