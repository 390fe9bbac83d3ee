import { isRecord } from '../../../src/engine/read.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * Reading IAM credential report rows: the CSV's own column names and values (`true`/`false`,
 * ISO 8601 times, and `N/A`, `no_information`, `not_supported` where a value does not apply).
 */
export type ReportRow = Record<string, string>;

/** What an IAM user's row is called in `related`; the account's root row is `credentialReportRoot`. */
export function reportRow(resource: Resource, key = 'credentialReport'): ReportRow | undefined {
  const row = resource.related[key];
  if (!isRecord(row)) return undefined;
  return Object.fromEntries(Object.entries(row).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `true`/`false` (IAM writes lower case; some tools upper-case the CSV). */
export function reportFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** A time column: a Date, `null` for the report's markers of "none" (`N/A`, `no_information`, `not_supported`), `undefined` if unreadable. */
export function reportTime(value: string | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === 'N/A' || v === 'no_information' || v === 'not_supported') return null;
  const t = Date.parse(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(t) ? new Date(t) : undefined;
}

/** When the report was generated: the age of every credential is measured from then, not from the scan's clock. */
export function reportAsOf(resource: Resource): { at: Date; inferred: boolean } | undefined {
  const at = resource.related.credentialReportGeneratedAt;
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(t)) return undefined;
  return { at: new Date(t), inferred: resource.related.credentialReportGeneratedAtInferred === true };
}

const DAY = 86_400_000;

/** Whole days from `from` to `to`. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}
