import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/iam-user-console-mfa.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { credentialReportCsv, credentialReportLine, estateVerdictTable, iamUserItem, importEstate, snapshotFile } from './items.js';

const user = (rs: Resource[]) => rs.find((r) => r.type === 'AWS::IAM::User');
const consoleUser = (mfa: string) => credentialReportLine('m.okafor', { password_enabled: 'true', password_last_used: '2026-03-02T06:41:19+00:00', password_last_changed: '2025-12-19T10:02:44+00:00', mfa_active: mfa });
const withConfig = (line: string) => ({
  'snapshot.json': snapshotFile([iamUserItem('m.okafor', { groupList: ['engineers'] })]),
  'credential-report.csv': credentialReportCsv([credentialReportLine('<root_account>', { mfa_active: 'true' }), line]),
});

describe('aws-iam-user-console-mfa', () => {
  estateVerdictTable(check, [
    { title: 'passes a console user with an MFA device', files: withConfig(consoleUser('true')), pick: user, status: 'pass', evidence: { password_enabled: 'true', mfa_active: 'true' } },
    { title: 'fails a console user without an MFA device', files: withConfig(consoleUser('false')), pick: user, status: 'fail', evidence: { password_enabled: 'true', mfa_active: 'false' } },
    {
      title: 'fails a user the report knows but AWS Config did not record',
      files: { 'credential-report.csv': credentialReportCsv([consoleUser('false')]) },
      pick: user,
      status: 'fail',
      evidence: { mfa_active: 'false' },
    },
    { title: 'is not applicable to a user without a console password', files: withConfig(credentialReportLine('m.okafor')), pick: user, status: 'not_applicable', evidence: { password_enabled: 'false' } },
    {
      title: 'is undecided for a Config user without a credential report',
      files: { 'snapshot.json': snapshotFile([iamUserItem('m.okafor')]) },
      pick: user,
      status: 'error',
      evidence: { credentialReport: null },
    },
  ]);

  it('grades one resource per user: the report row merges into the Config item of the same ARN', async () => {
    const resources = await importEstate(withConfig(consoleUser('false')));
    const users = resources.filter((r) => r.type === 'AWS::IAM::User');
    expect(users).toHaveLength(1);
    expect(users[0]!.config).toMatchObject({ userName: 'm.okafor', groupList: ['engineers'] });
    expect(users[0]!.source.format).toBe('aws-config-snapshot');
    expect(users[0]!.related).toMatchObject({ credentialReport: { mfa_active: 'false' }, credentialReportGeneratedAt: '2026-03-02T06:41:19.000Z' });
    expect(users[0]!.related.configurationMissing).toBeUndefined();
  });
});
