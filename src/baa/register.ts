import { z } from 'zod';
import { isoDate } from '../assess/dates.js';
import type { Provider, Resource } from '../inventory/resource.js';

/**
 * The BAA register: the business associate agreements an organization holds, kept in
 * `safeguard.yaml` under `baas:` (164.308(b)(1), (b)(3)). A cloud provider's agreement names the
 * accounts, subscriptions or projects it covers (`"*"`: every one, as an organization-wide
 * agreement does); a vendor outside the clouds (billing, EHR, e-fax) is listed by name. The scan
 * reports cloud accounts no agreement covers and agreements past their renewal date, and the
 * evidence bundle lists every agreement.
 */

const text = z.string().trim().min(1, 'must not be empty');
/** Account ids YAML may read as numbers (an AWS account, a GCP project number): taken as text. */
const id = z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v), text);
const ids = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : typeof v === 'number' ? [v] : v),
  z.array(id).min(1, 'must list at least one account, subscription or project ("*" for every one)'),
);

export const BAA_FIELDS = ['provider', 'vendor', 'scope', 'purpose', 'signed', 'document', 'renewal', 'notes'] as const;

const BaaEntryObject = z
  .strictObject({
    /** A cloud provider: aws, azure or gcp. */
    provider: z.enum(['aws', 'azure', 'gcp']).optional(),
    /** A vendor outside the clouds, by name (a billing service, an EHR, an e-fax service). */
    vendor: text.optional(),
    /** With `provider`: the AWS accounts, Azure subscriptions or GCP projects (ids or numbers) covered; `"*"` for every one. */
    scope: ids.optional(),
    /** What the business associate does with ePHI. */
    purpose: text.optional(),
    /** The date the agreement was signed or accepted. */
    signed: isoDate,
    /** Where the signed agreement is kept: a file, a contract number, a link. */
    document: text,
    /** The date it must be renewed or reviewed by (for an evergreen agreement, its next review). */
    renewal: isoDate,
    notes: text.optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.provider === !e.vendor) ctx.addIssue({ code: 'custom', message: 'give either provider (aws, azure, gcp) or vendor (a name), not both and not neither' });
    if (e.provider && !e.scope) ctx.addIssue({ code: 'custom', path: ['scope'], message: `missing: the ${e.provider === 'aws' ? 'AWS accounts' : e.provider === 'azure' ? 'Azure subscriptions' : 'GCP projects'} the agreement covers ("*" for every one)` });
    if (e.renewal < e.signed) ctx.addIssue({ code: 'custom', path: ['renewal'], message: `${e.renewal} is before the agreement was signed (${e.signed})` });
  });

/** A misspelt field is reported before the field it stands for goes missing, so the message can suggest the right name. */
export const BaaEntryShape = z.preprocess((v, ctx) => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const unknown = Object.keys(v).filter((k) => !(BAA_FIELDS as readonly string[]).includes(k));
    if (unknown.length) ctx.addIssue({ code: 'unrecognized_keys', keys: unknown, input: v as Record<string, unknown> });
  }
  return v;
}, BaaEntryObject);

export const BaaRegisterShape = z.array(BaaEntryShape);

export type BaaEntry = z.infer<typeof BaaEntryShape>;

/** One agreement as the scan reads it. */
export interface BaaAgreement {
  /** 1-based position in the register. */
  index: number;
  provider?: Provider;
  vendor?: string;
  scope: string[];
  purpose?: string;
  signed: string;
  document: string;
  renewal: string;
  notes?: string;
  /** Where it is written, when known. */
  line?: number;
}

/** The register as checks see it through `CheckContext.baaRegister()`: read-only, with the scan date. */
export interface BaaRegister {
  /** The settings file it was read from. */
  file: string;
  /** The date renewals are judged on (the scan's start, UTC). */
  asOf: string;
  agreements: readonly BaaAgreement[];
}

/** Build the register from the parsed `baas` section; `lineOf` gives each entry's line. */
export function baaRegister(file: string, entries: readonly BaaEntry[], asOf: string, lineOf?: (index: number) => number | undefined): BaaRegister {
  return {
    file,
    asOf,
    agreements: entries.map((e, i) => {
      const line = lineOf?.(i);
      return {
        index: i + 1,
        ...(e.provider ? { provider: e.provider } : {}),
        ...(e.vendor ? { vendor: e.vendor } : {}),
        scope: e.scope ?? (e.vendor ? [e.vendor] : []),
        ...(e.purpose ? { purpose: e.purpose } : {}),
        signed: e.signed,
        document: e.document,
        renewal: e.renewal,
        ...(e.notes ? { notes: e.notes } : {}),
        ...(line ? { line } : {}),
      };
    }),
  };
}

/**
 * The names an account resource goes by: an AWS account's 12-digit id; an Azure subscription's id
 * (GUID) and resource id; a GCP project's id and number.
 */
export function accountNames(resource: Pick<Resource, 'provider' | 'id' | 'account' | 'name' | 'config'>): string[] {
  const names = [resource.account, resource.id, resource.name];
  if (resource.provider === 'gcp') names.push(str(resource.config.projectId), str(resource.config.projectNumber));
  if (resource.provider === 'azure') names.push(str(resource.config.subscriptionId), /^\/subscriptions\/([^/]+)/i.exec(resource.id)?.[1]);
  const fold = (s: string) => (resource.provider === 'azure' ? s.toLowerCase() : s);
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== '').map(fold))];
}

/** The provider agreements whose scope names one of `names` (or is `"*"`). */
export function agreementsCovering(register: BaaRegister, provider: Provider, names: readonly string[]): BaaAgreement[] {
  const fold = (s: string) => (provider === 'azure' ? s.toLowerCase() : s);
  const wanted = new Set(names.map(fold));
  return register.agreements.filter((a) => a.provider === provider && a.scope.some((s) => s === '*' || wanted.has(fold(s))));
}

/** An agreement is past renewal once the scan date is after its renewal date. */
export function pastRenewal(a: Pick<BaaAgreement, 'renewal'>, asOf: string): boolean {
  return a.renewal < asOf;
}

/** How a register entry is named in reasons and tables. */
export function partyOf(a: Pick<BaaAgreement, 'provider' | 'vendor'>): string {
  return a.vendor ?? (a.provider === 'aws' ? 'AWS' : a.provider === 'azure' ? 'Microsoft Azure' : 'Google Cloud');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
