import pLimit, { type LimitFunction } from 'p-limit';
import type { CoverageEntry, Progress } from '../index.js';
import type { AwsCollectOptions } from './index.js';

/** The SDK clients the collector uses, loaded on first use (the SDK is large; `--version` never loads it). */
const LOADERS = {
  config: () => import('@aws-sdk/client-config-service'),
  s3: () => import('@aws-sdk/client-s3'),
  iam: () => import('@aws-sdk/client-iam'),
  sts: () => import('@aws-sdk/client-sts'),
  cloudtrail: () => import('@aws-sdk/client-cloudtrail'),
  ec2: () => import('@aws-sdk/client-ec2'),
  rds: () => import('@aws-sdk/client-rds'),
  tag: () => import('@aws-sdk/client-resource-groups-tagging-api'),
};
export type Service = keyof typeof LOADERS;
type Modules = { [S in Service]: Awaited<ReturnType<(typeof LOADERS)[S]>> };

const CLIENT_CLASS = {
  config: 'ConfigServiceClient',
  s3: 'S3Client',
  iam: 'IAMClient',
  sts: 'STSClient',
  cloudtrail: 'CloudTrailClient',
  ec2: 'EC2Client',
  rds: 'RDSClient',
  tag: 'ResourceGroupsTaggingAPIClient',
} as const satisfies { [S in Service]: keyof Modules[S] };

/** What every client's `send` looks like from here; outputs are typed at each call site. */
interface AnyClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}

/**
 * IAM actions differ from API operation names for a few S3 calls; everything else is
 * `service:Operation`. The documented read-only policy lists these actions, and a test holds every
 * operation a scan makes to it.
 */
const IAM_ACTIONS: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'sts:GetCallerIdentity': '',
};

/** The IAM action that authorises an API operation (`''` for calls that need none). */
export function iamActionOf(operation: string): string {
  return IAM_ACTIONS[operation] ?? operation;
}

/** An SDK error as one line: the error code and message, which never carry a credential. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const e = err as Error & { $metadata?: { httpStatusCode?: number }; Code?: string };
  const code = e.name && e.name !== 'Error' ? e.name : e.Code ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  // Deserialisation failures carry the raw body; keep the first line only.
  const message = (e.message || '').split('\n')[0]!.replace(/\s+/g, ' ').trim().slice(0, 240);
  return `${code}${status ? ` (HTTP ${status})` : ''}${message && message !== code ? `: ${message}` : ''}`;
}

export function errorCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  return (err as Error & { Code?: string }).Code ?? err.name;
}

/** Full jitter: a random wait up to 100 ms × 2^retries, at most 20 s, whatever the error. */
const JITTER_BACKOFF = {
  setDelayBase(): void {},
  computeNextBackoffDelay: (retries: number): number => Math.floor(Math.random() * Math.min(20_000, 100 * 2 ** retries)),
};

export interface CallRecord {
  calls: Record<string, number>;
  attempts: number;
}

/**
 * One scan's connection to AWS: a client per service and region, every call through one
 * concurrency limit, the SDK's standard retry (jittered backoff) for throttling and 5xx, and a log of the calls made.
 */
export class AwsSession {
  private readonly modules = new Map<Service, Promise<unknown>>();
  private readonly clients = new Map<string, Promise<AnyClient>>();
  private readonly limit: LimitFunction;
  readonly record: CallRecord = { calls: {}, attempts: 0 };
  readonly coverage: CoverageEntry[] = [];
  account = '';
  partition = 'aws';

  constructor(
    public options: AwsCollectOptions,
    readonly progress: Progress,
  ) {
    this.limit = pLimit(options.concurrency ?? 8);
  }

  async module<S extends Service>(service: S): Promise<Modules[S]> {
    let m = this.modules.get(service);
    if (!m) this.modules.set(service, (m = LOADERS[service]()));
    return (await m) as Modules[S];
  }

  private client(service: Service, region: string): Promise<AnyClient> {
    const key = `${service}\u0000${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = Promise.all([this.module(service), import('@smithy/core/retry')]).then(([m, { StandardRetryStrategy }]) => {
        const Client = (m as unknown as Record<string, new (config: object) => AnyClient>)[CLIENT_CLASS[service]]!;
        const o = this.options;
        const maxAttempts = o.maxAttempts ?? 8;
        const endpoint = o.endpoint;
        const viaCustomEndpoint = endpoint !== undefined || Boolean(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
        return new Client({
          region,
          ...(o.profile ? { profile: o.profile } : {}),
          ...(o.credentials ? { credentials: o.credentials } : {}),
          ...(endpoint ? { endpoint } : {}),
          // An emulator on 127.0.0.1 has no per-bucket host names.
          ...(service === 's3' && viaCustomEndpoint ? { forcePathStyle: true } : {}),
          ...(service === 's3' ? { followRegionRedirects: true } : {}),
          // Standard retry with full-jitter backoff from 100 ms for throttling too (the SDK's own base
          // for throttling is 1 s). Adaptive mode's client-side rate limiter falls to 0.5 calls a second
          // after one throttle and recovers slowly: with 10% of calls throttled it made a scan 4.5 times
          // slower, the SDK's standard backoff about 2 times, this one less (npm run bench).
          ...(o.retryMode === 'adaptive' ? { retryMode: 'adaptive', maxAttempts } : { retryStrategy: new StandardRetryStrategy({ maxAttempts, backoff: JITTER_BACKOFF }) }),
          // Without throwOnRequestTimeout the SDK only logs a warning and waits on a hung endpoint for ever.
          requestHandler: { connectionTimeout: 5_000, requestTimeout: o.requestTimeoutMs ?? 60_000, throwOnRequestTimeout: true },
        });
      });
      this.clients.set(key, c);
    }
    return c;
  }

  /**
   * Send one command. Only the send itself holds a concurrency slot, so callers may nest and fan
   * out freely without deadlock.
   */
  async send<O>(service: Service, region: string, make: (m: Modules[Service]) => object): Promise<O> {
    const client = await this.client(service, region);
    const command = make((await this.module(service)) as Modules[Service]);
    const operation = `${service}:${command.constructor.name.replace(/Command$/, '')}`;
    return this.limit(async () => {
      this.record.calls[operation] = (this.record.calls[operation] ?? 0) + 1;
      this.progress.call('aws', service, region);
      try {
        const out = (await client.send(command)) as O & { $metadata?: { attempts?: number } };
        this.record.attempts += out?.$metadata?.attempts ?? 1;
        return out;
      } catch (err) {
        this.record.attempts += (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        throw err;
      }
    });
  }

  /** One sender per service, typed by its SDK module: `session.config<Out>(region, (m) => new m.XCommand(…))`. */
  readonly config = this.sender('config');
  readonly s3 = this.sender('s3');
  readonly iam = this.sender('iam');
  readonly sts = this.sender('sts');
  readonly cloudtrail = this.sender('cloudtrail');
  readonly ec2 = this.sender('ec2');
  readonly rds = this.sender('rds');
  readonly tag = this.sender('tag');

  private sender<S extends Service>(service: S): <O>(region: string, make: (m: Modules[S]) => object) => Promise<O> {
    return <O>(region: string, make: (m: Modules[S]) => object) => this.send<O>(service, region, make as (m: Modules[Service]) => object);
  }

  ok(operation: string, region: string, covers: string[], records?: number, note?: string): void {
    this.coverage.push({ provider: 'aws', operation, region, account: this.account, status: 'ok', covers, ...(records !== undefined ? { records } : {}), ...(note ? { note } : {}) });
  }

  failed(operation: string, region: string, covers: string[], err: unknown, note?: string): string {
    const error = describeError(err);
    this.coverage.push({ provider: 'aws', operation, region, account: this.account, status: 'failed', covers, error, ...(note ? { note } : {}) });
    this.progress.warn(`aws ${region} ${operation} failed: ${error.length > 160 ? `${error.slice(0, 157)}...` : error}${note ? ` (${note})` : ''}`);
    return error;
  }

  notRecorded(operation: string, region: string, covers: string[], note: string): void {
    this.coverage.push({ provider: 'aws', operation, region, account: this.account, status: 'not-recorded', covers, note });
  }

  close(): void {
    for (const c of this.clients.values()) void c.then((client) => client.destroy(), () => undefined);
  }
}
