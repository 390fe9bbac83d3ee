import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mulberry32 } from '../knobs.js';

/**
 * An AWS emulator on 127.0.0.1 for what moto does not answer: AWS Config's advanced query
 * (SelectResourceConfig), aggregators, and faults on demand. It speaks the real wire protocols —
 * AWS JSON 1.1 (`X-Amz-Target: StarlingDoveService.<Operation>`, CloudTrail, the tagging API) and
 * the Query protocol with XML answers (STS, IAM, EC2) — so the real SDK clients talk to it.
 *
 * It serves an estate of configuration items (by default the demo snapshot), with knobs for
 * latency, throttling, 5xx faults, per-operation access denial and unprocessed batch keys, and it
 * logs every operation (tests and the benchmark read `calls`).
 */

/** A configuration item in the snapshot shape (objects, not JSON strings). */
export type Item = Record<string, unknown> & { resourceType: string; resourceId: string; awsRegion: string; accountId: string };

export interface Knobs {
  /** Added to every answer. */
  latencyMs?: number;
  /** ThrottlingException (400) on the first N matching calls, or on a fraction of them. */
  throttle?: { first?: number; fraction?: number; operations?: string[] };
  /** 500 or 503 on the first N matching calls, or on a fraction of them. */
  faults?: { status: 500 | 503; first?: number; fraction?: number; operations?: string[] };
  /** Operations answered with AccessDenied, e.g. `config:SelectResourceConfig`; `op@region` denies one region only. */
  deny?: string[];
  /** Answer SelectResourceConfig as moto does (no fields, no rows), so the collector falls back. */
  selectUnsupported?: boolean;
  /** BatchGet*ResourceConfig leaves half its keys unprocessed on the first N calls. */
  unprocessedFirst?: number;
  /** Regions where a recorder is on (default: every region in the estate). The first also records global types. */
  recordingRegions?: string[];
  /** Regions DescribeRegions lists (default: recording regions plus `eu-west-1`). */
  regions?: string[];
  aggregators?: string[];
  /** null: no password policy (NoSuchEntity 404). */
  passwordPolicy?: Record<string, unknown> | null;
  /** Rows of the credential report after the header; default: root plus one row per IAM user in the estate. */
  credentialReport?: Record<string, string>[];
  ebsEncryptionByDefault?: boolean;
  seed?: number;
}

export interface CallRecord {
  operation: string;
  region: string;
  status: number;
}

export interface ConfigEmulator {
  url: string;
  knobs: Knobs;
  items: Item[];
  /** Operation → calls answered (any status). */
  calls: Record<string, number>;
  log: CallRecord[];
  resetLog(): void;
  /** Write the exports an offline scan of the same estate would read (for live/offline comparisons). */
  equivalentExport(dir: string, regions: string[]): void;
  close(): Promise<void>;
}

export const ACCOUNT = '123456789012';
const REPORT_TIME = '2026-03-02T00:00:00.000Z';

const CREDENTIAL_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** The demo estate's configuration items (fixtures/demo/aws-config-snapshot.json). */
export function demoItems(): Item[] {
  const url = new URL('../../../fixtures/demo/aws-config-snapshot.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { configurationItems: Item[] }).configurationItems;
}

/** `n` generated items across the given regions (S3 buckets and EBS volumes, half unencrypted), for paging and benchmarks. */
export function generatedItems(n: number, regions: string[] = ['us-east-1']): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < n; i++) {
    const region = regions[i % regions.length]!;
    const encrypted = i % 2 === 0;
    if (i % 3 === 0) {
      const name = `bucket-${String(i).padStart(6, '0')}`;
      out.push({
        version: '1.3', accountId: ACCOUNT, configurationItemCaptureTime: '2026-03-01T00:00:00.000Z', configurationItemStatus: 'OK', configurationStateId: String(i),
        arn: `arn:aws:s3:::${name}`, resourceType: 'AWS::S3::Bucket', resourceId: name, resourceName: name, awsRegion: region, availabilityZone: 'Regional',
        tags: i % 10 === 0 ? { phi: 'true' } : {}, relationships: [],
        configuration: { name, owner: { displayName: null, id: 'owner' }, creationDate: '2025-01-01T00:00:00.000Z' },
        supplementaryConfiguration: {
          BucketPolicy: { policyText: null },
          BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null },
          ...(encrypted ? { ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null }, bucketKeyEnabled: false }] } } : {}),
        },
      });
    } else {
      const id = `vol-${i.toString(16).padStart(17, '0')}`;
      out.push({
        version: '1.3', accountId: ACCOUNT, configurationItemCaptureTime: '2026-03-01T00:00:00.000Z', configurationItemStatus: 'OK', configurationStateId: String(i),
        arn: `arn:aws:ec2:${region}:${ACCOUNT}:volume/${id}`, resourceType: 'AWS::EC2::Volume', resourceId: id, resourceName: id, awsRegion: region, availabilityZone: `${region}a`,
        tags: {}, relationships: [],
        configuration: { volumeId: id, size: 8, availabilityZone: `${region}a`, state: { value: 'available' }, encrypted, volumeType: 'gp3', attachments: [] },
        supplementaryConfiguration: {},
      });
    }
  }
  return out;
}

export async function startConfigEmulator(options: { items?: Item[]; knobs?: Knobs } = {}): Promise<ConfigEmulator> {
  const items = options.items ?? demoItems();
  const state = { knobs: options.knobs ?? {}, calls: {} as Record<string, number>, log: [] as CallRecord[], counters: new Map<string, number>(), random: mulberry32(options.knobs?.seed ?? 7) };
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(err) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const auth = String(req.headers.authorization ?? '');
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
    const region = scope?.[1] ?? 'us-east-1';
    const service = scope?.[2] ?? 'unknown';
    const target = String(req.headers['x-amz-target'] ?? '');
    const query = target ? undefined : new URLSearchParams(body);
    const action = target ? target.split('.').pop()! : service === 's3' ? s3Operation(req) : query?.get('Action') ?? `${req.method} ${req.url}`;
    const prefix = service === 'tagging' ? 'tag' : service;
    const operation = `${prefix}:${action}`;
    const protocol: Protocol = target ? 'json' : service === 'ec2' ? 'ec2' : service === 's3' ? 's3' : 'query';
    const knobs = state.knobs;
    if (knobs.latencyMs) await new Promise((r) => setTimeout(r, knobs.latencyMs));

    const answer = (status: number, payload: string, contentType: string): void => {
      state.calls[operation] = (state.calls[operation] ?? 0) + 1;
      state.log.push({ operation, region, status });
      res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': `req-${state.log.length}` });
      res.end(payload);
    };
    const fail = (status: number, code: string, message: string): void => {
      if (protocol === 'json') return answer(status, JSON.stringify({ __type: code, message }), 'application/x-amz-json-1.1');
      if (protocol === 's3') return answer(status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message><RequestId>r</RequestId></Error>`, 'application/xml');
      if (protocol === 'ec2') return answer(status, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>r</RequestID></Response>`, 'text/xml');
      return answer(status, `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`, 'text/xml');
    };

    if (knobs.deny?.some((d) => d === operation || d === `${operation}@${region}`)) {
      const code = protocol === 'json' ? 'AccessDeniedException' : protocol === 'ec2' ? 'UnauthorizedOperation' : 'AccessDenied';
      if (protocol === 's3') return fail(403, code, 'Access Denied');
      return fail(400, code, `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ${operation} because no identity-based policy allows the ${operation} action`);
    }
    if (knobs.throttle && hits(knobs.throttle, operation, 'throttle')) return fail(400, protocol === 'json' ? 'ThrottlingException' : 'Throttling', 'Rate exceeded');
    if (knobs.faults && hits(knobs.faults, operation, 'fault')) {
      return fail(knobs.faults.status, knobs.faults.status === 503 ? 'ServiceUnavailable' : 'InternalFailure', knobs.faults.status === 503 ? 'Service is unavailable' : 'Internal failure');
    }

    const input = target && body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const answer200 = (payload: string, contentType: string) => answer(200, payload, contentType);
    const s3Xml = (inner: string) => answer200(`<?xml version="1.0" encoding="UTF-8"?>\n${inner}`, 'application/xml');
    const json = (payload: unknown) => answer(200, JSON.stringify(payload), 'application/x-amz-json-1.1');
    const xmlOk = (inner: string) =>
      answer(200, protocol === 'ec2' ? `<?xml version="1.0" encoding="UTF-8"?><${action}Response><requestId>r</requestId>${inner}</${action}Response>` : `<${action}Response><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`, 'text/xml');

    switch (operation) {
      // ---- STS, EC2, IAM (Query protocol, XML) ----
      case 'sts:GetCallerIdentity':
        return xmlOk(`<Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAEMULATOR</UserId><Account>${ACCOUNT}</Account>`);
      case 'ec2:DescribeRegions':
        return xmlOk(`<regionInfo>${allRegions().map((r) => `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`).join('')}</regionInfo>`);
      case 'ec2:GetEbsEncryptionByDefault':
        return xmlOk(`<ebsEncryptionByDefault>${facts.ebsDefault()}</ebsEncryptionByDefault>`);
      case 'iam:GenerateCredentialReport':
        return xmlOk('<State>COMPLETE</State><Description>Report is ready</Description>');
      case 'iam:GetCredentialReport':
        return xmlOk(`<Content>${Buffer.from(facts.credentialReport()).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>${REPORT_TIME}</GeneratedTime>`);
      case 'iam:GetAccountSummary':
        return xmlOk(`<SummaryMap>${Object.entries(facts.summary()).map(([k, v]) => `<entry><key>${k}</key><value>${v}</value></entry>`).join('')}</SummaryMap>`);
      case 'iam:GetAccountPasswordPolicy': {
        const policy = facts.passwordPolicy();
        if (policy === null) return fail(404, 'NoSuchEntity', `The Password Policy with domain name ${ACCOUNT} cannot be found.`);
        return xmlOk(`<PasswordPolicy>${Object.entries(policy).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</PasswordPolicy>`);
      }

      // ---- CloudTrail and the tagging API (JSON 1.1) ----
      case 'cloudtrail:DescribeTrails':
        return json({ trailList: inRegion(region).filter((i) => i.resourceType === 'AWS::CloudTrail::Trail').map((i) => upperFirst(i.configuration)) });
      case 'cloudtrail:GetTrailStatus':
        return json(epochSeconds(facts.trailStatus()));
      case 'tag:GetResources': {
        const tagged = inRegion(region).filter((i) => typeof i.arn === 'string' && Object.keys((i.tags as object) ?? {}).length);
        const { page, next } = paginate(tagged, input.PaginationToken, Number(input.ResourcesPerPage ?? 50));
        return json({ ResourceTagMappingList: page.map((i) => ({ ResourceARN: i.arn, Tags: Object.entries(i.tags as Record<string, string>).map(([Key, Value]) => ({ Key, Value })) })), PaginationToken: next ?? '' });
      }

      // ---- AWS Config (JSON 1.1) ----
      case 'config:DescribeConfigurationRecorders':
        return json({ ConfigurationRecorders: facts.recorders(region) });
      case 'config:DescribeConfigurationRecorderStatus':
        return json({ ConfigurationRecordersStatus: epochSeconds(facts.recorderStatus(region)) });
      case 'config:SelectResourceConfig':
      case 'config:SelectAggregateResourceConfig': {
        if (operation === 'config:SelectAggregateResourceConfig' && !aggregatorKnown(input.ConfigurationAggregatorName)) return fail(400, 'NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist.');
        if (knobs.selectUnsupported) return json({ Results: [], QueryInfo: { SelectFields: [] } });
        const fields = selectFields(String(input.Expression ?? ''));
        if (!fields) return fail(400, 'InvalidExpressionException', 'The expression is not a SELECT.');
        const pool = operation === 'config:SelectResourceConfig' ? inRegion(region) : items;
        const limit = Math.min(100, Number(input.Limit ?? input.MaxResults ?? 100) || 100);
        const { page, next } = paginate(pool, input.NextToken, limit);
        return json({ Results: page.map((i) => JSON.stringify(selectRow(i, fields))), QueryInfo: { SelectFields: fields.map((Name) => ({ Name })) }, ...(next ? { NextToken: next } : {}) });
      }
      case 'config:GetDiscoveredResourceCounts': {
        const counts = new Map<string, number>();
        for (const i of inRegion(region)) counts.set(i.resourceType, (counts.get(i.resourceType) ?? 0) + 1);
        return json({ totalDiscoveredResources: inRegion(region).length, resourceCounts: [...counts].map(([resourceType, count]) => ({ resourceType, count })) });
      }
      case 'config:ListDiscoveredResources': {
        const of = inRegion(region).filter((i) => i.resourceType === input.resourceType);
        const { page, next } = paginate(of, input.nextToken, Number(input.limit ?? 100));
        return json({ resourceIdentifiers: page.map((i) => ({ resourceType: i.resourceType, resourceId: i.resourceId, resourceName: i.resourceName })), ...(next ? { nextToken: next } : {}) });
      }
      case 'config:GetAggregateDiscoveredResourceCounts': {
        if (!aggregatorKnown(input.ConfigurationAggregatorName)) return fail(400, 'NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist.');
        const counts = new Map<string, number>();
        for (const i of items) counts.set(i.resourceType, (counts.get(i.resourceType) ?? 0) + 1);
        return json({ GroupByKey: 'RESOURCE_TYPE', TotalDiscoveredResources: items.length, GroupedResourceCounts: [...counts].map(([GroupName, ResourceCount]) => ({ GroupName, ResourceCount })) });
      }
      case 'config:ListAggregateDiscoveredResources': {
        if (!aggregatorKnown(input.ConfigurationAggregatorName)) return fail(400, 'NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist.');
        const of = items.filter((i) => i.resourceType === input.ResourceType);
        const { page, next } = paginate(of, input.NextToken, Number(input.Limit ?? 100));
        return json({ ResourceIdentifiers: page.map((i) => ({ SourceAccountId: i.accountId, SourceRegion: i.awsRegion, ResourceId: i.resourceId, ResourceType: i.resourceType, ResourceName: i.resourceName })), ...(next ? { NextToken: next } : {}) });
      }
      case 'config:BatchGetResourceConfig': {
        const keys = (input.resourceKeys as { resourceType: string; resourceId: string }[]) ?? [];
        if (keys.length > 100) return fail(400, 'ValidationException', 'resourceKeys: at most 100');
        const [now, later] = splitUnprocessed(keys);
        const found = now.map((k) => inRegion(region).find((i) => i.resourceType === k.resourceType && i.resourceId === k.resourceId)).filter((i): i is Item => Boolean(i));
        return json({ baseConfigurationItems: found.map(apiItem), unprocessedResourceKeys: later });
      }
      case 'config:BatchGetAggregateResourceConfig': {
        if (!aggregatorKnown(input.ConfigurationAggregatorName)) return fail(400, 'NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist.');
        const ids = (input.ResourceIdentifiers as { SourceAccountId: string; SourceRegion: string; ResourceId: string; ResourceType: string }[]) ?? [];
        if (ids.length > 100) return fail(400, 'ValidationException', 'ResourceIdentifiers: at most 100');
        const [now, later] = splitUnprocessed(ids);
        const found = now.map((k) => items.find((i) => i.resourceType === k.ResourceType && i.resourceId === k.ResourceId && i.accountId === k.SourceAccountId && i.awsRegion === k.SourceRegion)).filter((i): i is Item => Boolean(i));
        return json({ BaseConfigurationItems: found.map(apiItem), UnprocessedResourceIdentifiers: later });
      }
      // ---- Per-resource reads (the benchmark's per-resource baseline; also S3 where Config does not record) ----
      case 'config:GetResourceConfigHistory': {
        const item = byKey().get(`${String(input.resourceType)}\u0000${String(input.resourceId)}`);
        if (!item || (item.awsRegion !== region && !(item.awsRegion === 'global' && region === recording()[0]))) {
          return fail(400, 'ResourceNotDiscoveredException', `Resource ${String(input.resourceId)} of resourceType:${String(input.resourceType)} is unknown or has not been discovered`);
        }
        return json({ configurationItems: [{ ...apiItem(item), tags: item.tags ?? {} }] });
      }
      case 's3:ListBuckets': {
        const buckets = items.filter((i) => i.resourceType === 'AWS::S3::Bucket');
        const url = new URL(req.url ?? '/', 'http://localhost');
        const { page, next } = paginate(buckets, url.searchParams.get('continuation-token') ?? undefined, Number(url.searchParams.get('max-buckets') ?? 10000));
        const entries = page.map((b) => `<Bucket><BucketRegion>${b.awsRegion}</BucketRegion><CreationDate>${String(b.resourceCreationTime ?? '2025-01-01T00:00:00.000Z')}</CreationDate><Name>${xml(b.resourceId)}</Name></Bucket>`).join('');
        return s3Xml(`<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets>${entries}</Buckets><Owner><ID>owner</ID></Owner>${next ? `<ContinuationToken>${next}</ContinuationToken>` : ''}</ListAllMyBucketsResult>`);
      }
      case 's3:GetBucketLocation':
      case 's3:GetBucketEncryption':
      case 's3:GetBucketPolicy':
      case 's3:GetBucketVersioning':
      case 's3:GetPublicAccessBlock':
      case 's3:GetBucketTagging':
      case 's3:GetBucketLogging': {
        const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[1] ?? '');
        const bucket = byKey().get(`AWS::S3::Bucket\u0000${name}`);
        if (!bucket) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
        const answer = bucketAnswer(operation, bucket);
        if ('absent' in answer) return fail(404, answer.absent, 'The configuration does not exist');
        if ('json' in answer) return answer200(answer.json, 'application/json');
        return s3Xml(answer.xml);
      }
      default:
        return fail(protocol === 's3' ? 501 : 400, protocol === 'json' ? 'UnknownOperationException' : protocol === 's3' ? 'NotImplemented' : 'InvalidAction', `The emulator does not implement ${operation}`);
    }
  }

  function hits(rule: { first?: number; fraction?: number; operations?: string[] }, operation: string, kind: string): boolean {
    if (rule.operations && !rule.operations.includes(operation)) return false;
    const n = (state.counters.get(kind) ?? 0) + 1;
    state.counters.set(kind, n);
    if (rule.first !== undefined && n <= rule.first) return true;
    return rule.fraction !== undefined && state.random() < rule.fraction;
  }

  function splitUnprocessed<T>(keys: T[]): [T[], T[]] {
    const n = (state.counters.get('unprocessed') ?? 0) + 1;
    state.counters.set('unprocessed', n);
    if (!state.knobs.unprocessedFirst || n > state.knobs.unprocessedFirst) return [keys, []];
    const half = Math.ceil(keys.length / 2);
    return [keys.slice(0, half), keys.slice(half)];
  }

  let index: Map<string, Item> | undefined;
  /** Items by type and resource id (S3 buckets by name), built on first use. */
  function byKey(): Map<string, Item> {
    index ??= new Map(items.map((i) => [`${i.resourceType}\u0000${i.resourceId}`, i]));
    return index;
  }

  function recording(): string[] {
    return state.knobs.recordingRegions ?? [...new Set(items.map((i) => i.awsRegion).filter((r) => r !== 'global'))].sort();
  }
  function allRegions(): string[] {
    return state.knobs.regions ?? [...new Set([...recording(), 'eu-west-1'])].sort();
  }
  /** A region's own Config sees its items, and the first recording region the global (IAM) ones. */
  function inRegion(region: string): Item[] {
    const first = recording()[0];
    return items.filter((i) => i.awsRegion === region || (i.awsRegion === 'global' && region === first));
  }
  function aggregatorKnown(name: unknown): boolean {
    return (state.knobs.aggregators ?? ['org']).includes(String(name));
  }
  function users(): Item[] {
    return items.filter((i) => i.resourceType === 'AWS::IAM::User');
  }
  /** The account facts, as the AWS CLI prints them (times as ISO text); the handlers and `equivalentExport` share them. */
  const facts = {
    summary: () => ({ AccountMFAEnabled: 1, Users: users().length, AccountAccessKeysPresent: 0 }),
    passwordPolicy: () => (state.knobs.passwordPolicy === undefined ? { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24 } : state.knobs.passwordPolicy),
    ebsDefault: () => state.knobs.ebsEncryptionByDefault ?? true,
    trailStatus: () => ({ IsLogging: true, LatestDeliveryTime: '2026-03-01T23:55:00.000Z', StartLoggingTime: '2024-04-11T15:31:06.000Z' }),
    recorders: (region: string) => (recording().includes(region) ? [{ name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-config`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === recording()[0] } }] : []),
    recorderStatus: (region: string) => (recording().includes(region) ? [{ name: 'default', recording: true, lastStatus: 'SUCCESS', lastStartTime: '2023-11-14T22:13:20.000Z' }] : []),
    credentialReport: (): string => {
      const rows = state.knobs.credentialReport ?? [
        { user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, user_creation_time: '2019-01-01T00:00:00+00:00', password_enabled: 'not_supported', mfa_active: 'true', access_key_1_active: 'false', access_key_2_active: 'false' },
        ...users().map((u) => ({ user: String(u.resourceName), arn: String(u.arn), user_creation_time: String(u.resourceCreationTime ?? ''), password_enabled: 'true', mfa_active: 'false', access_key_1_active: 'false', access_key_2_active: 'false' })),
      ];
      return [CREDENTIAL_COLUMNS.join(','), ...rows.map((r) => CREDENTIAL_COLUMNS.map((c) => csv(r[c] ?? 'N/A')).join(','))].join('\n');
    },
  };

  /** The files an offline scan of the same estate reads: the snapshot and the CLI outputs of every account fact the emulator answers. */
  function equivalentExport(dir: string, regions: string[]): void {
    mkdirSync(dir, { recursive: true });
    const write = (name: string, doc: unknown) => writeFileSync(join(dir, name), JSON.stringify(doc, null, 2));
    write('aws-config-snapshot.json', { fileVersion: '1.0', configSnapshotId: 'emulator', configurationItems: items });
    write('credential-report.json', { Content: Buffer.from(facts.credentialReport()).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: REPORT_TIME });
    write('account-summary.json', { SummaryMap: facts.summary(), accountId: ACCOUNT });
    write('password-policy.json', { PasswordPolicy: facts.passwordPolicy(), accountId: ACCOUNT });
    for (const region of regions) {
      write(`ebs-encryption-by-default.${region}.json`, { EbsEncryptionByDefault: facts.ebsDefault(), accountId: ACCOUNT, region });
      write(`config-recorder-status.${region}.json`, { ConfigurationRecordersStatus: facts.recorderStatus(region), accountId: ACCOUNT, region });
      write(`config-recorders.${region}.json`, { ConfigurationRecorders: facts.recorders(region), accountId: ACCOUNT, region });
      for (const trail of inRegion(region).filter((i) => i.resourceType === 'AWS::CloudTrail::Trail')) {
        write(`trail-status.${String(trail.resourceName)}.json`, { ...facts.trailStatus(), trail: String(trail.arn), accountId: ACCOUNT });
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get knobs() {
      return state.knobs;
    },
    set knobs(k: Knobs) {
      state.knobs = k;
      state.counters.clear();
    },
    items,
    get calls() {
      return state.calls;
    },
    get log() {
      return state.log;
    },
    equivalentExport,
    resetLog() {
      state.calls = {};
      state.log = [];
      state.counters.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Protocol = 'json' | 'query' | 'ec2' | 's3';

/** S3 is REST-XML: the SDK names the operation in `x-id`, or the sub-resource does (`?encryption`). */
function s3Operation(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = url.searchParams.get('x-id');
  if (id) return id;
  const sub: Record<string, string> = { encryption: 'GetBucketEncryption', policy: 'GetBucketPolicy', versioning: 'GetBucketVersioning', publicAccessBlock: 'GetPublicAccessBlock', tagging: 'GetBucketTagging', logging: 'GetBucketLogging', location: 'GetBucketLocation' };
  for (const key of url.searchParams.keys()) if (sub[key]) return sub[key];
  return url.pathname === '/' ? 'ListBuckets' : `${req.method} ${url.pathname}`;
}

/**
 * A bucket's answer to one of S3's per-bucket GETs, from its configuration item's
 * supplementaryConfiguration (the REST-XML bodies of the S3 API reference); `absent` is the error
 * code S3 gives when the bucket has none of it.
 */
function bucketAnswer(operation: string, bucket: Item): { xml: string } | { json: string } | { absent: string } {
  const sup = (bucket.supplementaryConfiguration ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  const el = (name: string, value: unknown) => (value === null || value === undefined ? '' : `<${name}>${xml(String(value))}</${name}>`);
  switch (operation) {
    case 's3:GetBucketLocation':
      return { xml: `<LocationConstraint ${ns}>${bucket.awsRegion === 'us-east-1' ? '' : bucket.awsRegion}</LocationConstraint>` };
    case 's3:GetBucketEncryption': {
      const rules = (sup.ServerSideEncryptionConfiguration?.rules ?? []) as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyID?: string | null }; bucketKeyEnabled?: boolean }[];
      if (!rules.length) return { absent: 'ServerSideEncryptionConfigurationNotFoundError' };
      const body = rules.map((r) => `<Rule><ApplyServerSideEncryptionByDefault>${el('SSEAlgorithm', r.applyServerSideEncryptionByDefault?.sseAlgorithm)}${el('KMSMasterKeyID', r.applyServerSideEncryptionByDefault?.kmsMasterKeyID)}</ApplyServerSideEncryptionByDefault>${el('BucketKeyEnabled', r.bucketKeyEnabled ?? false)}</Rule>`).join('');
      return { xml: `<ServerSideEncryptionConfiguration ${ns}>${body}</ServerSideEncryptionConfiguration>` };
    }
    case 's3:GetBucketPolicy': {
      const text = sup.BucketPolicy?.policyText;
      if (text === null || text === undefined) return { absent: 'NoSuchBucketPolicy' };
      return { json: typeof text === 'string' ? text : JSON.stringify(text) };
    }
    case 's3:GetBucketVersioning': {
      const v = sup.BucketVersioningConfiguration;
      return { xml: `<VersioningConfiguration ${ns}>${v?.status && v.status !== 'Off' ? el('Status', v.status) : ''}${v?.isMfaDeleteEnabled ? el('MfaDelete', 'Enabled') : ''}</VersioningConfiguration>` };
    }
    case 's3:GetPublicAccessBlock': {
      const p = sup.PublicAccessBlockConfiguration;
      if (!p) return { absent: 'NoSuchPublicAccessBlockConfiguration' };
      return { xml: `<PublicAccessBlockConfiguration ${ns}>${el('BlockPublicAcls', p.blockPublicAcls)}${el('IgnorePublicAcls', p.ignorePublicAcls)}${el('BlockPublicPolicy', p.blockPublicPolicy)}${el('RestrictPublicBuckets', p.restrictPublicBuckets)}</PublicAccessBlockConfiguration>` };
    }
    case 's3:GetBucketTagging': {
      const tags = Object.entries((bucket.tags as Record<string, string> | undefined) ?? {});
      if (!tags.length) return { absent: 'NoSuchTagSet' };
      return { xml: `<Tagging ${ns}><TagSet>${tags.map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('')}</TagSet></Tagging>` };
    }
    default: {
      const l = sup.BucketLoggingConfiguration;
      const enabled = l?.destinationBucketName ? `<LoggingEnabled>${el('TargetBucket', l.destinationBucketName)}${el('TargetPrefix', l.logFilePrefix ?? '')}</LoggingEnabled>` : '';
      return { xml: `<BucketLoggingStatus ${ns}>${enabled}</BucketLoggingStatus>` };
    }
  }
}

/** `SELECT a, b, c [WHERE …]` → the field names; undefined for anything else. */
function selectFields(expression: string): string[] | undefined {
  const m = /^\s*SELECT\s+(.+?)(\s+WHERE\s+.*|\s+ORDER\s+BY\s+.*|\s+GROUP\s+BY\s+.*)?$/is.exec(expression);
  if (!m) return undefined;
  return m[1]!.split(',').map((f) => f.trim()).filter(Boolean);
}

/** An advanced-query row: the selected properties, `configuration` as an object and `tags` as `[{key, value, tag}]`. */
function selectRow(item: Item, fields: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === '*') {
      for (const k of ['accountId', 'awsRegion', 'arn', 'availabilityZone', 'configurationItemCaptureTime', 'resourceCreationTime', 'resourceId', 'resourceName', 'resourceType', 'version']) if (k in item) row[k] = item[k];
      continue;
    }
    if (!(f in item)) continue;
    if (f === 'tags') row.tags = Object.entries((item.tags as Record<string, string>) ?? {}).map(([key, value]) => ({ key, tag: `${key}=${value}`, value }));
    else row[f] = item[f];
  }
  return row;
}

/** A BaseConfigurationItem as the API sends it: `configuration` and each supplementary value as JSON text, times as epoch seconds, no tags. */
function apiItem(item: Item): Record<string, unknown> {
  const { tags: _t, relationships: _r, relatedEvents: _e, configurationItemMD5Hash: _h, ...rest } = item;
  const out: Record<string, unknown> = { ...rest };
  for (const k of ['configurationItemCaptureTime', 'resourceCreationTime']) {
    if (typeof out[k] === 'string') out[k] = Date.parse(out[k] as string) / 1000;
  }
  out.configuration = JSON.stringify(item.configuration);
  out.supplementaryConfiguration = Object.fromEntries(Object.entries((item.supplementaryConfiguration as Record<string, unknown>) ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
  return out;
}

function paginate<T>(all: T[], token: unknown, limit: number): { page: T[]; next?: string } {
  const start = typeof token === 'string' && token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  const size = limit > 0 ? limit : 100;
  const page = all.slice(start, start + size);
  return start + size < all.length ? { page, next: Buffer.from(String(start + size)).toString('base64') } : { page };
}

/** AWS JSON 1.1 sends times as epoch seconds. */
function epochSeconds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(epochSeconds) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && /(Time|Date)$/.test(k) && !Number.isNaN(Date.parse(v)) ? Date.parse(v) / 1000 : epochSeconds(v)])) as T;
  }
  return value;
}

function upperFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(upperFirst);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), upperFirst(v)]));
  return value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

