import type { CheckContext, Evidence, Verdict } from '../../../src/engine/check.js';
import { field } from '../../../src/engine/read.js';
import { fail, pass, undecided } from '../../../src/engine/verdict.js';
import { customerKeyState, optionalKeyName } from './kms.js';

/**
 * The strict-profile verdict on who holds a resource's key: a Cloud KMS key the customer manages
 * passes, Google-managed encryption fails. Whether the key can still decrypt is graded by the
 * default profile's `*-encrypted` checks; the key's state is only reported here.
 */
export function gradeCustomerManagedKey(what: string, doc: unknown, path: string, context: CheckContext, extra: Evidence = {}): Verdict {
  const key = optionalKeyName(doc, path);
  const name = path.split('.').pop()!;
  if (!key) return undecided(`The ${what} names an encryption key that is not readable text.`, { [name]: field(doc, path) ?? null, ...extra });
  if (key.name === null) {
    return fail(`The ${what} is encrypted with Google-managed keys, not a customer-managed Cloud KMS key.`, { keyType: 'Google-managed', [name]: null, ...extra });
  }
  const state = customerKeyState(key.name, context);
  // An unusable key version fails the default profile's *-encrypted check; here it is only reported.
  const note = state.state && state.state !== 'ENABLED' ? ` (its key version is ${state.state})` : '';
  return pass(`The ${what} is encrypted with customer-managed key ${state.key}${note}.`, {
    keyType: 'customer-managed (Cloud KMS)',
    [name]: key.name,
    kmsKey: state.key,
    keyState: state.state ?? 'not in the inventory',
    ...extra,
  });
}

