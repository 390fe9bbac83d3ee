import { esc } from '../report/markdown.js';
import type { BaaRegisterReport } from './report.js';

const CLOUD = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' } as const;

/** The BAA register, for the 164.308(b)(1) section of safeguards.md. */
export function baaRegisterMarkdown(r: BaaRegisterReport): string[] {
  const c = r.counts;
  const out: string[] = [];
  out.push(`**BAA register** (${code(r.file)} \`baas:\`, judged on ${r.asOf}, also in \`baa-register.csv\`): ${c.agreements} agreement${c.agreements === 1 ? '' : 's'} ` +
    `(${c.agreements - c.vendors} with cloud providers, ${c.vendors} with vendors outside the clouds), ${c.pastRenewal} past renewal; ` +
    `${c.accounts} cloud account${c.accounts === 1 ? '' : 's'} in this scan, ${c.accountsWithoutBaa} with no BAA.`, '');
  if (r.agreements.length) {
    out.push('| Party | Kind | Scope | Purpose | Signed | Renewal | Status | Document |', '|---|---|---|---|---|---|---|---|');
    for (const a of r.agreements) {
      out.push(`| ${esc(a.party)} | ${a.kind} | ${esc(a.scope.join(', '))} | ${esc(a.purpose ?? '')} | ${a.signed} | ${a.renewal} | ${a.status === 'current' ? 'current' : '**past renewal**'} | ${esc(a.document)} |`);
    }
    out.push('');
  }
  if (r.accounts.length) {
    out.push('| Cloud | Account | Covered by | Status |', '|---|---|---|---|');
    for (const a of r.accounts) {
      const status = a.agreements.length === 0 ? '**no BAA**' : a.current ? 'covered' : '**BAA past renewal**';
      out.push(`| ${CLOUD[a.provider]} | ${esc(a.name === a.account ? a.account : `${a.name} (${a.account})`)} | ${esc(a.agreements.join(', ') || '-')} | ${status} |`);
    }
    out.push('');
  }
  if (r.uncoveredServices.length) {
    out.push(`**ePHI-tagged resources in services the provider's BAA does not cover, or whose coverage is unknown (${r.uncoveredServices.length}):**`, '');
    out.push('| Status | Resource | Cloud | Type | Check | Why |', '|---|---|---|---|---|---|');
    for (const f of r.uncoveredServices.slice(0, 200)) {
      out.push(`| ${f.status === 'error' ? 'undecided' : f.status} | ${esc(f.resource.name)} | ${CLOUD[f.resource.provider]} | ${code(f.resource.type)} | ${code(f.check)} | ${esc(f.reason)} |`);
    }
    out.push('');
  }
  return out;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`';
}

/** The console's line about the BAA register, under the results line. */
export function baaSummaryLine(r: BaaRegisterReport): string {
  const c = r.counts;
  const parts = [`${c.agreements} agreement${c.agreements === 1 ? '' : 's'} (${c.vendors} with vendors outside the clouds)`];
  if (c.pastRenewal) parts.push(`${c.pastRenewal} past renewal`);
  parts.push(`${c.accountsWithoutBaa} of ${c.accounts} cloud account${c.accounts === 1 ? '' : 's'} with no BAA`);
  if (c.uncoveredServices) parts.push(`${c.uncoveredServices} ePHI-tagged resource${c.uncoveredServices === 1 ? '' : 's'} in services the BAA does not cover (or unknown)`);
  return `BAA register (${r.file}): ${parts.join('; ')}.`;
}
