import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT, missingFact } from './_shared/account.js';
import { reportFlag, reportRow } from './_shared/credential-report.js';

export default defineCheck({
  id: 'aws-account-root-no-access-keys',
  title: 'The account root user has no access keys',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'authentication',
  severity: 'critical',
  rationale:
    'A root access key is a password for everything in the account that no policy can restrict and no person is named on; if it leaks, every ePHI store leaks with it.',
  remediation: {
    text: 'Sign in as the root user, delete its access keys under Security credentials, and give automation its own IAM role instead.',
    cli: '# Root access keys are deleted in the console only: https://console.aws.amazon.com/iam/home#/security_credentials\naws iam get-account-summary --query SummaryMap.AccountAccessKeysPresent',
    terraform: '# Terraform cannot manage root access keys; deny root actions with an organisation SCP instead.',
  },
  evaluate(account) {
    const root = reportRow(account, 'credentialReportRoot');
    const summary = isRecord(account.related.accountSummary) ? account.related.accountSummary : undefined;
    const evidence = {
      credentialReportRootAccessKey1Active: root?.access_key_1_active ?? null,
      credentialReportRootAccessKey2Active: root?.access_key_2_active ?? null,
      accountSummaryAccountAccessKeysPresent: summary?.AccountAccessKeysPresent ?? null,
    };
    const k1 = reportFlag(root?.access_key_1_active);
    const k2 = reportFlag(root?.access_key_2_active);
    const fromReport = k1 === undefined || k2 === undefined ? undefined : k1 || k2;
    const fromSummary = typeof summary?.AccountAccessKeysPresent === 'number' ? summary.AccountAccessKeysPresent > 0 : undefined;
    if (fromReport === undefined && fromSummary === undefined) {
      if (root || summary) return undecided('Neither the credential report nor the account summary says whether the root user has access keys.', evidence);
      return missingFact(account, 'credentialReportRoot', 'IAM credential report or account summary', `${EXPORT.credentialReport}, or ${EXPORT.accountSummary}`);
    }
    // The report lists active keys only, the summary every key: a key in either is a root key that exists.
    return fromReport || fromSummary
      ? fail('The root user has an access key, a credential no IAM policy can restrict.', evidence)
      : pass('The root user has no access keys.', evidence);
  },
});
