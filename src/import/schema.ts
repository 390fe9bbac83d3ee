import type { z } from 'zod';
import { InputError, type Place } from './input-error.js';

/** Validate a record's envelope with a zod schema; the first problem becomes a one-line error. */
export function parseRecord<T extends z.ZodType>(schema: T, raw: unknown, where: Place, what: string): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
  const message = issue ? issue.message : 'invalid record';
  throw new InputError(where.file, where.at ? `${where.at}${path}` : path.replace(/^\./, ''), `not a valid ${what}: ${message}`);
}
