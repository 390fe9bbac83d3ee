import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT, missingFact } from './_shared/account.js';
import { reportFlag, reportRow } from './_shared/credential-report.js';

export default defineCheck({
  id: 'aws-account-root-mfa',
  title: 'The account root user signs in with MFA',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'authentication',
  severity: 'critical',
  rationale:
    'The root user can do anything in the account, including reading every ePHI store and deleting its backups; a password alone is one phishing e-mail away from losing the whole account.',
  remediation: {
    text: 'Sign in as the root user and assign an MFA device (a FIDO2 security key or an authenticator app) under Security credentials; keep the device in a safe.',
    cli: '# Root MFA is set in the console only: https://console.aws.amazon.com/iam/home#/security_credentials\naws iam get-account-summary --query SummaryMap.AccountMFAEnabled',
    terraform: '# Terraform cannot manage the root user\'s MFA; enforce it with an organisation SCP that denies root actions instead.',
  },
  evaluate(account) {
    const root = reportRow(account, 'credentialReportRoot');
    const summary = isRecord(account.related.accountSummary) ? account.related.accountSummary : undefined;
    const evidence = { credentialReportRootMfaActive: root?.mfa_active ?? null, accountSummaryAccountMFAEnabled: summary?.AccountMFAEnabled ?? null };
    const fromReport = reportFlag(root?.mfa_active);
    const fromSummary = typeof summary?.AccountMFAEnabled === 'number' ? summary.AccountMFAEnabled === 1 : undefined;
    if (fromReport === undefined && fromSummary === undefined) {
      if (root || summary) return undecided('Neither the credential report nor the account summary says whether the root user has MFA.', evidence);
      return missingFact(account, 'credentialReportRoot', 'IAM credential report or account summary', `${EXPORT.credentialReport}, or ${EXPORT.accountSummary}`);
    }
    if (fromReport !== undefined && fromSummary !== undefined && fromReport !== fromSummary) {
      return undecided('The credential report and the account summary disagree on whether the root user has MFA; export both again.', evidence);
    }
    return fromReport ?? fromSummary
      ? pass('The root user has an MFA device.', evidence)
      : fail('The root user can sign in with a password alone: it has no MFA device.', evidence);
  },
});
