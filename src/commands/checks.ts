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
  const limited = rows.filter((r) => r.profiles.length < PROFILES.length).length;
  const out = [`${rows.length} checks: ${rows.length - limited} run in every profile (${PROFILES.join(', ')}),`, `${limited} only in the profiles their line names.`, ''];
  for (const r of rows) {
    // A check without `profiles` runs in all of them: only the others say which (strict-only CMK checks).
    const only = r.profiles.length < PROFILES.length ? `  (${r.profiles.join(', ')} only)` : '';
    out.push(`${r.id}  [${r.severity}, ${r.category}]${only}`);
    out.push(`  ${r.title}`);
    out.push(`  ${r.resourceTypes.join(', ')}  ->  ${r.safeguards.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
