import type { DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { InputError } from '../../import/input-error.js';
import { compareObservedAt } from '../../import/observed.js';
import { resourceKey, type Resource } from '../../inventory/resource.js';
import { CollectionFailed, type Collection, type CollectorContext } from '../index.js';
import { AccountFacts, assembleAccount, readEbsDefault, readIdentityFacts, readTrails, recordRecorders } from './account.js';
import { readAggregatorInventory, readRegionInventory, recorderState, records, type RecorderState } from './config.js';
import { readBuckets, readRdsInstances, readVolumes } from './direct.js';
import type { AwsCollectOptions } from './index.js';
import { AwsSession, describeError } from './session.js';

/** The types read from their own services where Config does not record them. */
const DIRECT_TYPES = ['AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::EC2::Volume'];
/** Types the collector itself needs from Config, whatever the checks grade. */
const OWN_TYPES = [...DIRECT_TYPES, 'AWS::CloudTrail::Trail', 'AWS::IAM::User', 'AWS::S3::AccountPublicAccessBlock'];
const GLOBAL_TYPE = /^AWS::IAM::/;

/**
 * Read one AWS account (or an organisation through an aggregator):
 * 1. who am I (STS), which regions (EC2 DescribeRegions, or `--regions`);
 * 2. per region, whether Config records (DescribeConfigurationRecorders/Status);
 * 3. inventory from Config in bulk where it records; S3, RDS and EBS from their own APIs where not;
 * 4. the facts Config lacks: credential report, account summary, password policy, trail status,
 *    EBS encryption by default.
 * Every call's outcome goes to the coverage list; what a failed call would have covered becomes an
 * unreadable resource, graded `error`.
 */
export async function collectAws(options: AwsCollectOptions, context: CollectorContext): Promise<Collection> {
  // The SDK warns on stderr that future releases need Node 22; that is for safeguard's maintainers, not its users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // With no credentials the SDK's chain ends at the instance metadata address (169.254.169.254),
  // a network probe the user did not ask for: only `--aws-imds` allows it.
  if (!options.imds) process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const session = new AwsSession(options, context.progress);
  try {
    const home = await homeRegion(session);
    const opts: AwsCollectOptions = { ...options, homeRegion: home };
    session.options = opts;

    let identity: GetCallerIdentityCommandOutput;
    try {
      identity = await session.sts<GetCallerIdentityCommandOutput>(home, (m) => new m.GetCallerIdentityCommand({}));
    } catch (err) {
      throw new CollectionFailed(`AWS: no usable credentials (sts:GetCallerIdentity in ${home}: ${describeError(err)})`);
    }
    session.account = identity.Account ?? 'unknown';
    session.partition = identity.Arn?.split(':')[1] || 'aws';
    session.ok('sts:GetCallerIdentity', 'global', [], 1);

    const regions = options.regions?.length ? [...new Set(options.regions)] : await enabledRegions(session, home);
    const wanted = [...new Set([...context.resourceTypes.filter((t) => t !== '*'), ...OWN_TYPES])].sort();
    // A `*` check (HIPAA-eligible services) grades every type, so a failed listing of any type leaves a stand-in.
    const everyType = context.resourceTypes.includes('*');
    const facts = new AccountFacts(session);
    const resources: Resource[] = [];
    const methods = new Set<string>();

    const states = await Promise.all(regions.map((r) => recorderState(session, r)));
    const stateOf = new Map<string, RecorderState | undefined>(regions.map((r, i) => [r, states[i]]));
    for (const s of states) if (s) recordRecorders(facts, s);

    if (options.aggregator) {
      const inventory = await readAggregatorInventory(session, options.aggregator, wanted, everyType);
      resources.push(...inventory.resources);
      methods.add(inventory.method);
      session.notRecorded('config:SelectAggregateResourceConfig', 'all', ['*'], 'with --aggregator the inventory is what the aggregator holds; regions it does not cover are not read directly, and account-level facts are read for the calling account only');
    } else {
      const directS3 = new Set<string>();
      await Promise.all(regions.map(async (region) => {
        const state = stateOf.get(region);
        // Recorder state unknown (its calls failed): read Config anyway, so what it holds is graded,
        // or its failure leaves `error` stand-ins, rather than every type it records going unread.
        if (state?.recording || !state) {
          const types = state ? wanted.filter((t) => records(state, t)) : wanted;
          const inventory = await readRegionInventory(session, { account: session.account, region, types, everyType });
          resources.push(...inventory.resources);
          methods.add(inventory.method);
        } else if (state) {
          session.notRecorded('config:DescribeConfigurationRecorderStatus', region, ['*'], 'AWS Config is not recording in this region; S3, RDS and EBS are read from their own APIs');
        }
        const direct = DIRECT_TYPES.filter((t) => !state?.recording || !records(state, t));
        if (direct.length) methods.add('direct');
        const reads: Promise<Resource[]>[] = [];
        if (direct.includes('AWS::RDS::DBInstance')) reads.push(readRdsInstances(session, region));
        if (direct.includes('AWS::EC2::Volume')) reads.push(readVolumes(session, region));
        if (direct.includes('AWS::S3::Bucket')) directS3.add(region);
        for (const r of await Promise.all(reads)) resources.push(...r);
        const unrecorded = state ? context.resourceTypes.filter((t) => t !== '*' && !DIRECT_TYPES.includes(t) && !GLOBAL_TYPE.test(t) && !(state.recording && records(state, t))) : [];
        if (unrecorded.length) session.notRecorded('config', region, unrecorded, 'not recorded by Config here, and not read directly');
      }));
      if (directS3.size) resources.push(...(await readBuckets(session, home, directS3)));
    }

    await Promise.all([
      ...regions.map((r) => readEbsDefault(session, r, facts)),
      readIdentityFacts(session, home, facts),
    ]);
    const inventory = newestPerResource(resources);
    const trails = await Promise.all(regions.map((r) => readTrails(session, r, inventory, facts)));
    inventory.push(...trails.flat());
    assembleAccount(session, facts, inventory);

    const anyRead = session.coverage.some((e) => e.status === 'ok' && e.operation !== 'sts:GetCallerIdentity');
    if (!anyRead) {
      const first = session.coverage.find((e) => e.status === 'failed');
      throw new CollectionFailed(`AWS: every call failed${first ? ` (first: ${first.operation} in ${first.region}: ${first.error})` : ''}`);
    }
    return {
      provider: 'aws',
      resources: inventory,
      accounts: [...new Set(inventory.map((r) => r.account).filter((a): a is string => Boolean(a)))].sort(),
      regions: options.aggregator ? [...new Set(inventory.map((r) => r.region).filter((r): r is string => Boolean(r) && r !== 'global'))].sort() : [...regions].sort(),
      methods: [...methods].sort(),
      coverage: session.coverage,
      calls: Object.fromEntries(Object.entries(session.record.calls).sort()),
      attempts: session.record.attempts,
    };
  } catch (err) {
    // An answer no decoder could read is not the user's input error (exit 2): the scan could not finish.
    if (err instanceof InputError) throw new CollectionFailed(`AWS: an answer could not be read: ${err.message}`);
    throw err;
  } finally {
    session.close();
    context.progress.done();
  }
}

/** `--regions`, else the environment's or profile's region, else us-east-1. */
async function homeRegion(session: AwsSession): Promise<string> {
  if (session.options.homeRegion) return session.options.homeRegion;
  const env = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  try {
    const { STSClient } = await session.module('sts');
    const client = new STSClient(session.options.profile ? { profile: session.options.profile } : {});
    const region = await client.config.region();
    client.destroy();
    if (region) return region;
  } catch {
    // No region in the profile: fall through.
  }
  return 'us-east-1';
}

async function enabledRegions(session: AwsSession, home: string): Promise<string[]> {
  try {
    const out = await session.ec2<DescribeRegionsCommandOutput>(home, (m) => new m.DescribeRegionsCommand({ AllRegions: false }));
    const regions = (out.Regions ?? [])
      .filter((r) => !r.OptInStatus || r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName)
      .filter((r): r is string => Boolean(r))
      .sort();
    session.ok('ec2:DescribeRegions', 'global', ['*'], regions.length);
    return regions.length ? regions : [home];
  } catch (err) {
    session.failed('ec2:DescribeRegions', 'global', ['*'], err, `reading ${home} only; give --regions to choose`);
    return [home];
  }
}

/** One resource per id (global IAM items come from every region that records them): the newest observation wins. */
function newestPerResource(resources: readonly Resource[]): Resource[] {
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    const key = r.id.startsWith('arn:') ? resourceKey(r) : [resourceKey(r), r.type, r.account ?? '', r.region ?? ''].join('\u0000');
    const existing = byKey.get(key);
    if (!existing || (!r.related.collectionError && (existing.related.collectionError || compareObservedAt(r.source.observedAt, existing.source.observedAt) > 0))) byKey.set(key, r);
  }
  return [...byKey.values()];
}
