import { describe } from 'vitest';
import check from '../../../checks/aws/account-root-mfa.js';
import { credentialReportCsv, credentialReportLine, estateVerdictTable, s3BucketItem, snapshotFile } from './items.js';

const report = (rootMfa: string) => credentialReportCsv([credentialReportLine('<root_account>', { mfa_active: rootMfa })]);
const summary = (mfa: number) => ({ SummaryMap: { Users: 2, AccountMFAEnabled: mfa, AccountAccessKeysPresent: 0 } });
const snapshot = snapshotFile([s3BucketItem({})]);

describe('aws-account-root-mfa', () => {
  estateVerdictTable(check, [
    { title: 'passes when the credential report says the root user has MFA', files: { 'credential-report.csv': report('true') }, status: 'pass', evidence: { credentialReportRootMfaActive: 'true' } },
    {
      title: 'passes on the account summary alone (AccountMFAEnabled 1)',
      files: { 'snapshot.json': snapshot, 'aws-account-123456789012/iam-account-summary.json': summary(1) },
      status: 'pass',
      evidence: { accountSummaryAccountMFAEnabled: 1, credentialReportRootMfaActive: null },
    },
    { title: 'fails when the root row says mfa_active false', files: { 'credential-report.csv': report('false') }, status: 'fail', evidence: { credentialReportRootMfaActive: 'false' } },
    {
      title: 'fails when the account summary says AccountMFAEnabled 0',
      files: { 'snapshot.json': snapshot, 'iam-account-summary.json': summary(0) },
      status: 'fail',
      evidence: { accountSummaryAccountMFAEnabled: 0 },
    },
    {
      title: 'is undecided when the report and the summary disagree',
      files: { 'credential-report.csv': report('true'), 'iam-account-summary.json': summary(0) },
      status: 'error',
      evidence: { credentialReportRootMfaActive: 'true', accountSummaryAccountMFAEnabled: 0 },
    },
    {
      title: 'is undecided, naming what to export, when only Config items told the scan about the account',
      files: { 'snapshot.json': snapshot },
      status: 'error',
      evidence: { credentialReportRoot: null, accountResource: 'synthesized' },
    },
  ]);
});
