import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../src/import/index.js';
import type { Resource } from '../../src/inventory/resource.js';
import { byId, configItem, decodeAll, importedOnly, readJson, sample, sampleFiles, Scratch, synthesizedAwsAccount, synthesizedOnly, withoutSource } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

type Item = Record<string, unknown>;

/**
 * What each AWS sample must decode to: one row per resource that survives de-duplication, and the
 * `AWS::::Account` the import adds (synthesized: no account fact file is given) for every 12-digit
 * account those resources name, with the regions they are in.
 */
interface Expected {
  format: string | RegExp;
  records: number;
  superseded: number;
  resources: Array<Pick<Resource, 'type' | 'id' | 'name' | 'tags'> & { account?: string; region?: string; observedAt?: string; index?: number }>;
  accounts: Array<{ id: string; regions: string[] }>;
}

const EXPECTED: Record<string, Expected> = {
  'aws-config/awsdocs/configuration-history-file-ec2-volumes.json': {
    format: 'aws-config-history',
    records: 3,
    superseded: 1,
    resources: [
      // vol-ce676ccc appears twice; the 23:47 capture (index 0) is newer than the 21:47 one (index 1).
      { type: 'AWS::EC2::Volume', id: 'arn:aws:us-west-2b:123456789012:volume/vol-ce676ccc', name: 'vol-ce676ccc', tags: {}, account: '12345678910', observedAt: '2014-03-07T23:47:08.918Z', index: 0 },
      { type: 'AWS::EC2::Volume', id: 'arn:aws:us-west-2b:123456789012:volume/vol-cia007c', name: 'vol-cia007c', tags: {}, account: '12345678910', observedAt: '2014-03-07T20:47:08.918Z', index: 2 },
    ],
    // `12345678910` (the documentation's 11-digit account) is no AWS account id: no account resource.
    accounts: [],
  },
  'aws-config/awsdocs/configuration-snapshot-file.json': {
    // The documentation's example omits `configSnapshotId`, so it cannot be told from a history file.
    format: /^aws-config-(snapshot|history)$/,
    records: 2,
    superseded: 0,
    resources: [
      { type: 'AWS::EC2::Volume', id: 'arn:aws:us-west-2b:123456789012:volume/vol-ce676ccc', name: 'vol-ce676ccc', tags: {}, account: '12345678910', observedAt: '2014-03-07T23:47:08.918Z', index: 0 },
      { type: 'AWS::EC2::Instance', id: 'arn:aws:ec2:us-west-2b:123456789012:instance/i-344c463d', name: 'i-344c463d', tags: { Name: 'integ-test-1', examplename: 'examplevalue' }, account: '12345678910', observedAt: '2014-03-07T23:47:09.523Z', index: 1 },
    ],
    accounts: [],
  },
  'aws-config/awsdocs/rule-invocation-event-configuration-change.json': {
    format: 'aws-config-rule-event',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::EC2::Instance', id: 'arn:aws:ec2:us-east-2:123456789012:instance/i-00000000', name: 'i-00000000', tags: { Foo: 'Bar' }, account: '123456789012', region: 'us-east-2', observedAt: '2016-02-17T01:36:34.043Z' },
    ],
    accounts: [{ id: '123456789012', regions: ['us-east-2'] }],
  },
  'aws-config/awsdocs/select-resource-config-result-ec2-instances.json': {
    // Seven rows, all with the documentation's placeholder id `resourceid`: one resource, the last row wins.
    format: 'aws-config-select',
    records: 7,
    superseded: 6,
    resources: [{ type: 'AWS::EC2::Instance', id: 'resourceid', name: 'resourceid', tags: {}, region: 'us-west-2', index: 6 }],
    // The rows carry no accountId: no account resource.
    accounts: [],
  },
  'aws-config/rdk-example-ci/AWS_Cloudtrail_Trail.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::CloudTrail::Trail', id: 'arn:aws:cloudtrail:ap-southeast-1:123456789012:trail/APJCCloudTrail', name: 'APJCCloudTrail', tags: {}, account: '212591712841', region: 'ap-southeast-1', observedAt: '2018-09-18T17:42:35.043Z' },
    ],
    // The item's accountId, not the account in its ARN.
    accounts: [{ id: '212591712841', regions: ['ap-southeast-1'] }],
  },
  'aws-config/rdk-example-ci/AWS_DynamoDB_Table.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::DynamoDB::Table', id: 'arn:aws:dynamodb:us-east-2:123456789012:table/test', name: 'test', tags: {}, account: '123456789012', region: 'us-east-2', observedAt: '2022-02-21T15:58:19.450Z' },
    ],
    accounts: [{ id: '123456789012', regions: ['us-east-2'] }],
  },
  'aws-config/rdk-example-ci/AWS_EC2_Volume.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::EC2::Volume', id: 'arn:aws:ec2:us-east-1:264683526309:volume/vol-a416b170', name: 'vol-a416b170', tags: {}, account: '264683526309', region: 'us-east-1', observedAt: '2016-10-28T00:41:34.826Z' },
    ],
    accounts: [{ id: '264683526309', regions: ['us-east-1'] }],
  },
  'aws-config/rdk-example-ci/AWS_KMS_Key.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::KMS::Key', id: 'arn:aws:kms:us-east-1:123456789012:key/test', name: 'test', tags: {}, account: '123456789012', region: 'us-east-1', observedAt: '2021-09-29T23:33:38.881Z' },
    ],
    accounts: [{ id: '123456789012', regions: ['us-east-1'] }],
  },
  'aws-config/rdk-example-ci/AWS_RDS_DBCluster.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      // resourceName `test`, resourceId `cluster-test`: the name is the resource's name.
      { type: 'AWS::RDS::DBCluster', id: 'arn:aws:rds:us-east-2:123456789012:cluster:test', name: 'test', tags: {}, account: '123456789012', region: 'us-east-2', observedAt: '2022-02-21T18:42:15.271Z' },
    ],
    accounts: [{ id: '123456789012', regions: ['us-east-2'] }],
  },
  'aws-config/rdk-example-ci/AWS_RDS_DBInstance.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::RDS::DBInstance', id: 'arn:aws:rds:us-east-1:264683526309:db:myrdstest', name: 'myrdstest', tags: { 'workload-type': 'production' }, account: '264683526309', region: 'us-east-1', observedAt: '2016-10-20T23:42:01.525Z' },
    ],
    accounts: [{ id: '264683526309', regions: ['us-east-1'] }],
  },
  'aws-config/rdk-example-ci/AWS_Redshift_Cluster.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::Redshift::Cluster', id: 'arn:aws:redshift:us-west-2:382822795712:cluster:cluster-with-kms', name: 'cluster-with-kms', tags: {}, account: '382822795712', region: 'us-west-2', observedAt: '2016-10-18T15:30:24.713Z' },
    ],
    accounts: [{ id: '382822795712', regions: ['us-west-2'] }],
  },
  'aws-config/rdk-example-ci/AWS_S3_Bucket.json': {
    format: 'aws-config-item',
    records: 1,
    superseded: 0,
    resources: [
      { type: 'AWS::S3::Bucket', id: 'arn:aws:s3:::mborch-test-bucket-config-item', name: 'mborch-test-bucket-config-item', tags: {}, account: '934654633380', region: 'us-east-1', observedAt: '2019-02-12T07:29:16.288Z' },
    ],
    accounts: [{ id: '934654633380', regions: ['us-east-1'] }],
  },
};

async function importSample(rel: string) {
  const file = sample(rel);
  const inventory = await importInputs([file]);
  return { file, inventory, resources: inventory.resources };
}

async function sampleItem(rel: string): Promise<Item> {
  return (await readJson(sample(rel))) as Item;
}

describe('AWS Config samples: every file', async () => {
  const files = await sampleFiles('aws-config');

  it('has an expectation for every sample file and no other', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s decodes to the expected resources', async (rel) => {
    const expected = EXPECTED[rel]!;
    const { file, inventory } = await importSample(rel);
    expect(inventory.files).toHaveLength(1);
    expect(inventory.files[0]!.file).toBe(file);
    expect(inventory.files[0]!.format).toMatch(expected.format);
    expect(inventory.files[0]!.records).toBe(expected.records);
    expect(inventory.superseded).toBe(expected.superseded);
    const imported = importedOnly(inventory.resources);
    expect(imported).toHaveLength(expected.resources.length);
    expect(synthesizedOnly(inventory.resources)).toEqual(expected.accounts.map((a) => synthesizedAwsAccount(a.id, file, a.regions)));
    for (const want of expected.resources) {
      const r = byId(imported, want.id);
      expect(r.provider).toBe('aws');
      expect(r.type).toBe(want.type);
      expect(r.name).toBe(want.name);
      expect(r.tags).toEqual(want.tags);
      if (want.account !== undefined) expect(r.account).toBe(want.account);
      if (want.region !== undefined) expect(r.region).toBe(want.region);
      expect(r.source.file).toBe(file);
      expect(r.source.format).toBe(inventory.files[0]!.format);
      expect(r.source.observedAt).toBe(want.observedAt);
      expect(r.source.index).toBe(want.index);
      expect(r.source.line).toBeUndefined();
      expect(r.deleted).toBeUndefined();
    }
  });

  it('imports the whole folder as one inventory', async () => {
    const inventory = await importInputs([sample('aws-config')]);
    expect(inventory.files.map((f) => f.file)).toEqual(files.map((f) => sample(f)));
    // The snapshot repeats the history file's newest vol-ce676ccc item: 3 + 2 + 1 + 7 + 8 records.
    expect(inventory.files.reduce((n, f) => n + f.records, 0)).toBe(21);
    expect(inventory.superseded).toBe(1 + 1 + 6);
    expect(importedOnly(inventory.resources)).toHaveLength(13);
    // One account resource per 12-digit account, made from the first file that names it, over every region of the folder.
    expect(synthesizedOnly(inventory.resources)).toEqual([
      synthesizedAwsAccount('123456789012', sample('aws-config/awsdocs/rule-invocation-event-configuration-change.json'), ['us-east-1', 'us-east-2']),
      synthesizedAwsAccount('212591712841', sample('aws-config/rdk-example-ci/AWS_Cloudtrail_Trail.json'), ['ap-southeast-1']),
      synthesizedAwsAccount('264683526309', sample('aws-config/rdk-example-ci/AWS_EC2_Volume.json'), ['us-east-1']),
      synthesizedAwsAccount('382822795712', sample('aws-config/rdk-example-ci/AWS_Redshift_Cluster.json'), ['us-west-2']),
      synthesizedAwsAccount('934654633380', sample('aws-config/rdk-example-ci/AWS_S3_Bucket.json'), ['us-east-1']),
    ]);
    const volume = byId(inventory.resources, 'arn:aws:us-west-2b:123456789012:volume/vol-ce676ccc');
    expect(volume.source.observedAt).toBe('2014-03-07T23:47:08.918Z');
  });
});

describe('AWS Config: decoded configuration', () => {
  it('S3 bucket: the JSON-in-string ACL and bucket policy become objects', async () => {
    const { resources } = await importSample('aws-config/rdk-example-ci/AWS_S3_Bucket.json');
    const bucket = resources[0]!;
    const policy = (bucket.config.BucketPolicy as { policyText: { Statement: Array<Record<string, unknown>> } }).policyText;
    expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'Policy1478390053757' });
    expect(policy.Statement).toEqual([
      {
        Sid: 'Stmt1478389920384',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::mborch-test-bucket-config-item',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    expect(bucket.config.AccessControlList).toMatchObject({
      grantSet: null,
      grantList: [{ grantee: { id: '8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12', displayName: null }, permission: 'FullControl' }],
      isRequesterCharged: false,
    });
    expect(bucket.config.BucketVersioningConfiguration).toEqual({ status: 'Enabled', isMfaDeleteEnabled: null });
    expect(bucket.config.BucketLoggingConfiguration).toEqual({ destinationBucketName: null, logFilePrefix: null });
    expect(bucket.config).not.toHaveProperty('ServerSideEncryptionConfiguration');
    // configuration and supplementaryConfiguration merge into one document; the supplementary part is also kept apart.
    expect(bucket.config.name).toBe('mborch-test-bucket-config-item');
    expect(bucket.related.supplementaryConfiguration).toMatchObject({ BucketPolicy: { policyText: policy } });
    expect(bucket.related.relationships).toEqual([]);
  });

  it('KMS key: the key policy string becomes an object; configuration wins over supplementary', async () => {
    const { resources } = await importSample('aws-config/rdk-example-ci/AWS_KMS_Key.json');
    const key = resources[0]!;
    const policy = key.config.Policy as { Id: string; Statement: Array<{ Sid: string; Principal: unknown }> };
    expect(policy.Id).toBe('auto-awslambda');
    expect(policy.Statement.map((s) => s.Principal)).toEqual([{ AWS: '*' }, { AWS: 'arn:aws:iam::123456789012:root' }]);
    expect(key.config).toMatchObject({ keyManager: 'AWS', keyState: 'Enabled', enabled: true });
    // `configuration.arn` is the document's own field (it differs from the item's ARN in this sample).
    expect(key.config.arn).toBe('arn:aws:kms:us-east-1:123456789012:key/123456789012');
    expect(key.id).toBe('arn:aws:kms:us-east-1:123456789012:key/test');
  });

  it('DynamoDB, Redshift, CloudTrail, EBS and RDS keep their native fields', async () => {
    const table = (await importSample('aws-config/rdk-example-ci/AWS_DynamoDB_Table.json')).resources[0]!;
    expect(table.config.ContinuousBackupsDescription).toEqual({
      continuousBackupsStatus: 'ENABLED',
      pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
    });
    expect(table.config.tableStatus).toBe('ACTIVE');

    const redshift = (await importSample('aws-config/rdk-example-ci/AWS_Redshift_Cluster.json')).resources[0]!;
    expect(redshift.config).toMatchObject({ encrypted: true, publiclyAccessible: true, LoggingStatus: { loggingEnabled: true, bucketName: 'redshift-marclab', s3KeyPrefix: null } });
    expect(redshift.related.relationships).toHaveLength(4);

    const trail = (await importSample('aws-config/rdk-example-ci/AWS_Cloudtrail_Trail.json')).resources[0]!;
    expect(trail.config).toMatchObject({ isMultiRegionTrail: true, logFileValidationEnabled: true, Tags: [] });
    expect(trail.config).not.toHaveProperty('kmsKeyId');

    const volume = (await importSample('aws-config/rdk-example-ci/AWS_EC2_Volume.json')).resources[0]!;
    expect(volume.config).toMatchObject({ encrypted: true, kmsKeyId: 'arn:aws:kms:ap-southeast-1:055409840355:key/bd41e26b-d347-4c59-ab0b-32aee30fcf8d', volumeType: 'gp2' });
    expect(volume.related.supplementaryConfiguration).toEqual({});

    const db = (await importSample('aws-config/rdk-example-ci/AWS_RDS_DBInstance.json')).resources[0]!;
    expect(db.config).toMatchObject({ storageEncrypted: true, publiclyAccessible: true, engine: 'mysql', Tags: [{ key: 'workload-type', value: 'production' }] });

    const cluster = (await importSample('aws-config/rdk-example-ci/AWS_RDS_DBCluster.json')).resources[0]!;
    expect(cluster.config).toMatchObject({ storageEncrypted: true, kmsKeyId: 'arn:aws:kms:us-east-2:123456789012:key/test', dbClusterResourceId: 'cluster-test' });
  });

  it('history file: three items over two volumes, the newest capture of each wins', async () => {
    const { resources, inventory } = await importSample('aws-config/awsdocs/configuration-history-file-ec2-volumes.json');
    expect(inventory.superseded).toBe(1);
    const first = byId(resources, 'arn:aws:us-west-2b:123456789012:volume/vol-ce676ccc');
    expect(first.config).toMatchObject({ volumeId: 'vol-ce676ccc', state: 'in-use', size: 1 });
    expect(first.related.relationships).toEqual([{ resourceId: 'i-344c463d', resourceType: 'AWS::EC2::Instance', name: 'Attached to Instance' }]);
    const second = byId(resources, 'arn:aws:us-west-2b:123456789012:volume/vol-cia007c');
    expect((second.config.tags as unknown[])[1]).toEqual({ tagName: 'name', tagValue: 'DataVolume2' });

    // Read the other way round, the older item still loses.
    const doc = (await readJson(sample('aws-config/awsdocs/configuration-history-file-ec2-volumes.json'))) as { configurationItems: Item[] };
    const reversed = await scratch.write('history-reversed.json', { ...doc, configurationItems: [...doc.configurationItems].reverse() });
    const again = await importInputs([reversed]);
    expect(again.superseded).toBe(1);
    expect(byId(again.resources, first.id).source).toMatchObject({ observedAt: '2014-03-07T23:47:08.918Z', index: 2 });
  });

  it('documentation quirks are tolerated: malformed ARN, misspelt zone, 11-digit account, snapshotVersion', async () => {
    const { resources } = await importSample('aws-config/awsdocs/configuration-snapshot-file.json');
    const instance = byId(resources, 'arn:aws:ec2:us-west-2b:123456789012:instance/i-344c463d');
    // The ARN's region field holds a zone; it is not passed off as a region.
    expect([undefined, 'us-west-2']).toContain(instance.region);
    expect(instance.config.placement).toEqual({ availabilityZone: 'us-west-2b', groupName: '', tenancy: 'default' });
    expect(instance.related.relationships).toHaveLength(3);
    const volume = byId(resources, 'arn:aws:us-west-2b:123456789012:volume/vol-ce676ccc');
    expect([undefined, 'us-west-2']).toContain(volume.region);
  });

  it('a real snapshot file (with configSnapshotId) is labelled a snapshot', async () => {
    const doc = (await readJson(sample('aws-config/awsdocs/configuration-snapshot-file.json'))) as Item;
    const file = await scratch.write('snapshot.json', { fileVersion: '1.0', configSnapshotId: 'c3b8a0f5-1b2e-4c6a-9b7e-3c1e5f0d2a11', configurationItems: doc.configurationItems });
    const inventory = await importInputs([file]);
    expect(inventory.files[0]!.format).toBe('aws-config-snapshot');
    expect(inventory.resources.map((r) => r.source.format)).toEqual(['aws-config-snapshot', 'aws-config-snapshot']);
  });

  it('rule-invocation event: invokingEvent is decoded and its configurationItem read', async () => {
    const { resources, inventory } = await importSample('aws-config/awsdocs/rule-invocation-event-configuration-change.json');
    expect(inventory.files[0]!.records).toBe(1);
    const instance = resources[0]!;
    expect(instance.config).toEqual({ foo: 'bar' });
    expect(instance.related.relationships).toEqual([{ resourceId: 'eipalloc-00000000', resourceType: 'AWS::EC2::EIP', name: 'Is attached to ElasticIp' }]);
    expect(instance.related).not.toHaveProperty('supplementaryConfiguration');
  });

  it('select-resource-config: every row is a JSON string, decoded into its own item', async () => {
    const file = sample('aws-config/awsdocs/select-resource-config-result-ec2-instances.json');
    const { resources, format, records } = decodeAll(await readFile(file, 'utf8'), file);
    expect(format).toBe('aws-config-select');
    expect(records).toBe(7);
    expect(resources.map((r) => r.source.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(resources.map((r) => r.config.instanceType)).toEqual(['t2.micro', 't2.micro', 't2.micro', 't1.micro', 't2.micro', 't2.micro', 't2.micro']);
    for (const r of resources) {
      expect(r).toMatchObject({ provider: 'aws', type: 'AWS::EC2::Instance', id: 'resourceid', region: 'us-west-2', config: { imageId: 'ami-12345', placement: { tenancy: 'default' } } });
      expect(r.account).toBeUndefined();
      expect(r.related.configurationMissing).toBeUndefined();
    }
  });
});

/** Rename the notification envelope's fields to the history/snapshot ones, and back. */
const NOTIFICATION_TO_HISTORY: Record<string, string> = {
  configurationItemVersion: 'version',
  awsAccountId: 'accountId',
  ARN: 'arn',
  configurationStateMd5Hash: 'configurationItemMD5Hash',
};

function renameKeys(item: Item, map: Record<string, string>): Item {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [map[k] ?? k, v]));
}

const HISTORY_TO_NOTIFICATION = Object.fromEntries(Object.entries(NOTIFICATION_TO_HISTORY).map(([a, b]) => [b, a]));

/** The API's shape: `configuration` and every `supplementaryConfiguration` value as JSON text. */
function toApiShape(item: Item): Item {
  const history = renameKeys(item, NOTIFICATION_TO_HISTORY);
  const supplementary = (history.supplementaryConfiguration ?? {}) as Item;
  return {
    ...history,
    configuration: JSON.stringify(history.configuration),
    supplementaryConfiguration: Object.fromEntries(Object.entries(supplementary).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
  };
}

describe('AWS Config: both envelopes and the API shape decode to the same Resource', () => {
  it('notification shape (S3 sample) = the same item in the history shape', async () => {
    const item = await sampleItem('aws-config/rdk-example-ci/AWS_S3_Bucket.json');
    expect(item).toHaveProperty('ARN');
    const [notification] = decodeAll(JSON.stringify(item)).resources;
    const [history] = decodeAll(JSON.stringify(renameKeys(item, NOTIFICATION_TO_HISTORY))).resources;
    expect(withoutSource(history!)).toEqual(withoutSource(notification!));
    expect(notification!.account).toBe('934654633380');
  });

  it('history shape (RDS sample) = the same item in the notification shape', async () => {
    const item = await sampleItem('aws-config/rdk-example-ci/AWS_RDS_DBInstance.json');
    expect(item).toHaveProperty('arn');
    const [history] = decodeAll(JSON.stringify(item)).resources;
    const [notification] = decodeAll(JSON.stringify({ configurationItem: renameKeys(item, HISTORY_TO_NOTIFICATION), messageType: 'ConfigurationItemChangeNotification' })).resources;
    expect(notification!.source.format).toBe('aws-config-notification');
    expect(withoutSource(notification!)).toEqual(withoutSource(history!));
  });

  it.each(['AWS_S3_Bucket.json', 'AWS_KMS_Key.json', 'AWS_DynamoDB_Table.json', 'AWS_Redshift_Cluster.json', 'AWS_RDS_DBInstance.json'])(
    'get-resource-config-history output with JSON-string configuration (%s) = the delivered item',
    async (name) => {
      const item = await sampleItem(`aws-config/rdk-example-ci/${name}`);
      const delivered = (await importInputs([sample(`aws-config/rdk-example-ci/${name}`)])).resources[0]!;
      const api = toApiShape(item);
      expect(typeof api.configuration).toBe('string');
      const file = await scratch.write(`history-api-${name}`, { configurationItems: [api], nextToken: '' });
      const inventory = await importInputs([file]);
      expect(inventory.files[0]).toEqual({ file, format: 'aws-config-api', records: 1 });
      const fromApi = inventory.resources[0]!;
      expect(fromApi.source).toMatchObject({ format: 'aws-config-api', file, index: 0 });
      expect(withoutSource(fromApi)).toEqual(withoutSource(delivered));
    },
  );

  it('batch-get-resource-config ({baseConfigurationItems, unprocessedResourceKeys}) = the delivered item', async () => {
    const item = await sampleItem('aws-config/rdk-example-ci/AWS_S3_Bucket.json');
    const delivered = (await importInputs([sample('aws-config/rdk-example-ci/AWS_S3_Bucket.json')])).resources[0]!;
    // BaseConfigurationItem carries neither tags nor relationships.
    const { tags: _tags, relationships: _relationships, relatedEvents: _events, ...base } = toApiShape(item);
    const file = await scratch.write('batch-get.json', { baseConfigurationItems: [base], unprocessedResourceKeys: [] });
    const inventory = await importInputs([file]);
    expect(inventory.files[0]).toEqual({ file, format: 'aws-config-api', records: 1 });
    const fromApi = inventory.resources[0]!;
    expect(fromApi.related.relationships).toBeUndefined();
    const { relationships: _r, ...deliveredRelated } = delivered.related;
    expect({ ...withoutSource(fromApi), related: fromApi.related }).toEqual({ ...withoutSource(delivered), related: deliveredRelated });
    expect(fromApi.config.IsRequesterPaysEnabled).toBe(false);
    expect((fromApi.config.BucketPolicy as { policyText: { Statement: unknown[] } }).policyText.Statement).toHaveLength(1);
  });

  it('a capture time in epoch seconds or milliseconds (CLI v1) becomes an ISO timestamp', () => {
    const base = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', arn: 'arn:aws:s3:::b', configuration: '{}' };
    const seconds = decodeAll(JSON.stringify({ baseConfigurationItems: [{ ...base, configurationItemCaptureTime: 1549956556.288 }] })).resources[0]!;
    const millis = decodeAll(JSON.stringify({ baseConfigurationItems: [{ ...base, configurationItemCaptureTime: 1549956556288 }] })).resources[0]!;
    expect(seconds.source.observedAt).toBe('2019-02-12T07:29:16.288Z');
    expect(millis.source.observedAt).toBe('2019-02-12T07:29:16.288Z');
  });
});

describe('AWS Config: other containers, deletion, ids and tags', () => {
  const item = configItem;

  it('a bare array and NDJSON of items are read, with index and line provenance', async () => {
    const items = [item({}), item({ resourceId: 'logs', resourceName: 'logs', arn: 'arn:aws:s3:::logs' })];
    const array = decodeAll(JSON.stringify(items), 'items.json');
    expect(array.format).toBe('aws-config-items-json');
    expect(array.resources.map((r) => [r.id, r.source.index])).toEqual([['arn:aws:s3:::phi-bucket', 0], ['arn:aws:s3:::logs', 1]]);
    const ndjson = decodeAll(`${JSON.stringify(items[0])}\n\n${JSON.stringify(items[1])}\n`, 'items.ndjson');
    expect(ndjson.format).toBe('aws-config-items-ndjson');
    expect(ndjson.records).toBe(2);
    expect(ndjson.resources.map((r) => [r.id, r.source.line, r.source.index])).toEqual([['arn:aws:s3:::phi-bucket', 1, undefined], ['arn:aws:s3:::logs', 3, undefined]]);
    expect(ndjson.resources.map(withoutSource)).toEqual(array.resources.map(withoutSource));
  });

  it.each(['ResourceDeleted', 'ResourceDeletedNotRecorded'])('a %s item is kept and marked deleted', async (status) => {
    const deleted = item({ configurationItemStatus: status, configurationItemCaptureTime: '2024-05-02T10:00:00.000Z', configuration: null, supplementaryConfiguration: {}, tags: {} });
    const file = await scratch.write(`deleted-${status}.json`, { fileVersion: '1.0', configurationItems: [item({}), deleted] });
    const inventory = await importInputs([file]);
    expect(inventory.superseded).toBe(1);
    const imported = importedOnly(inventory.resources);
    expect(imported).toHaveLength(1);
    // The account is still in the scan: its resource was deleted, not the account.
    expect(synthesizedOnly(inventory.resources)).toEqual([synthesizedAwsAccount('111122223333', file, ['eu-west-1'])]);
    const bucket = imported[0]!;
    expect(bucket.deleted).toBe(true);
    expect(bucket.related.configurationMissing).toBe(true);
    expect(bucket.config).toEqual({});
    expect(bucket.source).toMatchObject({ index: 1, observedAt: '2024-05-02T10:00:00.000Z' });
    // An OK item is not deleted.
    expect(decodeAll(JSON.stringify(item({}))).resources[0]!.deleted).toBeUndefined();
  });

  it('an item without an ARN is identified by its resource id', () => {
    const { arn: _arn, ...noArn } = item({ resourceId: 'sg-0a1b2c3d', resourceName: undefined, resourceType: 'AWS::EC2::SecurityGroup' });
    const r = decodeAll(JSON.stringify(noArn)).resources[0]!;
    expect(r.id).toBe('sg-0a1b2c3d');
    expect(r.name).toBe('sg-0a1b2c3d');
    expect(r.region).toBe('eu-west-1');
  });

  it('items without ARNs that share a resource id but not a type, account or region are different resources', async () => {
    // Resource ids are unique only per type (and account and region): `default` is a DB subnet
    // group and a Redshift subnet group at once, in every account of an aggregator's answer.
    const rows = [
      { resourceId: 'default', resourceType: 'AWS::RDS::DBSubnetGroup', accountId: '111122223333', awsRegion: 'us-east-1', configuration: { vpcId: 'vpc-1' } },
      { resourceId: 'default', resourceType: 'AWS::Redshift::ClusterSubnetGroup', accountId: '111122223333', awsRegion: 'us-east-1', configuration: { vpcId: 'vpc-1' } },
      { resourceId: 'default', resourceType: 'AWS::RDS::DBSubnetGroup', accountId: '444455556666', awsRegion: 'us-east-1', configuration: { vpcId: 'vpc-2' } },
      { resourceId: 'default', resourceType: 'AWS::RDS::DBSubnetGroup', accountId: '111122223333', awsRegion: 'eu-west-1', configuration: { vpcId: 'vpc-3' } },
    ];
    const file = await scratch.write('aggregator-select.json', { QueryInfo: { SelectFields: [] }, Results: rows.map((r) => JSON.stringify(r)) });
    const inventory = await importInputs([file]);
    expect(inventory.superseded).toBe(0);
    expect(synthesizedOnly(inventory.resources)).toEqual([
      synthesizedAwsAccount('111122223333', file, ['eu-west-1', 'us-east-1']),
      synthesizedAwsAccount('444455556666', file, ['us-east-1']),
    ]);
    expect(importedOnly(inventory.resources).map((r) => [r.type, r.account, r.region, r.config.vpcId])).toEqual([
      ['AWS::RDS::DBSubnetGroup', '111122223333', 'us-east-1', 'vpc-1'],
      ['AWS::Redshift::ClusterSubnetGroup', '111122223333', 'us-east-1', 'vpc-1'],
      ['AWS::RDS::DBSubnetGroup', '444455556666', 'us-east-1', 'vpc-2'],
      ['AWS::RDS::DBSubnetGroup', '111122223333', 'eu-west-1', 'vpc-3'],
    ]);
  });

  it('tags come from `tags`, else from a supplementary Tags list, whatever the key', () => {
    const r = decodeAll(
      JSON.stringify(
        item({
          tags: {},
          supplementaryConfiguration: { Tags: [{ key: 'phi', value: 'true' }, { key: 'constructor', value: 'a' }, { key: 'toString', value: 'b' }, { Key: 'Owner', Value: null }] },
        }),
      ),
    ).resources[0]!;
    expect(r.tags).toEqual({ phi: 'true', constructor: 'a', toString: 'b', Owner: '' });
    expect(Object.keys(r.tags)).toEqual(['phi', 'constructor', 'toString', 'Owner']);
    // `tags` wins over the list where both name a key.
    const both = decodeAll(JSON.stringify(item({ tags: { phi: 'yes' }, supplementaryConfiguration: { Tags: [{ key: 'phi', value: 'no' }] } }))).resources[0]!;
    expect(both.tags).toEqual({ phi: 'yes' });
  });

  it('unknown resource types are kept, not dropped', async () => {
    const file = await scratch.write('unknown-type.json', {
      configurationItems: [item({ resourceType: 'AWS::HealthLake::FHIRDatastore', resourceId: 'ds-1', arn: 'arn:aws:healthlake:eu-west-1:111122223333:datastore/fhir/ds-1', configuration: { DatastoreStatus: 'ACTIVE' } })],
    });
    const inventory = await importInputs([file]);
    const imported = importedOnly(inventory.resources);
    expect(imported).toHaveLength(1);
    expect(synthesizedOnly(inventory.resources)).toEqual([synthesizedAwsAccount('111122223333', file, ['eu-west-1'])]);
    expect(imported[0]).toMatchObject({ type: 'AWS::HealthLake::FHIRDatastore', id: 'arn:aws:healthlake:eu-west-1:111122223333:datastore/fhir/ds-1', config: { DatastoreStatus: 'ACTIVE' } });
  });
});
