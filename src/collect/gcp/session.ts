import type { AuthClient, GoogleAuth } from 'google-auth-library';
import pLimit, { type LimitFunction } from 'p-limit';
import type { CoverageEntry, Progress } from '../index.js';
import type { GcpCollectOptions } from './index.js';

export const CLOUD_ASSET = 'https://cloudasset.googleapis.com';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** The ListAssets content types read, and the IAM permission each needs on the parent. */
export const CONTENT_TYPES = {
  RESOURCE: 'cloudasset.assets.listResource',
  IAM_POLICY: 'cloudasset.assets.listIamPolicy',
  ORG_POLICY: 'cloudasset.assets.listOrgPolicy',
} as const;
export type ContentType = keyof typeof CONTENT_TYPES;

export interface ListAssetsPage {
  assets?: Record<string, unknown>[];
  nextPageToken?: string;
  readTime?: string;
}

/**
 * An API error as one line: Google's status name (PERMISSION_DENIED, RESOURCE_EXHAUSTED), the
 * HTTP status and the message, which names the permission and resource, never a token.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 300);
  const e = err as Error & { status?: number; code?: string | number; response?: { status?: number; data?: unknown } };
  const status = e.status ?? e.response?.status;
  const data = e.response?.data;
  const body = typeof data === 'string' ? safeJson(data) : data;
  const inner = body && typeof body === 'object' ? ((body as { error?: unknown }).error as { status?: unknown; message?: unknown } | string | undefined) : undefined;
  let code = typeof e.code === 'string' && !/^\d+$/.test(e.code) ? e.code : e.name && e.name !== 'Error' && e.name !== 'GaxiosError' ? e.name : undefined;
  let message = e.message || '';
  if (inner && typeof inner === 'object') {
    if (typeof inner.status === 'string') code = inner.status;
    if (typeof inner.message === 'string') message = inner.message;
  } else if (typeof inner === 'string') {
    // OAuth token endpoints answer `{error: "invalid_grant", error_description}`.
    code = inner;
    const description = (body as { error_description?: unknown }).error_description;
    if (typeof description === 'string') message = description;
  }
  message = message.split('\n')[0]!.replace(/\s+/g, ' ').trim().slice(0, 240);
  const label = code ?? 'Error';
  return `${label}${status ? ` (HTTP ${status})` : ''}${message && message !== label ? `: ${message}` : ''}`;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** An attempt a timeout ended: gaxios's AbortSignal.timeout, or the deadline below. */
function isTimeout(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  return e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'TimeoutError' || e?.code === 'AbortError' || (typeof e?.message === 'string' && /operation was aborted/.test(e.message));
}

/** `p`, or a TimeoutError after `ms` milliseconds. */
function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
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
 * One scan's connection to Cloud Asset Inventory: Application Default Credentials through
 * google-auth-library, the REST/JSON API (the documents arrive exactly as the API writes them),
 * gaxios's exponential retry for 429 and 5xx, one concurrency limit, and a log of the calls made.
 * Calls are named by the IAM permission they need (`cloudasset.assets.listIamPolicy`).
 */
export class GcpSession {
  readonly record: CallRecord = { calls: {}, attempts: 0 };
  readonly coverage: CoverageEntry[] = [];
  readonly endpoint: string;
  private readonly limit: LimitFunction;
  private auth?: GoogleAuth;
  private client?: AuthClient;

  constructor(
    readonly options: GcpCollectOptions,
    readonly progress: Progress,
  ) {
    this.limit = pLimit(options.concurrency ?? 4);
    this.endpoint = (options.endpoint ?? process.env.SAFEGUARD_GCP_ASSET_ENDPOINT ?? CLOUD_ASSET).replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  /** Per-attempt timeout. */
  readonly timeoutMs: number;

  /**
   * Signs in (ADC, or the given credentials) and proves it with an access token. Building an ADC
   * client also resolves a project id, and for workload identity federation that asks Cloud
   * Resource Manager (a call, and a permission, the scan does not otherwise need): a project the
   * scan names is given instead.
   */
  async connect(projectId?: string): Promise<void> {
    const { GoogleAuth } = await import('google-auth-library');
    // With no credentials, ADC ends by asking the Compute Engine metadata server (169.254.169.254,
    // metadata.google.internal): a network probe the user did not ask for; only `--gcp-metadata`
    // allows it, as `--aws-imds` does for AWS.
    if (!this.options.metadata) process.env.METADATA_SERVER_DETECTION = 'none';
    // The token exchange has no timeout of its own: a token endpoint that never answers must not
    // hold the scan. A sign-in that times out is tried again with a fresh client (the old one would
    // only wait on its pending exchange).
    const retries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      this.auth = new GoogleAuth({ scopes: [SCOPE], ...(projectId ? { projectId } : {}), ...(this.options.credentials ? { credentials: this.options.credentials } : {}) });
      try {
        const client = await withDeadline(this.auth.getClient(), this.timeoutMs, 'the credential');
        const { token } = await withDeadline(client.getAccessToken(), this.timeoutMs, 'the token request');
        if (!token) throw new Error('the credential returned no access token');
        this.client = client;
        return;
      } catch (err) {
        if (!isTimeout(err) || attempt >= retries) throw err;
      }
    }
  }

  /** The ADC project (GOOGLE_CLOUD_PROJECT, the credential's project, gcloud's default). */
  async defaultProject(): Promise<string | undefined> {
    try {
      return (await this.auth?.getProjectId()) || undefined;
    } catch {
      return undefined;
    }
  }

  /** One ListAssets page: `GET /v1/{parent}/assets?contentType=…&pageSize=…&pageToken=…`. */
  async listAssets(parent: string, contentType: ContentType, pageToken: string | undefined): Promise<ListAssetsPage> {
    const client = this.client;
    if (!client) throw new Error('not connected');
    const operation = CONTENT_TYPES[contentType];
    const retries = this.options.maxRetries ?? 5;
    const maxDelay = this.options.maxRetryDelayMs ?? 32_000;
    // gaxios's backoff: retryDelay + (2^n - 1) / 2 seconds before retry n, at most maxRetryDelay.
    const backoff = Array.from({ length: retries }, (_, i) => Math.min(maxDelay, (this.options.retryDelayMs ?? 100) + ((2 ** i - 1) / 2) * 1000)).reduce((a, b) => a + b, 0);
    return this.limit(async () => {
      this.record.calls[operation] = (this.record.calls[operation] ?? 0) + 1;
      this.record.attempts++;
      this.progress.call('gcp', 'cloudasset', parent);
      const request = () => withDeadline(client.request<ListAssetsPage>({
        url: `${this.endpoint}/v1/${parent}/assets`,
        method: 'GET',
        params: { contentType, pageSize: Math.max(1, Math.min(this.options.pageSize ?? 1000, 1000)), ...(pageToken ? { pageToken } : {}) },
        timeout: this.timeoutMs,
        retry: true,
        retryConfig: {
          retry: this.options.maxRetries ?? 5,
          retryDelay: this.options.retryDelayMs ?? 100,
          httpMethodsToRetry: ['GET'],
          statusCodesToRetry: [[429, 429], [500, 599]],
          maxRetryDelay: maxDelay,
          onRetryAttempt: () => {
            this.record.attempts++;
          },
        },
        // A deadline over the attempts, their backoff and a token refresh (which has no timeout of its own).
      }), this.timeoutMs * (retries + 2) + backoff, `${operation} on ${parent}`);
      // gaxios retries 429, 5xx and resets, but not an attempt its own timeout ended: retry those here, within the same budget.
      let res: Awaited<ReturnType<typeof request>>;
      for (let attempt = 0; ; attempt++) {
        try {
          res = await request();
          break;
        } catch (err) {
          if (!isTimeout(err) || attempt >= retries) throw err;
          this.record.attempts++;
        }
      }
      // An answer that is not a JSON object (truncated JSON, a proxy's HTML page) comes back as text: not an empty page.
      const data: unknown = res.data;
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`the ListAssets response is not a JSON object (HTTP ${res.status}, ${res.headers?.get?.('content-type') ?? 'no content type'}): ${String(data).slice(0, 60)}`);
      const page = data as ListAssetsPage;
      if (page.assets !== undefined && !Array.isArray(page.assets)) throw new Error('the ListAssets response has an "assets" member that is not an array');
      return page;
    });
  }

  ok(operation: string, account: string, covers: string[], records: number): void {
    this.coverage.push({ provider: 'gcp', operation, region: 'global', account, status: 'ok', covers, records });
  }

  failed(operation: string, account: string, covers: string[], err: unknown, note?: string): string {
    const error = describeError(err);
    this.coverage.push({ provider: 'gcp', operation, region: 'global', account, status: 'failed', covers, error, ...(note ? { note } : {}) });
    this.progress.warn(`gcp ${account} ${operation} failed: ${error.length > 160 ? `${error.slice(0, 157)}...` : error}${note ? ` (${note})` : ''}`);
    return error;
  }
}
