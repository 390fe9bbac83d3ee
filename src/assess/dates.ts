import { z } from 'zod';

/**
 * A calendar date, `YYYY-MM-DD`. YAML 1.2 reads `2026-03-02` as text; a YAML 1.1 reader (or a
 * `!!timestamp` tag) gives a Date, taken as its UTC day.
 */
export const isoDate = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.string()).transform((v, ctx) => {
  const s = v.trim();
  if (!isDay(s)) {
    ctx.addIssue({ code: 'custom', message: `not a date: expected YYYY-MM-DD, got ${JSON.stringify(s)}` });
    return z.NEVER;
  }
  return s;
});

export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

/** The UTC day of a time. */
export function dayOf(t: Date): string {
  return t.toISOString().slice(0, 10);
}

/** `day` plus whole months (the 31st of a shorter month becomes its last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return dayOf(target);
}
