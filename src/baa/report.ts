import type { Check, Profile } from '../engine/check.js';
import { checksForProfile } from '../engine/evaluate.js';
import type { Finding } from '../engine/finding.js';
import type { Provider, Resource } from '../inventory/resource.js';
import { accountNames, agreementsCovering, partyOf, pastRenewal, type BaaAgreement, type BaaRegister } from './register.js';

/**
 * The BAA register as the scan saw it (findings.json `baaRegister`, the bundle's
 * `baa-register.csv` and the 164.308(b)(1) section of safeguards.md): every agreement with its
 * status on the scan date, every cloud account of the scan and the agreements that cover it, and
 * the ePHI-tagged resources whose service the provider's BAA does not cover (the eligible-service
 * findings).
 */

export const BAA_CHECK_SUFFIXES = ['-baa-account-covered', '-baa-current'] as const;

/** The register checks run only when a register is given. */
export function isBaaCheck(id: string): boolean {
  return BAA_CHECK_SUFFIXES.some((s) => id.endsWith(s));
}

/**
 * The checks a scan (or merge) runs, and those that serve a specification but do not run: without
 * a register, the BAA checks. Coverage calls what they would grade `partial`, not `pass`.
 */
export function checksToRun(checks: readonly Check[], withRegister: boolean, profile: Profile): { run: Check[]; notRun: Check[] } {
  if (withRegister) return { run: checksForProfile(checks, profile), notRun: [] };
  return { run: checksForProfile(checks.filter((c) => !isBaaCheck(c.id)), profile), notRun: checksForProfile(checks.filter((c) => isBaaCheck(c.id)), profile) };
}

const ACCOUNT_TYPES: Record<Provider, string> = {
  aws: 'AWS::::Account',
  azure: 'Microsoft.Resources/subscriptions',
  gcp: 'cloudresourcemanager.googleapis.com/Project',
};

export interface BaaAgreementStatus extends BaaAgreement {
  party: string;
  kind: 'cloud provider' | 'vendor';
  status: 'current' | 'past renewal';
  /** The accounts of this scan it covers. */
  covers: string[];
}

export interface BaaAccountStatus {
  provider: Provider;
  account: string;
  name: string;
  /** The documents of the agreements that cover it (none: no BAA). */
  agreements: string[];
  current: boolean;
  /** The `baa-account-covered` finding on the account's resource, when the scan has that resource. */
  fingerprint: string | null;
}

export interface BaaRegisterReport {
  file: string;
  asOf: string;
  agreements: BaaAgreementStatus[];
  accounts: BaaAccountStatus[];
  /** Eligible-service results that fail or are undecided on resources tagged as holding ePHI. */
  uncoveredServices: Pick<Finding, 'check' | 'status' | 'reason' | 'fingerprint' | 'resource'>[];
  counts: { agreements: number; vendors: number; pastRenewal: number; accounts: number; accountsWithoutBaa: number; uncoveredServices: number };
}

export function baaRegisterReport(register: BaaRegister, resources: readonly Resource[], findings: readonly Finding[]): BaaRegisterReport {
  // Every account the scan holds anything of, named by its account resource when there is one.
  const accounts = new Map<string, { provider: Provider; account: string; name: string; resource?: Resource }>();
  for (const r of resources) {
    if (!r.account) continue;
    const key = `${r.provider}\u0000${r.provider === 'azure' ? r.account.toLowerCase() : r.account}`;
    const own = r.type.toLowerCase() === ACCOUNT_TYPES[r.provider].toLowerCase() ? r : undefined;
    const known = accounts.get(key);
    if (!known) accounts.set(key, { provider: r.provider, account: r.account, name: own?.name ?? r.account, ...(own ? { resource: own } : {}) });
    else if (own && !known.resource) accounts.set(key, { ...known, name: own.name, resource: own });
  }
  const coveredBy = new Map<number, string[]>();
  const accountRows: BaaAccountStatus[] = [...accounts.values()]
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.account.localeCompare(b.account))
    .map((a) => {
      const names = a.resource ? accountNames(a.resource) : [a.account];
      const covering = agreementsCovering(register, a.provider, names);
      for (const c of covering) coveredBy.set(c.index, [...(coveredBy.get(c.index) ?? []), a.account]);
      const finding = a.resource ? findings.find((f) => f.check === `${a.provider}-baa-account-covered` && f.resource.id === a.resource!.id) : undefined;
      return {
        provider: a.provider,
        account: a.account,
        name: a.name,
        agreements: covering.map((c) => c.document),
        current: covering.some((c) => !pastRenewal(c, register.asOf)),
        fingerprint: finding?.fingerprint ?? null,
      };
    });
  const agreements: BaaAgreementStatus[] = register.agreements.map((a) => ({
    ...a,
    party: partyOf(a),
    kind: a.provider ? 'cloud provider' : 'vendor',
    status: pastRenewal(a, register.asOf) ? 'past renewal' : 'current',
    covers: coveredBy.get(a.index) ?? [],
  }));
  const uncoveredServices = findings
    .filter((f) => f.category === 'eligible-service' && f.check.endsWith('-eligible-service') && f.ephi && (f.status === 'fail' || f.status === 'error'))
    .map(({ check, status, reason, fingerprint, resource }) => ({ check, status, reason, fingerprint, resource }))
    // In a stable order, so a merged bundle lists them as one scan of the whole estate does.
    .sort((a, b) => cmp(a.resource.provider, b.resource.provider) || cmp(a.resource.account ?? '', b.resource.account ?? '') || cmp(a.resource.id, b.resource.id) || cmp(a.check, b.check));
  return {
    file: register.file,
    asOf: register.asOf,
    agreements,
    accounts: accountRows,
    uncoveredServices,
    counts: {
      agreements: agreements.length,
      vendors: agreements.filter((a) => a.kind === 'vendor').length,
      pastRenewal: agreements.filter((a) => a.status === 'past renewal').length,
      accounts: accountRows.length,
      accountsWithoutBaa: accountRows.filter((a) => a.agreements.length === 0).length,
      uncoveredServices: uncoveredServices.length,
    },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One row of `baa-register.csv`. */
export interface BaaRow {
  party: string;
  kind: string;
  scope: string;
  purpose: string;
  signed: string;
  renewal: string;
  status: string;
  document: string;
  covers: string;
  line: string;
}

export const BAA_COLUMNS: [string, (r: BaaRow) => string][] = [
  ['Party', (r) => r.party],
  ['Kind', (r) => r.kind],
  ['Scope', (r) => r.scope],
  ['Purpose', (r) => r.purpose],
  ['Signed', (r) => r.signed],
  ['Renewal', (r) => r.renewal],
  ['Status', (r) => r.status],
  ['Document', (r) => r.document],
  ['Accounts in this scan it covers', (r) => r.covers],
  ['Register line', (r) => r.line],
];

/** `baa-register.csv`: one row per agreement, then one per cloud account of the scan that no agreement covers. */
export function baaRegisterRows(report: BaaRegisterReport): BaaRow[] {
  const rows: BaaRow[] = report.agreements.map((a) => ({
    party: a.party,
    kind: a.kind,
    scope: a.scope.join(' '),
    purpose: a.purpose ?? '',
    signed: a.signed,
    renewal: a.renewal,
    status: `${a.status} on ${report.asOf}`,
    document: a.document,
    covers: a.covers.join(' '),
    line: a.line ? String(a.line) : '',
  }));
  for (const acc of report.accounts.filter((x) => x.agreements.length === 0)) {
    rows.push({ party: partyOf({ provider: acc.provider }), kind: 'cloud account with no BAA', scope: acc.account, purpose: '', signed: '', renewal: '', status: `missing on ${report.asOf}`, document: '', covers: '', line: '' });
  }
  return rows;
}
