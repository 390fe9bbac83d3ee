import { arrayField, stringField } from '../../../src/engine/read.js';

/**
 * Cipher suites without forward secrecy (and 3DES) that CIS GCP 3.9 names as weak; a CUSTOM
 * profile must leave them out.
 */
export const WEAK_FEATURES = [
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];

const STRONG_MIN_TLS = new Set(['TLS_1_2', 'TLS_1_3']);

/** What the load balancer will negotiate under a Compute Engine SslPolicy, and whether that is strong. */
export interface SslPolicyGrade {
  strong: boolean;
  problems: string[];
  evidence: { profile: string; minTlsVersion: string; weakFeatures: string[] };
}

/**
 * MODERN or FIPS_202205 with TLS 1.2+, RESTRICTED (whose ciphers exist only in TLS 1.2), or CUSTOM
 * with TLS 1.2+ and none of the weak suites. Absent fields take the API defaults (COMPATIBLE, TLS 1.0).
 */
export function gradeSslPolicy(policy: Record<string, unknown>): SslPolicyGrade {
  const profile = stringField(policy, 'profile') ?? 'COMPATIBLE';
  const minTlsVersion = stringField(policy, 'minTlsVersion') ?? 'TLS_1_0';
  const listed = [...(arrayField(policy, 'customFeatures') ?? []), ...(arrayField(policy, 'enabledFeatures') ?? [])].filter((f): f is string => typeof f === 'string');
  const weakFeatures = [...new Set(listed.filter((f) => WEAK_FEATURES.includes(f)))];
  const problems: string[] = [];
  if (profile === 'COMPATIBLE') problems.push('the COMPATIBLE profile allows out-of-date cipher suites');
  else if (!['MODERN', 'RESTRICTED', 'FIPS_202205', 'CUSTOM'].includes(profile)) problems.push(`profile ${profile} is not one this check knows to be strong`);
  if (profile !== 'RESTRICTED' && !STRONG_MIN_TLS.has(minTlsVersion)) problems.push(`minimum TLS version ${minTlsVersion} is below TLS 1.2`);
  if (weakFeatures.length > 0) problems.push(`weak cipher suites are enabled (${weakFeatures.join(', ')})`);
  return { strong: problems.length === 0, problems, evidence: { profile, minTlsVersion, weakFeatures } };
}
