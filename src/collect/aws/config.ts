import type {
  AggregateResourceIdentifier,
  BaseConfigurationItem,
  BatchGetAggregateResourceConfigCommandOutput,
  BatchGetResourceConfigCommandOutput,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  DescribeConfigurationRecordersCommandOutput,
  GetAggregateDiscoveredResourceCountsCommandOutput,
  DescribeConfigurationRecorderStatusCommandOutput,
  GetDiscoveredResourceCountsCommandOutput,
  ListAggregateDiscoveredResourcesCommandOutput,
  ListDiscoveredResourcesCommandOutput,
  ResourceKey,
  SelectAggregateResourceConfigCommandOutput,
  SelectResourceConfigCommandOutput,
} from '@aws-sdk/client-config-service';
import type { GetResourcesCommandOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Resource } from '../../inventory/resource.js';
import { unreadable, type CollectionError } from '../index.js';
import { decodeLiveItem } from './items.js';
import { pageTokens } from './pages.js';
import { describeError, errorCode, type AwsSession } from './session.js';

/**
 * Advanced query's `SELECT *` returns only a CI's top-level scalars, so the query names every
 * property the decoder reads: the whole `configuration`, `supplementaryConfiguration`, `tags` and
 * `relationships` (AWS Config developer guide, "Limitations"; awslabs/aws-config-resource-schema).
 */
export const SELECT_FIELDS = [
  'version', 'accountId', 'arn', 'resourceType', 'resourceId', 'resourceName', 'awsRegion', 'availabilityZone',
  'configurationItemCaptureTime', 'configurationItemStatus', 'configurationStateId', 'resourceCreationTime',
  'tags', 'relationships', 'configuration', 'supplementaryConfiguration',
];
export const SELECT_EXPRESSION = `SELECT ${SELECT_FIELDS.join(', ')}`;

/** Config's page sizes: 100 select rows, 100 discovered resources, 100 keys per batch get. */
const PAGE = 100;

/** Global resource types, recorded once per account in one region. */
const GLOBAL_TYPE = /^AWS::IAM::/;

export interface RecorderState {
  region: string;
  recorders: ConfigurationRecorder[];
  status: ConfigurationRecorderStatus[];
  /** At least one recorder is on. */
  recording: boolean;
}

/** DescribeConfigurationRecorders and their status in one region; `undefined` when the calls fail. */
export async function recorderState(session: AwsSession, region: string): Promise<RecorderState | undefined> {
  // Name the call that failed in the coverage, not always the second one.
  let operation = 'config:DescribeConfigurationRecorderStatus';
  try {
    const [recorders, status] = await Promise.all([
      session.config<DescribeConfigurationRecordersCommandOutput>(region, (m) => new m.DescribeConfigurationRecordersCommand({})).catch((err: unknown) => {
        operation = 'config:DescribeConfigurationRecorders';
        throw err;
      }),
      session.config<DescribeConfigurationRecorderStatusCommandOutput>(region, (m) => new m.DescribeConfigurationRecorderStatusCommand({})),
    ]);
    const state: RecorderState = {
      region,
      recorders: recorders.ConfigurationRecorders ?? [],
      status: status.ConfigurationRecordersStatus ?? [],
      recording: (status.ConfigurationRecordersStatus ?? []).some((s) => s.recording === true),
    };
    session.ok('config:DescribeConfigurationRecorderStatus', region, ['*'], state.status.length);
    return state;
  } catch (err) {
    session.failed(operation, region, ['*'], err, 'whether Config records here is unknown; reading Config anyway, and S3, RDS and EBS directly');
    return undefined;
  }
}

/** Whether a region's running recorders record a type (recordingGroup semantics). */
export function records(state: RecorderState, type: string): boolean {
  const running = new Set(state.status.filter((s) => s.recording).map((s) => s.name));
  return state.recorders.some((r) => {
    if (!running.has(r.name)) return false;
    const g = r.recordingGroup;
    if (!g) return true;
    if (g.allSupported) return GLOBAL_TYPE.test(type) ? g.includeGlobalResourceTypes !== false : true;
    const excluded: string[] = g.exclusionByResourceTypes?.resourceTypes ?? [];
    if (g.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES') return !excluded.includes(type);
    return ((g.resourceTypes ?? []) as string[]).includes(type);
  });
}

export interface InventoryRead {
  resources: Resource[];
  method: string;
}

interface InventoryScope {
  account: string;
  region: string;
  /** Types a failed read would have covered: stand-ins are made for these. */
  types: readonly string[];
  /**
   * Checks grade every type (`resourceTypes: ['*']`, the HIPAA-eligible service check): a failed
   * listing of any type leaves a stand-in too, and when even the types present are unknown, one
   * stand-in of type `*` stands for every type not listed, so nothing goes unaccounted.
   */
  everyType?: boolean;
}

/**
 * A region's inventory from its own Config: advanced query first; where the service does not
 * answer it (moto, or a partition without advanced query), ListDiscoveredResources +
 * BatchGetResourceConfig.
 */
export async function readRegionInventory(session: AwsSession, scope: InventoryScope): Promise<InventoryRead> {
  const { region } = scope;
  try {
    const rows = await selectAll(session, region);
    if (rows) {
      const resources = decodeRows(rows, 'config:SelectResourceConfig', region);
      session.ok('config:SelectResourceConfig', region, ['*'], rows.length);
      session.progress.found('aws', 'config', region, rows.length);
      return { resources, method: 'config-select' };
    }
    session.ok('config:SelectResourceConfig', region, ['*'], 0, 'the service did not answer the query (no select fields): fell back to ListDiscoveredResources + BatchGetResourceConfig');
  } catch (err) {
    session.failed('config:SelectResourceConfig', region, ['*'], err, 'fell back to ListDiscoveredResources + BatchGetResourceConfig');
  }
  return { resources: await listAndBatchGet(session, scope), method: 'config-list' };
}

/** Every row of `SELECT …` in a region, or `undefined` when the service answered without the query's fields. */
async function selectAll(session: AwsSession, region: string): Promise<string[] | undefined> {
  const rows: string[] = [];
  let token: string | undefined;
  const next = pageTokens();
  do {
    const page = await session.config<SelectResourceConfigCommandOutput>(region, (m) => new m.SelectResourceConfigCommand({ Expression: SELECT_EXPRESSION, Limit: PAGE, ...(token ? { NextToken: token } : {}) }));
    // A service that evaluated the query echoes its fields; one that did not (moto) returns none.
    if (!token && (page.Results ?? []).length === 0 && (page.QueryInfo?.SelectFields ?? []).length === 0) return undefined;
    rows.push(...(page.Results ?? []));
    token = next(page.NextToken);
  } while (token);
  return rows;
}

/**
 * Decode every row, or throw: a row that cannot be read names no resource we could mark, so the
 * caller treats the whole query as failed and lists and batch-gets instead (nothing is left out).
 */
function decodeRows(rows: string[], operation: string, region: string): Resource[] {
  return rows.map((row, i) => {
    try {
      return decodeLiveItem(JSON.parse(row) as Record<string, unknown>, operation, `${region} Results[${i}]`);
    } catch (err) {
      throw new Error(`Results[${i}] could not be decoded: ${describeError(err)}`);
    }
  });
}

/** The types a region's Config holds resources of; on failure, `error` (the caller lists the named types only). */
async function discoveredTypes(session: AwsSession, region: string, everyType: boolean): Promise<{ types?: string[]; error?: string }> {
  const types: string[] = [];
  let token: string | undefined;
  const next = pageTokens();
  try {
    do {
      const page = await session.config<GetDiscoveredResourceCountsCommandOutput>(region, (m) => new m.GetDiscoveredResourceCountsCommand({ limit: PAGE, ...(token ? { nextToken: token } : {}) }));
      for (const c of page.resourceCounts ?? []) if (c.resourceType && (c.count ?? 0) > 0) types.push(c.resourceType);
      token = next(page.nextToken);
    } while (token);
    return { types };
  } catch (err) {
    return { error: session.failed('config:GetDiscoveredResourceCounts', region, ['*'], err, `listing the types the checks grade instead${everyType ? '; every other type is graded error (the eligible-service check)' : ''}`) };
  }
}

async function listAndBatchGet(session: AwsSession, scope: InventoryScope): Promise<Resource[]> {
  const { region } = scope;
  // The discovered counts say which types hold anything; without them, list every type that matters.
  const counted = await discoveredTypes(session, region, scope.everyType === true);
  const types = (counted.types ?? [...scope.types]).sort();
  // The listed names: a resource listed but not read is named as a read one would be (the diff pairs them by it).
  const names = new Map<string, string>();
  const named = (key: ResourceKey) => ({ ...key, resourceName: names.get(`${key.resourceType}\u0000${key.resourceId}`) });
  const perType = await Promise.all(types.map(async (type) => {
    const keys: ResourceKey[] = [];
    let token: string | undefined;
    const next = pageTokens();
    try {
      do {
        const page = await session.config<ListDiscoveredResourcesCommandOutput>(region, (m) => new m.ListDiscoveredResourcesCommand({ resourceType: type as never, limit: PAGE, ...(token ? { nextToken: token } : {}) }));
        for (const r of page.resourceIdentifiers ?? []) {
          if (!r.resourceType || !r.resourceId) continue;
          keys.push({ resourceType: r.resourceType, resourceId: r.resourceId });
          if (r.resourceName) names.set(`${r.resourceType}\u0000${r.resourceId}`, r.resourceName);
        }
        token = next(page.nextToken);
      } while (token);
      return { type, keys };
    } catch (err) {
      const error = session.failed('config:ListDiscoveredResources', region, [type], err);
      return { type, keys, error };
    }
  }));
  const resources: Resource[] = [];
  for (const t of perType) {
    // A listing that failed part-way may have left resources of the type unlisted: a stand-in says so.
    if (t.error && (scope.types.includes(t.type) || scope.everyType)) {
      resources.push(standIn(session, scope, t.type, { operation: 'config:ListDiscoveredResources', region, error: t.error }));
    }
  }
  // Which types the region holds is unknown, and only the named ones were listed: the `*` checks
  // cannot be told the others were read, so one stand-in stands for them.
  if (counted.error && scope.everyType) {
    resources.push(everyOtherType(session, scope, { operation: 'config:GetDiscoveredResourceCounts', region, error: counted.error }, types));
  }
  const keys = perType.flatMap((t) => t.keys);
  const batches: ResourceKey[][] = [];
  for (let i = 0; i < keys.length; i += PAGE) batches.push(keys.slice(i, i + PAGE));
  const items = await Promise.all(batches.map((batch) => batchGet(session, region, batch)));
  for (const { items: got, unread } of items) {
    got.forEach((item, i) => {
      try {
        resources.push(decodeLiveItem(item as Record<string, unknown>, 'config:BatchGetResourceConfig', `${region} baseConfigurationItems[${i}]`));
      } catch (err) {
        session.failed('config:BatchGetResourceConfig', region, [String(item.resourceType)], err, `${item.resourceId} could not be decoded`);
        resources.push(unreadKey(session, scope.account, region, { resourceType: String(item.resourceType), resourceId: String(item.resourceId), resourceName: item.resourceName }, { operation: 'config:BatchGetResourceConfig', region, error: describeError(err) }));
      }
    });
    for (const { key, error } of unread) resources.push(unreadKey(session, scope.account, region, named(key), error));
  }
  // No keys, no call: recording one as ok would make a scan that read nothing look like it read something.
  if (batches.length) session.ok('config:BatchGetResourceConfig', region, types, resources.filter((r) => !r.related.unread).length);
  session.progress.found('aws', 'config', region, resources.length);
  await applyTags(session, region, resources);
  return resources;
}

/** One BatchGetResourceConfig of up to 100 keys, retrying `unprocessedResourceKeys` a few times. */
async function batchGet(session: AwsSession, region: string, keys: ResourceKey[]): Promise<{ items: BaseConfigurationItem[]; unread: { key: ResourceKey; error: CollectionError }[] }> {
  const items: BaseConfigurationItem[] = [];
  let pending = keys;
  const tries = (session.options.unprocessedRetries ?? 4) + 1;
  for (let attempt = 0; attempt < tries && pending.length; attempt++) {
    if (attempt > 0) await sleep(Math.min(2_000, 100 * 2 ** attempt));
    try {
      const out = await session.config<BatchGetResourceConfigCommandOutput>(region, (m) => new m.BatchGetResourceConfigCommand({ resourceKeys: pending as never }));
      items.push(...(out.baseConfigurationItems ?? []));
      pending = (out.unprocessedResourceKeys ?? []) as ResourceKey[];
    } catch (err) {
      const error = session.failed('config:BatchGetResourceConfig', region, [...new Set(pending.map((k) => k.resourceType as string))], err);
      return { items, unread: pending.map((key) => ({ key, error: { operation: 'config:BatchGetResourceConfig', region, error } })) };
    }
  }
  if (pending.length) {
    const error = `still unprocessed after ${tries} tries`;
    session.coverage.push({ provider: 'aws', operation: 'config:BatchGetResourceConfig', region, account: session.account, status: 'failed', covers: [...new Set(pending.map((k) => k.resourceType as string))], error, records: pending.length });
  }
  return { items, unread: pending.map((key) => ({ key, error: { operation: 'config:BatchGetResourceConfig', region, error: `unprocessedResourceKeys: still unprocessed after ${tries} tries` } })) };
}

/**
 * BatchGetResourceConfig items carry no tags; the Resource Groups Tagging API gives a region's
 * tags in bulk, so `--scope ephi` sees the same tags as an export would.
 */
async function applyTags(session: AwsSession, region: string, resources: Resource[]): Promise<void> {
  const byArn = new Map(resources.filter((r) => r.id.startsWith('arn:') && Object.keys(r.tags).length === 0).map((r) => [r.id, r]));
  if (byArn.size === 0) return;
  let token: string | undefined;
  const next = pageTokens();
  let tagged = 0;
  try {
    do {
      const page = await session.tag<GetResourcesCommandOutput>(region, (m) => new m.GetResourcesCommand({ ResourcesPerPage: PAGE, ...(token ? { PaginationToken: token } : {}) }));
      for (const m of page.ResourceTagMappingList ?? []) {
        const r = m.ResourceARN ? byArn.get(m.ResourceARN) : undefined;
        if (!r) continue;
        for (const t of m.Tags ?? []) if (t.Key) r.tags[t.Key] = t.Value ?? '';
        tagged++;
      }
      token = next(page.PaginationToken);
    } while (token);
    session.ok('tag:GetResources', region, ['tags'], tagged);
  } catch (err) {
    session.failed('tag:GetResources', region, ['tags'], err, 'tags of resources read with BatchGetResourceConfig are unknown, so --scope ephi may miss them');
  }
}

/** An organisation's inventory through a Config aggregator, select first, then list + batch get. */
export async function readAggregatorInventory(session: AwsSession, aggregator: string, types: readonly string[], everyType = false): Promise<InventoryRead> {
  const region = session.options.homeRegion ?? 'us-east-1';
  const op = 'config:SelectAggregateResourceConfig';
  try {
    const rows: string[] = [];
    let token: string | undefined;
    const next = pageTokens();
    let answered = true;
    do {
      const page = await session.config<SelectAggregateResourceConfigCommandOutput>(region, (m) => new m.SelectAggregateResourceConfigCommand({ Expression: SELECT_EXPRESSION, ConfigurationAggregatorName: aggregator, Limit: PAGE, ...(token ? { NextToken: token } : {}) }));
      if (!token && (page.Results ?? []).length === 0 && (page.QueryInfo?.SelectFields ?? []).length === 0) answered = false;
      rows.push(...(page.Results ?? []));
      token = next(page.NextToken);
    } while (token);
    if (answered) {
      const resources = decodeRows(rows, op, `aggregator ${aggregator}`);
      session.ok(op, `aggregator ${aggregator}`, ['*'], rows.length);
      session.progress.found('aws', 'config', `aggregator ${aggregator}`, rows.length);
      return { resources, method: `aggregator:${aggregator}` };
    }
    session.ok(op, `aggregator ${aggregator}`, ['*'], 0, 'the service did not answer the query: fell back to ListAggregateDiscoveredResources + BatchGetAggregateResourceConfig');
  } catch (err) {
    session.failed(op, `aggregator ${aggregator}`, ['*'], err, 'fell back to ListAggregateDiscoveredResources + BatchGetAggregateResourceConfig');
  }
  return { resources: await aggregatorListAndBatchGet(session, aggregator, region, types, everyType), method: `aggregator-list:${aggregator}` };
}

async function aggregatorListAndBatchGet(session: AwsSession, aggregator: string, region: string, wanted: readonly string[], everyType: boolean): Promise<Resource[]> {
  const where = `aggregator ${aggregator}`;
  const resources: Resource[] = [];
  const ids: AggregateResourceIdentifier[] = [];
  const counted = await aggregateDiscoveredTypes(session, aggregator, region, everyType);
  const types = counted.types ?? wanted;
  // Which types the organisation holds is unknown: one stand-in for every type not listed (see `everyOtherType`).
  if (counted.error && everyType) {
    resources.push(everyOtherType(session, { account: session.account, region: 'all' }, { operation: 'config:GetAggregateDiscoveredResourceCounts', region: where, error: counted.error }, types));
  }
  await Promise.all(types.map(async (type) => {
    let token: string | undefined;
    const next = pageTokens();
    try {
      do {
        const page = await session.config<ListAggregateDiscoveredResourcesCommandOutput>(region, (m) => new m.ListAggregateDiscoveredResourcesCommand({ ConfigurationAggregatorName: aggregator, ResourceType: type as never, Limit: PAGE, ...(token ? { NextToken: token } : {}) }));
        ids.push(...(page.ResourceIdentifiers ?? []));
        token = next(page.NextToken);
      } while (token);
    } catch (err) {
      const error = session.failed('config:ListAggregateDiscoveredResources', where, [type], err);
      resources.push(standIn(session, { account: session.account, region: 'all' }, type, { operation: 'config:ListAggregateDiscoveredResources', region: where, error }));
    }
  }));
  const tries = (session.options.unprocessedRetries ?? 4) + 1;
  for (let i = 0; i < ids.length; i += PAGE) {
    let pending = ids.slice(i, i + PAGE);
    let failure: string | undefined;
    for (let attempt = 0; attempt < tries && pending.length && !failure; attempt++) {
      if (attempt > 0) await sleep(Math.min(2_000, 100 * 2 ** attempt));
      try {
        const out = await session.config<BatchGetAggregateResourceConfigCommandOutput>(region, (m) => new m.BatchGetAggregateResourceConfigCommand({ ConfigurationAggregatorName: aggregator, ResourceIdentifiers: pending }));
        (out.BaseConfigurationItems ?? []).forEach((item, j) => {
          try {
            resources.push(decodeLiveItem(item as Record<string, unknown>, 'config:BatchGetAggregateResourceConfig', `${where} BaseConfigurationItems[${j}]`));
          } catch (err) {
            const error = session.failed('config:BatchGetAggregateResourceConfig', where, [String(item.resourceType)], err, `${item.resourceId} could not be decoded`);
            // Listed but unreadable: graded error, not dropped.
            resources.push(unreadKey(session, item.accountId ?? session.account, item.awsRegion ?? 'unknown', { resourceType: item.resourceType, resourceId: item.resourceId, resourceName: item.resourceName }, { operation: 'config:BatchGetAggregateResourceConfig', region: item.awsRegion ?? where, error }));
          }
        });
        pending = out.UnprocessedResourceIdentifiers ?? [];
      } catch (err) {
        failure = session.failed('config:BatchGetAggregateResourceConfig', where, [...new Set(pending.map((p) => p.ResourceType as string))], err);
      }
    }
    for (const p of pending) {
      resources.push(unreadKey(session, p.SourceAccountId ?? session.account, p.SourceRegion ?? 'unknown', { resourceType: p.ResourceType, resourceId: p.ResourceId, resourceName: p.ResourceName }, {
        operation: 'config:BatchGetAggregateResourceConfig', region: p.SourceRegion ?? where, error: failure ?? `unprocessed after ${tries} tries`,
      }));
    }
  }
  session.ok('config:BatchGetAggregateResourceConfig', where, [...types], resources.filter((r) => !r.related.unread).length);
  session.progress.found('aws', 'config', where, resources.length);
  return resources;
}

async function aggregateDiscoveredTypes(session: AwsSession, aggregator: string, region: string, everyType: boolean): Promise<{ types?: string[]; error?: string }> {
  const types: string[] = [];
  let token: string | undefined;
  const next = pageTokens();
  try {
    do {
      const page = await session.config<GetAggregateDiscoveredResourceCountsCommandOutput>(region, (m) => new m.GetAggregateDiscoveredResourceCountsCommand({ ConfigurationAggregatorName: aggregator, GroupByKey: 'RESOURCE_TYPE', Limit: 1000, ...(token ? { NextToken: token } : {}) }));
      for (const g of page.GroupedResourceCounts ?? []) if (g.GroupName && (g.ResourceCount ?? 0) > 0) types.push(g.GroupName);
      token = next(page.NextToken);
    } while (token);
    return { types: types.sort() };
  } catch (err) {
    return { error: session.failed('config:GetAggregateDiscoveredResourceCounts', `aggregator ${aggregator}`, ['*'], err, `listing the types the checks grade instead${everyType ? '; every other type is graded error (the eligible-service check)' : ''}`) };
  }
}

/**
 * A resource Config listed but whose configuration could not be read. Its ARN is not known (the
 * listing gives only the type, resource id and name), so its id is Config's resource id and its
 * name the listed name, as a read resource's would be: `safeguard diff` pairs the two by name.
 */
function unreadKey(session: AwsSession, account: string, region: string, key: { resourceType?: string | undefined; resourceId?: string | undefined; resourceName?: string | undefined }, error: CollectionError): Resource {
  const type = String(key.resourceType);
  const id = String(key.resourceId);
  return {
    provider: 'aws',
    type,
    id,
    name: key.resourceName || id,
    account,
    region,
    tags: {},
    config: {},
    related: { configurationMissing: true, collectionError: error },
    source: { format: 'collection-error', file: error.operation },
  };
}

export function standIn(session: AwsSession, scope: { account: string; region: string }, type: string, error: CollectionError): Resource {
  return unreadable({ provider: 'aws', type, account: scope.account, region: scope.region, error, idPrefix: `arn:${session.partition}:config:${scope.region}:${scope.account}:unread/` });
}

/**
 * When which types a region (or aggregator) holds is unknown and only the named types were listed,
 * the `*` checks (HIPAA-eligible services) grade every other type: one stand-in of type `*` says
 * those were not read, so the eligible-service check reports `error` for them, never silence.
 */
export function everyOtherType(session: AwsSession, scope: { account: string; region: string }, error: CollectionError, listed: readonly string[]): Resource {
  const r = standIn(session, scope, '*', error);
  r.name = `every resource type other than those listed in ${scope.account} ${scope.region} (not read)`;
  r.related.listedTypes = [...listed];
  return r;
}

export { errorCode };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
