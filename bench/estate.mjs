// Seeded, deterministic estates for the benchmark, in the clouds' own export formats. The same
// seed and size always give the same bytes, so runs compare.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export const ACCOUNT = '123456789012';
export const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'];
const CAPTURED = '2026-11-01T06:00:00.000Z';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random, n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const pick = (random, list) => list[Math.floor(random() * list.length)];

/**
 * The AWS mix per 100 items: what a production account holds, graded types (S3, EBS, RDS, DynamoDB,
 * SQS, KMS, security groups, VPCs, IAM users) and ungraded ones (instances, ENIs, Lambda, roles)
 * that checks still look up. S3 is every fifth item, so 10,000 items hold 2,000 buckets.
 */
const MIX = [
  ['AWS::S3::Bucket', 200], ['AWS::EC2::Volume', 180], ['AWS::EC2::Instance', 150], ['AWS::EC2::NetworkInterface', 110], ['AWS::EC2::SecurityGroup', 90],
  ['AWS::Lambda::Function', 65], ['AWS::IAM::Role', 50], ['AWS::RDS::DBInstance', 40], ['AWS::DynamoDB::Table', 40], ['AWS::SQS::Queue', 30],
  ['AWS::KMS::Key', 20], ['AWS::IAM::User', 20], ['AWS::EC2::VPC', 2], ['AWS::EC2::FlowLog', 2], ['AWS::Backup::BackupSelection', 1],
];
const ORDER = (() => {
  const rest = MIX.filter(([t]) => t !== 'AWS::S3::Bucket').flatMap(([t, n]) => Array(n).fill(t));
  const random = rng(99);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  let k = 0;
  return Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 'AWS::S3::Bucket' : rest[k++]));
})();

const slots = (type) => ORDER.flatMap((t, k) => (t === type ? [k] : []));
const VPC_SLOTS = slots('AWS::EC2::VPC');
const FLOW_SLOTS = slots('AWS::EC2::FlowLog');

/** The i-th configuration item of a seeded AWS estate (snapshot shape: objects, not JSON strings). */
export function awsItem(i, { seed = 1, regions = REGIONS } = {}) {
  const random = rng(seed * 1_000_003 + i);
  const type = ORDER[i % 1000];
  const region = type.startsWith('AWS::IAM::') ? 'global' : regions[Math.floor(i / 100 + i) % regions.length];
  const r = region === 'global' ? regions[0] : region;
  const n = String(i).padStart(7, '0');
  const phi = random() < 0.3;
  const tags = { env: pick(random, ['prod', 'prod', 'staging', 'dev']), owner: pick(random, ['platform', 'data', 'clinical-apps', 'billing']), 'cost-center': `cc-${100 + (i % 40)}`, ...(phi ? { 'data-classification': 'phi' } : {}) };
  const base = (resourceType, resourceId, arn, configuration, supplementaryConfiguration = {}, extra = {}) => ({
    version: '1.3', accountId: ACCOUNT, configurationItemCaptureTime: CAPTURED, configurationItemStatus: 'OK', configurationStateId: String(1761980400000 + i),
    arn, resourceType, resourceId, resourceName: extra.name ?? resourceId, awsRegion: region,
    availabilityZone: extra.zone ?? 'Not Applicable', resourceCreationTime: '2025-03-14T09:26:53.000Z', tags, relatedEvents: [], relationships: extra.relationships ?? [],
    configuration, supplementaryConfiguration,
  });
  const vpc = `vpc-${hex(rng(seed + Math.floor(i / 400)), 17)}`;
  const subnet = `subnet-${hex(random, 17)}`;
  const zone = `${r}${pick(random, ['a', 'b', 'c'])}`;
  switch (type) {
    case 'AWS::S3::Bucket': {
      const name = `lumen-${tags.env}-data-${n}`;
      const kms = random() < 0.3;
      const encrypted = random() < 0.97;
      return base(type, name, `arn:aws:s3:::${name}`, { name, owner: { displayName: null, id: 'c0ffee00'.repeat(8) }, creationDate: '2025-03-14T09:26:53.000Z' }, {
        BucketLoggingConfiguration: random() < 0.6 ? { destinationBucketName: `lumen-access-logs-${r}`, logFilePrefix: `${name}/` } : { destinationBucketName: null, logFilePrefix: null },
        BucketPolicy: { policyText: random() < 0.35 ? JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) : null },
        BucketVersioningConfiguration: { status: random() < 0.8 ? 'Enabled' : 'Off', isMfaDeleteEnabled: null },
        PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: random() < 0.95 },
        ...(encrypted ? { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: kms ? 'aws:kms' : 'AES256', kmsMasterKeyID: kms ? `arn:aws:kms:${r}:${ACCOUNT}:key/${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}` : null }, bucketKeyEnabled: kms } ] } } : {}),
        IsRequesterPaysEnabled: false,
      }, { zone: 'Regional' });
    }
    case 'AWS::EC2::Volume': {
      const id = `vol-${hex(random, 17)}`;
      const instance = `i-${hex(random, 17)}`;
      return base(type, id, `arn:aws:ec2:${r}:${ACCOUNT}:volume/${id}`, {
        attachments: [{ attachTime: '2025-03-14T09:27:10.000Z', device: '/dev/xvda', instanceId: instance, state: 'attached', volumeId: id, deleteOnTermination: true }],
        availabilityZone: zone, createTime: '2025-03-14T09:27:01.000Z', encrypted: random() < 0.93, kmsKeyId: `arn:aws:kms:${r}:${ACCOUNT}:key/${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`,
        size: pick(random, [8, 20, 100, 500]), snapshotId: `snap-${hex(random, 17)}`, state: { value: 'in-use' }, volumeId: id, iops: 3000, volumeType: 'gp3', throughput: 125, multiAttachEnabled: false,
      }, {}, { zone, relationships: [{ resourceType: 'AWS::EC2::Instance', resourceId: instance, relationshipName: 'Is attached to Instance' }] });
    }
    case 'AWS::EC2::Instance': {
      const id = `i-${hex(random, 17)}`;
      const sg = `sg-${hex(random, 17)}`;
      return base(type, id, `arn:aws:ec2:${r}:${ACCOUNT}:instance/${id}`, {
        imageId: `ami-${hex(random, 17)}`, instanceId: id, instanceType: pick(random, ['t3.medium', 'm6i.large', 'c6i.xlarge', 'r6i.2xlarge']), launchTime: '2025-03-14T09:27:00.000Z',
        placement: { availabilityZone: zone, tenancy: 'default' }, privateDnsName: `ip-10-0-${i % 250}-${i % 200}.ec2.internal`, privateIpAddress: `10.0.${i % 250}.${i % 200}`,
        state: { code: 16, name: 'running' }, subnetId: subnet, vpcId: vpc, architecture: 'x86_64', ebsOptimized: true,
        iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-${i % 30}`, id: `AIPA${hex(random, 16).toUpperCase()}` },
        securityGroups: [{ groupName: `app-${i % 30}`, groupId: sg }], metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
      }, {}, { zone, relationships: [{ resourceType: 'AWS::EC2::SecurityGroup', resourceId: sg, relationshipName: 'Is associated with SecurityGroup' }] });
    }
    case 'AWS::EC2::NetworkInterface': {
      const id = `eni-${hex(random, 17)}`;
      return base(type, id, `arn:aws:ec2:${r}:${ACCOUNT}:network-interface/${id}`, {
        availabilityZone: zone, description: 'Primary network interface', groups: [{ groupName: `app-${i % 30}`, groupId: `sg-${hex(random, 17)}` }], interfaceType: 'interface',
        macAddress: '0e:1f:2a:3b:4c:5d', networkInterfaceId: id, ownerId: ACCOUNT, privateIpAddress: `10.0.${i % 250}.${i % 200}`, requesterManaged: false, sourceDestCheck: true, status: 'in-use', subnetId: subnet, vpcId: vpc,
        attachment: { attachTime: '2025-03-14T09:27:00.000Z', attachmentId: `eni-attach-${hex(random, 17)}`, deleteOnTermination: true, deviceIndex: 0, instanceId: `i-${hex(random, 17)}`, status: 'attached' },
      }, {}, { zone });
    }
    case 'AWS::EC2::SecurityGroup': {
      const id = `sg-${hex(random, 17)}`;
      const open = random() < 0.02;
      return base(type, id, `arn:aws:ec2:${r}:${ACCOUNT}:security-group/${id}`, {
        description: `app tier ${i % 30}`, groupName: `app-${i}`, ipPermissions: [{ fromPort: 443, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 443, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '10.0.0.0/16' }], ipRanges: ['10.0.0.0/16'] },
          ...(open ? [{ fromPort: 5432, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 5432, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }] : [])],
        ownerId: ACCOUNT, groupId: id, ipPermissionsEgress: [{ ipProtocol: '-1', ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }], vpcId: vpc,
      });
    }
    case 'AWS::Lambda::Function': {
      const name = `lumen-${tags.owner}-fn-${n}`;
      return base(type, name, `arn:aws:lambda:${r}:${ACCOUNT}:function:${name}`, {
        functionName: name, functionArn: `arn:aws:lambda:${r}:${ACCOUNT}:function:${name}`, runtime: pick(random, ['nodejs20.x', 'python3.12', 'java21']), role: `arn:aws:iam::${ACCOUNT}:role/lambda-${i % 50}`,
        handler: 'index.handler', codeSize: 1048576 + (i % 9999), timeout: 30, memorySize: 512, lastModified: '2025-09-01T10:00:00.000+0000', version: '$LATEST',
        tracingConfig: { mode: 'PassThrough' }, vpcConfig: { subnetIds: [subnet], securityGroupIds: [`sg-${hex(random, 17)}`] },
      });
    }
    case 'AWS::IAM::Role': {
      const name = `lumen-role-${n}`;
      return base(type, `AROA${hex(random, 17).toUpperCase()}`, `arn:aws:iam::${ACCOUNT}:role/${name}`, {
        path: '/', roleName: name, roleId: `AROA${hex(random, 17).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, createDate: '2025-03-14T09:26:53.000Z',
        assumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D',
        instanceProfileList: [], rolePolicyList: [], attachedManagedPolicies: [{ policyName: 'AWSLambdaBasicExecutionRole', policyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }], permissionsBoundary: null, tags: [],
      }, {}, { name });
    }
    case 'AWS::IAM::User': {
      const name = `user-${n}`;
      return base(type, `AIDA${hex(random, 17).toUpperCase()}`, `arn:aws:iam::${ACCOUNT}:user/${name}`, {
        path: '/', userName: name, userId: `AIDA${hex(random, 17).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, createDate: '2025-03-14T09:26:53.000Z',
        userPolicyList: [], groupList: ['engineers'], attachedManagedPolicies: [{ policyName: 'ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], permissionsBoundary: null, tags: [],
      }, {}, { name });
    }
    case 'AWS::RDS::DBInstance': {
      const name = `lumen-db-${n}`;
      const resourceId = `db-${hex(random, 26).toUpperCase()}`;
      return base(type, resourceId, `arn:aws:rds:${r}:${ACCOUNT}:db:${name}`, {
        dBInstanceIdentifier: name, dBInstanceClass: pick(random, ['db.r6g.large', 'db.m6g.xlarge']), engine: pick(random, ['postgres', 'mysql', 'aurora-postgresql']).replace('aurora-postgresql', 'postgres'), engineVersion: '16.4',
        dBInstanceStatus: 'available', endpoint: { address: `${name}.c9x.${r}.rds.amazonaws.com`, port: 5432 }, allocatedStorage: 100,
        preferredBackupWindow: '03:00-04:00', backupRetentionPeriod: pick(random, [7, 7, 14, 1]), dBSecurityGroups: [], vpcSecurityGroups: [{ vpcSecurityGroupId: `sg-${hex(random, 17)}`, status: 'active' }],
        dBParameterGroups: [{ dBParameterGroupName: 'lumen-postgres16', parameterApplyStatus: 'in-sync' }], availabilityZone: zone, multiAZ: random() < 0.5, publiclyAccessible: random() < 0.02,
        storageType: 'gp3', dbiResourceId: resourceId, storageEncrypted: random() < 0.95, kmsKeyId: `arn:aws:kms:${r}:${ACCOUNT}:key/${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`,
        dBInstanceArn: `arn:aws:rds:${r}:${ACCOUNT}:db:${name}`, iAMDatabaseAuthenticationEnabled: false, deletionProtection: true, enabledCloudwatchLogsExports: ['postgresql'], copyTagsToSnapshot: true,
      }, {}, { name, zone });
    }
    case 'AWS::DynamoDB::Table': {
      const name = `lumen-table-${n}`;
      return base(type, name, `arn:aws:dynamodb:${r}:${ACCOUNT}:table/${name}`, {
        attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }, { attributeName: 'sk', attributeType: 'S' }], tableName: name, keySchema: [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }],
        tableStatus: 'ACTIVE', creationDateTime: 1720453222931, tableSizeBytes: 917342208, itemCount: 1824513,
        tableArn: `arn:aws:dynamodb:${r}:${ACCOUNT}:table/${name}`, billingModeSummary: { billingMode: 'PAY_PER_REQUEST' }, deletionProtectionEnabled: true,
        ...(random() < 0.5 ? { ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: `arn:aws:kms:${r}:${ACCOUNT}:key/${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}` } } : {}),
      }, { ContinuousBackupsDescription: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: random() < 0.8 ? 'ENABLED' : 'DISABLED' } } });
    }
    case 'AWS::SQS::Queue': {
      const name = `lumen-queue-${n}`;
      return base(type, `https://sqs.${r}.amazonaws.com/${ACCOUNT}/${name}`, `arn:aws:sqs:${r}:${ACCOUNT}:${name}`, {
        QueueUrl: `https://sqs.${r}.amazonaws.com/${ACCOUNT}/${name}`, QueueArn: `arn:aws:sqs:${r}:${ACCOUNT}:${name}`, QueueName: name, CreatedTimestamp: '2024-07-01T10:03:12.000Z', LastModifiedTimestamp: '2025-08-14T16:22:05.000Z',
        DelaySeconds: 0, MaximumMessageSize: 262144, MessageRetentionPeriod: 345600, ReceiveMessageWaitTimeSeconds: 20, VisibilityTimeout: 120, SqsManagedSseEnabled: random() < 0.97 ? 'true' : 'false',
      }, {}, { name });
    }
    case 'AWS::KMS::Key': {
      const id = `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
      return base(type, id, `arn:aws:kms:${r}:${ACCOUNT}:key/${id}`, {
        keyId: id, arn: `arn:aws:kms:${r}:${ACCOUNT}:key/${id}`, creationDate: 1712778451662, enabled: true, description: 'application data key', keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', origin: 'AWS_KMS',
        keyManager: 'CUSTOMER', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keySpec: 'SYMMETRIC_DEFAULT', encryptionAlgorithms: ['SYMMETRIC_DEFAULT'], multiRegion: false,
      }, { KeyRotationStatus: random() < 0.9 });
    }
    case 'AWS::EC2::VPC':
      return base(type, `${vpc}-${n}`, `arn:aws:ec2:${r}:${ACCOUNT}:vpc/${vpc}-${n}`, {
        cidrBlock: '10.0.0.0/16', dhcpOptionsId: `dopt-${hex(random, 8)}`, state: 'available', vpcId: `${vpc}-${n}`, ownerId: ACCOUNT, instanceTenancy: 'default', isDefault: false,
        cidrBlockAssociationSet: [{ associationId: `vpc-cidr-assoc-${hex(random, 8)}`, cidrBlock: '10.0.0.0/16', cidrBlockState: { state: 'associated' } }],
      });
    case 'AWS::EC2::FlowLog': {
      const id = `fl-${hex(random, 17)}`;
      // One flow log for each VPC of the same thousand items.
      const vpcAt = i - (i % 1000) + VPC_SLOTS[FLOW_SLOTS.indexOf(i % 1000)];
      return base(type, id, `arn:aws:ec2:${r}:${ACCOUNT}:vpc-flow-log/${id}`, {
        flowLogId: id, flowLogStatus: 'ACTIVE', resourceId: `vpc-${hex(rng(seed + Math.floor(vpcAt / 400)), 17)}-${String(vpcAt).padStart(7, '0')}`, trafficType: 'ALL', logDestinationType: 's3', logDestination: `arn:aws:s3:::lumen-flow-logs-${r}`,
        deliverLogsStatus: 'SUCCESS', maxAggregationInterval: 600,
      });
    }
    default: {
      const id = `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
      return base('AWS::Backup::BackupSelection', id, `arn:aws:backup:${r}:${ACCOUNT}:backup-plan:plan-${i % 7}/selection/${id}`, {
        BackupPlanId: `plan-${i % 7}`, SelectionId: id, BackupSelection: { SelectionName: `ephi-${n}`, IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`, Resources: ['*'],
          ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'data-classification', ConditionValue: 'phi' }] },
      });
    }
  }
}

export function awsItems(n, options = {}) {
  return Array.from({ length: n }, (_, i) => awsItem(i, options));
}

/** Write a large estate without building it in memory: a Config snapshot, or NDJSON of items. */
export async function writeAwsEstate(file, n, { format = 'snapshot', seed = 1, regions = REGIONS } = {}) {
  const out = createWriteStream(file);
  let buffered = format === 'snapshot' ? `{"fileVersion":"1.0","configSnapshotId":"bench-${seed}-${n}","configurationItems":[` : '';
  for (let i = 0; i < n; i++) {
    const text = JSON.stringify(awsItem(i, { seed, regions }));
    buffered += format === 'snapshot' ? (i ? ',' : '') + text : text + '\n';
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await new Promise((r) => out.once('drain', r));
      buffered = '';
    }
  }
  if (format === 'snapshot') buffered += ']}\n';
  out.end(buffered);
  await finished(out);
}
