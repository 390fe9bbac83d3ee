import { afterAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../src/import/index.js';
import type { Resource } from '../../src/inventory/resource.js';
import { byId, decodeAll, inputError, Scratch } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** The header `aws iam get-credential-report --query Content --output text | base64 -d` prints. */
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT = '<root_account>,arn:aws:iam::111122223333:root,2019-03-04T17:20:11+00:00,not_supported,2026-02-11T09:14:52+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const CI = 'ci-deployer,arn:aws:iam::111122223333:user/ci-deployer,2024-04-12T09:03:27+00:00,false,N/A,N/A,N/A,false,true,2024-04-12T09:05:51+00:00,2026-03-01T23:12:08+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ANA = 'ana,arn:aws:iam::111122223333:user/ana,2024-05-20T16:45:10+00:00,true,no_information,2025-12-19T10:02:44+00:00,2026-03-19T10:02:44+00:00,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const report = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

const configUser = (name: string) => ({
  version: '1.3', accountId: '111122223333', configurationItemCaptureTime: '2025-12-11T15:40:08.930Z', configurationItemStatus: 'OK',
  arn: `arn:aws:iam::111122223333:user/${name}`, resourceType: 'AWS::IAM::User', resourceId: 'AIDAGGMTJVU55W4LJV2F7', resourceName: name, awsRegion: 'global',
  tags: { team: 'platform' }, configuration: { path: '/', userName: name, arn: `arn:aws:iam::111122223333:user/${name}`, attachedManagedPolicies: [{ policyName: 'PowerUserAccess' }] }, supplementaryConfiguration: {},
});

describe('IAM credential report CSV', () => {
  it('is recognised by its header line, whatever the file is called, one record per row', () => {
    const { resources, format, records } = decodeAll(report(ROOT, CI, ANA), 'status_reports.txt');
    expect(format).toBe('aws-iam-credential-report');
    expect(records).toBe(3);
    const ci = byId(resources, 'arn:aws:iam::111122223333:user/ci-deployer');
    expect(ci).toMatchObject({ provider: 'aws', type: 'AWS::IAM::User', name: 'ci-deployer', account: '111122223333', region: 'global', source: { format: 'aws-iam-credential-report', file: 'status_reports.txt', line: 3 } });
    // The row keeps the CSV's own names and values, markers included.
    expect(ci.related.credentialReport).toEqual(Object.fromEntries(HEADER.split(',').map((c, i) => [c, CI.split(',')[i]])));
    expect(ci.related.credentialReport).toMatchObject({ password_last_used: 'N/A', access_key_1_last_used_service: 's3' });
  });

  it('dates the report by its newest past event (the CSV carries no generation time), ignoring password_next_rotation', () => {
    const { resources } = decodeAll(report(ROOT, CI, ANA), 'report.csv');
    const ana = byId(resources, 'arn:aws:iam::111122223333:user/ana');
    expect(ana.related).toMatchObject({ credentialReportGeneratedAt: '2026-03-01T23:12:08.000Z', credentialReportGeneratedAtInferred: true });
  });

  it('honours quoted fields (IAM user names may hold commas), CRLF line ends and a byte-order mark', () => {
    const odd = '"ops,admin","arn:aws:iam::111122223333:user/ops,admin",2024-05-20T16:45:10+00:00,true,2026-02-01T10:00:00+00:00,2025-12-19T10:02:44+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
    const { resources } = decodeAll(`\uFEFF${[HEADER, ROOT, odd].join('\r\n')}\r\n`, 'report.csv');
    const user = byId(resources, 'arn:aws:iam::111122223333:user/ops,admin');
    expect(user.name).toBe('ops,admin');
    expect(user.related.credentialReport).toMatchObject({ user: 'ops,admin', mfa_active: 'true', cert_2_last_rotated: 'N/A' });
  });

  it('reads the JSON `aws iam get-credential-report` prints, dating the report by GeneratedTime', () => {
    const doc = { Content: Buffer.from(report(ROOT, CI)).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2026-03-02T07:00:00+00:00' };
    const { resources, format } = decodeAll(JSON.stringify(doc), 'credential-report.json');
    expect(format).toBe('aws-iam-get-credential-report');
    expect(byId(resources, 'arn:aws:iam::111122223333:user/ci-deployer').related).toMatchObject({ credentialReportGeneratedAt: '2026-03-02T07:00:00.000Z' });
    expect(byId(resources, 'arn:aws:iam::111122223333:user/ci-deployer').related.credentialReportGeneratedAtInferred).toBeUndefined();
  });

  describe('merging into the inventory', () => {
    it('adds the row to the Config item of the same ARN, in either file order; the root row goes to the account', async () => {
      for (const names of [['a-report.csv', 'b-snapshot.json'], ['b-report.csv', 'a-snapshot.json']]) {
        const csv = await scratch.write(`merge-${names[0]}`, report(ROOT, CI));
        const snapshot = await scratch.write(`merge-${names[1]}`, { fileVersion: '1.0', configSnapshotId: 'x', configurationItems: [configUser('ci-deployer')] });
        const { resources, superseded } = await importInputs([csv, snapshot]);
        expect(superseded).toBe(0);
        const users = resources.filter((r) => r.type === 'AWS::IAM::User');
        expect(users).toHaveLength(1);
        expect(users[0]).toMatchObject({ source: { format: 'aws-config-snapshot' }, tags: { team: 'platform' }, config: { attachedManagedPolicies: [{ policyName: 'PowerUserAccess' }] } });
        expect(users[0]!.related).toMatchObject({ credentialReport: { user: 'ci-deployer', access_key_1_active: 'true' }, supplementaryConfiguration: {} });
        expect(users[0]!.related.configurationMissing).toBeUndefined();
        expect(users[0]!.related.factsOnly).toBeUndefined();
        const account = resources.find((r) => r.type === 'AWS::::Account') as Resource;
        expect(account).toMatchObject({ id: '111122223333', related: { credentialReportRoot: { user: '<root_account>', mfa_active: 'true' } } });
        expect(account.related.synthesized).toBeUndefined();
      }
    });

    it('keeps a user the report knows and Config did not record, marked configurationMissing', async () => {
      const file = await scratch.write('alone.csv', report(ROOT, ANA));
      const { resources } = await importInputs([file]);
      const ana = byId(resources, 'arn:aws:iam::111122223333:user/ana');
      expect(ana).toMatchObject({ config: { userName: 'ana', arn: 'arn:aws:iam::111122223333:user/ana', createDate: '2024-05-20T16:45:10+00:00' }, related: { configurationMissing: true, credentialReport: { password_last_used: 'no_information' } } });
      expect(resources.map((r) => r.type).sort()).toEqual(['AWS::::Account', 'AWS::IAM::User']);
    });
  });

  describe('malformed reports stop the import with a one-line error naming the line', () => {
    const rejects = async (name: string, text: string, place: string, detail: RegExp) => {
      const file = await scratch.write(name, text);
      const err = await inputError(importInputs([file]), file, place);
      expect(err.detail).toMatch(detail);
    };
    it('a row with a missing field', () => rejects('short.csv', report(ROOT, CI.replace(',us-east-1,s3', ',us-east-1')), 'line 3', /21 fields where the header has 22/));
    it('a quoted field that is never closed', () => rejects('open.csv', report(ROOT, `"ci-deployer${CI.slice(11)}`), 'line 3', /never closed/));
    it('text after a closing quote', () => rejects('after.csv', report(`"<root_account>"x${ROOT.slice(14)}`), 'line 2', /after a closing quote/));
    it('an ARN that is not an IAM user or root ARN', () => rejects('arn.csv', report(ROOT, CI.replace('arn:aws:iam::111122223333:user/ci-deployer', 'arn:aws:s3:::bucket')), 'line 3', /not an IAM user or root ARN/));
    it('a root row with a user ARN', () => rejects('root.csv', report(ROOT.replace(':root,', ':user/root,')), 'line 2', /does not match ARN/));
    it('a header without the mfa_active column', () => rejects('header.csv', `${HEADER.replace(',mfa_active', '')}\n`, 'line 1', /mfa_active is missing/));
    it('a get-credential-report response whose Content is not base64', async () => {
      const file = await scratch.write('bad64.json', { Content: 'not base64!', ReportFormat: 'text/csv' });
      await inputError(importInputs([file]), file, 'Content');
    });
  });
});
