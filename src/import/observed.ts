/**
 * Order two observation times (`source.observedAt`). They are RFC 3339 texts whose fraction and
 * offset vary (`…:00Z` vs `…:00.5Z`, `+00:00`), so compare the instants; text decides only where
 * a time does not parse or the instants are equal to the millisecond. Missing sorts first.
 */
export function compareObservedAt(a: string | undefined, b: string | undefined): number {
  const ta = a === undefined ? -Infinity : Date.parse(a);
  const tb = b === undefined ? -Infinity : Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb ? -1 : 1;
  const sa = a ?? '';
  const sb = b ?? '';
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}
