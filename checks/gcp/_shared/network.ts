/** True for a CIDR range with prefix length 0 (`0.0.0.0/0`, `::/0`): every address there is. */
export function isWholeInternet(range: string): boolean {
  return /^[0-9a-fA-F.:]+\/0$/.test(range.trim());
}

/** A port range `22` or `1000-2000` as numbers; undefined when it does not parse. */
export function portRange(spec: string): [number, number] | undefined {
  const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(spec);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to ? [from, to] : undefined;
}
