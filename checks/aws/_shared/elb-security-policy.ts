/**
 * Elastic Load Balancing predefined security policies by the oldest TLS version they accept.
 * Sources: the ALB/NLB "Security policies" pages of the ELB user guides and the Classic ELB
 * "Predefined SSL security policies" table. Names follow a pattern (`TLS13-1-2-…` accepts
 * TLS 1.2 and 1.3; `TLS13-1-0-…`, `TLS-1-1-…` older versions too); the named lists win over it.
 */
const ACCEPTS_TLS_1_0_OR_1_1 = new Set([
  'ELBSecurityPolicy-2016-08',
  'ELBSecurityPolicy-2015-05',
  'ELBSecurityPolicy-2015-03',
  'ELBSecurityPolicy-2015-02',
  'ELBSecurityPolicy-2014-10',
  'ELBSecurityPolicy-2014-01',
  'ELBSecurityPolicy-2011-08',
  'ELBSecurityPolicy-TLS-1-0-2015-04',
  'ELBSecurityPolicy-TLS-1-1-2017-01',
  'ELBSecurityPolicy-FS-2018-06',
  'ELBSecurityPolicy-FS-1-1-2019-08',
  'ELBSecurityPolicy-TLS13-1-0-2021-06',
  'ELBSecurityPolicy-TLS13-1-1-2021-06',
  'ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-0-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-1-PQ-2025-09',
  'ELBSample-ELBDefaultNegotiationPolicy',
  'ELBSample-OpenSSLDefaultNegotiationPolicy',
]);

const TLS_1_2_OR_NEWER = new Set([
  'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-FS-1-2-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2019-08',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
]);

/** `true` when the policy accepts only TLS 1.2 or newer, `false` when it accepts TLS 1.0/1.1, `undefined` when unknown. */
export function elbPolicyTls12Only(name: string): boolean | undefined {
  if (ACCEPTS_TLS_1_0_OR_1_1.has(name)) return false;
  if (TLS_1_2_OR_NEWER.has(name)) return true;
  if (/^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(name)) return true;
  if (/^ELBSecurityPolicy-(TLS13-1-[01]|TLS-1-[01]|FS-1-[01])-/.test(name)) return false;
  return undefined;
}
