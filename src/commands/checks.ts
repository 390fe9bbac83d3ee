import { PROFILES, type Check } from '../engine/check.js';
import { checkCatalogue } from '../engine/prebuilt-catalogue.js';

/**
 * `safeguard checks`: every check with the citations it serves. It reads the prebuilt catalogue
 * (dist/catalogue.json) when that is fresh, so the command does not import every check module.
 */
export async function listChecks(json: boolean): Promise<string> {
  const catalogue = await checkCatalogue();
  return formatChecks(catalogue.checks, catalogue.mappings('default').checkSafeguards, json);
}

function formatChecks(checks: readonly Check[], checkSafeguards: ReadonlyMap<string, string[]>, json: boolean): string {
  const rows = checks.map((c) => ({
    id: c.id,
    title: c.title,
    provider: c.provider,
    resourceTypes: c.resourceTypes,
    category: c.category,
    severity: c.severity,
    profiles: c.profiles ?? PROFILES,
    safeguards: checkSafeguards.get(c.id) ?? [],
  }));
  if (json) return JSON.stringify(rows, null, 2) + '\n';
  const out = [`${rows.length} checks`, ''];
  for (const r of rows) {
    out.push(`${r.id}  [${r.severity}, ${r.category}]`);
    out.push(`  ${r.title}`);
    out.push(`  ${r.resourceTypes.join(', ')}  ->  ${r.safeguards.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
