// The per-resource baseline: how a scanner that reads each resource from its own API collects the
// same estate. S3: ListBuckets, then seven calls per bucket (location, encryption, policy,
// versioning, public access block, tagging, logging: the facts the S3 checks grade); every other
// resource: listed with ListDiscoveredResources and read one by one with GetResourceConfigHistory.
// Same SDK, same retry, same concurrency (8 in flight) as safeguard's collector, against the same
// emulator, so the two call counts and times compare.
import { ConfigServiceClient, GetResourceConfigHistoryCommand, ListDiscoveredResourcesCommand } from '@aws-sdk/client-config-service';
import {
  GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, GetBucketTaggingCommand,
  GetBucketVersioningCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';

const ABSENT = new Set(['ServerSideEncryptionConfigurationNotFoundError', 'NoSuchBucketPolicy', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchTagSet']);

/** Collect per resource; returns how many resources were read and how many calls failed. */
export async function collectPerResource({ endpoint, regions, types, credentials, concurrency = 8 }) {
  const limit = pLimit(concurrency);
  const common = { endpoint, credentials, maxAttempts: 8 };
  const s3 = new S3Client({ ...common, region: regions[0], forcePathStyle: true });
  const config = new Map(regions.map((r) => [r, new ConfigServiceClient({ ...common, region: r })]));
  let read = 0;
  let failed = 0;
  const call = (client, command) => limit(() => client.send(command)).catch((err) => {
    if (ABSENT.has(err?.name)) return null;
    failed++;
    return undefined;
  });

  // S3: list, then every bucket's configuration, one call per fact.
  const buckets = [];
  let token;
  do {
    const page = await call(s3, new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }));
    buckets.push(...(page?.Buckets ?? []));
    token = page?.ContinuationToken;
  } while (token);
  await Promise.all(buckets.map(async (b) => {
    const Bucket = b.Name;
    await Promise.all([GetBucketLocationCommand, GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, GetBucketTaggingCommand, GetBucketLoggingCommand]
      .map((C) => call(s3, new C({ Bucket }))));
    read++;
  }));

  // Everything else: list each type in each region, then read each resource.
  await Promise.all(regions.flatMap((region) => types.filter((t) => t !== 'AWS::S3::Bucket').map(async (resourceType) => {
    const client = config.get(region);
    const ids = [];
    let next;
    do {
      const page = await call(client, new ListDiscoveredResourcesCommand({ resourceType, limit: 100, ...(next ? { nextToken: next } : {}) }));
      ids.push(...(page?.resourceIdentifiers ?? []).map((r) => r.resourceId));
      next = page?.nextToken;
    } while (next);
    await Promise.all(ids.map(async (resourceId) => {
      const got = await call(client, new GetResourceConfigHistoryCommand({ resourceType, resourceId, limit: 1 }));
      if (got?.configurationItems?.length) read++;
    }));
  })));
  s3.destroy();
  for (const c of config.values()) c.destroy();
  return { read, failed };
}
