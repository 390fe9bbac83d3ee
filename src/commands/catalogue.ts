import type { Check, Profile } from '../engine/check.js';
import { safeguardCoverage, PROVIDERS, type SafeguardCoverage } from '../engine/coverage.js';
import { checksForProfile } from '../engine/evaluate.js';
import { checkCatalogue } from '../engine/prebuilt-catalogue.js';
import type { Provider } from '../inventory/resource.js';
import { loadMappings, type LoadedMappings, type ProfileInfo } from '../mappings/index.js';
import { requirementAbbr } from '../mappings/requirement.js';

const ALL_PROFILES: Profile[] = ['default', 'strict', 'nprm-2025'];

/** `safeguard checks` (in its own module, so that listing the checks loads none of this one's imports). */
export { listChecks } from './checks.js';

export type CatalogueFormat = 'text' | 'json' | 'markdown';

/**
 * One specification under a profile: the checks that grade it there, per cloud, and the checks
 * that serve it only in other profiles (the strict variants, seen from the default profile).
 */
interface Row {
  coverage: SafeguardCoverage;
  note?: string;
  running: Record<Provider, string[]>;
  elsewhere: Record<Provider, { id: string; profiles: Profile[] }[]>;
}

/**
 * `safeguard safeguards`: the catalogue under a profile (its Required/Addressable statuses),
 * the checks per cloud, and `manual` with the evidence to attach where a cloud has none.
 */
export async function listSafeguards(format: CatalogueFormat | boolean, profile: Profile = 'default'): Promise<string> {
  const fmt: CatalogueFormat = format === true ? 'json' : format === false ? 'text' : format;
  const catalogue = await checkCatalogue();
  return renderCatalogue(fmt, catalogue.mappings(profile), catalogue.checks, profile, catalogue.mappings);
}

/**
 * The catalogue of `mappings` (loaded under `profile`) with `checks`, in one of the formats;
 * `mappingsOf` gives the other profiles (for the Markdown table of profiles).
 */
export function renderCatalogue(fmt: CatalogueFormat, mappings: LoadedMappings, checks: readonly Check[], profile: Profile, mappingsOf: (profile: Profile) => LoadedMappings = (p) => loadMappings({ profile: p })): string {
  const rows = catalogueRows(mappings, checks, profile);
  if (fmt === 'json') {
    const json = rows.map(({ coverage: s, note, running, elsewhere }) => ({
      id: s.id,
      title: s.title,
      standard: s.standard,
      status: s.status,
      requirement: s.requirement,
      kind: s.kind,
      section: s.section,
      checks: running,
      manual: PROVIDERS.every((p) => running[p].length === 0),
      evidence: s.evidence,
      ...(note ? { note } : {}),
      ...(PROVIDERS.some((p) => elsewhere[p].length) ? { otherProfileChecks: Object.fromEntries(PROVIDERS.map((p) => [p, elsewhere[p].map((c) => c.id)])) } : {}),
    }));
    return JSON.stringify(json, null, 2) + '\n';
  }
  return fmt === 'markdown' ? coverageMarkdown(mappings, rows, mappingsOf) : coverageText(mappings, rows);
}

function catalogueRows(mappings: LoadedMappings, checks: readonly Check[], profile: Profile): Row[] {
  const runs = new Set(checksForProfile(checks, profile).map((c) => c.id));
  const profilesOf = new Map(checks.map((c) => [c.id, c.profiles ?? ALL_PROFILES]));
  const notes = new Map(mappings.safeguards.map((s) => [s.id, s.note]));
  return safeguardCoverage(mappings, checks).map((coverage) => {
    const running = { aws: [] as string[], azure: [] as string[], gcp: [] as string[] };
    const elsewhere = { aws: [] as Row['elsewhere'][Provider], azure: [] as Row['elsewhere'][Provider], gcp: [] as Row['elsewhere'][Provider] };
    for (const p of PROVIDERS) {
      for (const id of coverage.checks[p]) {
        if (runs.has(id)) running[p].push(id);
        else elsewhere[p].push({ id, profiles: profilesOf.get(id) ?? [] });
      }
    }
    const note = notes.get(coverage.id);
    return { coverage, running, elsewhere, ...(note ? { note } : {}) };
  });
}

function coverageText(mappings: LoadedMappings, rows: Row[]): string {
  const out: string[] = [];
  const info = mappings.profile;
  if (info.banner) out.push(...profileBanner(info), '');
  out.push(`Profile ${info.id}: ${info.title}`, '');
  for (const { coverage: s, note, running, elsewhere } of rows) {
    out.push(`${s.id}  ${s.title} (${s.requirement === 'Standard' ? 'standard, graded through its implementation specifications' : `${s.requirement}${s.kind === 'standard' ? ', standard' : ''}`})`);
    out.push(`  Standard: ${s.standard}`);
    if (note) out.push(`  ${info.id}: ${note}`);
    for (const p of PROVIDERS) {
      const other = elsewhere[p].map((c) => `${c.id} (${c.profiles.join(', ')} only)`);
      const cell = running[p].length ? running[p].join(', ') : 'manual';
      out.push(`  ${p.padEnd(6)} ${[cell, ...other].join('; ')}`);
    }
    if (PROVIDERS.some((p) => running[p].length === 0)) out.push(`  Manual evidence: ${s.evidence}`);
    out.push('');
  }
  out.push('HIPAA-eligible service lists (mappings/eligible-services/):');
  for (const l of eligibleListLines(mappings)) out.push(`  ${l.provider.padEnd(6)} ${l.text} ${mappings.eligibleServices[l.provider].url}`);
  return out.join('\n') + '\n';
}

/**
 * The coverage table as Markdown (`docs/coverage.md`, written by `npm run coverage`). Nothing in
 * it depends on the clock, so the committed file can be compared with a fresh rendering.
 */
function coverageMarkdown(mappings: LoadedMappings, rows: Row[], mappingsOf: (profile: Profile) => LoadedMappings): string {
  const info = mappings.profile;
  const out: string[] = [
    '<!-- Generated by `npm run coverage` (safeguard safeguards --markdown) from mappings/ and checks/. Do not edit by hand. -->',
    '',
    '# Coverage: HIPAA Security Rule specifications and checks',
    '',
  ];
  if (info.banner) out.push(`> **${cell(info.banner)}**`, '');
  out.push(
    `Profile \`${info.id}\`: ${info.title}. ${info.description}`,
    '',
    'Each specification in the catalogue (`mappings/safeguards.yaml`) with the automated checks that grade it on each cloud',
    '(`mappings/check-safeguards/`). Where a cloud has no check, the specification is **manual** there: a person attaches',
    'the evidence in the last column. Checks that run only in other profiles are listed in italics with those profiles.',
    'R/A: Required or Addressable.',
    '',
    '| Specification | Title | R/A | AWS checks | Azure checks | GCP checks | Manual: what to attach |',
    '|---|---|---|---|---|---|---|',
  );
  for (const { coverage: s, note, running, elsewhere } of rows) {
    const clouds = PROVIDERS.map((p) => {
      const here = running[p].map((id) => `\`${id}\``);
      const other = elsewhere[p].map((c) => `_\`${c.id}\` (${c.profiles.join(', ')})_`);
      return [...(here.length ? here : ['manual']), ...other].join('<br>');
    });
    const manual = PROVIDERS.some((p) => running[p].length === 0) ? cell(s.evidence) : '—';
    const title = cell(s.title) + (note ? `<br>_${info.id}: ${cell(note)}_` : '');
    out.push(`| ${s.id} | ${title} | ${requirementAbbr(s.requirement)} | ${clouds.join(' | ')} | ${manual} |`);
  }
  out.push('', '## HIPAA-eligible service lists', '', 'The `eligible-service` checks read these lists (`mappings/eligible-services/`).', '');
  out.push('| Cloud | List | Status |', '|---|---|---|');
  for (const l of eligibleListLines(mappings)) {
    const list = mappings.eligibleServices[l.provider];
    out.push(`| ${l.provider} | [${cell(list.title)}](${list.url}) | ${cell(l.text)} |`);
  }
  out.push('', '## Profiles', '', '`--profile` chooses the statuses and the checks (`mappings/profiles/`). The table above reads the `default` profile; `safeguard safeguards --profile nprm-2025` prints the proposal\'s statuses.', '');
  out.push('| Profile | In force | What it grades |', '|---|---|---|');
  for (const id of ALL_PROFILES) {
    const p = mappingsOf(id).profile;
    out.push(`| \`${id}\` | ${p.inForce ? 'yes' : '**no: a proposal**'} | ${cell(p.description)}${p.citation ? ` (${cell(p.citation)})` : ''} |`);
  }
  return out.join('\n') + '\n';
}

function eligibleListLines(mappings: LoadedMappings): { provider: Provider; text: string }[] {
  return PROVIDERS.map((provider) => {
    const l = mappings.eligibleServices[provider];
    const text =
      l.status === 'transcribed'
        ? `${l.count} services, list dated ${l.date} (reviewed ${l.reviewed}).`
        : `not transcribed (reviewed ${l.reviewed}): ${l.reason ?? 'no reason given'} Resources tagged as holding ePHI are undecided until it is.`;
    return { provider, text };
  });
}

/** The banner a profile that is not in force prints first, wrapped to 80 columns. */
export function profileBanner(info: ProfileInfo): string[] {
  if (!info.banner) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of info.banner.split(/\s+/)) {
    if (line && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
