import { describe, expect, it } from 'vitest';
import check, { MAX_PASSWORD_AGE_DAYS, MIN_PASSWORD_LENGTH, PASSWORD_REUSE_PREVENTION } from '../../../checks/aws/account-password-policy.js';
import { estateVerdictTable, importEstate, s3BucketItem, snapshotFile } from './items.js';

const strong = {
  MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false,
};
const snapshot = snapshotFile([s3BucketItem({})]);
const policyFile = (policy: unknown) => ({ 'snapshot.json': snapshot, 'aws-account-123456789012/iam-password-policy.json': { PasswordPolicy: policy } });

describe('aws-account-password-policy', () => {
  it('uses the HIPAA conformance pack thresholds', () => {
    expect([MIN_PASSWORD_LENGTH, PASSWORD_REUSE_PREVENTION, MAX_PASSWORD_AGE_DAYS]).toEqual([14, 24, 90]);
  });

  estateVerdictTable(check, [
    { title: 'passes a policy that meets every threshold', files: policyFile(strong), status: 'pass', evidence: { passwordPolicy: { MinimumPasswordLength: 14 } } },
    {
      title: 'fails a 12-character policy that remembers 5 passwords',
      files: policyFile({ ...strong, MinimumPasswordLength: 12, PasswordReusePrevention: 5 }),
      status: 'fail',
      evidence: { shortfalls: ['minimum length 12 (needs 14)', 'reuse prevention 5 (needs 24)'] },
    },
    {
      title: 'fails a policy that never expires passwords and does not require symbols',
      files: policyFile({ MinimumPasswordLength: 16, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: false, PasswordReusePrevention: 24 }),
      status: 'fail',
      evidence: { shortfalls: ['maximum age none (needs 90 days or less)', 'not required: RequireSymbols'] },
    },
    { title: 'fails when the account has no password policy ({"PasswordPolicy": null})', files: policyFile(null), status: 'fail', evidence: { passwordPolicy: null } },
    {
      title: 'reads the account from an "accountId" key beside the CLI output',
      files: { 'snapshot.json': snapshot, 'password-policy.json': { accountId: '123456789012', PasswordPolicy: strong } },
      status: 'pass',
      evidence: { passwordPolicy: { PasswordReusePrevention: 24 } },
    },
    { title: 'is undecided when the scan holds no password policy', files: { 'snapshot.json': snapshot }, status: 'error', evidence: { passwordPolicy: null, accountResource: 'synthesized' } },
  ]);

  it('names the export command with the account filled in', async () => {
    const resources = await importEstate({ 'snapshot.json': snapshot });
    const account = resources.find((r) => r.type === 'AWS::::Account')!;
    const verdict = check.evaluate(account, { resourceById: () => undefined, resourcesOfType: () => [], profile: 'default' } as never);
    expect(verdict.reason).toContain('aws iam get-account-password-policy > aws-account-123456789012/iam-password-policy.json');
  });
});
