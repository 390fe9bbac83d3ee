import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { EXPORT, missingFact } from './_shared/account.js';

/**
 * The thresholds of the AWS Config rule IAM_PASSWORD_POLICY as the conformance pack "Operational
 * Best Practices for HIPAA Security" sets them (reference/aws.md §1: min length 14, reuse
 * prevention 24, max age 90 days, upper case, lower case, numbers and symbols all required).
 */
export const MIN_PASSWORD_LENGTH = 14;
export const PASSWORD_REUSE_PREVENTION = 24;
export const MAX_PASSWORD_AGE_DAYS = 90;
const REQUIRED_CLASSES = ['RequireUppercaseCharacters', 'RequireLowercaseCharacters', 'RequireNumbers', 'RequireSymbols'] as const;

export default defineCheck({
  id: 'aws-account-password-policy',
  title: 'The IAM password policy meets the HIPAA pack thresholds',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'authentication',
  severity: 'medium',
  rationale:
    'IAM users who sign in to the console with a password are protected only as well as the password policy makes them: short, reused or never-changing passwords are guessed or replayed from other breaches.',
  remediation: {
    text: `Set an account password policy: at least ${MIN_PASSWORD_LENGTH} characters, all four character classes, ${MAX_PASSWORD_AGE_DAYS}-day expiry and the last ${PASSWORD_REUSE_PREVENTION} passwords remembered.`,
    cli: `aws iam update-account-password-policy --minimum-password-length ${MIN_PASSWORD_LENGTH} --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --max-password-age ${MAX_PASSWORD_AGE_DAYS} --password-reuse-prevention ${PASSWORD_REUSE_PREVENTION}`,
    terraform: `resource "aws_iam_account_password_policy" "this" {\n  minimum_password_length        = ${MIN_PASSWORD_LENGTH}\n  require_symbols                = true\n  require_numbers                = true\n  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n  allow_users_to_change_password = true\n  max_password_age               = ${MAX_PASSWORD_AGE_DAYS}\n  password_reuse_prevention      = ${PASSWORD_REUSE_PREVENTION}\n}`,
  },
  evaluate(account) {
    if (!('passwordPolicy' in account.related)) return missingFact(account, 'passwordPolicy', 'IAM password policy', EXPORT.passwordPolicy);
    const policy = account.related.passwordPolicy;
    const required = { MinimumPasswordLength: MIN_PASSWORD_LENGTH, PasswordReusePrevention: PASSWORD_REUSE_PREVENTION, MaxPasswordAge: MAX_PASSWORD_AGE_DAYS, characterClasses: [...REQUIRED_CLASSES] };
    if (policy === null) {
      return fail('The account has no password policy, so IAM accepts any password of 8 characters or more and never expires it.', { passwordPolicy: null, required });
    }
    const p = isRecord(policy) ? policy : {};
    const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
    const shortfalls: string[] = [];
    const length = num('MinimumPasswordLength');
    if (length === undefined || length < MIN_PASSWORD_LENGTH) shortfalls.push(`minimum length ${length ?? 'unset'} (needs ${MIN_PASSWORD_LENGTH})`);
    const reuse = num('PasswordReusePrevention');
    if (reuse === undefined || reuse < PASSWORD_REUSE_PREVENTION) shortfalls.push(`reuse prevention ${reuse ?? 'off'} (needs ${PASSWORD_REUSE_PREVENTION})`);
    const age = num('MaxPasswordAge');
    if (p.ExpirePasswords === false || age === undefined || age > MAX_PASSWORD_AGE_DAYS) shortfalls.push(`maximum age ${age ?? 'none'} (needs ${MAX_PASSWORD_AGE_DAYS} days or less)`);
    const classes = REQUIRED_CLASSES.filter((c) => p[c] !== true);
    if (classes.length) shortfalls.push(`not required: ${classes.join(', ')}`);
    const evidence = { passwordPolicy: p, required };
    if (shortfalls.length === 0) return pass('The password policy requires long, complex, expiring passwords that cannot be reused.', evidence);
    return fail(`The password policy falls short: ${shortfalls.join('; ')}.`, { ...evidence, shortfalls });
  },
});
