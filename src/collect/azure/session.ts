import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { ResourceGraphClient, ResourceGraphModels } from '@azure/arm-resourcegraph';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ServiceClient } from '@azure/core-client';
import pLimit, { type LimitFunction } from 'p-limit';
import type { CoverageEntry, Progress } from '../index.js';
import type { AzureCollectOptions } from './index.js';

export const ARM = 'https://management.azure.com';
export const GRAPH = 'https://graph.microsoft.com';

/** A document as ARM or Microsoft Graph returns it. */
export type Json = Record<string, unknown>;

/**
 * An error from ARM, Resource Graph or Microsoft Graph as one line: the error code, the HTTP
 * status and the service's message. The services' messages name the principal and the action
 * denied, never a token or secret.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  // DefaultAzureCredential's chain failed: each credential's own reason is the useful part.
  const chain = (err as Error & { errors?: unknown }).errors;
  if (Array.isArray(chain) && chain.length > 0) {
    const reasons = chain.map((e) => (e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]!.trim()}` : String(e)));
    return `${err.name}: ${reasons.join('; ').replace(/\s+/g, ' ').slice(0, 400)}`;
  }
  const e = err as Error & { statusCode?: number; code?: string; body?: unknown };
  const status = e.statusCode;
  let code = e.code && e.code !== 'Error' ? e.code : e.name && e.name !== 'Error' && e.name !== 'RestError' ? e.name : undefined;
  let message = e.message || '';
  // ms-rest-js puts the service's JSON in the message; ARM's `{error: {code, message}}` is the useful part.
  const body = parseBody(e.body) ?? parseBody(message);
  const inner = body && typeof body.error === 'object' && body.error ? (body.error as { code?: unknown; message?: unknown }) : undefined;
  if (inner && typeof inner.code === 'string') code = inner.code;
  if (inner && typeof inner.message === 'string') message = inner.message;
  message = message.split('\n')[0]!.replace(/\s+/g, ' ').trim().slice(0, 240);
  const label = code ?? 'Error';
  return `${label}${status ? ` (HTTP ${status})` : ''}${message && message !== label ? `: ${message}` : ''}`;
}

function parseBody(v: unknown): Json | undefined {
  if (v && typeof v === 'object') return v as Json;
  if (typeof v !== 'string' || !v.trimStart().startsWith('{')) return undefined;
  try {
    return JSON.parse(v) as Json;
  } catch {
    return undefined;
  }
}

/** The HTTP status an SDK error carries, if any. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    message: string,
    /** The answer's headers (Retry-After and the throttling quota headers). */
    readonly headers?: { get(name: string): string | undefined },
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Tokens are reused until five minutes before they expire: the Azure CLI credential starts a
 * process per request, and the legacy Resource Graph client asks for a token on every call.
 */
class CachedCredential implements TokenCredential {
  private readonly tokens = new Map<string, Promise<AccessToken | null>>();
  constructor(
    private readonly inner: TokenCredential,
    private readonly timeoutMs: number,
    /** How long one getToken may take, the credential's own retries and their waits included. */
    private readonly deadlineMs: number,
    private readonly retries: number,
  ) {}
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = [scopes].flat().join(' ');
    // A claims challenge (continuous access evaluation) asks for a new token, not the cached one.
    if (options?.claims) return this.fetch(key, scopes, options);
    const cached = this.tokens.get(key);
    if (cached) {
      return cached.then((t) => (t && t.expiresOnTimestamp - Date.now() > 300_000 ? t : this.fetch(key, scopes, options)));
    }
    return this.fetch(key, scopes, options);
  }
  private fetch(key: string, scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    // A token endpoint that never answers must not hold the scan: @azure/identity sets no timeout on
    // its token request, so a deadline over the credential's own retries ends it, and it is tried again.
    const p = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await withDeadline(this.inner.getToken(scopes, { ...options, requestOptions: { ...options?.requestOptions, timeout: this.timeoutMs } }), this.deadlineMs, 'the token request');
        } catch (err) {
          if (!isTimeout(err) || attempt >= this.retries) throw err;
        }
      }
    })();
    this.tokens.set(key, p);
    p.catch(() => this.tokens.delete(key));
    return p;
  }
}

/** An attempt ended by the per-attempt timeout (core-rest-pipeline: AbortError; ms-rest-js: REQUEST_ABORTED_ERROR). */
export function isTimeout(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.code === 'REQUEST_ABORTED_ERROR';
}

/** A header of the answer an SDK error carries (core-rest-pipeline and ms-rest-js both keep `response.headers.get`). */
function headerOf(err: unknown, name: string): string | undefined {
  const e = err as { headers?: { get?(n: string): string | undefined }; response?: { headers?: { get?(n: string): string | undefined } } } | undefined;
  const headers = e?.headers ?? e?.response?.headers;
  const v = typeof headers?.get === 'function' ? headers.get(name) : undefined;
  return v === null ? undefined : v;
}

/** A 429 the SDK did not retry because it carried no Retry-After. */
function unannouncedThrottle(err: unknown): boolean {
  return statusOf(err) === 429 && !headerOf(err, 'retry-after') && !headerOf(err, 'retry-after-ms') && !headerOf(err, 'x-ms-retry-after-ms');
}

/** A next link already followed would page for ever: stop with an error that says so. */
function repeatedLink(followed: Set<string>, link: string, operation: string): void {
  if (followed.has(link)) throw new Error(`${operation} returned a next link it had already returned after ${followed.size} pages: paging stopped`);
  followed.add(link);
}

/** `p`, or a rejection after `ms` milliseconds. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} got no answer within ${ms} ms`), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export interface CallRecord {
  calls: Record<string, number>;
  attempts: number;
}

/**
 * One scan's connection to Azure: one credential, an ARM client (arm-resources), a Resource Graph
 * client (arm-resourcegraph) and a Microsoft Graph client, every call through one concurrency limit,
 * the SDK pipelines' own retry for 429 (after Retry-After) and 5xx, and a log of the calls made.
 * Operations are named by the permission that authorises them: the RBAC action
 * (`Microsoft.Sql/servers/auditingSettings/read`) or, for Microsoft Graph, `graph:` and the path.
 */
export class AzureSession {
  readonly record: CallRecord = { calls: {}, attempts: 0 };
  readonly coverage: CoverageEntry[] = [];
  readonly arm: string;
  readonly graph: string;
  readonly credential: TokenCredential;
  private readonly limit: LimitFunction;
  private armClient?: Promise<ResourceManagementClient>;
  private graphClient?: Promise<ServiceClient>;
  private rgClient?: Promise<ResourceGraphClient>;
  /** Successful calls per (operation, account), folded into one coverage entry each at the end. */
  private readonly oks = new Map<string, CoverageEntry>();

  constructor(
    readonly options: AzureCollectOptions,
    readonly progress: Progress,
    credential: TokenCredential,
  ) {
    this.limit = pLimit(options.concurrency ?? 8);
    this.arm = (options.armEndpoint ?? process.env.SAFEGUARD_AZURE_ARM_ENDPOINT ?? ARM).replace(/\/+$/, '');
    this.graph = (options.graphEndpoint ?? process.env.SAFEGUARD_AZURE_GRAPH_ENDPOINT ?? GRAPH).replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
    const retries = options.maxRetries ?? 4;
    this.credential = new CachedCredential(credential, this.timeoutMs, this.timeoutMs * (retries + 1) + (options.maxRetryDelayMs ?? 60_000) * retries, retries);
  }

  /** Per-attempt timeout. */
  readonly timeoutMs: number;

  get armScope(): string {
    return `${this.arm}/.default`;
  }

  private get retry() {
    return { maxRetries: this.options.maxRetries ?? 4, retryDelayInMs: this.options.retryDelayMs ?? 2_000, maxRetryDelayInMs: this.options.maxRetryDelayMs ?? 60_000 };
  }

  /** Counts every HTTP attempt, retries included (a per-retry pipeline policy). */
  private readonly attemptCounter = {
    name: 'safeguardAttemptCounter',
    sendRequest: (request: unknown, next: (r: unknown) => Promise<unknown>) => {
      this.record.attempts++;
      return next(request);
    },
  };

  private coreOptions(scope: string) {
    return {
      credentialScopes: [scope],
      retryOptions: this.retry,
      ...(this.options.tls ? { tlsOptions: { ca: this.options.tls.ca } } : {}),
      additionalPolicies: [{ policy: this.attemptCounter as never, position: 'perRetry' as const }],
      userAgentOptions: { userAgentPrefix: 'safeguard' },
    };
  }

  private arms(): Promise<ResourceManagementClient> {
    this.armClient ??= import('@azure/arm-resources').then(
      ({ ResourceManagementClient }) => new ResourceManagementClient(this.credential, { endpoint: this.arm, ...this.coreOptions(this.armScope) }),
    );
    return this.armClient;
  }

  private graphs(): Promise<ServiceClient> {
    this.graphClient ??= import('@azure/core-client').then(
      ({ ServiceClient }) => new ServiceClient({ endpoint: this.graph, credential: this.credential, ...this.coreOptions(`${this.graph}/.default`) }),
    );
    return this.graphClient;
  }

  /**
   * arm-resourcegraph 4.x is built on the legacy ms-rest-js pipeline. Its policies are listed here
   * as the SDK lists them, with three changes: the SDK's retry policies get our retry budget (its
   * default waits 30 s before the first 5xx retry); the throttling policy sits where it can see a
   * 429; and `rpRegistrationPolicy` is left out, since it would try to register resource
   * providers: a write a read-only scanner must never attempt.
   */
  private resourceGraphs(): Promise<ResourceGraphClient> {
    this.rgClient ??= Promise.all([import('@azure/arm-resourcegraph'), import('@azure/ms-rest-js'), import('node:https'), import('node:http')]).then(([rg, ms, https, http]) => {
      const retry = this.retry;
      const counter = {
        create: (next: { sendRequest(r: unknown): Promise<unknown> }) => ({
          sendRequest: (request: unknown) => {
            this.record.attempts++;
            return next.sendRequest(request);
          },
        }),
      };
      const proxy = ms.getDefaultProxySettings();
      const factories = [
        ms.signingPolicy(new ms.AzureIdentityCredentialAdapter(this.credential, this.armScope)),
        ms.userAgentPolicy(),
        ms.redirectPolicy(),
        ms.exponentialRetryPolicy(retry.maxRetries, retry.retryDelayInMs, retry.retryDelayInMs, retry.maxRetryDelayInMs),
        ms.systemErrorRetryPolicy(retry.maxRetries, retry.retryDelayInMs, retry.retryDelayInMs, retry.maxRetryDelayInMs),
        ms.deserializationPolicy(),
        // Inside deserialization, not outside as in the SDK's default list: there, deserialization
        // turns a 429 into a thrown RestError that the throttling policy (which reads responses)
        // never sees, so ms-rest-js retried no 429 at all.
        ms.throttlingRetryPolicy(retry.maxRetries),
        ...(proxy ? [ms.proxyPolicy(proxy)] : []),
        ...(this.options.tls ? [ms.agentPolicy({ http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ca: this.options.tls.ca }) })] : []),
        counter as never,
      ];
      return new rg.ResourceGraphClient(this.credential, { baseUri: this.arm, requestPolicyFactories: factories });
    });
    return this.rgClient;
  }

  private async call<T>(operation: string, region: string, service: string, send: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      this.record.calls[operation] = (this.record.calls[operation] ?? 0) + 1;
      this.progress.call('azure', service, region);
      // The SDKs retry 5xx, resets and a 429 that says when (Retry-After), but not an attempt their
      // own timeout ended, nor a 429 without Retry-After (Resource Graph's quota headers only):
      // retry those here, within the same budget.
      for (let attempt = 0; ; attempt++) {
        try {
          return await send();
        } catch (err) {
          const wait = isTimeout(err) ? 0 : unannouncedThrottle(err) ? this.throttleDelay(err, attempt) : undefined;
          if (wait === undefined || attempt >= this.retry.maxRetries) throw err;
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
      }
    });
  }

  /** Resource Graph's `x-ms-user-quota-resets-after` (hh:mm:ss) when it says, else exponential backoff; at most maxRetryDelayMs. */
  private throttleDelay(err: unknown, attempt: number): number {
    const resets = headerOf(err, 'x-ms-user-quota-resets-after');
    const m = resets ? /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(resets) : null;
    const ms = m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : this.retry.retryDelayInMs * 2 ** attempt;
    return Math.min(ms, this.retry.maxRetryDelayInMs);
  }

  /** One page of a Resource Graph query (`POST /providers/Microsoft.ResourceGraph/resources`); `scope` labels the progress line. */
  async resourceGraphPage(request: ResourceGraphModels.QueryRequest, scope: string): Promise<ResourceGraphModels.QueryResponse> {
    const client = await this.resourceGraphs();
    // ms-rest-js's own `timeout` leaves its timer running after the answer (the process then waits
    // it out before exiting): an abort signal on a timer cleared with the answer does the same job.
    return this.call('Microsoft.ResourceGraph/resources/read', scope, 'resourcegraph', async () => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), this.timeoutMs);
      try {
        return await client.resources(request, { abortSignal: abort.signal as never });
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /**
   * One ARM resource by id (`Resources_GetById`); `undefined` when ARM answers 404. The operation's
   * URL template is `{$host}/{resourceId}`, so the id goes without its leading slash.
   */
  async getById(operation: string, id: string, apiVersion: string, region: string): Promise<Json | undefined> {
    const client = await this.arms();
    try {
      const res = await this.call(operation, region, 'arm', () => client.resources.getById(id.replace(/^\/+/, ''), apiVersion, { requestOptions: { timeout: this.timeoutMs } }));
      return res as unknown as Json;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** Every item of an ARM list (`{value, nextLink}`), following nextLink. */
  async armList(operation: string, path: string, apiVersion: string, region: string): Promise<Json[]> {
    const client = await this.arms();
    return this.list(client, operation, `${this.arm}${path}?api-version=${apiVersion}`, region, 'arm', 'nextLink');
  }

  /** A Microsoft Graph v1.0 document; collections are read to the end (`@odata.nextLink`). */
  async graphGet(operation: string, path: string, collection: boolean): Promise<Json> {
    const client = await this.graphs();
    const url = `${this.graph}/v1.0${path}`;
    if (!collection) return this.call(operation, 'global', 'graph', () => this.getJson(client, url));
    const first = await this.call(operation, 'global', 'graph', () => this.getJson(client, url));
    const value = Array.isArray(first.value) ? [...(first.value as Json[])] : [];
    let next = first['@odata.nextLink'];
    const followed = new Set<string>([url]);
    while (typeof next === 'string' && next) {
      const link = next;
      repeatedLink(followed, link, operation);
      const page = await this.call(operation, 'global', 'graph', () => this.getJson(client, link));
      if (Array.isArray(page.value)) value.push(...(page.value as Json[]));
      next = page['@odata.nextLink'];
    }
    const doc: Json = { ...first, value };
    delete doc['@odata.nextLink'];
    return doc;
  }

  private async list(client: ServiceClient, operation: string, url: string, region: string, service: string, nextKey: string): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | undefined = url;
    const followed = new Set<string>();
    while (next) {
      const link: string = next;
      repeatedLink(followed, link, operation);
      const page = await this.call(operation, region, service, () => this.getJson(client, link));
      if (Array.isArray(page.value)) items.push(...(page.value as Json[]));
      next = typeof page[nextKey] === 'string' && page[nextKey] ? (page[nextKey] as string) : undefined;
    }
    return items;
  }

  private async getJson(client: ServiceClient, url: string): Promise<Json> {
    const { createPipelineRequest } = await import('@azure/core-rest-pipeline');
    const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET', timeout: this.timeoutMs }));
    const text = response.bodyAsText ?? '';
    const body = parseBody(text);
    if (response.status < 200 || response.status >= 300) {
      const inner = body?.error as { code?: string; message?: string } | undefined;
      throw new HttpError(response.status, body ?? text, `${inner?.code ?? `HTTP ${response.status}`}: ${inner?.message ?? text.slice(0, 200)}`, response.headers);
    }
    if (!body) throw new HttpError(response.status, text, `the response to ${new URL(url).pathname} is not a JSON object`);
    return body;
  }

  ok(operation: string, account: string | undefined, region: string, covers: string[], records: number): void {
    const key = [operation, account ?? '', region].join('\u0000');
    const entry = this.oks.get(key);
    if (entry) {
      entry.records = (entry.records ?? 0) + records;
      for (const c of covers) if (!entry.covers.includes(c)) entry.covers.push(c);
      return;
    }
    const fresh: CoverageEntry = { provider: 'azure', operation, region, ...(account ? { account } : {}), status: 'ok', covers: [...covers], records };
    this.oks.set(key, fresh);
    this.coverage.push(fresh);
  }

  failed(operation: string, account: string | undefined, region: string, covers: string[], err: unknown, note?: string): string {
    const error = describeError(err);
    this.coverage.push({ provider: 'azure', operation, region, ...(account ? { account } : {}), status: 'failed', covers, error, ...(note ? { note } : {}) });
    this.progress.warn(`azure ${account ?? region} ${operation} failed: ${error.length > 160 ? `${error.slice(0, 157)}...` : error}${note ? ` (${note})` : ''}`);
    return error;
  }

  notRecorded(operation: string, account: string | undefined, region: string, covers: string[], note: string): void {
    this.coverage.push({ provider: 'azure', operation, region, ...(account ? { account } : {}), status: 'not-recorded', covers, note });
  }
}
