/**
 * A TLS version as the services write it (`TLS1_2`, `1.2`, `TLSv1.2`, `TLSv1`, `Tls12`), as a number
 * (1.2); `undefined` for anything else (`None`, `""`), which no check may read as a pass.
 */
export function tlsVersion(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // `TLSv1` (PostgreSQL's ssl_min_protocol_version, MySQL's tls_version) means TLS 1.0.
  const m = /^(?:tls\s*v?)?\s*1(?:[._]?([0-3]))?$/i.exec(value.trim());
  return m ? 1 + Number(m[1] ?? 0) / 10 : undefined;
}

export const TLS_1_2 = 1.2;
