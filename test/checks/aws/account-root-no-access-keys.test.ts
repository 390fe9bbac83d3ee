import { describe } from 'vitest';
import check from '../../../checks/aws/account-root-no-access-keys.js';
import { credentialReportCsv, credentialReportLine, estateVerdictTable, s3BucketItem, snapshotFile } from './items.js';

const snapshot = snapshotFile([s3BucketItem({})]);

describe('aws-account-root-no-access-keys', () => {
  estateVerdictTable(check, [
    {
      title: 'passes when neither root access key is active',
      files: { 'credential-report.csv': credentialReportCsv([credentialReportLine('<root_account>', { mfa_active: 'true' })]) },
      status: 'pass',
      evidence: { credentialReportRootAccessKey1Active: 'false', credentialReportRootAccessKey2Active: 'false' },
    },
    {
      title: 'fails when the root user has an active access key',
      files: {
        'credential-report.csv': credentialReportCsv([
          credentialReportLine('<root_account>', { access_key_1_active: 'true', access_key_1_last_rotated: '2021-02-03T04:05:06+00:00', access_key_1_last_used_date: '2026-02-27T10:00:00+00:00' }),
        ]),
      },
      status: 'fail',
      evidence: { credentialReportRootAccessKey1Active: 'true' },
    },
    {
      title: 'fails when the account summary counts a root access key (inactive keys too)',
      files: { 'snapshot.json': snapshot, 'iam-account-summary.json': { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 } } },
      status: 'fail',
      evidence: { accountSummaryAccountAccessKeysPresent: 1 },
    },
    {
      title: 'is undecided when the scan has neither the report nor the summary',
      files: { 'snapshot.json': snapshot },
      status: 'error',
      evidence: { credentialReportRoot: null },
    },
  ]);
});
