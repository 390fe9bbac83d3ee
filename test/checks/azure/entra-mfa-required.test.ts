import { describe } from 'vitest';
import check from '../../../checks/azure/entra-mfa-required.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { caPolicy, conditionalAccessExport, fromGraphExports, gradesResources, keyVaultRow, registrationExport, registrationRow, securityDefaultsExport } from './rows.js';

const isTenant = (r: Resource) => r.type === 'microsoft.graph/tenant';
const BREAK_GLASS = '9e4b2c7a-1f3d-4a5e-8b6c-0d2f4a6b8c1e';
const blockLegacy = caPolicy({ id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', displayName: 'CA002: Block legacy authentication', conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: { builtInControls: ['block'] } });
const scan = (...docs: unknown[]) => fromGraphExports(docs, [keyVaultRow('kv-phi-prod')]);

describe(check.id, () => {
  gradesResources(check, [
    {
      name: 'enabled CA policy: all users (break-glass excluded), all apps, MFA',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([caPolicy(), blockLegacy])),
      pick: isTenant,
      status: 'pass',
      evidence: { securityDefaultsEnabled: false, conditionalAccessPolicies: 2, mfaPolicies: [{ displayName: 'CA001: Require multifactor authentication for all users', exclusions: { excludeUsers: [BREAK_GLASS] } }] },
    },
    {
      name: 'security defaults on',
      resources: scan(securityDefaultsExport(true)),
      pick: isTenant,
      status: 'pass',
      evidence: { securityDefaultsEnabled: true, conditionalAccessPolicies: null },
    },
    {
      name: 'an authentication strength (phishing-resistant MFA) instead of the mfa control',
      resources: scan(
        securityDefaultsExport(false),
        conditionalAccessExport([
          caPolicy({ grantControls: { builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA', policyType: 'builtIn', requirementsSatisfied: 'mfa', allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'] } } }),
        ]),
      ),
      pick: isTenant,
      status: 'pass',
      evidence: { mfaPolicies: [{ state: 'enabled' }] },
    },
    {
      name: 'the MFA policy is report-only',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([caPolicy({ state: 'enabledForReportingButNotEnforced' }), blockLegacy])),
      pick: isTenant,
      status: 'fail',
      evidence: { mfaPolicies: [], reportOnlyMfaPolicies: [{ state: 'enabledForReportingButNotEnforced' }] },
    },
    {
      name: 'MFA or a compliant device (OR): the device alone satisfies it',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([caPolicy({ grantControls: { builtInControls: ['mfa', 'compliantDevice'] } })])),
      pick: isTenant,
      status: 'fail',
      evidence: { mfaPolicies: [] },
    },
    {
      name: 'MFA for admins only (directory roles, not all users)',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([caPolicy({ users: { includeUsers: [], includeRoles: ['62e90394-69f5-4237-9190-012177145e10'] } })])),
      pick: isTenant,
      status: 'fail',
      evidence: { mfaPolicies: [] },
    },
    {
      name: 'MFA only on risky sign-ins',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([caPolicy({ conditions: { signInRiskLevels: ['high', 'medium'] } })])),
      pick: isTenant,
      status: 'fail',
      evidence: { mfaPolicies: [] },
    },
    {
      name: 'security defaults off, no conditional access export',
      resources: scan(securityDefaultsExport(false)),
      pick: isTenant,
      status: 'error',
      evidence: { securityDefaultsEnabled: false, conditionalAccessPolicies: null },
    },
    {
      name: 'registration details only',
      resources: scan(registrationExport([registrationRow('ana@clinic.example', '2f4a6c8e-0b1d-4f3a-9c5e-7a9b1c3d5e7f')])),
      pick: isTenant,
      status: 'error',
      evidence: { securityDefaultsEnabled: null, conditionalAccessPolicies: null },
    },
    {
      name: 'no policy enabled and security defaults not exported',
      resources: scan(conditionalAccessExport([])),
      pick: isTenant,
      status: 'error',
      evidence: { securityDefaultsEnabled: null, conditionalAccessPolicies: 0 },
    },
    {
      name: 'one page of several (@odata.nextLink)',
      resources: scan(securityDefaultsExport(false), conditionalAccessExport([blockLegacy], { '@odata.nextLink': 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=RFNwdAIAAQAAAA' })),
      pick: isTenant,
      status: 'error',
      evidence: { conditionalAccessPolicies: 1 },
    },
  ]);
});

