import { describe, expect, it } from 'vitest';
import dynamoDbEncrypted from '../../checks/aws/dynamodb-table-encrypted.js';
import ebsEncrypted from '../../checks/aws/ebs-volume-encrypted.js';
import efsEncrypted from '../../checks/aws/efs-file-system-encrypted.js';
import listenerTls from '../../checks/aws/elbv2-listener-tls.js';
import rdsClusterEncrypted from '../../checks/aws/rds-cluster-encrypted.js';
import rdsEncrypted from '../../checks/aws/rds-instance-encrypted.js';
import s3KmsCustomerKey from '../../checks/aws/s3-bucket-kms-customer-key.js';
import s3Encrypted from '../../checks/aws/s3-bucket-encrypted.js';
import s3SecureTransport from '../../checks/aws/s3-bucket-secure-transport.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { constant, grade, imported, only, plan, refs, type PlanResource } from './terraform-plan-builder.js';

/**
 * Each AWS type a plan translates, graded by the same check that grades its AWS Config item:
 * encrypted → pass, unencrypted → fail, known only after apply → error naming the address.
 */

const AWS = { aws: { name: 'aws', expressions: { region: constant('us-east-1') } } };
const ACCOUNT = '123456789012';

const bucket = (name: string, extra: Partial<PlanResource> = {}): PlanResource => ({
  address: `aws_s3_bucket.${name}`,
  values: { bucket: `lumen-${name}`, force_destroy: false, tags: { app: 'records' } },
  unknown: { arn: true, id: true, server_side_encryption_configuration: true, versioning: true, logging: true, policy: true, tags_all: true },
  expressions: { bucket: constant(`lumen-${name}`) },
  ...extra,
});

const sse = (name: string, algorithm: unknown, key?: { ref: string }): PlanResource => ({
  address: `aws_s3_bucket_server_side_encryption_configuration.${name}`,
  values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm === true ? undefined : algorithm, ...(key ? {} : { kms_master_key_id: '' }) }], bucket_key_enabled: true }] },
  unknown: { bucket: true, id: true, rule: [{ apply_server_side_encryption_by_default: [algorithm === true ? { sse_algorithm: true } : key ? { kms_master_key_id: true } : {}] }] },
  expressions: {
    bucket: refs(`aws_s3_bucket.${name}.id`, `aws_s3_bucket.${name}`),
    rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm === true ? refs('random_shuffle.alg.result') : constant(algorithm), ...(key ? { kms_master_key_id: refs(`${key.ref}.arn`, key.ref) } : {}) }] }],
  },
});

describe('aws_s3_bucket → AWS::S3::Bucket', () => {
  it('passes with aws_s3_bucket_server_side_encryption_configuration linked through its bucket reference', () => {
    const f = grade(plan([bucket('uploads'), sse('uploads', 'aws:kms', { ref: 'aws_kms_key.phi' }), { address: 'aws_kms_key.phi', values: { is_enabled: true, enable_key_rotation: true }, unknown: { arn: true, key_id: true, id: true } }], { providers: AWS }), s3Encrypted);
    expect(f).toMatchObject({ status: 'pass', evidence: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'aws_kms_key.phi' }, resource: { id: 'aws_s3_bucket.uploads', name: 'aws_s3_bucket.uploads', region: 'us-east-1' } });
  });

  it('names a key the plan creates by its address, so the strict check finds it is customer managed', () => {
    const doc = plan([bucket('uploads'), sse('uploads', 'aws:kms', { ref: 'aws_kms_key.phi' }), { address: 'aws_kms_key.phi', values: { is_enabled: true }, unknown: { arn: true } }], { providers: AWS });
    const f = grade(doc, s3KmsCustomerKey);
    expect(f).toMatchObject({ status: 'pass', evidence: { kmsMasterKeyID: 'aws_kms_key.phi', keyManager: 'CUSTOMER' } });
  });

  it('links the configuration by the bucket name when both are known (a no-op plan)', () => {
    const doc = plan([
      { ...bucket('legacy'), actions: ['no-op'], values: { bucket: 'lumen-legacy', arn: 'arn:aws:s3:::lumen-legacy', id: 'lumen-legacy', server_side_encryption_configuration: [] }, unknown: {} },
      { ...sse('legacy', 'AES256'), actions: ['no-op'], values: { bucket: 'lumen-legacy', id: 'lumen-legacy', rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256', kms_master_key_id: '' }] }] }, unknown: {}, expressions: {} },
    ]);
    const f = grade(doc, s3Encrypted);
    expect(f).toMatchObject({ status: 'pass', evidence: { sseAlgorithm: 'AES256' }, resource: { id: 'arn:aws:s3:::lumen-legacy', name: 'aws_s3_bucket.legacy' } });
  });

  it('reads the legacy inline server_side_encryption_configuration block', () => {
    const doc = plan([bucket('inline', { values: { bucket: 'lumen-inline', server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256', kms_master_key_id: null }] }] }] }, unknown: { arn: true } })]);
    expect(grade(doc, s3Encrypted)).toMatchObject({ status: 'pass', evidence: { sseAlgorithm: 'AES256' } });
  });

  it('fails an existing bucket whose refreshed state shows no default encryption', () => {
    const doc = plan([{ ...bucket('old'), actions: ['no-op'], values: { bucket: 'lumen-old', arn: 'arn:aws:s3:::lumen-old', server_side_encryption_configuration: [] }, unknown: {} }]);
    expect(grade(doc, s3Encrypted)).toMatchObject({ status: 'fail', evidence: { ServerSideEncryptionConfiguration: null } });
  });

  it('passes a new bucket with no encryption configured: S3 applies SSE-S3 to every new bucket, and the finding says so', () => {
    const resources = imported(plan([bucket('plain')]));
    const b = only(resources, 'AWS::S3::Bucket');
    expect(b.source.terraform?.assumed?.join(' ')).toMatch(/SSE-S3.*2023-01-05/);
    expect(grade(plan([bucket('plain')]), s3Encrypted)).toMatchObject({ status: 'pass', evidence: { sseAlgorithm: 'AES256' } });
  });

  it('is undecided, naming the address, when the encryption algorithm is known only after apply', () => {
    const f = grade(plan([bucket('dyn'), sse('dyn', true)]), s3Encrypted);
    expect(f.status).toBe('error');
    expect(f.reason).toMatch(/aws_s3_bucket_server_side_encryption_configuration\.dyn\.rule.*of aws_s3_bucket\.dyn only after apply/);
  });

  it('merges the bucket policy (policyText decoded), public access block, versioning and logging resources', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::lumen-logs', 'arn:aws:s3:::lumen-logs/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };
    const on = (type: string, values: Record<string, unknown>, expressions: Record<string, unknown> = {}): PlanResource => ({
      address: `${type}.logs`,
      values,
      unknown: { id: true, bucket: true },
      expressions: { bucket: refs('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'), ...expressions },
    });
    const doc = plan([
      bucket('logs'),
      on('aws_s3_bucket_policy', { policy: JSON.stringify(policy) }),
      on('aws_s3_bucket_public_access_block', { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false }),
      on('aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] }),
      { ...on('aws_s3_bucket_logging', { target_prefix: 'logs/' }, { target_bucket: refs('aws_s3_bucket.audit.id', 'aws_s3_bucket.audit') }), unknown: { id: true, bucket: true, target_bucket: true } },
      bucket('audit'),
    ]);
    const resources = imported(doc);
    const logs = resources.find((r) => r.name === 'aws_s3_bucket.logs')!;
    expect(logs.related.supplementaryConfiguration).toMatchObject({
      BucketPolicy: { policyText: policy },
      PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
      BucketVersioningConfiguration: { status: 'Enabled' },
      BucketLoggingConfiguration: { destinationBucketName: 'aws_s3_bucket.audit', logFilePrefix: 'logs/' },
    });
    expect(logs.config.BucketPolicy).toEqual({ policyText: policy });
    const { findings } = evaluate(resources, [s3SecureTransport], { safeguards: [], checkSafeguards: new Map() });
    expect(findings.find((f) => f.resource.name === 'aws_s3_bucket.logs')).toMatchObject({ status: 'pass', evidence: { denyInsecureTransport: true } });
  });

  it('leaves a bucket policy known only after apply undecided, not failed', () => {
    const doc = plan([bucket('p'), { address: 'aws_s3_bucket_policy.p', values: {}, unknown: { id: true, bucket: true, policy: true }, expressions: { bucket: refs('aws_s3_bucket.p.id'), policy: refs('aws_s3_bucket.p.arn') } }]);
    const f = grade(doc, s3SecureTransport);
    expect(f.status).toBe('error');
    expect(f.reason).toContain('aws_s3_bucket_policy.p.policy of aws_s3_bucket.p only after apply');
  });
});

const db = (values: Record<string, unknown>, extra: Partial<PlanResource> = {}): PlanResource => ({
  address: 'module.db.aws_db_instance.reporting',
  values: { identifier: 'reporting', engine: 'mysql', engine_version: '8.0.35', instance_class: 'db.t4g.medium', allocated_storage: 100, publicly_accessible: false, ...values },
  unknown: { arn: true, id: true, kms_key_id: true, resource_id: true, endpoint: true, tags_all: true, backup_retention_period: true, multi_az: true, parameter_group_name: true },
  ...extra,
});

describe('aws_db_instance → AWS::RDS::DBInstance', () => {
  it.each([
    { title: 'storage_encrypted = true passes', values: { storage_encrypted: true }, status: 'pass', evidence: { storageEncrypted: true } },
    { title: 'storage_encrypted = false fails', values: { storage_encrypted: false }, status: 'fail', evidence: { storageEncrypted: false } },
    { title: 'storage_encrypted unset fails (RDS creates unencrypted storage by default)', values: { storage_encrypted: null }, status: 'fail', evidence: { storageEncrypted: false } },
  ])('$title', ({ values, status, evidence }) => {
    const f = grade(plan([db(values)], { providers: AWS }), rdsEncrypted);
    expect(f).toMatchObject({ status, evidence, resource: { id: 'module.db.aws_db_instance.reporting', name: 'module.db.aws_db_instance.reporting', region: 'us-east-1' } });
    expect(f.source.terraform).toMatchObject({ address: 'module.db.aws_db_instance.reporting', module: 'module.db', action: 'create' });
  });

  it('is undecided, naming the address, when storage_encrypted comes from a value known only after apply', () => {
    const doc = plan([db({}, { unknown: { arn: true, storage_encrypted: true }, expressions: { storage_encrypted: refs('random_shuffle.x.result') } })]);
    const f = grade(doc, rdsEncrypted);
    expect(f.status).toBe('error');
    expect(f.reason).toMatch(/Terraform knows storage_encrypted of module\.db\.aws_db_instance\.reporting only after apply\.$/);
  });

  it('is undecided for a replica, whose encryption follows its source', () => {
    const f = grade(plan([db({ storage_encrypted: null, replicate_source_db: 'arn:aws:rds:us-east-1:123456789012:db:records' })]), rdsEncrypted);
    expect(f.status).toBe('error');
    expect(f.reason).toContain('(it follows the source named by replicate_source_db)');
  });

  it('uses the real ARN, account and region of an existing instance (no-op)', () => {
    const arn = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:records`;
    const f = grade(plan([db({ storage_encrypted: true, arn, kms_key_id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k` }, { actions: ['no-op'], unknown: {} })]), rdsEncrypted);
    expect(f).toMatchObject({ status: 'pass', resource: { id: arn, name: 'module.db.aws_db_instance.reporting', account: ACCOUNT, region: 'eu-west-1' } });
  });

  it('grades a replacement as the new instance', () => {
    const f = grade(plan([db({ storage_encrypted: true }, { actions: ['delete', 'create'], before: { storage_encrypted: false } })]), rdsEncrypted);
    expect(f).toMatchObject({ status: 'pass', source: { terraform: { action: 'replace' } } });
  });
});

describe('aws_rds_cluster → AWS::RDS::DBCluster (and its aws_rds_cluster_instance members)', () => {
  const cluster = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
    address: 'aws_rds_cluster.imaging',
    values: { cluster_identifier: 'imaging-meta', engine: 'aurora-postgresql', engine_mode: 'provisioned', ...values },
    unknown: { arn: true, id: true, kms_key_id: true, ...unknown },
    expressions,
  });
  it.each([
    { title: 'storage_encrypted = true passes', c: cluster({ storage_encrypted: true }), status: 'pass', evidence: { storageEncrypted: true } },
    { title: 'storage_encrypted = false fails', c: cluster({ storage_encrypted: false }), status: 'fail', evidence: { storageEncrypted: false } },
    { title: 'unset on a provisioned cluster fails (the default is false)', c: cluster({}, { storage_encrypted: true }), status: 'fail', evidence: { storageEncrypted: false } },
    { title: 'unset on Aurora Serverless v1 passes (always encrypted)', c: cluster({ engine_mode: 'serverless' }, { storage_encrypted: true }), status: 'pass', evidence: { storageEncrypted: true } },
    { title: 'restored from a snapshot is undecided', c: cluster({ snapshot_identifier: 'snap-1' }, { storage_encrypted: true }), status: 'error', evidence: { storageEncrypted: null } },
  ])('$title', ({ c, status, evidence }) => {
    const f = grade(plan([c]), rdsClusterEncrypted);
    expect(f).toMatchObject({ status, evidence });
    if (status === 'error') expect(f.reason).toContain('of aws_rds_cluster.imaging only after apply');
  });

  it('gives a cluster member its cluster’s storage encryption, linked through cluster_identifier', () => {
    const member: PlanResource = { address: 'aws_rds_cluster_instance.imaging[0]', values: { engine: 'aurora-postgresql', instance_class: 'db.r6g.large' }, unknown: { arn: true, cluster_identifier: true }, expressions: { cluster_identifier: refs('aws_rds_cluster.imaging.id', 'aws_rds_cluster.imaging') } };
    const f = grade(plan([cluster({ storage_encrypted: false }), member]), rdsEncrypted);
    expect(f).toMatchObject({ status: 'fail', evidence: { storageEncrypted: false }, resource: { name: 'aws_rds_cluster_instance.imaging[0]' } });
  });
});

describe('aws_ebs_volume → AWS::EC2::Volume', () => {
  const volume = (address: string, values: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResource => ({
    address,
    values: { availability_zone: 'us-west-2a', size: 40, ...values },
    unknown: { arn: true, id: true, kms_key_id: true, ...unknown },
  });
  it.each([
    { title: 'encrypted = true passes', v: volume('aws_ebs_volume.good', { encrypted: true }), status: 'pass', evidence: { encrypted: true } },
    { title: 'encrypted = false fails', v: volume('aws_ebs_volume.bad', { encrypted: false }), status: 'fail', evidence: { encrypted: false } },
    { title: 'unset is undecided: the account default decides', v: volume('aws_ebs_volume.missing', {}, { encrypted: true }), status: 'error', evidence: { encrypted: null } },
  ])('$title', ({ v, status, evidence }) => {
    const f = grade(plan([v]), ebsEncrypted);
    expect(f).toMatchObject({ status, evidence, resource: { region: 'us-west-2' } });
    if (status === 'error') expect(f.reason).toMatch(/encrypted of aws_ebs_volume\.missing only after apply \(the account's EBS encryption by default decides\)/);
  });

  it('passes an unset volume when the plan turns on EBS encryption by default', () => {
    const doc = plan([volume('aws_ebs_volume.missing', {}, { encrypted: true }), { address: 'aws_ebs_encryption_by_default.this', values: { enabled: true } }]);
    expect(grade(doc, ebsEncrypted)).toMatchObject({ status: 'pass', evidence: { encrypted: true } });
  });
});

describe('aws_efs_file_system → AWS::EFS::FileSystem', () => {
  const fs = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
    address: 'aws_efs_file_system.docs',
    values: { creation_token: 'docs', performance_mode: 'generalPurpose', ...values },
    unknown: { arn: true, id: true, kms_key_id: true, ...unknown },
    expressions,
  });
  it.each([
    { title: 'encrypted = true passes', f: fs({ encrypted: true }), status: 'pass', evidence: { Encrypted: true } },
    { title: 'unset fails (EFS creates unencrypted file systems by default)', f: fs({}, { encrypted: true }), status: 'fail', evidence: { Encrypted: false } },
    { title: 'set from a value known only after apply is undecided', f: fs({}, { encrypted: true }, { encrypted: refs('random_shuffle.x.result') }), status: 'error', evidence: { Encrypted: null } },
  ])('$title', ({ f: resource, status, evidence }) => {
    const f = grade(plan([resource]), efsEncrypted);
    expect(f).toMatchObject({ status, evidence });
    if (status === 'error') expect(f.reason).toContain('encrypted of aws_efs_file_system.docs only after apply');
  });

  it('merges aws_efs_backup_policy into BackupPolicy.Status', () => {
    const doc = plan([fs({ encrypted: true }), { address: 'aws_efs_backup_policy.docs', values: { backup_policy: [{ status: 'ENABLED' }] }, unknown: { file_system_id: true }, expressions: { file_system_id: refs('aws_efs_file_system.docs.id') } }]);
    expect(only(imported(doc), 'AWS::EFS::FileSystem').config).toMatchObject({ Encrypted: true, BackupPolicy: { Status: 'ENABLED' } });
  });
});

describe('aws_dynamodb_table → AWS::DynamoDB::Table', () => {
  const table = (sseBlock: unknown, unknown: Record<string, unknown> = {}): PlanResource => ({
    address: 'aws_dynamodb_table.sessions',
    values: { name: 'sessions', billing_mode: 'PAY_PER_REQUEST', hash_key: 'id', server_side_encryption: sseBlock, point_in_time_recovery: [{ enabled: true }] },
    unknown: { arn: true, id: true, ...unknown },
  });
  it.each([
    { title: 'a customer managed key passes', t: table([{ enabled: true, kms_key_arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k` }]), status: 'pass', evidence: { ssedescription: { status: 'ENABLED', ssetype: 'KMS' } } },
    { title: 'no block is the AWS owned key, DynamoDB’s default: pass', t: table([]), status: 'pass', evidence: { encryptionKey: 'AWS owned key' } },
    { title: 'encryption known only after apply is undecided', t: table([{}], { server_side_encryption: [{ enabled: true }] }), status: 'error', evidence: { ssedescription: {} } },
  ])('$title', ({ t, status, evidence }) => {
    const f = grade(plan([t]), dynamoDbEncrypted);
    expect(f).toMatchObject({ status, evidence });
    if (status === 'error') expect(f.reason).toContain('server_side_encryption.enabled of aws_dynamodb_table.sessions only after apply');
  });

  it('records point-in-time recovery where Config does', () => {
    const r = only(imported(plan([table([])])), 'AWS::DynamoDB::Table');
    expect(r.related.supplementaryConfiguration).toMatchObject({ ContinuousBackupsDescription: { pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' } } });
  });
});

describe('aws_cloudtrail, aws_lb_listener and aws_kms_key → Config field names', () => {
  it('aws_cloudtrail → AWS::CloudTrail::Trail, with the logging state as GetTrailStatus reports it', () => {
    const doc = plan([
      {
        address: 'aws_cloudtrail.org',
        values: { name: 'org', s3_bucket_name: 'lumen-trail', enable_log_file_validation: true, is_multi_region_trail: true, include_global_service_events: true, is_organization_trail: false, enable_logging: true, kms_key_id: null, event_selector: [], advanced_event_selector: [], insight_selector: [] },
        unknown: { arn: true, home_region: true, kms_key_id: true },
        expressions: { kms_key_id: refs('aws_kms_key.trail.arn', 'aws_kms_key.trail') },
      },
      { address: 'aws_kms_key.trail', values: { is_enabled: true, enable_key_rotation: false }, unknown: { arn: true } },
    ], { providers: AWS });
    const trail = only(imported(doc), 'AWS::CloudTrail::Trail');
    expect(trail.config).toMatchObject({ name: 'org', s3BucketName: 'lumen-trail', logFileValidationEnabled: true, isMultiRegionTrail: true, homeRegion: 'us-east-1', kmsKeyId: 'aws_kms_key.trail', hasCustomEventSelectors: false });
    expect(trail.related.trailStatus).toEqual({ IsLogging: true });
  });

  it('aws_lb_listener → AWS::ElasticLoadBalancingV2::Listener, graded by the listener TLS check', () => {
    const https: PlanResource = { address: 'aws_lb_listener.https', values: { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', default_action: [{ type: 'forward' }] }, unknown: { arn: true, certificate_arn: true, load_balancer_arn: true }, expressions: { certificate_arn: refs('aws_acm_certificate.site.arn') } };
    const http: PlanResource = { address: 'aws_lb_listener.http', values: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward' }] }, unknown: { arn: true, load_balancer_arn: true } };
    const resources = imported(plan([https, http]));
    expect(resources.find((r) => r.name === 'aws_lb_listener.https')!.config).toMatchObject({ Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: '(known after apply: aws_acm_certificate.site.arn)' }], DefaultActions: [{ Type: 'forward' }] });
    const { findings } = evaluate(resources, [listenerTls], { safeguards: [], checkSafeguards: new Map() });
    expect(findings.find((f) => f.resource.name === 'aws_lb_listener.https')?.status).toBe('pass');
    expect(findings.find((f) => f.resource.name === 'aws_lb_listener.http')?.status).toBe('fail');
  });

  it('aws_kms_key → AWS::KMS::Key, with the rotation status and the decoded key policy where Config keeps them', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    const key = only(imported(plan([{ address: 'aws_kms_key.phi', values: { description: 'PHI', is_enabled: true, enable_key_rotation: true, key_usage: 'ENCRYPT_DECRYPT', customer_master_key_spec: 'SYMMETRIC_DEFAULT', policy: JSON.stringify(policy) }, unknown: { arn: true, key_id: true } }])), 'AWS::KMS::Key');
    expect(key.config).toMatchObject({ enabled: true, keyState: 'Enabled', keyManager: 'CUSTOMER', keyUsage: 'ENCRYPT_DECRYPT', KeyRotationStatus: true, Policy: policy });
    expect(key.related.supplementaryConfiguration).toMatchObject({ KeyRotationStatus: true });
  });
});

describe('tags and account', () => {
  it('uses the provider default_tags under the resource tags, and the account of aws_caller_identity', () => {
    const doc = plan([db({ storage_encrypted: true, tags: { phi: 'true' } })], {
      providers: { aws: { name: 'aws', expressions: { region: constant('us-east-1'), default_tags: [{ tags: constant({ owner: 'platform', phi: 'false' }) }] } } },
      priorState: [{ address: 'data.aws_caller_identity.current', values: { account_id: ACCOUNT } }],
    });
    const r = only(imported(doc), 'AWS::RDS::DBInstance');
    expect(r.tags).toEqual({ owner: 'platform', phi: 'true' });
    expect(r.account).toBe(ACCOUNT);
    expect(grade(doc, rdsEncrypted).ephi).toBe(true);
  });
});
