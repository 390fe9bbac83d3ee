import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const file = process.argv[2];
const out = process.argv[3];
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sgp-')), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'], viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto('file://' + file);
for (const sel of process.argv.slice(4)) {
  const [css, h] = sel.split('@');
  const el = page.locator(css).first();
  await el.scrollIntoViewIfNeeded();
  const box = await el.evaluate((e) => { const r = e.getBoundingClientRect(); return { y: r.top + window.scrollY, height: r.height }; });
  await page.screenshot({ path: join(out, css.replace(/[^a-z0-9]/gi, '_') + '.png'), fullPage: true, clip: { x: 0, y: box.y, width: 1280, height: Math.min(box.height, Number(h ?? 1400)) } });
}
if (process.env.PRINT) await page.pdf({ path: join(out, 'print.pdf') });
await ctx.close();
