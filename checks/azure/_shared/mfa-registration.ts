import type { Verdict } from '../../../src/engine/check.js';
import { arrayField, booleanField, stringField } from '../../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * One Microsoft Graph `userRegistrationDetails` row. Admins and other users are graded by two
 * checks so that an admin without MFA carries the higher severity; each leaves the other's users
 * `not_applicable`.
 */
export function registrationVerdict(user: Resource, grades: 'admins' | 'users'): Verdict {
  const isAdmin = booleanField(user.config, 'isAdmin');
  if (grades === 'admins' && isAdmin !== true) return notApplicable('The user holds no admin role; azure-entra-user-mfa-registered grades this user.', { isAdmin: isAdmin ?? null });
  if (grades === 'users' && isAdmin === true) return notApplicable('The user holds an admin role; azure-entra-admin-mfa-registered grades this user.', { isAdmin });
  const registered = booleanField(user.config, 'isMfaRegistered');
  const evidence = {
    userPrincipalName: stringField(user.config, 'userPrincipalName') ?? null,
    userType: stringField(user.config, 'userType') ?? null,
    isAdmin: isAdmin ?? null,
    isMfaRegistered: registered ?? null,
    isMfaCapable: booleanField(user.config, 'isMfaCapable') ?? null,
    methodsRegistered: arrayField(user.config, 'methodsRegistered') ?? null,
    lastUpdatedDateTime: stringField(user.config, 'lastUpdatedDateTime') ?? null,
  };
  const who = isAdmin === true ? 'This administrator' : evidence.userType === 'guest' ? 'This guest user' : 'This user';
  if (registered === true) return pass(`${who} has registered a method for multifactor authentication.`, evidence);
  if (registered === false) return fail(`${who} has not registered any method for multifactor authentication, so sign-in rests on the password alone.`, evidence);
  return undecided('The registration record does not say whether the user has registered for multifactor authentication.', evidence);
}
