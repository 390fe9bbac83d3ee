import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/commands/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import type { WaiverReport } from '../../src/engine/waivers.js';
import { renderHtml } from '../../src/report/html.js';
import type { ScanReport } from '../../src/report/scan-report.js';
import { repoRoot } from '../support/cli.js';

/**
 * report.html: the page generated from the demo estate, loaded from disk in Debian's Chromium
 * with every non-file request blocked and counted (an auditor's laptop has no network).
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const PLANTED_NAME = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">db"\'&amp;';

/** The demo estate's evidence bundle, scanned in-process as `safeguard scan --input fixtures/demo --out DIR` does. */
async function demoBundle(): Promise<{ dir: string; report: ScanReport }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'sg-html-')), 'bundle');
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  await runScan({ inputs: [join(repoRoot, 'fixtures', 'demo')], out: dir, profile: 'default', policy: 'unencrypted-storage', failOnError: false, version });
  return { dir, report: JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as ScanReport };
}

/** The demo report with hostile values planted in what a scan copies from the cloud, and a waiver file's outcomes. */
function plantedReport(base: ScanReport): ScanReport {
  const findings: Finding[] = base.findings.map((f) => ({ ...f }));
  const i = findings.findIndex((f) => f.status === 'fail');
  const victim = findings[i]!;
  findings[i] = {
    ...victim,
    resource: { ...victim.resource, name: PLANTED_NAME },
    evidence: { tag: '</pre><script>window.__pwned = 3</script>', note: '<b>bold</b>' },
    reason: 'Reason with <em>markup</em> & an ampersand.',
  };
  const waived = findings.findIndex((f) => f.status === 'fail' && f !== findings[i]);
  findings[waived] = {
    ...findings[waived]!,
    status: 'waived',
    waiver: { id: 'RA-7', rationale: 'Replaced in Q3 <script>alert(1)</script>', compensatingControl: 'Network isolation', approver: 'CISO', approved: '2026-01-01', expires: '2027-01-01', file: 'safeguard.waivers.yaml', line: 3 },
  };
  const outcome = (id: string, status: WaiverReport['waivers'][number]['status'], problems: string[] = []) => ({
    id,
    line: 3,
    check: findings[waived]!.check,
    resource: `<img src=x onerror="window.__pwned=4">${id}`,
    rationale: status === 'invalid' ? null : 'Replaced in Q3',
    compensatingControl: status === 'invalid' ? null : 'Network isolation',
    approver: 'CISO',
    approved: '2026-01-01',
    expires: status === 'expired' ? '2026-02-01' : '2027-01-01',
    status,
    problems,
    matched: status === 'applied' ? [findings[waived]!.fingerprint] : [],
    waived: status === 'applied' ? [findings[waived]!.fingerprint] : [],
  });
  const byStatus = { ...base.summary.byStatus, fail: base.summary.byStatus.fail - 1, waived: base.summary.byStatus.waived + 1 };
  return {
    ...base,
    summary: { ...base.summary, byStatus },
    findings,
    waivers: {
      file: 'safeguard.waivers.yaml',
      asOf: '2026-03-02',
      counts: { applied: 1, expired: 1, stale: 1, invalid: 1 },
      waivers: [
        outcome('RA-7', 'applied'),
        outcome('RA-8', 'expired', ['It expired on 2026-02-01.']),
        outcome('RA-9', 'stale', ['It matches no failing result of this scan.']),
        outcome('RA-10', 'invalid', ['It gives no rationale.']),
      ],
    },
  };
}

let demo: { dir: string; report: ScanReport };
beforeAll(async () => {
  demo = await demoBundle();
}, 120_000);

describe('report.html as text', () => {
  it('is self-contained: no external script, style, font, image or link', () => {
    const html = readFileSync(join(demo.dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('escapes every value copied from the estate', () => {
    const html = renderHtml(plantedReport(demo.report));
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src="x"');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<em>markup</em>');
    expect(html).not.toContain('</pre><script>');
    expect(html).toContain('&#60;script&#62;window.__pwned = 1&#60;/script&#62;');
    // Exactly one script element: ours.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('renders a scan with nothing in it', () => {
    const empty: ScanReport = { ...demo.report, findings: [], safeguards: [], summary: { ...demo.report.summary, unassessed: { total: 0, byType: {} } } };
    const html = renderHtml(empty);
    expect(html).toContain('<p id="shown" role="status" aria-live="polite">0 results.</p>');
    expect(html).toContain('Every resource read is of a type some check grades.');
  });

  it('lists the waivers by what became of them, and says so when there is no waiver file', () => {
    const html = renderHtml(plantedReport(demo.report));
    for (const st of ['applied', 'expired', 'stale', 'invalid']) expect(html).toContain(`data-waiver-status="${st}"`);
    expect(renderHtml(demo.report)).toContain('No waiver file was given for this scan');
  });
});

if (!hasChromium) {
  if (inCi) {
    it('has Debian chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)', () => {
      expect.fail(`${CHROMIUM} is missing: the browser tests of report.html cannot run`);
    });
  } else {
    console.warn(`report.html browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
  }
}

/** Debian's Chromium, headless, with a new empty profile and nothing that calls home. */
function launch(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sg-chromium-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    offline: true,
    ...options,
  });
}

describe.runIf(hasChromium)('report.html in headless Chromium', () => {
  let context: BrowserContext;
  const offline: string[] = [];
  const consoleErrors: string[] = [];
  let findings: ScanReport;

  beforeAll(async () => {
    findings = JSON.parse(readFileSync(join(demo.dir, 'findings.json'), 'utf8')) as ScanReport;
    context = await launch();
    // No network: every request that is not a file on disk is refused and counted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      offline.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith('file:') && !url.startsWith('data:') && !offline.includes(url)) offline.push(url);
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  async function open(file: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return page;
  }

  it('loads the demo report with no console error and no network request', async () => {
    const page = await open(join(demo.dir, 'report.html'));
    await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
    await page.close();
  });

  it('shows the counts of findings.json', async () => {
    const page = await open(join(demo.dir, 'report.html'));
    for (const [status, n] of Object.entries(findings.summary.byStatus)) {
      expect(await page.locator(`[data-status-count="${status}"]`).textContent(), status).toBe(String(n));
    }
    expect(await page.locator('[data-count="resources"]').textContent()).toBe(String(findings.summary.resources));
    const rows = page.locator('#findings-table tbody tr');
    expect(await rows.count()).toBe(findings.findings.length);
    for (const status of ['fail', 'error', 'pass', 'not_applicable'] as const) {
      expect(await page.locator(`#findings-table tbody tr[data-status="${status}"]`).count(), status).toBe(findings.findings.filter((f) => f.status === status).length);
    }
    // The safeguard table: one row per specification, with the outcome findings.json gives it.
    const outcomes = await page.locator('#safeguard-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-safeguard'), tr.getAttribute('data-outcome')]));
    expect(outcomes).toEqual(findings.safeguards.map((s) => [s.id, s.outcome]));
    // Manual rows say what a person must attach.
    const manual = findings.safeguards.filter((s) => s.outcome === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    for (const s of manual) expect(await page.locator(`#safeguard-table tr[data-safeguard="${s.id}"] .attach`).textContent()).toContain(s.evidence);
    // The chart's "All clouds" row adds up to the catalogue.
    const all = await page.locator('[data-chart-row="All clouds"] td').allTextContents();
    expect(all.map(Number).reduce((a, b) => a + b, 0)).toBe(findings.safeguards.length);
    // The gate verdict and the unassessed types.
    expect(await page.locator('#gate').getAttribute('data-passed')).toBe(String(findings.gate.passed));
    expect(await page.locator('#gate').textContent()).toContain(findings.gate.reason);
    expect(await page.locator('#unassessed-table tbody tr').count()).toBe(Object.keys(findings.summary.unassessed.byType).length);
    await page.close();
  });

  it('filters the findings by status, cloud and text', async () => {
    const page = await open(join(demo.dir, 'report.html'));
    const visible = () => page.locator('#findings-table tbody tr:visible').count();
    const failing = findings.findings.filter((f) => f.status === 'fail');
    await page.selectOption('#f-status', 'fail');
    expect(await visible()).toBe(failing.length);
    expect(await page.locator('#shown').textContent()).toBe(`Showing ${failing.length} of ${findings.findings.length} results.`);
    expect(await page.locator('#findings-table tbody tr:visible').evaluateAll((trs) => trs.every((tr) => tr.getAttribute('data-status') === 'fail'))).toBe(true);

    await page.selectOption('#f-cloud', 'gcp');
    expect(await visible()).toBe(failing.filter((f) => f.resource.provider === 'gcp').length);

    await page.selectOption('#f-cloud', '');
    await page.fill('#f-text', 'reporting-db');
    expect(await visible()).toBe(failing.filter((f) => f.resource.name.includes('reporting-db') || f.resource.id.includes('reporting-db') || f.reason.includes('reporting-db')).length);
    expect(await visible()).toBeGreaterThan(0);

    await page.click('#filters button[type="reset"]');
    await expect.poll(visible).toBe(findings.findings.length);
    await page.selectOption('#f-status', 'error');
    expect(await visible()).toBe(findings.findings.filter((f) => f.status === 'error').length);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('lists every result with scripts off', async () => {
    const off = await launch({ javaScriptEnabled: false });
    try {
      const page = await off.newPage();
      await page.goto(pathToFileURL(join(demo.dir, 'report.html')).href);
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(findings.findings.length);
      expect(await page.locator('#shown').textContent()).toBe(`${findings.findings.length} results.`);
    } finally {
      await off.close();
    }
  });

  it('keeps a value planted in a resource name as text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sg-html-planted-')), 'report.html');
    writeFileSync(file, renderHtml(plantedReport(findings)));
    const page = await open(file);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const name = page.locator('#findings-table .rname', { hasText: 'window.__pwned = 1' });
    expect(await name.textContent()).toBe(PLANTED_NAME);
    expect(await page.locator('#findings-table img, #waivers img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('[data-waiver-count="applied"]').textContent()).toBe('1');
    expect(await page.locator('table[data-waiver-status="stale"] tbody tr').count()).toBe(1);
    await page.selectOption('#f-status', 'waived');
    expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(1);
    expect(await page.locator('#findings-table tbody tr:visible .waiver-note').textContent()).toContain('Replaced in Q3 <script>alert(1)</script>');
    expect(consoleErrors).toEqual([]);
    expect(offline).toEqual([]);
    await page.close();
  });

  it('takes a screenshot of the demo report', async () => {
    const page = await open(join(demo.dir, 'report.html'));
    const dir = process.env.SAFEGUARD_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'sg-html-shot-'));
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    await page.screenshot({ path: join(dir, 'report-top.png') });
    const png = readFileSync(shot);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    console.info(`report.html screenshot: ${shot}`);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
