import { defineCheck } from '../../src/engine/check.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT } from './_shared/account.js';
import { daysBetween, reportAsOf, reportFlag, reportRow, reportTime } from './_shared/credential-report.js';

/** ACCESS_KEYS_ROTATED's maxAccessKeyAge as the HIPAA conformance pack sets it (reference/aws.md §1). */
export const MAX_ACCESS_KEY_AGE_DAYS = 90;

export default defineCheck({
  id: 'aws-iam-user-access-keys-rotated',
  title: `IAM user access keys are younger than ${MAX_ACCESS_KEY_AGE_DAYS} days`,
  provider: 'aws',
  resourceTypes: ['AWS::IAM::User'],
  category: 'authentication',
  severity: 'medium',
  rationale:
    'An access key is a long-lived password for the API; the longer it lives, the more copies of it sit in laptops, CI logs and old repositories, and the longer a leaked one keeps working.',
  remediation: {
    text: 'Create a new key, move its users to it, deactivate and then delete the old one; better, replace the user\'s keys with an IAM role (OIDC for CI, instance profiles for servers).',
    cli: 'aws iam create-access-key --user-name USER\naws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive\naws iam delete-access-key --user-name USER --access-key-id OLD_KEY_ID',
    terraform: '# Prefer roles to keys: for CI, trust the CI provider\'s OIDC issuer.\nresource "aws_iam_openid_connect_provider" "ci" {\n  url            = "https://token.actions.githubusercontent.com"\n  client_id_list = ["sts.amazonaws.com"]\n}',
  },
  evaluate(user) {
    const row = reportRow(user);
    if (!row) return undecided(`The scan holds no credential report row for this user, so the age of its access keys is unknown; export ${EXPORT.credentialReport}.`, { credentialReport: null });
    const asOf = reportAsOf(user);
    const keys = [1, 2].map((n) => ({ key: `access_key_${n}`, active: reportFlag(row[`access_key_${n}_active`]), lastRotated: row[`access_key_${n}_last_rotated`] ?? null }));
    const evidence = { keys, reportGeneratedAt: asOf?.at.toISOString() ?? null, ...(asOf?.inferred ? { reportGeneratedAtInferred: 'the newest time in the report' } : {}), maxAgeDays: MAX_ACCESS_KEY_AGE_DAYS };
    if (keys.some((k) => k.active === undefined)) return undecided('The credential report row does not say whether the user\'s access keys are active.', evidence);
    const active = keys.filter((k) => k.active);
    if (active.length === 0) return notApplicable('The user has no active access keys.', evidence);
    if (!asOf) return undecided('When the credential report was generated is unknown, so the age of the keys cannot be measured.', evidence);
    const aged = [];
    for (const k of active) {
      const rotated = reportTime(k.lastRotated ?? undefined);
      if (!rotated) return undecided(`The credential report gives no creation time for active ${k.key}.`, evidence);
      const age = daysBetween(rotated, asOf.at);
      if (age > MAX_ACCESS_KEY_AGE_DAYS) aged.push({ key: k.key, ageDays: age });
    }
    if (aged.length === 0) return pass(`Every active access key of the user is ${MAX_ACCESS_KEY_AGE_DAYS} days old or younger.`, evidence);
    return fail(`The user has an active access key not rotated for ${Math.max(...aged.map((a) => a.ageDays))} days (limit ${MAX_ACCESS_KEY_AGE_DAYS}).`, { ...evidence, aged });
  },
});
