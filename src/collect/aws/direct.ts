import type { DescribeVolumesCommandOutput, Volume } from '@aws-sdk/client-ec2';
import type { DBInstance, DescribeDBInstancesCommandOutput } from '@aws-sdk/client-rds';
import type {
  Bucket,
  GetBucketEncryptionCommandOutput,
  GetBucketLocationCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketPolicyCommandOutput,
  GetBucketTaggingCommandOutput,
  GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommandOutput,
  ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import type { Resource } from '../../inventory/resource.js';
import { standIn } from './config.js';
import { configShape, configurationItem, decodeLiveItem, SERVICE_API_FORMAT, tagMap } from './items.js';
import { pageTokens } from './pages.js';
import { describeError, errorCode, type AwsSession } from './session.js';

/**
 * Where Config does not record S3 buckets, RDS instances or EBS volumes, read them from the
 * services themselves and shape each as the configuration item Config would have written, so the
 * same checks grade them. Field names follow Config's schema for each type
 * (awslabs/aws-config-resource-schema): Config lower-cases the first letter of the API's names.
 */

export function readRdsInstances(session: AwsSession, region: string): Promise<Resource[]> {
  return readPages(session, region, 'rds:DescribeDBInstances', 'AWS::RDS::DBInstance', async (marker) => {
    const page = await session.rds<DescribeDBInstancesCommandOutput>(region, (m) => new m.DescribeDBInstancesCommand({ MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }));
    return { items: page.DBInstances ?? [], next: page.Marker };
  }, (db: DBInstance, at) => rdsItem(session, region, db, at));
}

/** Every page of one direct listing; a failure leaves an unreadable stand-in for the type in that region. */
async function readPages<T>(session: AwsSession, region: string, operation: string, type: string, page: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>, toResource: (item: T, capturedAt: Date) => Resource): Promise<Resource[]> {
  const out: Resource[] = [];
  const now = new Date();
  let token: string | undefined;
  const next = pageTokens();
  try {
    do {
      const got = await page(token);
      for (const item of got.items) out.push(toResource(item, now));
      token = next(got.next);
    } while (token);
    session.ok(operation, region, [type], out.length);
    session.progress.found('aws', operation.split(':')[0]!, region, out.length);
    return out;
  } catch (err) {
    const error = session.failed(operation, region, [type], err);
    return [...out, standIn(session, { account: session.account, region }, type, { operation, region, error })];
  }
}

function rdsItem(session: AwsSession, region: string, db: DBInstance, capturedAt: Date): Resource {
  const id = db.DBInstanceIdentifier ?? db.DbiResourceId ?? 'unknown';
  const { TagList, ...rest } = db;
  return decodeLiveItem(configurationItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: db.DbiResourceId ?? id,
    resourceName: id,
    arn: db.DBInstanceArn ?? `arn:${session.partition}:rds:${region}:${session.account}:db:${id}`,
    account: session.account,
    region,
    availabilityZone: db.MultiAZ ? 'Multiple Availability Zones' : db.AvailabilityZone ?? 'Regional',
    capturedAt,
    configuration: configShape(rest, 'epoch-ms') as Record<string, unknown>,
    tags: tagMap(TagList),
    ...(db.InstanceCreateTime ? { resourceCreationTime: db.InstanceCreateTime.toISOString() } : {}),
  }), 'rds:DescribeDBInstances', `${region} ${id}`, SERVICE_API_FORMAT);
}

export function readVolumes(session: AwsSession, region: string): Promise<Resource[]> {
  return readPages(session, region, 'ec2:DescribeVolumes', 'AWS::EC2::Volume', async (token) => {
    const page = await session.ec2<DescribeVolumesCommandOutput>(region, (m) => new m.DescribeVolumesCommand({ MaxResults: 500, ...(token ? { NextToken: token } : {}) }));
    return { items: page.Volumes ?? [], next: page.NextToken };
  }, (v: Volume, at) => volumeItem(session, region, v, at));
}

function volumeItem(session: AwsSession, region: string, v: Volume, capturedAt: Date): Resource {
  const id = v.VolumeId ?? 'unknown';
  const configuration = configShape(v, 'iso') as Record<string, unknown>;
  // Config writes the volume state as an object (`state.value`), unlike the API's plain string.
  if (typeof configuration.state === 'string') configuration.state = { value: configuration.state };
  return decodeLiveItem(configurationItem({
    resourceType: 'AWS::EC2::Volume',
    resourceId: id,
    resourceName: id,
    arn: `arn:${session.partition}:ec2:${region}:${session.account}:volume/${id}`,
    account: session.account,
    region,
    availabilityZone: v.AvailabilityZone ?? 'Regional',
    capturedAt,
    configuration,
    tags: tagMap(v.Tags),
    ...(v.CreateTime ? { resourceCreationTime: v.CreateTime.toISOString() } : {}),
  }), 'ec2:DescribeVolumes', `${region} ${id}`, SERVICE_API_FORMAT);
}

/** The buckets of the account and the region each lives in (ListBuckets is global). */
export async function listBuckets(session: AwsSession, homeRegion: string): Promise<{ bucket: Bucket; region: string; owner?: string }[] | { error: string }> {
  const buckets: Bucket[] = [];
  let owner: string | undefined;
  let token: string | undefined;
  const next = pageTokens();
  try {
    do {
      const page = await session.s3<ListBucketsCommandOutput>(homeRegion, (m) => new m.ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }));
      buckets.push(...(page.Buckets ?? []));
      owner ??= page.Owner?.ID;
      token = next(page.ContinuationToken);
    } while (token);
  } catch (err) {
    return { error: session.failed('s3:ListBuckets', 'global', ['AWS::S3::Bucket'], err) };
  }
  session.ok('s3:ListBuckets', 'global', ['AWS::S3::Bucket'], buckets.length);
  return Promise.all(buckets.map(async (bucket) => ({ bucket, region: bucket.BucketRegion ?? (await bucketLocation(session, homeRegion, bucket.Name!)), ...(owner ? { owner } : {}) })));
}

async function bucketLocation(session: AwsSession, homeRegion: string, name: string): Promise<string> {
  try {
    const out = await session.s3<GetBucketLocationCommandOutput>(homeRegion, (m) => new m.GetBucketLocationCommand({ Bucket: name }));
    const c = out.LocationConstraint as string | undefined;
    return !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
  } catch (err) {
    session.failed('s3:GetBucketLocation', 'global', ['AWS::S3::Bucket'], err, `${name}: region unknown`);
    return 'unknown';
  }
}

/** Error codes that mean "this bucket has none of that", which is an answer, not a failure. */
const ABSENT = new Set(['ServerSideEncryptionConfigurationNotFoundError', 'NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchTagSet', 'NoSuchTagSetError']);

/** One bucket as Config's `AWS::S3::Bucket` item: supplementaryConfiguration holds what the checks read. */
export async function readBucket(session: AwsSession, bucket: Bucket, region: string, owner?: string): Promise<Resource> {
  const name = bucket.Name!;
  const capturedAt = new Date();
  const failures: { operation: string; error: string }[] = [];
  const get = async <O>(operation: string, make: Parameters<AwsSession['s3']>[1]): Promise<O | null | undefined> => {
    try {
      return await session.s3<O>(region, make);
    } catch (err) {
      if (ABSENT.has(errorCode(err) ?? '')) return null;
      failures.push({ operation, error: describeError(err) });
      return undefined;
    }
  };
  const [encryption, policy, versioning, publicAccess, tagging, logging] = await Promise.all([
    get<GetBucketEncryptionCommandOutput>('s3:GetBucketEncryption', (m) => new m.GetBucketEncryptionCommand({ Bucket: name })),
    get<GetBucketPolicyCommandOutput>('s3:GetBucketPolicy', (m) => new m.GetBucketPolicyCommand({ Bucket: name })),
    get<GetBucketVersioningCommandOutput>('s3:GetBucketVersioning', (m) => new m.GetBucketVersioningCommand({ Bucket: name })),
    get<GetPublicAccessBlockCommandOutput>('s3:GetPublicAccessBlock', (m) => new m.GetPublicAccessBlockCommand({ Bucket: name })),
    get<GetBucketTaggingCommandOutput>('s3:GetBucketTagging', (m) => new m.GetBucketTaggingCommand({ Bucket: name })),
    get<GetBucketLoggingCommandOutput>('s3:GetBucketLogging', (m) => new m.GetBucketLoggingCommand({ Bucket: name })),
  ]);
  const supplementary: Record<string, unknown> = {
    BucketLoggingConfiguration: { destinationBucketName: logging?.LoggingEnabled?.TargetBucket ?? null, logFilePrefix: logging?.LoggingEnabled?.TargetPrefix ?? null },
    BucketPolicy: { policyText: policy?.Policy ?? null },
    BucketVersioningConfiguration: { status: versioning?.Status ?? 'Off', isMfaDeleteEnabled: versioning?.MFADelete === undefined ? null : versioning.MFADelete === 'Enabled' },
  };
  const pab = publicAccess?.PublicAccessBlockConfiguration;
  if (pab) {
    supplementary.PublicAccessBlockConfiguration = {
      blockPublicAcls: pab.BlockPublicAcls ?? false, ignorePublicAcls: pab.IgnorePublicAcls ?? false,
      blockPublicPolicy: pab.BlockPublicPolicy ?? false, restrictPublicBuckets: pab.RestrictPublicBuckets ?? false,
    };
  }
  const rules = encryption?.ServerSideEncryptionConfiguration?.Rules;
  if (rules) {
    supplementary.ServerSideEncryptionConfiguration = {
      rules: rules.map((r) => ({
        applyServerSideEncryptionByDefault: { sseAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null, kmsMasterKeyID: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null },
        bucketKeyEnabled: r.BucketKeyEnabled ?? false,
      })),
    };
  }
  const resource = decodeLiveItem(configurationItem({
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    arn: `arn:${session.partition}:s3:::${name}`,
    account: session.account,
    region,
    capturedAt,
    configuration: { name, owner: { displayName: null, id: owner ?? null }, creationDate: bucket.CreationDate?.toISOString() ?? null },
    supplementaryConfiguration: supplementary,
    tags: tagMap(tagging?.TagSet),
    ...(bucket.CreationDate ? { resourceCreationTime: bucket.CreationDate.toISOString() } : {}),
  }), 's3:GetBucketEncryption', `${region} ${name}`, SERVICE_API_FORMAT);
  if (failures.length) {
    // A bucket read in part is not graded on the part that is missing: every check on it is undecided.
    for (const f of failures) session.failed(f.operation, region, ['AWS::S3::Bucket'], f.error, name);
    resource.related.collectionError = { operation: failures.map((f) => f.operation).join(', '), region, error: failures[0]!.error };
  }
  return resource;
}

/** S3 buckets of the regions Config does not record them in. */
export async function readBuckets(session: AwsSession, homeRegion: string, regions: ReadonlySet<string>): Promise<Resource[]> {
  const listed = await listBuckets(session, homeRegion);
  if ('error' in listed) {
    return [...regions].map((region) => standIn(session, { account: session.account, region }, 'AWS::S3::Bucket', { operation: 's3:ListBuckets', region, error: listed.error }));
  }
  const mine = listed.filter((b) => regions.has(b.region) || b.region === 'unknown');
  const out = await Promise.all(mine.map(({ bucket, region, owner }) => {
    const where = region === 'unknown' ? homeRegion : region;
    return readBucket(session, bucket, where, owner).catch((err: unknown): Resource => {
      const error = session.failed('s3:GetBucketEncryption', where, ['AWS::S3::Bucket'], err, `${bucket.Name} could not be read`);
      return { ...standIn(session, { account: session.account, region: where }, 'AWS::S3::Bucket', { operation: 's3:GetBucketEncryption', region: where, error }), id: `arn:${session.partition}:s3:::${bucket.Name}`, name: bucket.Name ?? 'unknown' };
    });
  }));
  const byRegion = new Map<string, number>();
  for (const r of out) byRegion.set(r.region ?? '', (byRegion.get(r.region ?? '') ?? 0) + 1);
  for (const [region, n] of byRegion) session.progress.found('aws', 's3', region, n);
  for (const region of regions) session.ok('s3:GetBucketEncryption', region, ['AWS::S3::Bucket'], byRegion.get(region) ?? 0, 'read directly: Config does not record S3 buckets here');
  return out;
}
