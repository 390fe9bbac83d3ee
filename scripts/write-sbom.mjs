// Build step: the CycloneDX SBOM of safeguard's own production dependencies, from package-lock.json
// (`npm sbom`, npm's own generator; offline, no node_modules needed), written to dist/sbom.cdx.json.
// Not `npm sbom --omit dev`: its selector drops a production package that a dev dependency also
// reaches (npm/cli#7909; here `yaml`, shared with vite). The lockfile's own `dev` flag (set only on
// packages nothing but dev dependencies need, as `npm ci --omit=dev` uses it) decides instead.
// An installed safeguard has no lockfile, so the SBOM is made here and shipped in dist; every
// evidence bundle copies it as sbom.cdx.json and lists it in manifest.json with its SHA-256.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = new URL('../dist/sbom.cdx.json', import.meta.url);
const args = ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only'];
const run = spawnSync('npm', args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 * 1024 * 1024 });

function fail(why) {
  console.error(`write-sbom: could not write dist/sbom.cdx.json: ${why}`);
  process.exit(1);
}

if (run.error) fail(`npm could not be run (${run.error.message})`);
if (run.status !== 0) fail(`\`npm ${args.join(' ')}\` exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n')[0]}`);
let bom;
try {
  bom = JSON.parse(run.stdout);
} catch {
  fail('npm sbom did not print JSON');
}
if (bom.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components) || bom.components.length === 0) fail('npm sbom did not print a CycloneDX document with components');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Production packages: every name@version the lockfile holds at least once without `dev: true`.
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const production = new Set();
for (const [loc, e] of Object.entries(lock.packages ?? {})) {
  if (!loc || e.link || e.dev || !e.version) continue;
  production.add(`${e.name ?? loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${e.version}`);
}
const kept = new Set();
bom.components = bom.components.filter((c) => {
  const keep = production.has(`${c.name}@${c.version}`);
  if (keep) kept.add(c['bom-ref']);
  return keep;
});
const rootRef = bom.metadata?.component?.['bom-ref'];
if (Array.isArray(bom.dependencies)) {
  bom.dependencies = bom.dependencies
    .filter((d) => d.ref === rootRef || kept.has(d.ref))
    .map((d) => (Array.isArray(d.dependsOn) ? { ...d, dependsOn: d.dependsOn.filter((r) => kept.has(r)) } : d));
}
const missing = [...production].filter((ref) => !bom.components.some((c) => `${c.name}@${c.version}` === ref));
if (missing.length) fail(`npm sbom left out production packages the lockfile holds: ${missing.slice(0, 5).join(', ')}`);
if (bom.components.length === 0) fail('no production dependency found');
// npm names the root component after the checkout's folder; the package is what it describes.
if (bom.metadata?.component) bom.metadata.component.name = pkg.name;
// Reproducible: the same lockfile gives the same bytes. npm's random serial number becomes one
// derived from the content (a UUID-shaped SHA-256), and the time is SOURCE_DATE_EPOCH's, or none
// (metadata.timestamp is optional in CycloneDX), so a rebuild never changes a bundle by itself.
delete bom.serialNumber;
if (bom.metadata) delete bom.metadata.timestamp;
const epoch = Number(process.env.SOURCE_DATE_EPOCH);
if (bom.metadata && Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH) bom.metadata.timestamp = new Date(epoch * 1000).toISOString();
const h = createHash('sha256').update(JSON.stringify(bom)).digest('hex');
const serialNumber = `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
bom = { $schema: bom.$schema, bomFormat: bom.bomFormat, specVersion: bom.specVersion, serialNumber, ...Object.fromEntries(Object.entries(bom).filter(([k]) => !['$schema', 'bomFormat', 'specVersion'].includes(k))) };
mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
// Written aside and renamed, so a scan reading it meanwhile never sees half a file.
const temp = new URL(`../dist/.sbom.cdx.json.${process.pid}`, import.meta.url);
writeFileSync(temp, JSON.stringify(bom, null, 2) + '\n');
renameSync(temp, out);
