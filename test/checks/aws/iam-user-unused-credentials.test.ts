import { describe, expect, it } from 'vitest';
import check, { MAX_UNUSED_DAYS } from '../../../checks/aws/iam-user-unused-credentials.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { credentialReportCsv, credentialReportLine, estateVerdictTable, iamUserItem, snapshotFile } from './items.js';

const user = (rs: Resource[]) => rs.find((r) => r.type === 'AWS::IAM::User' && r.name === 'j.doe');
const root = credentialReportLine('<root_account>', { mfa_active: 'true', password_last_used: '2026-03-02T06:41:19+00:00' });
const estate = (columns: Record<string, string>) => ({
  'snapshot.json': snapshotFile([iamUserItem('j.doe')]),
  'credential-report.csv': credentialReportCsv([root, credentialReportLine('j.doe', columns)]),
});
const password = { password_enabled: 'true', password_last_changed: '2025-01-10T08:00:00+00:00', mfa_active: 'true' };

describe('aws-iam-user-unused-credentials', () => {
  it(`allows ${MAX_UNUSED_DAYS} days, the HIPAA conformance pack's maxCredentialUsageAge`, () => expect(MAX_UNUSED_DAYS).toBe(90));

  estateVerdictTable(check, [
    { title: 'passes a password used last week', files: estate({ ...password, password_last_used: '2026-02-24T09:00:00+00:00' }), pick: user, status: 'pass', evidence: { password_last_used: '2026-02-24T09:00:00+00:00' } },
    {
      title: 'fails a password last used 200 days before the report',
      files: estate({ ...password, password_last_used: '2025-08-14T06:41:19+00:00' }),
      pick: user,
      status: 'fail',
      evidence: { idle: [{ credential: 'password', idleDays: 200, lastUsed: '2025-08-14T06:41:19+00:00' }] },
    },
    {
      title: 'fails an access key never used and created over 90 days before the report',
      files: estate({ access_key_1_active: 'true', access_key_1_last_rotated: '2025-10-01T00:00:00+00:00' }),
      pick: user,
      status: 'fail',
      evidence: { idle: [{ credential: 'access_key_1', lastUsed: null, idleDays: 152 }] },
    },
    {
      title: 'counts a password with no_information from when it was set',
      files: estate({ ...password, password_last_used: 'no_information' }),
      pick: user,
      status: 'fail',
      evidence: { idle: [{ credential: 'password', lastUsed: null, since: '2025-01-10T08:00:00.000Z' }] },
    },
    { title: 'passes a user with no password and no active key', files: estate({}), pick: user, status: 'pass', evidence: { password_enabled: 'false', access_key_1_active: 'false' } },
    { title: 'is undecided when a time is not in the report\'s format', files: estate({ ...password, password_last_used: 'yesterday' }), pick: user, status: 'error', evidence: { password_last_used: 'yesterday' } },
    { title: 'is undecided without a credential report', files: { 'snapshot.json': snapshotFile([iamUserItem('j.doe')]) }, pick: user, status: 'error', evidence: { credentialReport: null } },
  ]);
});
