import { defineCheck } from '../../src/engine/check.js';
import { booleanField, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { readPolicy } from './_shared/conditional-access.js';

export default defineCheck({
  id: 'azure-entra-mfa-required',
  title: 'Microsoft Entra ID requires MFA for all users',
  provider: 'azure',
  resourceTypes: ['microsoft.graph/tenant'],
  category: 'authentication',
  severity: 'high',
  rationale:
    'A password alone is phished, guessed or reused; requiring a second factor at every sign-in is how the tenant verifies that a person reaching ePHI is who they claim to be.',
  remediation: {
    text: 'Create (and switch on) a conditional access policy for all users and all cloud apps that requires multifactor authentication or an MFA authentication strength, excluding only emergency-access accounts; or turn on security defaults if you use no conditional access.',
    cli: 'az rest --method post --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies --body @require-mfa-all-users.json',
    terraform:
      'resource "azuread_conditional_access_policy" "require_mfa" {\n  display_name = "Require MFA for all users"\n  state        = "enabled"\n\n  conditions {\n    client_app_types = ["all"]\n    applications { included_applications = ["All"] }\n    users {\n      included_users = ["All"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n\n  grant_controls {\n    operator          = "OR"\n    built_in_controls = ["mfa"]\n  }\n}',
  },
  evaluate(tenant) {
    const defaults = tenant.related.securityDefaults;
    const defaultsOn = isRecord(defaults) ? booleanField(defaults, 'isEnabled') : undefined;
    const policies = Array.isArray(tenant.related.conditionalAccessPolicies) ? tenant.related.conditionalAccessPolicies.map(readPolicy) : undefined;
    const qualifying = (state: string) => (policies ?? []).filter((p) => p.state === state && p.requiresMfa && p.coversEveryone);
    const summary = (p: ReturnType<typeof readPolicy>) => ({ id: p.id, displayName: p.displayName, state: p.state, exclusions: p.exclusions });
    const enforcing = qualifying('enabled');
    const reportOnly = qualifying('enabledForReportingButNotEnforced');
    const evidence = {
      securityDefaultsEnabled: defaultsOn ?? null,
      conditionalAccessPolicies: policies ? policies.length : null,
      mfaPolicies: enforcing.map(summary),
      reportOnlyMfaPolicies: reportOnly.map(summary),
    };
    if (defaultsOn === true) return pass('Security defaults are on: every user must register for and use multifactor authentication.', evidence);
    if (enforcing.length > 0) {
      const excluded = enforcing.some((p) => Object.keys(p.exclusions).length > 0);
      return pass(
        `Conditional access policy ${enforcing.map((p) => `"${p.displayName ?? p.id}"`).join(', ')} requires MFA for all users and all apps${excluded ? ', with the exclusions listed in the evidence' : ''}.`,
        evidence,
      );
    }
    if (!policies) {
      return undecided(
        defaultsOn === false
          ? 'Security defaults are off and the scan holds no conditional access policies; export GET /identity/conditionalAccess/policies to grade MFA.'
          : 'The scan holds neither the security defaults policy nor the conditional access policies of this tenant; export both from Microsoft Graph to grade MFA.',
        evidence,
      );
    }
    if (typeof tenant.related.conditionalAccessNextLink === 'string') {
      return undecided('The conditional access export is one page of several (@odata.nextLink); export every page to grade MFA.', evidence);
    }
    // Conditional access policies cannot be enabled while security defaults are on.
    if (defaultsOn === undefined && !policies.some((p) => p.state === 'enabled')) {
      return undecided('No conditional access policy is enabled and the scan does not hold the security defaults policy, which may be on; export it to grade MFA.', evidence);
    }
    const note = reportOnly.length > 0 ? ' A matching policy exists in report-only mode, which enforces nothing.' : '';
    return fail(`No enabled conditional access policy requires MFA for all users and all apps, and security defaults are off.${note}`, evidence);
  },
});
