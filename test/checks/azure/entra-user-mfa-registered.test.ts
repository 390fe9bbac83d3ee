import { describe } from 'vitest';
import check from '../../../checks/azure/entra-user-mfa-registered.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { fromGraphExports, gradesResources, registrationExport, registrationRow } from './rows.js';

const ALEX = '86462606-fde0-4fc4-9e0c-a20eb73e54c6';
const ALLAN = 'c6ad1942-4afa-47f8-8d48-afb5d8d69d2f';
const BIANCA = 'c8096958-797c-44fa-8fde-a6fb62567cf0';
const ADMIN = '3b5d7f9a-1c2e-4a6b-8d0f-2e4a6c8b0d1f';
// Rows as the Graph v1.0 "List userRegistrationDetails" example returns them.
const users = fromGraphExports([
  registrationExport([
    registrationRow('AlexW@Contoso.com', ALEX, { userDisplayName: 'Alex Wilber', isSsprRegistered: false, isSsprEnabled: false, isSsprCapable: false, lastUpdatedDateTime: '2023-03-13T19:15:41.6195833Z' }),
    registrationRow('AllanD@Contoso.com', ALLAN, { userDisplayName: 'Allan Deyoung', userType: 'guest', isSsprRegistered: false, isSsprEnabled: false, isSsprCapable: false, isMfaRegistered: false, isMfaCapable: false, methodsRegistered: [], systemPreferredAuthenticationMethods: [], userPreferredMethodForSecondaryAuthentication: '', lastUpdatedDateTime: '2023-03-13T19:15:41.6195833Z' }),
    registrationRow('BiancaP@Contoso.com', BIANCA, { userDisplayName: 'Bianca Pisani', isMfaRegistered: undefined }),
    registrationRow('admin@Contoso.com', ADMIN, { isAdmin: true }),
  ]),
]);
const user = (id: string) => (r: Resource) => r.id === id;

describe(check.id, () => {
  gradesResources(check, [
    { name: 'registered member', resources: users, pick: user(ALEX), status: 'pass', evidence: { userPrincipalName: 'AlexW@Contoso.com', isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] } },
    { name: 'guest with no method registered', resources: users, pick: user(ALLAN), status: 'fail', evidence: { userType: 'guest', isMfaRegistered: false, methodsRegistered: [] } },
    { name: 'registration not recorded', resources: users, pick: user(BIANCA), status: 'error', evidence: { isMfaRegistered: null } },
    { name: 'an admin is left to the admin check', resources: users, pick: user(ADMIN), status: 'not_applicable', evidence: { isAdmin: true } },
  ]);
});
