import type { CheckContext, Verdict } from '../../src/engine/check.js';
import { fail, notApplicable, pass } from '../../src/engine/verdict.js';
import type { Provider, Resource } from '../../src/inventory/resource.js';
import { accountNames, agreementsCovering, partyOf, pastRenewal, type BaaAgreement } from '../../src/baa/register.js';

/**
 * The verdicts of the `<cloud>-baa-account-covered` and `<cloud>-baa-current` checks: they read
 * the BAA register (`safeguard.yaml` `baas:`) through the context. Without a register they decide
 * nothing (the scan runs them only when a register is given).
 */

const UNIT: Record<Provider, string> = { aws: 'AWS account', azure: 'Azure subscription', gcp: 'GCP project' };

function cite(a: BaaAgreement): Record<string, unknown> {
  return { party: partyOf(a), document: a.document, signed: a.signed, renewal: a.renewal, scope: a.scope, ...(a.line ? { registerLine: a.line } : { registerEntry: a.index }) };
}

/** Is there an agreement with the cloud provider that names this account (or every account)? */
export function accountCoveredVerdict(resource: Resource, context: CheckContext): Verdict {
  const register = context.baaRegister();
  const unit = UNIT[resource.provider];
  if (!register) return notApplicable('No BAA register was given (safeguard.yaml baas:), so BAA coverage was not graded.');
  const names = accountNames(resource);
  const covering = agreementsCovering(register, resource.provider, names);
  const evidence = { account: names[0] ?? resource.id, names, register: register.file };
  if (covering.length === 0) {
    const others = register.agreements.filter((a) => a.provider === resource.provider).map((a) => a.scope.join(', '));
    return fail(
      `No business associate agreement in the register covers this ${unit}, so it must not hold ePHI.`,
      { ...evidence, agreementsWithProvider: others },
    );
  }
  const first = covering[0]!;
  return pass(`${partyOf(first)}'s BAA (${first.document}, signed ${first.signed}) covers this ${unit}.`, { ...evidence, agreements: covering.map(cite) });
}

/** Is the agreement that covers this account still before its renewal date? */
export function agreementCurrentVerdict(resource: Resource, context: CheckContext): Verdict {
  const register = context.baaRegister();
  const unit = UNIT[resource.provider];
  if (!register) return notApplicable('No BAA register was given (safeguard.yaml baas:), so BAA renewal was not graded.');
  const covering = agreementsCovering(register, resource.provider, accountNames(resource));
  if (covering.length === 0) return notApplicable(`No BAA in the register covers this ${unit} (the baa-account-covered check fails it).`);
  const current = covering.filter((a) => !pastRenewal(a, register.asOf));
  const evidence = { asOf: register.asOf, agreements: covering.map(cite) };
  if (current.length === 0) {
    const latest = [...covering].sort((a, b) => (a.renewal < b.renewal ? 1 : -1))[0]!;
    return fail(`The BAA that covers this ${unit} (${latest.document}) was due for renewal on ${latest.renewal}.`, evidence);
  }
  const first = current[0]!;
  return pass(`The BAA that covers this ${unit} (${first.document}) is current until ${first.renewal}.`, evidence);
}
