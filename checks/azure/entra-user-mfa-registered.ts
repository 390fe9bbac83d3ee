import { defineCheck } from '../../src/engine/check.js';
import { registrationVerdict } from './_shared/mfa-registration.js';

export default defineCheck({
  id: 'azure-entra-user-mfa-registered',
  title: 'Microsoft Entra user has registered for MFA',
  provider: 'azure',
  resourceTypes: ['microsoft.graph/userRegistrationDetails'],
  category: 'authentication',
  severity: 'medium',
  rationale:
    'A policy that requires MFA protects only users who have registered a second factor; an unregistered account can be claimed by whoever first signs in with its password.',
  remediation: {
    text: 'Have the user register an authentication method (a registration campaign or a Temporary Access Pass helps), or disable the account if it is unused.',
    cli: 'az rest --method post --url https://graph.microsoft.com/v1.0/users/USER_ID/authentication/temporaryAccessPassMethods --body \'{"isUsableOnce": true}\'',
  },
  evaluate(user) {
    return registrationVerdict(user, 'users');
  },
});
