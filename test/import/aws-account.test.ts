import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accountFromPath, regionFromPath } from '../../src/import/aws-account.js';
import { importInputs } from '../../src/import/index.js';
import type { Resource } from '../../src/inventory/resource.js';
import { configItem, inputError, Scratch } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const ACCOUNT = '111122223333';
const bucket = (over: Record<string, unknown> = {}) => configItem(over);
const inRegion = (region: string, id: string) => configItem({ resourceType: 'AWS::EC2::VPC', resourceId: id, resourceName: id, arn: `arn:aws:ec2:${region}:${ACCOUNT}:vpc/${id}`, awsRegion: region, configuration: { vpcId: id } });
const trail = (name: string) => configItem({ resourceType: 'AWS::CloudTrail::Trail', resourceId: name, resourceName: name, arn: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/${name}`, configuration: { name, isMultiRegionTrail: true } });
const snapshot = (...items: unknown[]) => ({ fileVersion: '1.0', configSnapshotId: 'c0ffee', configurationItems: items });

/** Write `files` below a fresh folder and import it as `--input <folder>`. */
let n = 0;
async function scan(files: Record<string, string | object>): Promise<{ resources: Resource[]; root: string; formats: string[] }> {
  const root = `estate-${n++}`;
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(await scratch.path(`${root}/${name}`)), { recursive: true });
    await scratch.write(`${root}/${name}`, content);
  }
  const inventory = await importInputs([await scratch.path(root)]);
  return { resources: inventory.resources, root: await scratch.path(root), formats: inventory.files.map((f) => f.format).sort() };
}
const accountOf = (rs: Resource[], id = ACCOUNT) => rs.find((r) => r.type === 'AWS::::Account' && r.id === id)!;

const policy = { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 };

describe('AWS CLI account facts', () => {
  it('folds every CLI output into one AWS::::Account, named by the folder aws-account-<id>/<region>/', async () => {
    const { resources, formats } = await scan({
      'config/snapshot.json': snapshot(bucket(), inRegion('eu-west-1', 'vpc-1'), inRegion('us-east-1', 'vpc-2')),
      [`aws-account-${ACCOUNT}/iam-password-policy.json`]: { PasswordPolicy: policy },
      [`aws-account-${ACCOUNT}/iam-account-summary.json`]: { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 3 } },
      [`aws-account-${ACCOUNT}/s3control-public-access-block.json`]: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } },
      [`aws-account-${ACCOUNT}/eu-west-1/ebs-encryption-by-default.json`]: { EbsEncryptionByDefault: true, SseType: 'sse-ebs' },
      [`aws-account-${ACCOUNT}/us-east-1/ebs-encryption-by-default.json`]: { EbsEncryptionByDefault: false },
      [`aws-account-${ACCOUNT}/eu-west-1/config-recorder-status.json`]: { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] },
      [`aws-account-${ACCOUNT}/eu-west-1/config-recorders.json`]: { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }] },
      [`aws-account-${ACCOUNT}/us-east-1/config-recorder-status.json`]: { ConfigurationRecordersStatus: [{ name: 'default', recording: false, lastStatus: 'PENDING' }] },
    });
    expect(formats).toEqual([
      'aws-config-recorder-status', 'aws-config-recorder-status', 'aws-config-recorders', 'aws-config-snapshot', 'aws-ec2-ebs-encryption-by-default', 'aws-ec2-ebs-encryption-by-default',
      'aws-iam-account-summary', 'aws-iam-password-policy', 'aws-s3control-public-access-block',
    ]);
    const accounts = resources.filter((r) => r.type === 'AWS::::Account');
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      provider: 'aws', id: ACCOUNT, name: ACCOUNT, account: ACCOUNT, region: 'global', config: { accountId: ACCOUNT },
      related: {
        passwordPolicy: policy,
        accountSummary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 3 },
        // Config's own (camelCase) names, as AWS::S3::AccountPublicAccessBlock records them.
        s3PublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
        ebsEncryptionByDefault: { 'eu-west-1': true, 'us-east-1': false },
        configRecorders: {
          'eu-west-1': { recording: true, status: [{ name: 'default', recording: true }], recorders: [{ name: 'default', recordingGroup: { allSupported: true } }] },
          'us-east-1': { recording: false, status: [{ name: 'default', recording: false }] },
        },
        scannedRegions: ['eu-west-1', 'us-east-1'],
        factSources: { passwordPolicy: { format: 'aws-iam-password-policy' }, 'ebsEncryptionByDefault/us-east-1': { format: 'aws-ec2-ebs-encryption-by-default' } },
      },
    });
    expect(accounts[0]!.related.synthesized).toBeUndefined();
    expect(resources.some((r) => r.type === 'safeguard::AwsAccountFact')).toBe(false);
  });

  it('records "no password policy" from {"PasswordPolicy": null}', async () => {
    const { resources } = await scan({ 'snapshot.json': snapshot(bucket()), 'password-policy.json': { PasswordPolicy: null } });
    expect(accountOf(resources).related.passwordPolicy).toBeNull();
  });

  it('takes the account from the file name, from an "accountId" key, or from a scan with one account', async () => {
    const { resources } = await scan({
      'snapshot.json': snapshot(bucket(), bucket({ accountId: '444455556666', resourceId: 'other', arn: 'arn:aws:s3:::other' })),
      [`account-${ACCOUNT}-summary.json`]: { SummaryMap: { AccountMFAEnabled: 1 } },
      'policy.json': { accountId: '444455556666', PasswordPolicy: policy },
    });
    expect(accountOf(resources).related.accountSummary).toEqual({ AccountMFAEnabled: 1 });
    expect(accountOf(resources, '444455556666').related.passwordPolicy).toEqual(policy);
    const single = await scan({ 'snapshot.json': snapshot(bucket()), 'summary.json': { SummaryMap: { AccountMFAEnabled: 0 } } });
    expect(accountOf(single.resources).related.accountSummary).toEqual({ AccountMFAEnabled: 0 });
  });

  it('synthesizes one account per AWS account the inventory mentions, marked synthesized', async () => {
    const { resources } = await scan({ 'snapshot.json': snapshot(bucket(), inRegion('eu-west-1', 'vpc-1'), { ...inRegion('us-east-2', 'vpc-9'), accountId: '444455556666' }) });
    const accounts = resources.filter((r) => r.type === 'AWS::::Account').sort((a, b) => a.id.localeCompare(b.id));
    expect(accounts.map((a) => [a.id, a.related.synthesized, a.related.scannedRegions, a.source.format])).toEqual([
      [ACCOUNT, true, ['eu-west-1'], 'synthesized'],
      ['444455556666', true, ['us-east-2'], 'synthesized'],
    ]);
  });

  it("fills s3PublicAccessBlock from AWS Config's AWS::S3::AccountPublicAccessBlock item", async () => {
    const pab = configItem({ resourceType: 'AWS::S3::AccountPublicAccessBlock', resourceId: ACCOUNT, resourceName: ACCOUNT, arn: undefined, configuration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } });
    const { resources } = await scan({ 'snapshot.json': snapshot(pab) });
    expect(accountOf(resources).related).toMatchObject({ s3PublicAccessBlock: { restrictPublicBuckets: true } });
    expect(accountOf(resources).related.synthesized).toBeUndefined();
  });

  it('attaches `aws cloudtrail get-trail-status` output to the trail its file name names', async () => {
    const { resources } = await scan({
      'snapshot.json': snapshot(trail('org-trail'), trail('org-trail-2')),
      'trail-status.org-trail.json': { IsLogging: true, LatestDeliveryTime: '2026-03-02T06:55:12.331000+00:00' },
      'trail-status.org-trail-2.json': { IsLogging: false },
    });
    const byName = (name: string) => resources.find((r) => r.type === 'AWS::CloudTrail::Trail' && r.name === name)!;
    expect(byName('org-trail').related).toMatchObject({ trailStatus: { IsLogging: true, LatestDeliveryTime: '2026-03-02T06:55:12.331000+00:00' }, trailStatusSource: { format: 'aws-cloudtrail-trail-status' } });
    expect(byName('org-trail-2').related.trailStatus).toEqual({ IsLogging: false });
    const wrapped = await scan({ 'snapshot.json': snapshot(trail('org-trail'), trail('org-trail-2')), 'status.json': { trail: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail-2`, IsLogging: true } });
    expect(wrapped.resources.find((r) => r.name === 'org-trail-2')!.related.trailStatus).toEqual({ IsLogging: true });
  });

  it('reads account and region out of paths', () => {
    expect(accountFromPath('/exports/aws-account-123456789012/us-east-1/x.json')).toBe('123456789012');
    expect(accountFromPath('/exports/acme/password-policy.account_123456789012.json')).toBe('123456789012');
    expect(accountFromPath('/AWSLogs/123456789012/cli/x.json')).toBe('123456789012');
    expect(accountFromPath('/exports/2026-03-02/x.json')).toBeUndefined();
    expect(accountFromPath('/exports/password-policy-202603021200.json')).toBeUndefined();
    expect(regionFromPath('/exports/aws-account-123456789012/us-west-2/config-recorder-status.json')).toBe('us-west-2');
    expect(regionFromPath('/exports/ebs-default.eu-central-1.json')).toBe('eu-central-1');
    expect(regionFromPath('/exports/ap-southeast-2/ebs.json')).toBe('ap-southeast-2');
    expect(regionFromPath('/exports/us-gov-west-1/ebs.json')).toBe('us-gov-west-1');
    expect(regionFromPath('/exports/campus-east/ebs.json')).toBeUndefined();
  });

  describe('a fact that cannot be placed stops the import with a one-line error saying how to name it', () => {
    const fails = async (files: Record<string, string | object>, bad: string, detail: RegExp) => {
      const root = `bad-${n++}`;
      await mkdir(await scratch.path(root));
      for (const [name, content] of Object.entries(files)) await scratch.write(`${root}/${name}`, content);
      const err = await inputError(importInputs([await scratch.path(root)]), await scratch.path(`${root}/${bad}`));
      expect(err.detail).toMatch(detail);
    };
    it('no AWS account in the scan', () => fails({ 'policy.json': { PasswordPolicy: policy } }, 'policy.json', /no AWS account in the scan.*aws-account-<12-digit account id>\/ or add "accountId"/));
    it('two accounts and nothing naming one', () =>
      fails({ 'snapshot.json': snapshot(bucket(), bucket({ accountId: '444455556666', resourceId: 'b', arn: 'arn:aws:s3:::b' })), 'summary.json': { SummaryMap: { Users: 1 } } }, 'summary.json', /2 AWS accounts \(111122223333, 444455556666\)/));
    it('a regional fact of an account in two regions', () =>
      fails({ 'snapshot.json': snapshot(inRegion('eu-west-1', 'vpc-1'), inRegion('us-east-1', 'vpc-2')), 'ebs.json': { EbsEncryptionByDefault: true } }, 'ebs.json', /2 regions \(eu-west-1, us-east-1\).*us-east-1\/\) or add "region"/));
    it('a trail status with two trails and no name', () =>
      fails({ 'snapshot.json': snapshot(trail('a-trail'), trail('b-trail')), 'status.json': { IsLogging: true } }, 'status.json', /2 trails \(a-trail, b-trail\).*trail-status.<trail name>.json/));
    it('an accountId that is not 12 digits', async () => {
      const file = await scratch.write('short-id.json', { accountId: '1234', PasswordPolicy: policy });
      const err = await inputError(importInputs([file]), file);
      expect(err.message).toMatch(/accountId must be 12 digits/);
    });
    it('a password policy whose fields have the wrong types', async () => {
      const file = await scratch.write('typed.json', { PasswordPolicy: { MinimumPasswordLength: '14' } });
      await inputError(importInputs([file]), file, 'PasswordPolicy.MinimumPasswordLength');
    });
  });

  it('imports the demo estate: one account with every fact, both users merged with their report rows, the trail logging', async () => {
    const { resources } = await importInputs(['fixtures/demo']);
    const account = accountOf(resources, '123456789012');
    expect(Object.keys(account.related).sort()).toEqual([
      'accountSummary', 'configRecorders', 'credentialReportGeneratedAt', 'credentialReportGeneratedAtInferred', 'credentialReportRoot', 'ebsEncryptionByDefault',
      'factSources', 'passwordPolicy', 's3PublicAccessBlock', 'scannedRegions',
    ]);
    expect(account.related).toMatchObject({ scannedRegions: ['us-east-1', 'us-west-2'], ebsEncryptionByDefault: { 'us-east-1': false, 'us-west-2': true }, credentialReportRoot: { mfa_active: 'true' } });
    const users = resources.filter((r) => r.type === 'AWS::IAM::User');
    expect(users.map((u) => [u.name, u.source.format, u.related.credentialReport !== undefined]).sort()).toEqual([
      ['ci-deployer', 'aws-config-snapshot', true],
      ['m.okafor', 'aws-config-snapshot', true],
    ]);
    expect(resources.find((r) => r.type === 'AWS::CloudTrail::Trail')!.related.trailStatus).toMatchObject({ IsLogging: true });
  });
});

describe('assembleAwsAccounts', () => {
  it('makes no account for resources a Terraform plan only plans', async () => {
    const { assembleAwsAccounts } = await import('../../src/import/aws-account.js');
    const planned: Resource = {
      provider: 'aws', type: 'AWS::S3::Bucket', id: 'arn:aws:s3:::planned', name: 'planned', account: ACCOUNT, region: 'eu-west-1', tags: {}, config: {}, related: {},
      source: { format: 'terraform-plan', file: 'plan.json', terraform: { address: 'aws_s3_bucket.planned', action: 'create' } },
    };
    const resources = [planned];
    assembleAwsAccounts(resources);
    expect(resources).toEqual([planned]);
  });
});
