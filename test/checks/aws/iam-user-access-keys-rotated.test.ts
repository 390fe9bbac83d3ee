import { describe, expect, it } from 'vitest';
import check, { MAX_ACCESS_KEY_AGE_DAYS } from '../../../checks/aws/iam-user-access-keys-rotated.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { credentialReportCsv, credentialReportLine, estateVerdictTable, iamUserItem, snapshotFile } from './items.js';

const user = (rs: Resource[]) => rs.find((r) => r.type === 'AWS::IAM::User');
// The root row's last sign-in is the newest time in these reports: the report was generated then, or later.
const root = credentialReportLine('<root_account>', { mfa_active: 'true', password_last_used: '2026-03-02T06:41:19+00:00' });
const ci = (rotated: string) =>
  credentialReportLine('ci-deployer', { access_key_1_active: 'true', access_key_1_last_rotated: rotated, access_key_1_last_used_date: '2026-03-01T23:12:08+00:00', access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 's3' });
const report = (...lines: string[]) => ({ 'snapshot.json': snapshotFile([iamUserItem('ci-deployer')]), 'credential-report.csv': credentialReportCsv([root, ...lines]) });

describe('aws-iam-user-access-keys-rotated', () => {
  it(`allows ${MAX_ACCESS_KEY_AGE_DAYS} days, the HIPAA conformance pack's maxAccessKeyAge`, () => expect(MAX_ACCESS_KEY_AGE_DAYS).toBe(90));

  estateVerdictTable(check, [
    {
      title: 'fails an active key created almost two years before the report',
      files: report(ci('2024-04-12T09:05:51+00:00')),
      pick: user,
      status: 'fail',
      evidence: { aged: [{ key: 'access_key_1', ageDays: 688 }], reportGeneratedAt: '2026-03-02T06:41:19.000Z', reportGeneratedAtInferred: 'the newest time in the report' },
    },
    { title: 'passes a key rotated 30 days before the report', files: report(ci('2026-01-31T06:41:19+00:00')), pick: user, status: 'pass', evidence: { keys: [{ key: 'access_key_1', active: true, lastRotated: '2026-01-31T06:41:19+00:00' }, { key: 'access_key_2', active: false }] } },
    {
      title: 'measures age from GeneratedTime when the file is the get-credential-report JSON',
      files: {
        'snapshot.json': snapshotFile([iamUserItem('ci-deployer')]),
        'credential-report.json': { Content: Buffer.from(credentialReportCsv([ci('2026-01-31T06:41:19+00:00')])).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2026-06-01T00:00:00+00:00' },
      },
      pick: user,
      status: 'fail',
      evidence: { reportGeneratedAt: '2026-06-01T00:00:00.000Z', aged: [{ key: 'access_key_1', ageDays: 120 }] },
    },
    { title: 'is not applicable to a user without active keys', files: report(credentialReportLine('ci-deployer')), pick: user, status: 'not_applicable', evidence: { keys: [{ active: false }, { active: false }] } },
    { title: 'is undecided without a credential report', files: { 'snapshot.json': snapshotFile([iamUserItem('ci-deployer')]) }, pick: user, status: 'error', evidence: { credentialReport: null } },
  ]);
});
