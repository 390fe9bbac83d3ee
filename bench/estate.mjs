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

export const AZURE_TENANT = 'b2c4e6f8-1a3c-4e5d-8f7a-9b0c1d2e3f40';
/** Twenty subscription ids, seeded. */
export function azureSubscriptions(n = 20, seed = 1) {
  const random = rng(seed * 7919);
  return Array.from({ length: n }, (_, i) => ({ subscriptionId: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`, displayName: `lumen-sub-${String(i).padStart(2, '0')}` }));
}

/** Azure mix per 100 rows: the heavy types (disks, VMs, NICs, storage) and the ones with per-resource facts (SQL, web apps, PostgreSQL, vaults). */
const AZURE_MIX = [
  ['microsoft.compute/disks', 20], ['microsoft.compute/virtualmachines', 15], ['microsoft.network/networkinterfaces', 15], ['microsoft.storage/storageaccounts', 15],
  ['microsoft.network/networksecuritygroups', 8], ['microsoft.managedidentity/userassignedidentities', 5], ['microsoft.network/publicipaddresses', 5],
  ['microsoft.network/virtualnetworks', 3], ['microsoft.sql/servers/databases', 3], ['microsoft.web/sites', 3], ['microsoft.web/serverfarms', 2],
  ['microsoft.keyvault/vaults', 2], ['microsoft.sql/servers', 1], ['microsoft.dbforpostgresql/flexibleservers', 1], ['microsoft.documentdb/databaseaccounts', 1], ['microsoft.operationalinsights/workspaces', 1],
];
const AZURE_ORDER = AZURE_MIX.flatMap(([t, n]) => Array(n).fill(t));

/**
 * `n` Resource Graph rows over the subscriptions, and the ARM documents the collector reads per
 * resource for them (SQL TDE, auditing and encryption protector, web app config, PostgreSQL
 * parameters), keyed by lower-case id.
 */
export function azureEstate(n, { seed = 1, subscriptions = azureSubscriptions(20, seed) } = {}) {
  const rows = [];
  const documents = new Map();
  const diagnosticSettings = [];
  for (let i = 0; i < n; i++) {
    const random = rng(seed * 2_000_003 + i);
    const type = AZURE_ORDER[i % 100];
    const sub = subscriptions[i % subscriptions.length].subscriptionId;
    const group = `rg-${['clinical', 'billing', 'platform', 'data'][i % 4]}-${Math.floor(i / 400)}`;
    const location = ['eastus2', 'westus3', 'centralus', 'westeurope'][Math.floor(i / 7) % 4];
    const n7 = String(i).padStart(6, '0');
    const provider = { 'microsoft.compute': 'Microsoft.Compute', 'microsoft.network': 'Microsoft.Network', 'microsoft.storage': 'Microsoft.Storage', 'microsoft.managedidentity': 'Microsoft.ManagedIdentity', 'microsoft.sql': 'Microsoft.Sql', 'microsoft.web': 'Microsoft.Web', 'microsoft.keyvault': 'Microsoft.KeyVault', 'microsoft.dbforpostgresql': 'Microsoft.DBforPostgreSQL', 'microsoft.documentdb': 'Microsoft.DocumentDB', 'microsoft.operationalinsights': 'Microsoft.OperationalInsights' }[type.split('/')[0]];
    const path = type.split('/').slice(1);
    const server = `sql-${Math.floor(i / 100)}`;
    const name = type === 'microsoft.sql/servers' ? server : `${path[path.length - 1].replace(/s$/, '').slice(0, 10)}${n7}`;
    const id = type === 'microsoft.sql/servers/databases'
      ? `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Sql/servers/${server}/databases/${name}`
      : `/subscriptions/${sub}/resourceGroups/${group}/providers/${provider}/${path[0]}/${name}`;
    const tags = { env: pick(random, ['prod', 'prod', 'staging']), owner: pick(random, ['clinical-apps', 'platform', 'data']), ...(random() < 0.3 ? { 'data-classification': 'phi' } : {}) };
    const properties = azureProperties(type, random, { sub, group, name, location });
    rows.push({ id, name, type, tenantId: AZURE_TENANT, kind: type === 'microsoft.storage/storageaccounts' ? 'StorageV2' : type === 'microsoft.web/sites' ? 'app,linux' : '', location, resourceGroup: group, subscriptionId: sub, managedBy: '', sku: type === 'microsoft.storage/storageaccounts' ? { name: 'Standard_GRS', tier: 'Standard' } : null, plan: null, properties, tags, identity: null, zones: null, extendedLocation: null });
    const doc = (childPath, properties) => documents.set(`${id}/${childPath}`.toLowerCase(), { id: `${id}/${childPath}`, name: childPath.split('/').pop(), type: `${provider}/${path.join('/')}/${childPath.split('/')[0]}`, properties });
    if (type === 'microsoft.sql/servers/databases') doc('transparentDataEncryption/current', { state: random() < 0.97 ? 'Enabled' : 'Disabled' });
    if (type === 'microsoft.sql/servers') {
      doc('auditingSettings/default', { state: 'Enabled', retentionDays: 90, isAzureMonitorTargetEnabled: true });
      doc('encryptionProtector/current', { serverKeyType: 'ServiceManaged', serverKeyName: 'ServiceManaged' });
    }
    if (type === 'microsoft.web/sites') doc('config/web', { minTlsVersion: '1.2', ftpsState: random() < 0.9 ? 'Disabled' : 'AllAllowed', http20Enabled: true, httpsOnly: true });
    if (type === 'microsoft.dbforpostgresql/flexibleservers') {
      doc('configurations/require_secure_transport', { value: 'on', source: 'system-default' });
      doc('configurations/ssl_min_protocol_version', { value: 'TLSv1.2', source: 'system-default' });
    }
    if (type === 'microsoft.keyvault/vaults') diagnosticSettings.push({ id: `${id}/providers/microsoft.insights/diagnosticSettings/to-law`, name: 'to-law', type: 'Microsoft.Insights/diagnosticSettings', properties: { workspaceId: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.OperationalInsights/workspaces/law`, logs: [{ categoryGroup: 'audit', enabled: true }] } });
  }
  for (const s of subscriptions) diagnosticSettings.push({ id: `/subscriptions/${s.subscriptionId}/providers/microsoft.insights/diagnosticSettings/activity`, name: 'activity', type: 'Microsoft.Insights/diagnosticSettings', properties: { workspaceId: `/subscriptions/${s.subscriptionId}/resourceGroups/rg-platform-0/providers/Microsoft.OperationalInsights/workspaces/law`, logs: [{ category: 'Administrative', enabled: true }, { category: 'Security', enabled: true }] } });
  return { rows, documents, diagnosticSettings, subscriptions };
}

function azureProperties(type, random, { sub, group, name, location }) {
  switch (type) {
    case 'microsoft.storage/storageaccounts':
      return { supportsHttpsTrafficOnly: random() < 0.95, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: random() < 0.03, provisioningState: 'Succeeded', creationTime: '2025-03-14T09:26:53.0000000Z',
        encryption: { keySource: 'Microsoft.Storage', requireInfrastructureEncryption: false, services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } },
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] }, primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` } };
    case 'microsoft.compute/disks':
      return { diskSizeGB: pick(random, [32, 128, 512]), diskState: 'Attached', provisioningState: 'Succeeded', timeCreated: '2025-03-14T09:26:53.0000000Z', osType: 'Linux',
        encryption: { type: random() < 0.2 ? 'EncryptionAtRestWithCustomerKey' : 'EncryptionAtRestWithPlatformKey' }, networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled', creationData: { createOption: 'FromImage' } };
    case 'microsoft.compute/virtualmachines':
      return { vmId: `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`, hardwareProfile: { vmSize: 'Standard_D4s_v5' }, provisioningState: 'Succeeded',
        storageProfile: { osDisk: { osType: 'Linux', name: `${name}-os`, createOption: 'FromImage', managedDisk: { id: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Compute/disks/${name}-os`, storageAccountType: 'Premium_LRS' } }, dataDisks: [] },
        osProfile: { computerName: name, adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true } }, networkProfile: { networkInterfaces: [{ id: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Network/networkInterfaces/${name}-nic` }] }, securityProfile: { encryptionAtHost: random() < 0.5 } };
    case 'microsoft.sql/servers/databases':
      return { collation: 'SQL_Latin1_General_CP1_CI_AS', status: 'Online', databaseId: `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`, creationDate: '2025-03-14T09:26:53.000Z', requestedBackupStorageRedundancy: 'Geo', zoneRedundant: false };
    case 'microsoft.sql/servers':
      return { administratorLogin: 'sqladmin', version: '12.0', state: 'Ready', fullyQualifiedDomainName: `${name}.database.windows.net`, minimalTlsVersion: '1.2', publicNetworkAccess: 'Disabled' };
    case 'microsoft.web/sites':
      return { state: 'Running', hostNames: [`${name}.azurewebsites.net`], httpsOnly: random() < 0.95, clientCertEnabled: false, siteConfig: null, serverFarmId: `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Web/serverfarms/plan` };
    case 'microsoft.keyvault/vaults':
      return { tenantId: AZURE_TENANT, sku: { family: 'A', name: 'standard' }, enableSoftDelete: true, softDeleteRetentionInDays: 90, enablePurgeProtection: random() < 0.8, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled', vaultUri: `https://${name}.vault.azure.net/` };
    case 'microsoft.dbforpostgresql/flexibleservers':
      return { version: '16', state: 'Ready', fullyQualifiedDomainName: `${name}.postgres.database.azure.com`, storage: { storageSizeGB: 128 }, backup: { backupRetentionDays: 14, geoRedundantBackup: 'Enabled' }, network: { publicNetworkAccess: 'Disabled' }, dataEncryption: { type: 'SystemManaged' } };
    case 'microsoft.documentdb/databaseaccounts':
      return { databaseAccountOfferType: 'Standard', publicNetworkAccess: 'Disabled', minimalTlsVersion: 'Tls12', disableLocalAuth: true, backupPolicy: { type: 'Continuous' } };
    case 'microsoft.network/networksecuritygroups':
      return { provisioningState: 'Succeeded', securityRules: [{ name: 'allow-https', properties: { protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: '*', access: 'Allow', priority: 100, direction: 'Inbound' } }] };
    default:
      return { provisioningState: 'Succeeded', location, resourceGuid: `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}` };
  }
}

export const GCP_ORGANIZATION = '730165284917';
/** GCP mix per 100 assets across ten projects. */
const GCP_MIX = [
  ['compute.googleapis.com/Disk', 22], ['compute.googleapis.com/Instance', 18], ['storage.googleapis.com/Bucket', 15], ['iam.googleapis.com/ServiceAccount', 10],
  ['compute.googleapis.com/Firewall', 10], ['compute.googleapis.com/Subnetwork', 6], ['bigquery.googleapis.com/Dataset', 6], ['cloudkms.googleapis.com/CryptoKey', 5],
  ['sqladmin.googleapis.com/Instance', 4], ['compute.googleapis.com/Network', 2], ['logging.googleapis.com/LogSink', 2],
];
const GCP_ORDER = GCP_MIX.flatMap(([t, n]) => Array(n).fill(t));

/** `n` Cloud Asset records (API form) under one organization: resources, plus IAM policies on buckets, datasets and projects. */
export function gcpRecords(n, { seed = 1, projects = 10 } = {}) {
  const records = [];
  const projectNumbers = Array.from({ length: projects }, (_, p) => String(418273645000 + p));
  for (let p = 0; p < projects; p++) {
    const number = projectNumbers[p];
    const ancestors = [`projects/${number}`, 'folders/517364829105', `organizations/${GCP_ORGANIZATION}`];
    records.push({ name: `//cloudresourcemanager.googleapis.com/projects/${number}`, assetType: 'cloudresourcemanager.googleapis.com/Project', ancestors, updateTime: '2026-03-01T00:00:00Z',
      resource: { version: 'v1', discoveryName: 'Project', parent: '//cloudresourcemanager.googleapis.com/folders/517364829105', data: { projectNumber: number, projectId: `lumen-prj-${p}`, lifecycleState: 'ACTIVE', name: `lumen-prj-${p}`, labels: {} }, location: 'global' } });
    records.push({ name: `//cloudresourcemanager.googleapis.com/projects/${number}`, assetType: 'cloudresourcemanager.googleapis.com/Project', ancestors, updateTime: '2026-03-01T00:00:00Z',
      iamPolicy: { version: 1, bindings: [{ role: 'roles/owner', members: ['group:platform@lumen.example'] }], auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }] }] } });
  }
  for (let i = 0; i < n - projects; i++) {
    const random = rng(seed * 3_000_017 + i);
    const type = GCP_ORDER[i % 100];
    const p = i % projects;
    const number = projectNumbers[p];
    const projectId = `lumen-prj-${p}`;
    const ancestors = [`projects/${number}`, 'folders/517364829105', `organizations/${GCP_ORGANIZATION}`];
    const region = ['us-central1', 'us-east4', 'europe-west1'][Math.floor(i / 3) % 3];
    const zone = `${region}-${pick(random, ['a', 'b', 'c'])}`;
    const short = `${type.split('/')[1].toLowerCase()}-${String(i).padStart(6, '0')}`;
    const labels = { env: pick(random, ['prod', 'prod', 'staging']), ...(random() < 0.3 ? { 'data-classification': 'phi' } : {}) };
    const zonal = ['compute.googleapis.com/Disk', 'compute.googleapis.com/Instance'].includes(type);
    const [service] = type.split('/');
    const name = type === 'storage.googleapis.com/Bucket' ? `//storage.googleapis.com/${short}`
      : type === 'bigquery.googleapis.com/Dataset' ? `//bigquery.googleapis.com/projects/${projectId}/datasets/${short.replace(/-/g, '_')}`
      : type === 'iam.googleapis.com/ServiceAccount' ? `//iam.googleapis.com/projects/${projectId}/serviceAccounts/${short}@${projectId}.iam.gserviceaccount.com`
      : type === 'cloudkms.googleapis.com/CryptoKey' ? `//cloudkms.googleapis.com/projects/${projectId}/locations/${region}/keyRings/ring/cryptoKeys/${short}`
      : type === 'sqladmin.googleapis.com/Instance' ? `//cloudsql.googleapis.com/projects/${projectId}/instances/${short}`
      : type === 'logging.googleapis.com/LogSink' ? `//logging.googleapis.com/projects/${number}/sinks/${short}`
      : `//${service}/projects/${projectId}/${zonal ? `zones/${zone}` : type.endsWith('Subnetwork') ? `regions/${region}` : 'global'}/${type.split('/')[1].toLowerCase()}s/${short}`;
    const data = gcpData(type, random, { short, projectId, number, region, zone, labels });
    records.push({ name, assetType: type, ancestors, updateTime: '2026-03-01T00:00:00Z', resource: { version: 'v1', discoveryName: type.split('/')[1], parent: `//cloudresourcemanager.googleapis.com/projects/${number}`, data, location: zonal ? zone : region } });
    if (type === 'storage.googleapis.com/Bucket' || type === 'bigquery.googleapis.com/Dataset') {
      records.push({ name, assetType: type, ancestors, updateTime: '2026-03-01T00:00:00Z', iamPolicy: { version: 1, bindings: [{ role: type.startsWith('storage') ? 'roles/storage.objectViewer' : 'roles/bigquery.dataViewer', members: [random() < 0.01 ? 'allUsers' : `serviceAccount:app@${projectId}.iam.gserviceaccount.com`] }] } });
    }
  }
  return records;
}

function gcpData(type, random, { short, projectId, number, region, zone, labels }) {
  switch (type) {
    case 'storage.googleapis.com/Bucket':
      return { id: short, name: short, kind: 'storage#bucket', location: region.toUpperCase(), storageClass: 'STANDARD', projectNumber: number, labels, timeCreated: '2025-03-14T09:26:53.000Z',
        iamConfiguration: { uniformBucketLevelAccess: { enabled: random() < 0.9 }, publicAccessPrevention: 'enforced' }, versioning: { enabled: random() < 0.7 }, ...(random() < 0.2 ? { encryption: { defaultKmsKeyName: `projects/${projectId}/locations/${region}/keyRings/ring/cryptoKeys/bucket` } } : {}), logging: { logBucket: 'lumen-access-logs' } };
    case 'compute.googleapis.com/Disk':
      return { id: String(Math.floor(random() * 1e18)), name: short, sizeGb: '100', zone: `https://www.googleapis.com/compute/v1/projects/${projectId}/zones/${zone}`, status: 'READY', type: 'pd-balanced', labels, creationTimestamp: '2025-03-14T09:26:53.000-07:00',
        ...(random() < 0.2 ? { diskEncryptionKey: { kmsKeyName: `projects/${projectId}/locations/${region}/keyRings/ring/cryptoKeys/disk/cryptoKeyVersions/1` } } : {}), physicalBlockSizeBytes: '4096' };
    case 'compute.googleapis.com/Instance':
      return { id: String(Math.floor(random() * 1e18)), name: short, machineType: 'e2-standard-4', status: 'RUNNING', zone, labels, canIpForward: false, deletionProtection: false,
        networkInterfaces: [{ network: `projects/${projectId}/global/networks/vpc`, subnetwork: `projects/${projectId}/regions/${region}/subnetworks/app`, networkIP: `10.1.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}` }],
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true }, serviceAccounts: [{ email: `app@${projectId}.iam.gserviceaccount.com`, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }] };
    case 'sqladmin.googleapis.com/Instance':
      return { name: short, project: projectId, databaseVersion: 'POSTGRES_16', region, state: 'RUNNABLE', backendType: 'SECOND_GEN',
        settings: { tier: 'db-custom-2-7680', userLabels: labels, ipConfiguration: { ipv4Enabled: random() < 0.05, requireSsl: true, sslMode: 'ENCRYPTED_ONLY', authorizedNetworks: [] }, backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true }, databaseFlags: [{ name: 'log_connections', value: 'on' }] } };
    case 'cloudkms.googleapis.com/CryptoKey':
      return { name: `projects/${projectId}/locations/${region}/keyRings/ring/cryptoKeys/${short}`, purpose: 'ENCRYPT_DECRYPT', rotationPeriod: random() < 0.8 ? '7776000s' : undefined, primary: { state: 'ENABLED', algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION' }, labels };
    case 'compute.googleapis.com/Firewall':
      return { name: short, network: `projects/${projectId}/global/networks/vpc`, direction: 'INGRESS', priority: 1000, sourceRanges: [random() < 0.02 ? '0.0.0.0/0' : '10.0.0.0/8'], allowed: [{ IPProtocol: 'tcp', ports: ['443'] }], disabled: false, logConfig: { enable: random() < 0.5 } };
    case 'compute.googleapis.com/Subnetwork':
      return { name: short, network: `projects/${projectId}/global/networks/vpc`, ipCidrRange: '10.1.0.0/20', region, privateIpGoogleAccess: true, logConfig: { enable: random() < 0.6 } };
    case 'bigquery.googleapis.com/Dataset':
      return { datasetReference: { datasetId: short.replace(/-/g, '_'), projectId }, location: 'US', labels, ...(random() < 0.2 ? { defaultEncryptionConfiguration: { kmsKeyName: `projects/${projectId}/locations/us/keyRings/ring/cryptoKeys/bq` } } : {}) };
    case 'logging.googleapis.com/LogSink':
      return { name: short, destination: `storage.googleapis.com/lumen-audit-logs`, filter: 'logName:"cloudaudit.googleapis.com"', writerIdentity: `serviceAccount:p${number}-1@gcp-sa-logging.iam.gserviceaccount.com` };
    case 'iam.googleapis.com/ServiceAccount':
      return { email: `${short}@${projectId}.iam.gserviceaccount.com`, name: `projects/${projectId}/serviceAccounts/${short}@${projectId}.iam.gserviceaccount.com`, projectId, uniqueId: String(Math.floor(random() * 1e20)), disabled: false };
    default:
      return { name: short, autoCreateSubnetworks: false, routingConfig: { routingMode: 'REGIONAL' } };
  }
}
