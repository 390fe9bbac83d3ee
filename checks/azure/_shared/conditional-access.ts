import { arrayField, field, isRecord, stringField } from '../../../src/engine/read.js';

/** Microsoft's built-in authentication strengths (MFA, passwordless MFA, phishing-resistant MFA). */
const BUILT_IN_MFA_STRENGTHS = new Set(['00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004']);

/** What one Microsoft Graph `conditionalAccessPolicy` requires, and of whom. */
export interface PolicyReading {
  id: string;
  displayName: string | null;
  state: string;
  /** Every way to satisfy the grant controls includes a second factor. */
  requiresMfa: boolean;
  /** Targets all users, all cloud apps and all client app types, without risk or platform conditions. */
  coversEveryone: boolean;
  /** Who and what the policy leaves out: the evidence a reviewer must accept. */
  exclusions: Record<string, unknown>;
}

const lower = (v: unknown[] | undefined) => (v ?? []).filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined);

export function readPolicy(policy: unknown): PolicyReading {
  const grant = field(policy, 'grantControls');
  const builtIn = lower(arrayField(grant, 'builtInControls'));
  const strength = field(grant, 'authenticationStrength');
  const strengthIsMfa =
    isRecord(strength) &&
    (stringField(strength, 'requirementsSatisfied')?.toLowerCase() === 'mfa' ||
      (stringField(strength, 'requirementsSatisfied') === undefined && BUILT_IN_MFA_STRENGTHS.has(stringField(strength, 'id') ?? '')));
  const operator = (stringField(grant, 'operator') ?? 'OR').toUpperCase();
  const others = [...builtIn.filter((c) => c !== 'mfa'), ...(arrayField(grant, 'customAuthenticationFactors') ?? []), ...(arrayField(grant, 'termsOfUse') ?? [])];
  const mfa = builtIn.includes('mfa') || strengthIsMfa;
  // Under OR, any other control (a compliant device, say) is an alternative to the second factor.
  const requiresMfa = !builtIn.includes('block') && mfa && (operator === 'AND' || others.length === 0);

  const conditions = field(policy, 'conditions');
  const clientApps = lower(arrayField(conditions, 'clientAppTypes'));
  const platforms = lower(arrayField(conditions, 'platforms.includePlatforms'));
  const coversEveryone =
    lower(arrayField(conditions, 'users.includeUsers')).includes('all') &&
    lower(arrayField(conditions, 'applications.includeApplications')).includes('all') &&
    (clientApps.length === 0 || clientApps.includes('all')) &&
    (arrayField(conditions, 'signInRiskLevels') ?? []).length === 0 &&
    (arrayField(conditions, 'userRiskLevels') ?? []).length === 0 &&
    (field(conditions, 'platforms') === null || field(conditions, 'platforms') === undefined || platforms.includes('all'));

  const exclusions: Record<string, unknown> = {};
  for (const path of ['users.excludeUsers', 'users.excludeGroups', 'users.excludeRoles', 'users.excludeGuestsOrExternalUsers', 'applications.excludeApplications', 'locations.excludeLocations', 'platforms.excludePlatforms']) {
    const v = field(conditions, path);
    if (nonEmpty(v)) exclusions[path.split('.')[1]!] = v;
  }
  return { id: stringField(policy, 'id') ?? '', displayName: stringField(policy, 'displayName') ?? null, state: stringField(policy, 'state') ?? '', requiresMfa, coversEveryone, exclusions };
}
