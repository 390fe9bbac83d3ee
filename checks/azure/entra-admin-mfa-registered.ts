import { defineCheck } from '../../src/engine/check.js';
import { registrationVerdict } from './_shared/mfa-registration.js';

export default defineCheck({
  id: 'azure-entra-admin-mfa-registered',
  title: 'Microsoft Entra administrator has registered for MFA',
  provider: 'azure',
  resourceTypes: ['microsoft.graph/userRegistrationDetails'],
  category: 'authentication',
  severity: 'high',
  rationale:
    'An administrator without a registered second factor can be taken over with a password alone, and with the account the tenant, its subscriptions and the ePHI in them.',
  remediation: {
    text: 'Have the administrator register a phishing-resistant method (FIDO2 key, Windows Hello, passkey) before the role is used again.',
    cli: 'az rest --method post --url https://graph.microsoft.com/v1.0/users/USER_ID/authentication/temporaryAccessPassMethods --body \'{"isUsableOnce": true}\'',
  },
  evaluate(user) {
    return registrationVerdict(user, 'admins');
  },
});
