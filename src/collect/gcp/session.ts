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
  }

  /**
   * Signs in (ADC, or the given credentials) and proves it with an access token. Building an ADC
   * client also resolves a project id, and for workload identity federation that asks Cloud
   * Resource Manager (a call, and a permission, the scan does not otherwise need): a project the
   * scan names is given instead.
   */
  async connect(projectId?: string): Promise<void> {
    const { GoogleAuth } = await import('google-auth-library');
    this.auth = new GoogleAuth({ scopes: [SCOPE], ...(projectId ? { projectId } : {}), ...(this.options.credentials ? { credentials: this.options.credentials } : {}) });
    this.client = await this.auth.getClient();
    const { token } = await this.client.getAccessToken();
    if (!token) throw new Error('the credential returned no access token');
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
    return this.limit(async () => {
      this.record.calls[operation] = (this.record.calls[operation] ?? 0) + 1;
      this.record.attempts++;
      this.progress.call('gcp', 'cloudasset', parent);
      const res = await client.request<ListAssetsPage>({
        url: `${this.endpoint}/v1/${parent}/assets`,
        method: 'GET',
        params: { contentType, pageSize: Math.max(1, Math.min(this.options.pageSize ?? 1000, 1000)), ...(pageToken ? { pageToken } : {}) },
        retry: true,
        retryConfig: {
          retry: this.options.maxRetries ?? 5,
          httpMethodsToRetry: ['GET'],
          statusCodesToRetry: [[429, 429], [500, 599]],
          maxRetryDelay: 32_000,
          onRetryAttempt: () => {
            this.record.attempts++;
          },
        },
      });
      return res.data ?? {};
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
