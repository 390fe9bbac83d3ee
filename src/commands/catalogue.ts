import { safeguardCoverage, PROVIDERS } from '../engine/coverage.js';
import { loadChecks } from '../engine/registry.js';
import { loadMappings } from '../mappings/index.js';

/** `safeguard checks`: every check with the citations it serves. */
export async function listChecks(json: boolean): Promise<string> {
  const [checks, mappings] = [await loadChecks(), loadMappings()];
  const rows = checks.map((c) => ({
    id: c.id,
    title: c.title,
    provider: c.provider,
    resourceTypes: c.resourceTypes,
    category: c.category,
    severity: c.severity,
    profiles: c.profiles ?? ['default', 'strict', 'nprm-2025'],
    safeguards: mappings.checkSafeguards.get(c.id) ?? [],
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

/** `safeguard safeguards`: the catalogue, R/A, and checks per cloud (`manual` where none). */
export async function listSafeguards(json: boolean): Promise<string> {
  const [checks, mappings] = [await loadChecks(), loadMappings()];
  const coverage = safeguardCoverage(mappings, checks);
  if (json) {
    const rows = coverage.map((s) => ({
      id: s.id,
      title: s.title,
      standard: s.standard,
      status: s.status,
      kind: s.kind,
      section: s.section,
      checks: s.checks,
      manual: PROVIDERS.every((p) => s.checks[p].length === 0),
      evidence: s.evidence,
    }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  const out: string[] = [];
  for (const s of coverage) {
    out.push(`${s.id}  ${s.title} (${s.status === 'required' ? 'Required' : 'Addressable'}${s.kind === 'standard' ? ', standard' : ''})`);
    out.push(`  Standard: ${s.standard}`);
    for (const p of PROVIDERS) {
      out.push(`  ${p.padEnd(6)} ${s.checks[p].length ? s.checks[p].join(', ') : 'manual'}`);
    }
    if (PROVIDERS.some((p) => s.checks[p].length === 0)) out.push(`  Manual evidence: ${s.evidence}`);
    out.push('');
  }
  return out.join('\n');
}
