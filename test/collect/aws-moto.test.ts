import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateVolumeCommand, EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection } from '../../src/collect/index.js';
import { runScan } from '../../src/commands/scan.js';
import type { ScanOutcome } from '../../src/commands/scan.js';
import type { Resource } from '../../src/inventory/resource.js';
import { motoServerPath, startMoto, type Moto } from '../emulators/aws/moto.js';
import { collect, TEST_CREDENTIALS, undocumented } from './aws-support.js';

/**
 * The AWS collector against moto_server, seeded through the AWS SDK: us-east-1 has AWS Config
 * recording (moto answers ListDiscoveredResources + BatchGetResourceConfig for S3 and IAM, not
 * SelectResourceConfig), us-west-2 has none, so S3, RDS and EBS there are read from their own APIs.
 */

const available = motoServerPath() !== undefined;
if (!available && !process.env.CI) {
  console.warn('skipping the moto_server tests: moto_server is not on PATH (pip install "moto[server]==5.2.*"); CI runs them');
}

describe.runIf(!available && Boolean(process.env.CI))('moto_server in CI', () => {
  it('is installed (CI must run the live AWS tests)', () => {
    throw new Error('moto_server is not on PATH, and CI is set: install it with pip install "moto[server]==5.2.*" (see .ci/run)');
  });
});

describe.runIf(available)('AWS collector on moto_server', () => {
  let moto: Moto;
  let c: Collection;
  let scan: ScanOutcome;
  const byName = (name: string): Resource => {
    const r = c.resources.find((x) => x.name === name);
    if (!r) throw new Error(`${name} not collected; got ${c.resources.map((x) => x.name).join(', ')}`);
    return r;
  };

  beforeAll(async () => {
    moto = await startMoto();
    await seed(moto.url);
    c = await collect(moto.url, { regions: ['us-east-1', 'us-west-2'], maxAttempts: 2 });
    scan = await runScan({
      inputs: [], profile: 'default', policy: 'unencrypted-storage', failOnError: false, version: 'test',
      live: { quiet: true, aws: { endpoint: moto.url, credentials: TEST_CREDENTIALS, regions: ['us-east-1', 'us-west-2'], homeRegion: 'us-east-1', maxAttempts: 2, credentialReportPoll: { attempts: 5, intervalMs: 50 } } },
    });
  }, 120_000);
  afterAll(async () => {
    await moto?.close();
  });

  it('reads us-east-1 from AWS Config, falling back from select to list + batch get', () => {
    expect(c.methods).toContain('config-list');
    expect(c.coverage).toContainEqual(expect.objectContaining({ operation: 'config:SelectResourceConfig', region: 'us-east-1', status: 'ok', note: expect.stringContaining('fell back') }));
    expect(c.calls['config:ListDiscoveredResources']).toBeGreaterThan(0);
    expect(c.calls['config:BatchGetResourceConfig']).toBeGreaterThan(0);
    const phi = byName('east-phi-records');
    expect(phi.source).toMatchObject({ format: 'aws-config-api', file: 'config:BatchGetResourceConfig' });
    expect(phi.region).toBe('us-east-1');
    expect(phi.config.BucketPolicy).toMatchObject({ policyText: { Statement: [expect.objectContaining({ Effect: 'Deny' })] } });
    // BatchGetResourceConfig carries no tags: they come from the tagging API.
    expect(phi.tags).toMatchObject({ phi: 'true' });
    expect(byName('east-scratch').related.configurationMissing).toBeUndefined();
  });

  it('reads us-west-2, where Config does not record, from S3, RDS and EC2 directly, in Config\'s shape', () => {
    expect(c.coverage).toContainEqual(expect.objectContaining({ region: 'us-west-2', status: 'not-recorded' }));
    const aes = byName('west-exports');
    expect(aes.source).toMatchObject({ format: 'aws-service-api' });
    expect(aes.config.ServerSideEncryptionConfiguration).toMatchObject({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    const db = byName('west-patients-db');
    expect(db.type).toBe('AWS::RDS::DBInstance');
    expect(db.config).toMatchObject({ dBInstanceIdentifier: 'west-patients-db', storageEncrypted: true, engine: 'postgres' });
    expect(db.tags).toMatchObject({ phi: 'true' });
    expect(byName('west-reporting-db').config.storageEncrypted).toBe(false);
    const volumes = c.resources.filter((r) => r.type === 'AWS::EC2::Volume');
    expect(volumes.map((v) => v.config.encrypted).sort()).toEqual([false, true]);
    expect(volumes[0]!.config.state).toMatchObject({ value: expect.any(String) });
  });

  it('grades what it read: the same checks, pass and fail as the data says', () => {
    const status = (check: string, name: string) => scan.report.findings.find((f) => f.check === check && f.resource.name === name)?.status;
    expect(status('aws-rds-instance-encrypted', 'west-patients-db')).toBe('pass');
    expect(status('aws-rds-instance-encrypted', 'west-reporting-db')).toBe('fail');
    expect(status('aws-s3-bucket-encrypted', 'west-exports')).toBe('pass');
    const volumes = scan.report.findings.filter((f) => f.check === 'aws-ebs-volume-encrypted').map((f) => f.status).sort();
    expect(volumes).toEqual(['fail', 'pass']);
    expect(scan.passed).toBe(false);
    const phiDb = scan.report.findings.find((f) => f.resource.name === 'west-patients-db')!;
    expect(phiDb.ephi).toBe(true);
    expect(phiDb.source).toMatchObject({ format: 'aws-service-api', file: 'rds:DescribeDBInstances' });
  });

  it('reads the IAM credential report: per-user MFA and login, root on the account', () => {
    const alice = c.resources.find((r) => r.type === 'AWS::IAM::User' && r.name === 'alice')!;
    const bob = c.resources.find((r) => r.type === 'AWS::IAM::User' && r.name === 'bob')!;
    expect(alice.related.credentialReport).toMatchObject({ user: 'alice', password_enabled: 'true', mfa_active: 'true' });
    expect(bob.related.credentialReport).toMatchObject({ user: 'bob', password_enabled: 'true', mfa_active: 'false' });
    const svc = c.resources.find((r) => r.type === 'AWS::IAM::User' && r.name === 'svc-uploader')!;
    expect(svc.related.credentialReport).toMatchObject({ password_enabled: 'false', access_key_1_active: 'true' });
    const account = c.resources.find((r) => r.type === 'AWS::::Account')!;
    // moto 5.2's report has no <root_account> row (AWS's always has); the emulator test covers the root row.
    expect(account.related.credentialReportRoot).toBeUndefined();
    expect(account.related.accountSummary).toHaveProperty('AccountMFAEnabled');
  });

  it('records account facts: no password policy (a fact), EBS default per region, recorders, trail status', () => {
    const account = c.resources.find((r) => r.type === 'AWS::::Account')!;
    expect(account.related.passwordPolicy).toBeNull();
    expect(account.related.ebsEncryptionByDefault).toEqual({ 'us-east-1': false, 'us-west-2': true });
    expect(account.related.configRecorders).toMatchObject({ 'us-east-1': { recording: true }, 'us-west-2': { recording: false, recorders: [] } });
    const trail = c.resources.find((r) => r.type === 'AWS::CloudTrail::Trail')!;
    expect(trail.name).toBe('org-trail');
    expect(trail.config).toMatchObject({ name: 'org-trail', isMultiRegionTrail: true, s3BucketName: 'east-scratch' });
    expect(trail.related.trailStatus).toMatchObject({ IsLogging: true });
  });

  it('uses only operations the documented read-only IAM policy allows', () => {
    expect(undocumented(c.calls)).toEqual([]);
  });

  it('writes coverage into the report and keeps credentials out of it', () => {
    const text = JSON.stringify(scan.report);
    expect(text).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    expect(text).not.toContain(TEST_CREDENTIALS.accessKeyId);
    expect((scan.report as { collection?: { sources: unknown[] } }).collection?.sources).toHaveLength(1);
  });
});

async function seed(endpoint: string): Promise<void> {
  const base = { endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 };
  const east = { ...base, region: 'us-east-1' };
  const west = { ...base, region: 'us-west-2' };

  const s3e = new S3Client({ ...east, forcePathStyle: true });
  const s3w = new S3Client({ ...west, forcePathStyle: true });
  await s3e.send(new CreateBucketCommand({ Bucket: 'east-phi-records' }));
  await s3e.send(new PutBucketEncryptionCommand({ Bucket: 'east-phi-records', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1f2d' }, BucketKeyEnabled: true }] } }));
  await s3e.send(new PutBucketTaggingCommand({ Bucket: 'east-phi-records', Tagging: { TagSet: [{ Key: 'phi', Value: 'true' }] } }));
  await s3e.send(new PutBucketPolicyCommand({
    Bucket: 'east-phi-records',
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::east-phi-records', 'arn:aws:s3:::east-phi-records/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }),
  }));
  await s3e.send(new CreateBucketCommand({ Bucket: 'east-scratch' }));
  await s3w.send(new CreateBucketCommand({ Bucket: 'west-exports', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
  await s3w.send(new PutBucketEncryptionCommand({ Bucket: 'west-exports', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));

  const config = new ConfigServiceClient(east);
  await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: 'arn:aws:iam::123456789012:role/aws-config', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }));
  await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'east-scratch' } }));
  await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

  const rds = new RDSClient(west);
  await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'west-patients-db', Engine: 'postgres', DBInstanceClass: 'db.t3.medium', AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'not-a-real-password-1', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/77aa', Tags: [{ Key: 'phi', Value: 'true' }] }));
  await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'west-reporting-db', Engine: 'mysql', DBInstanceClass: 'db.t3.medium', AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'not-a-real-password-2', StorageEncrypted: false }));

  const ec2w = new EC2Client(west);
  await ec2w.send(new CreateVolumeCommand({ AvailabilityZone: 'us-west-2a', Size: 8, Encrypted: false }));
  await ec2w.send(new EnableEbsEncryptionByDefaultCommand({}));
  await ec2w.send(new CreateVolumeCommand({ AvailabilityZone: 'us-west-2a', Size: 8, Encrypted: true, KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/77aa' }));

  const trail = new CloudTrailClient(west);
  await trail.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: 'east-scratch', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await trail.send(new StartLoggingCommand({ Name: 'org-trail' }));

  const iam = new IAMClient(east);
  for (const user of ['alice', 'bob', 'svc-uploader']) await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'not-a-real-password-3' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'not-a-real-password-4' }));
  const mfa = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: mfa.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-uploader' }));

  for (const client of [s3e, s3w, config, rds, ec2w, trail, iam]) client.destroy();
}
