import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT } from './_shared/account.js';
import { daysBetween, reportAsOf, reportFlag, reportRow, reportTime, type ReportRow } from './_shared/credential-report.js';

/** IAM_USER_UNUSED_CREDENTIALS_CHECK's maxCredentialUsageAge as the HIPAA conformance pack sets it (reference/aws.md §1). */
export const MAX_UNUSED_DAYS = 90;

interface Credential {
  credential: string;
  lastUsed: string | null;
  /** Last use, or when the credential was set if it was never used. */
  since: Date;
  idleDays: number;
}

export default defineCheck({
  id: 'aws-iam-user-unused-credentials',
  title: `IAM users have no credentials unused for ${MAX_UNUSED_DAYS} days`,
  provider: 'aws',
  resourceTypes: ['AWS::IAM::User'],
  category: 'authentication',
  severity: 'medium',
  rationale:
    'A password or access key nobody uses still opens the account: it usually belongs to someone who left or a retired job, so no one notices when it is used by somebody else. Unique user identification means every working credential has a current owner.',
  remediation: {
    text: 'Remove the console password or deactivate the access key that has not been used; delete the user if it is no longer needed.',
    cli: 'aws iam delete-login-profile --user-name USER\naws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive',
    terraform: '# Remove the aws_iam_user_login_profile / aws_iam_access_key resources of the idle user, or the user itself.',
  },
  evaluate(user) {
    const row = reportRow(user);
    if (!row) return undecided(`The scan holds no credential report row for this user, so when its credentials were last used is unknown; export ${EXPORT.credentialReport}.`, { credentialReport: null });
    const asOf = reportAsOf(user);
    const evidence = {
      password_enabled: row.password_enabled ?? null,
      password_last_used: row.password_last_used ?? null,
      access_key_1_active: row.access_key_1_active ?? null,
      access_key_1_last_used_date: row.access_key_1_last_used_date ?? null,
      access_key_2_active: row.access_key_2_active ?? null,
      access_key_2_last_used_date: row.access_key_2_last_used_date ?? null,
      reportGeneratedAt: asOf?.at.toISOString() ?? null,
      ...(asOf?.inferred ? { reportGeneratedAtInferred: 'the newest time in the report' } : {}),
      maxUnusedDays: MAX_UNUSED_DAYS,
    };
    if (!asOf) return undecided('When the credential report was generated is unknown, so how long credentials have been idle cannot be measured.', evidence);
    const credentials = activeCredentials(row, asOf.at);
    if (credentials === undefined) return undecided('The credential report row cannot be read: a flag or time is not in the report\'s format.', evidence);
    if (credentials.length === 0) return pass('The user has no password and no active access key.', evidence);
    const idle = credentials.filter((c) => c.idleDays > MAX_UNUSED_DAYS);
    if (idle.length === 0) return pass(`Every credential of the user was used in the last ${MAX_UNUSED_DAYS} days.`, evidence);
    const list = idle.map((c) => `${c.credential} (${c.lastUsed === null ? 'never used' : 'unused'}, ${c.idleDays} days)`).join(', ');
    return fail(`The user has credentials idle for more than ${MAX_UNUSED_DAYS} days: ${list}.`, { ...evidence, idle: idle.map(({ since, ...c }) => ({ ...c, since: since.toISOString() })) });
  },
});

/** The user's password and active keys with their last use; `undefined` when a value is unreadable. */
function activeCredentials(row: ReportRow, asOf: Date): Credential[] | undefined {
  const out: Credential[] = [];
  const add = (credential: string, usedValue: string | undefined, setValue: string | undefined): boolean => {
    const used = reportTime(usedValue);
    const set = reportTime(setValue) ?? reportTime(row.user_creation_time);
    if (used === undefined || !set) return false;
    const since = used ?? set;
    out.push({ credential, lastUsed: used ? usedValue! : null, since, idleDays: daysBetween(since, asOf) });
    return true;
  };
  const password = reportFlag(row.password_enabled);
  if (password === undefined) return undefined;
  // Never used since IAM began tracking (no_information) or never at all (N/A): count from when it was set.
  if (password && !add('password', row.password_last_used, row.password_last_changed)) return undefined;
  for (const n of [1, 2]) {
    const active = reportFlag(row[`access_key_${n}_active`]);
    if (active === undefined) return undefined;
    if (active && !add(`access_key_${n}`, row[`access_key_${n}_last_used_date`], row[`access_key_${n}_last_rotated`])) return undefined;
  }
  return out;
}
