import { describe } from 'vitest';
import check from '../../../checks/azure/entra-admin-mfa-registered.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { fromGraphExports, gradesResources, registrationExport, registrationRow } from './rows.js';

const GLOBAL_ADMIN = '3b5d7f9a-1c2e-4a6b-8d0f-2e4a6c8b0d1f';
const NEW_ADMIN = '7c9e1a3b-5d7f-4b2c-9e1a-3c5e7a9b1d2f';
const ODD_ADMIN = '0a2c4e6b-8d1f-4c3a-b5e7-9f1b3d5a7c9e';
const MEMBER = '86462606-fde0-4fc4-9e0c-a20eb73e54c6';
const users = fromGraphExports([
  registrationExport([
    registrationRow('it-admin@clinic.example', GLOBAL_ADMIN, { isAdmin: true, isPasswordlessCapable: true, methodsRegistered: ['fido2', 'microsoftAuthenticatorPush'] }),
    registrationRow('new-admin@clinic.example', NEW_ADMIN, { isAdmin: true, isMfaRegistered: false, isMfaCapable: false, methodsRegistered: [] }),
    registrationRow('odd-admin@clinic.example', ODD_ADMIN, { isAdmin: true, isMfaRegistered: null }),
    registrationRow('AlexW@clinic.example', MEMBER),
  ]),
]);
const user = (id: string) => (r: Resource) => r.id === id;

describe(check.id, () => {
  gradesResources(check, [
    { name: 'admin with a FIDO2 key', resources: users, pick: user(GLOBAL_ADMIN), status: 'pass', evidence: { isAdmin: true, isMfaRegistered: true, methodsRegistered: ['fido2', 'microsoftAuthenticatorPush'] } },
    { name: 'admin with no method registered', resources: users, pick: user(NEW_ADMIN), status: 'fail', evidence: { isAdmin: true, isMfaRegistered: false } },
    { name: 'admin whose registration is null', resources: users, pick: user(ODD_ADMIN), status: 'error', evidence: { isMfaRegistered: null } },
    { name: 'a member is left to the user check', resources: users, pick: user(MEMBER), status: 'not_applicable', evidence: { isAdmin: false } },
  ]);
});
