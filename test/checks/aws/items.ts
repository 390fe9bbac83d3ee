import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import type { Check, Profile, Verdict } from '../../../src/engine/check.js';
import { ScanContext } from '../../../src/engine/context.js';
import { importInputs } from '../../../src/import/index.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';

/** What differs between one configuration item and the next in these tables. */
export interface ItemParts {
  resourceType: string;
  resourceId: string;
  arn: string;
  resourceName?: string;
  configuration: Record<string, unknown> | null;
  supplementaryConfiguration?: Record<string, unknown>;
  tags?: Record<string, string>;
  configurationItemStatus?: string;
  availabilityZone?: string;
}

/**
 * A configuration item in the history/snapshot-file shape AWS Config delivers to S3: objects,
 * not JSON strings. Account, region and capture time are fixed so cases differ only where
 * they mean to.
 */
export function configItem(parts: ItemParts): Record<string, unknown> {
  const { configurationItemStatus = 'OK', availabilityZone = 'Regional', supplementaryConfiguration = {}, tags = {}, ...rest } = parts;
  return {
    version: '1.3',
    accountId: '123456789012',
    configurationItemCaptureTime: '2025-03-04T10:15:30.120Z',
    configurationItemStatus,
    configurationStateId: '1741083330120',
    configurationItemMD5Hash: '',
    awsRegion: 'us-east-1',
    availabilityZone,
    resourceCreationTime: '2024-11-18T09:02:11.000Z',
    relatedEvents: [],
    relationships: [],
    ...rest,
    supplementaryConfiguration,
    tags,
  };
}

/**
 * The same item as the Config API returns it (BatchGetResourceConfig, GetResourceConfigHistory,
 * SelectResourceConfig): `configuration` and each supplementary value are JSON strings.
 */
export function asApiItem(item: Record<string, unknown>): Record<string, unknown> {
  const supplementary = (item.supplementaryConfiguration ?? {}) as Record<string, unknown>;
  return {
    ...item,
    configuration: JSON.stringify(item.configuration),
    supplementaryConfiguration: Object.fromEntries(Object.entries(supplementary).map(([k, v]) => [k, JSON.stringify(v)])),
  };
}

/** A real configuration item from /work/shared/samples/aws-config (outside the repo). */
export function sampleItem(relativePath: string): Record<string, unknown> {
  const url = new URL(`../../../../shared/samples/aws-config/${relativePath}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

export interface VerdictCase {
  /** "passes when …", "fails when …", "is undecided when …". */
  title: string;
  item: unknown;
  status: Verdict['status'];
  /** Observed values the verdict must cite; every case names at least one. */
  evidence: Record<string, unknown>;
  /** Other configuration items of the same scan (a KMS key, say), visible through the context. */
  others?: unknown[];
  /** The profile the check runs in; `default` when absent. */
  profile?: Profile;
}

/** RuleTester-style table: one test per case, asserting the status and the evidence it cites. */
export function verdictTable(check: Check, cases: VerdictCase[]): void {
  it.each(cases)('$title', ({ item, status, evidence, others = [], profile = 'default' }) => {
    const verdict = verdictOf(check, fromConfigItem(item), others.map(fromConfigItem), profile);
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
    expect(verdict.evidence).toMatchObject(evidence);
  });
}

/**
 * An AWS::KMS::Key item as Config records it (the rdk sample's shape): `keyManager` is `AWS` for
 * AWS managed keys (aws/s3, aws/dynamodb, …) and `CUSTOMER` for customer managed keys.
 */
export function kmsKeyItem(keyId: string, keyManager: 'AWS' | 'CUSTOMER', keyState = 'Enabled', region = 'us-east-1'): Record<string, unknown> {
  const arn = `arn:aws:kms:${region}:123456789012:key/${keyId}`;
  return {
    ...configItem({
      resourceType: 'AWS::KMS::Key',
      resourceId: keyId,
      resourceName: keyId,
      arn,
      availabilityZone: 'Not Applicable',
      configuration: {
        keyId,
        arn,
        creationDate: 1712778451662,
        enabled: keyState === 'Enabled',
        description: keyManager === 'AWS' ? 'Default key that protects my data when no other key is defined' : 'ePHI data key',
        keyUsage: 'ENCRYPT_DECRYPT',
        keyState,
        origin: 'AWS_KMS',
        keyManager,
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keySpec: 'SYMMETRIC_DEFAULT',
        encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        signingAlgorithms: [],
        multiRegion: false,
        awsaccountId: '123456789012',
      },
      supplementaryConfiguration: { KeyRotationStatus: keyManager === 'AWS' },
    }),
    awsRegion: region,
  };
}

/** An AWS::KMS::Alias item: Config records aliases in the CloudFormation shape (`AliasName`, `TargetKeyId`). */
export function kmsAliasItem(aliasName: string, targetKeyId: string): Record<string, unknown> {
  return configItem({
    resourceType: 'AWS::KMS::Alias',
    resourceId: aliasName,
    resourceName: aliasName,
    arn: `arn:aws:kms:us-east-1:123456789012:${aliasName}`,
    availabilityZone: 'Not Applicable',
    configuration: { AliasName: aliasName, TargetKeyId: targetKeyId },
  });
}

/**
 * AWS Config does not record ElastiCache, so these are collector items in the Config envelope whose
 * configuration is the DescribeReplicationGroups / DescribeCacheClusters element as the AWS SDK
 * returns it (PascalCase).
 */
export function replicationGroup(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    resourceId: 'sessions',
    resourceName: 'sessions',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions',
    configuration: extra && {
      ReplicationGroupId: 'sessions',
      Description: 'telehealth session state',
      Status: 'available',
      MemberClusters: ['sessions-001', 'sessions-002'],
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      ClusterEnabled: false,
      CacheNodeType: 'cache.r7g.large',
      Engine: 'valkey',
      AuthTokenEnabled: false,
      ARN: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions',
      ...extra,
    },
  });
}

export function elastiCacheCluster(extra: Record<string, unknown>) {
  return configItem({
    resourceType: 'AWS::ElastiCache::CacheCluster',
    resourceId: 'sessions-001',
    resourceName: 'sessions-001',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-001',
    configuration: {
      CacheClusterId: 'sessions-001',
      CacheNodeType: 'cache.r7g.large',
      EngineVersion: '7.2',
      CacheClusterStatus: 'available',
      NumCacheNodes: 1,
      ARN: 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-001',
      ...extra,
    },
  });
}

/** AWS::OpenSearch::Domain as Config records it: the CloudFormation shape, PascalCase (aws-config-resource-schema). */
export function openSearchDomain(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::OpenSearch::Domain',
    resourceId: 'patient-search',
    resourceName: 'patient-search',
    arn: 'arn:aws:es:us-east-1:123456789012:domain/patient-search',
    configuration: extra && {
      DomainName: 'patient-search',
      Arn: 'arn:aws:es:us-east-1:123456789012:domain/patient-search',
      Id: '123456789012/patient-search',
      EngineVersion: 'OpenSearch_2.13',
      ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 3, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: true, WarmEnabled: false },
      EBSOptions: { EBSEnabled: true, VolumeSize: 100, VolumeType: 'gp3' },
      VPCOptions: { SubnetIds: ['subnet-0a1b2c3d4e5f60718'], SecurityGroupIds: ['sg-098745dc119c124ed'] },
      ...extra,
    },
  });
}

/** AWS::Elasticsearch::Domain as Config records it: camelCase, with `tlssecurityPolicy` lower-cased. */
export function elasticsearchDomain(extra: Record<string, unknown>) {
  return configItem({
    resourceType: 'AWS::Elasticsearch::Domain',
    resourceId: 'legacy-logs',
    resourceName: 'legacy-logs',
    arn: 'arn:aws:es:us-east-1:123456789012:domain/legacy-logs',
    configuration: {
      domainId: '123456789012/legacy-logs',
      domainName: 'legacy-logs',
      arn: 'arn:aws:es:us-east-1:123456789012:domain/legacy-logs',
      created: true,
      deleted: false,
      elasticsearchVersion: '7.10',
      elasticsearchClusterConfig: { instanceType: 'm5.large.elasticsearch', instanceCount: 2, dedicatedMasterEnabled: false, zoneAwarenessEnabled: false },
      ebsoptions: { ebsenabled: true, volumeType: 'gp2', volumeSize: 50 },
      ...extra,
    },
  });
}

/** AWS::SQS::Queue as Config records it: the CloudFormation shape, booleans as strings ("true"). */
export function sqsQueue(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::SQS::Queue',
    resourceId: 'https://sqs.us-east-1.amazonaws.com/123456789012/hl7-intake',
    resourceName: 'hl7-intake',
    arn: 'arn:aws:sqs:us-east-1:123456789012:hl7-intake',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/hl7-intake',
      QueueArn: 'arn:aws:sqs:us-east-1:123456789012:hl7-intake',
      QueueName: 'hl7-intake',
      CreatedTimestamp: '2021-03-02T10:03:12.000Z',
      LastModifiedTimestamp: '2025-08-14T16:22:05.000Z',
      DelaySeconds: 0,
      MaximumMessageSize: 262144,
      MessageRetentionPeriod: 345600,
      ReceiveMessageWaitTimeSeconds: 20,
      VisibilityTimeout: 120,
      ...extra,
    },
  });
}

/** AWS::SNS::Topic as Config records it (CloudFormation shape); KmsMasterKeyId is absent when none is set. */
export function snsTopic(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::SNS::Topic',
    resourceId: 'arn:aws:sns:us-east-1:123456789012:appointment-reminders',
    resourceName: 'appointment-reminders',
    arn: 'arn:aws:sns:us-east-1:123456789012:appointment-reminders',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:appointment-reminders',
      DisplayName: 'Appointment reminders',
      Owner: '123456789012',
      ...extra,
    },
  });
}

/** AWS::Kinesis::Stream as Config records it (CloudFormation shape); StreamEncryption is absent when off. */
export function kinesisStream(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::Kinesis::Stream',
    resourceId: 'device-readings',
    resourceName: 'device-readings',
    arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/device-readings',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      Arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/device-readings',
      Name: 'device-readings',
      RetentionPeriodHours: 168,
      ShardCount: 2,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ...extra,
    },
  });
}

/**
 * AWS::Logs::LogGroup: AWS Config does not record log groups, so this is a collector item in the
 * Config envelope whose configuration is a DescribeLogGroups element (camelCase).
 */
export function logGroup(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: '/aws/lambda/hl7-normalizer',
    resourceName: '/aws/lambda/hl7-normalizer',
    arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hl7-normalizer',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      logGroupName: '/aws/lambda/hl7-normalizer',
      creationTime: 1719828192000,
      retentionInDays: 365,
      metricFilterCount: 0,
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hl7-normalizer:*',
      storedBytes: 48211,
      logGroupClass: 'STANDARD',
      ...extra,
    },
  });
}

/** AWS::Backup::BackupVault as Config records it (CloudFormation shape). */
export function backupVault(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::Backup::BackupVault',
    resourceId: 'phi-daily',
    resourceName: 'phi-daily',
    arn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:phi-daily',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      BackupVaultName: 'phi-daily',
      BackupVaultArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:phi-daily',
      ...extra,
    },
  });
}

/** AWS::Backup::RecoveryPoint as Config records it (CloudFormation-style PascalCase, per the Config resource schema). */
export function recoveryPoint(extra: Record<string, unknown> | null) {
  const arn = 'arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809';
  return configItem({
    resourceType: 'AWS::Backup::RecoveryPoint',
    resourceId: arn,
    resourceName: 'awsbackup:job-1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809',
    arn,
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      RecoveryPointArn: arn,
      BackupVaultName: 'phi-daily',
      BackupVaultArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:phi-daily',
      ResourceArn: 'arn:aws:rds:us-east-1:123456789012:db:reporting-db',
      ResourceType: 'RDS',
      CreatedBy: { BackupPlanId: '8f7e6d5c-4b3a-4291-8e0f-1a2b3c4d5e6f', BackupRuleId: 'daily' },
      IamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
      Status: 'COMPLETED',
      CreationDate: '2026-03-01T05:10:00.000Z',
      CompletionDate: '2026-03-01T05:24:41.000Z',
      BackupSizeInBytes: 21474836480,
      StorageClass: 'WARM',
      ...extra,
    },
  });
}

/** AWS::SageMaker::NotebookInstance as Config records it (CloudFormation shape). */
export function notebookInstance(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::SageMaker::NotebookInstance',
    resourceId: 'cohort-analysis',
    resourceName: 'cohort-analysis',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/cohort-analysis',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      NotebookInstanceName: 'cohort-analysis',
      InstanceType: 'ml.t3.medium',
      RoleArn: 'arn:aws:iam::123456789012:role/lumen-ds-sandbox-role',
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
      SubnetId: 'subnet-0a1b2c3d4e5f60718',
      SecurityGroupIds: ['sg-098745dc119c124ed'],
      VolumeSizeInGB: 50,
      ...extra,
    },
  });
}

/** AWS::ElasticLoadBalancingV2::Listener as Config records it (CloudFormation shape). */
export function elbv2Listener(extra: Record<string, unknown> | null) {
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/portal-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';
  return configItem({
    resourceType: 'AWS::ElasticLoadBalancingV2::Listener',
    resourceId: arn,
    arn,
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      ListenerArn: arn,
      LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/portal-alb/50dc6c495c0c9188',
      ...extra,
    },
  });
}

/**
 * AWS::ElasticLoadBalancing::LoadBalancer as Config records it: camelCase configuration
 * (`listenerDescriptions[].listener.protocol`, `policyNames`) and the listeners' policies in
 * supplementaryConfiguration.LoadBalancerPolicies.
 */
export function classicLoadBalancer(listenerDescriptions: unknown[] | null, loadBalancerPolicies?: unknown[]) {
  return configItem({
    resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
    resourceId: 'legacy-portal',
    resourceName: 'legacy-portal',
    arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-portal',
    configuration: listenerDescriptions && {
      loadBalancerName: 'legacy-portal',
      dnsname: 'legacy-portal-1234567890.us-east-1.elb.amazonaws.com',
      scheme: 'internet-facing',
      vpcid: 'vpc-0084930f27dcd9d5e',
      listenerDescriptions,
      policies: { appCookieStickinessPolicies: [], lbcookieStickinessPolicies: [], otherPolicies: [] },
      createdTime: '2019-06-17T14:02:31.000Z',
    },
    supplementaryConfiguration: loadBalancerPolicies ? { LoadBalancerPolicies: loadBalancerPolicies } : {},
  });
}

/** AWS::CloudFront::Distribution as Config records it (camelCase, `items`/`quantity` lists; global, recorded in us-east-1). */
export function cloudFrontDistribution(distributionConfig: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::CloudFront::Distribution',
    resourceId: 'E2QWRUHAPOMQZL',
    resourceName: 'E2QWRUHAPOMQZL',
    arn: 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL',
    availabilityZone: 'Not Applicable',
    configuration: distributionConfig && {
      id: 'E2QWRUHAPOMQZL',
      arn: 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL',
      domainName: 'd111111abcdef8.cloudfront.net',
      lastModifiedTime: '2025-11-02T09:14:22.000Z',
      distributionConfig: {
        callerReference: 'portal-2024',
        aliases: { quantity: 1, items: ['portal.lumen-health.example'] },
        enabled: true,
        httpVersion: 'http2',
        isIPV6Enabled: true,
        priceClass: 'PriceClass_100',
        ...distributionConfig,
      },
    },
  });
}

/** AWS::ApiGateway::RestApi as Config records it (camelCase; the schema has no securityPolicy yet). */
export function restApi(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::ApiGateway::RestApi',
    resourceId: 'a1b2c3d4e5',
    resourceName: 'patient-records-api',
    arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      id: 'a1b2c3d4e5',
      name: 'patient-records-api',
      createdDate: '2024-05-02T11:20:31.000Z',
      apiKeySource: 'HEADER',
      binaryMediaTypes: [],
      ...extra,
    },
  });
}

/** AWS::ApiGatewayV2::Api as Config records it (camelCase). */
export function httpApi(extra: Record<string, unknown>) {
  return configItem({
    resourceType: 'AWS::ApiGatewayV2::Api',
    resourceId: 'f6g7h8i9j0',
    resourceName: 'intake-http-api',
    arn: 'arn:aws:apigateway:us-east-1::/apis/f6g7h8i9j0',
    availabilityZone: 'Not Applicable',
    configuration: { apiId: 'f6g7h8i9j0', name: 'intake-http-api', createdDate: '2025-01-14T08:00:00.000Z', routeSelectionExpression: '$request.method $request.path', disableExecuteApiEndpoint: false, ...extra },
  });
}

/**
 * AWS::S3::Bucket as Config records it: bucket settings in supplementaryConfiguration, the bucket
 * policy as `BucketPolicy.policyText`, a JSON string (null when the bucket has none).
 */
export function s3BucketItem(supplementary: Record<string, unknown>, name = 'acme-patient-exports') {
  return configItem({
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    arn: `arn:aws:s3:::${name}`,
    configuration: { name, owner: { displayName: null, id: '8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12' }, creationDate: '2024-11-18T09:02:11.000Z' },
    supplementaryConfiguration: {
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null },
      BucketPolicy: { policyText: null },
      IsRequesterPaysEnabled: false,
      ...supplementary,
    },
  });
}

/** AWS::DynamoDB::Table as Config records it: `ssedescription.{status, ssetype, kmsmasterKeyArn}` (aws-config-resource-schema). */
export function dynamoDbTable(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: 'appointments',
    resourceName: 'appointments',
    arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/appointments',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      tableName: 'appointments',
      tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/appointments',
      tableStatus: 'ACTIVE',
      keySchema: [{ attributeName: 'patientId', keyType: 'HASH' }],
      creationDateTime: 1731920531000,
      ...extra,
    },
  });
}

// --- Account-level facts and estates imported as files (issue 3: logging, authentication, backup) ---

/** The IAM credential report's header, as `aws iam get-credential-report` writes it (IAM User Guide, "Getting credential reports"). */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/**
 * One credential report line for `user` (`<root_account>` for the root user) in account
 * 123456789012: by default no password, no MFA, no keys, no certificates; `columns` overrides.
 */
export function credentialReportLine(user: string, columns: Record<string, string> = {}): string {
  const root = user === '<root_account>';
  const defaults: Record<string, string> = {
    user,
    arn: root ? 'arn:aws:iam::123456789012:root' : `arn:aws:iam::123456789012:user/${user}`,
    user_creation_time: '2024-05-20T16:45:10+00:00',
    password_enabled: root ? 'not_supported' : 'false',
    password_last_used: root ? 'no_information' : 'N/A',
    password_last_changed: root ? 'not_supported' : 'N/A',
    password_next_rotation: root ? 'not_supported' : 'N/A',
    mfa_active: 'false',
  };
  const value = (c: string) => columns[c] ?? defaults[c] ?? (/_active$/.test(c) ? 'false' : 'N/A');
  return CREDENTIAL_REPORT_COLUMNS.map((c) => {
    const v = value(c);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

/** The report CSV: header and lines, newline-terminated as `base64 -d` leaves it. */
export function credentialReportCsv(lines: string[]): string {
  return `${[CREDENTIAL_REPORT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}

/** AWS::IAM::User as Config records it (global, `userName`, `attachedManagedPolicies`). */
export function iamUserItem(name: string, configuration: Record<string, unknown> | null = {}) {
  const arn = `arn:aws:iam::123456789012:user/${name}`;
  return {
    ...configItem({
      resourceType: 'AWS::IAM::User',
      resourceId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
      resourceName: name,
      arn,
      availabilityZone: 'Not Applicable',
      configuration: configuration && { path: '/', userName: name, arn, createDate: '2024-05-20T16:45:10.000Z', userPolicyList: [], groupList: [], attachedManagedPolicies: [], permissionsBoundary: null, tags: [], ...configuration },
    }),
    awsRegion: 'global',
  };
}

/** AWS::CloudTrail::Trail as Config records it (aws-config-resource-schema; no logging status). */
export function cloudTrailItem(extra: Record<string, unknown> | null, name = 'org-trail') {
  const arn = `arn:aws:cloudtrail:us-east-1:123456789012:trail/${name}`;
  return configItem({
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: name,
    resourceName: name,
    arn,
    configuration: extra && {
      name,
      s3BucketName: 'acme-cloudtrail-123456789012',
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      homeRegion: 'us-east-1',
      trailARN: arn,
      logFileValidationEnabled: true,
      hasCustomEventSelectors: false,
      hasInsightSelectors: false,
      isOrganizationTrail: false,
      ...extra,
    },
  });
}

/** `aws configservice describe-configuration-recorders` / `-status` output for one recorder, `allSupported`. */
export function configRecorderFiles(region: string, recording = true, allSupported = true): Record<string, object> {
  return {
    [`aws-account-123456789012/${region}/config-recorders.json`]: {
      ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig', recordingGroup: { allSupported, includeGlobalResourceTypes: region === 'us-east-1', resourceTypes: allSupported ? [] : ['AWS::S3::Bucket'] } }],
    },
    [`aws-account-123456789012/${region}/config-recorder-status.json`]: {
      ConfigurationRecordersStatus: [{ name: 'default', lastStartTime: '2026-01-05T10:12:41.511000+00:00', recording, lastStatus: 'SUCCESS', lastStatusChangeTime: '2026-03-02T06:50:03.208000+00:00' }],
    },
  };
}

/**
 * Import files (path below a scratch folder → text, or a value written as JSON) exactly as
 * `safeguard scan --input <folder>` does, so account facts and credential-report rows merge as in a scan.
 */
export async function importEstate(files: Record<string, string | object>): Promise<Resource[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-estate-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return (await importInputs([dir])).resources;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A snapshot file holding configuration items, as AWS Config delivers it. */
export function snapshotFile(items: unknown[]): object {
  return { fileVersion: '1.0', configSnapshotId: '7bd8e1f6-4c1a-4f0e-9a7d-2b3c4d5e6f70', configurationItems: items };
}

export interface EstateCase {
  title: string;
  /** Files of the scan: path below the input folder → content. */
  files: Record<string, string | object>;
  status: Verdict['status'];
  evidence: Record<string, unknown>;
  /** The resource graded; the first of the check's first type when absent. */
  pick?: (resources: Resource[]) => Resource | undefined;
  profile?: Profile;
}

/** `verdictTable` for cases that need the whole import path (account facts, credential report, merges). */
export function estateVerdictTable(check: Check, cases: EstateCase[]): void {
  it.each(cases)('$title', async ({ files, status, evidence, pick, profile = 'default' }) => {
    const resources = await importEstate(files);
    const resource = pick ? pick(resources) : resources.find((r) => r.type === check.resourceTypes[0]);
    expect(resource, 'the resource to grade is in the estate').toBeDefined();
    const verdict = check.evaluate(resource!, new ScanContext(resources, profile));
    expect(verdict.status).toBe(status);
    expect(verdict.reason).toMatch(/^[A-Z].*\.$/);
    expect(verdict.evidence).toMatchObject(evidence);
  });
}
