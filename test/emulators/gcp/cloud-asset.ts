import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32, tripper } from '../knobs.js';

/**
 * A Cloud Asset Inventory emulator on http://127.0.0.1 speaking the REST API's JSON:
 *
 * - `GET /v1/{projects|folders|organizations}/{id}/assets?contentType=…&pageSize=…&pageToken=…`
 *   (ListAssets): the assets under the parent (by `ancestors`), one content type at a time, paged;
 * - `POST /v1/token`: Google's Security Token Service exchange, so an `external_account` ADC file
 *   (workload identity federation, as GitHub OIDC uses) whose `token_url` points here signs in.
 *
 * It serves an estate of assets in the API's camelCase form (by default the demo export,
 * fixtures/demo/gcp-*.ndjson, converted). Every call needs a token it issued. Knobs: latency,
 * 429 RESOURCE_EXHAUSTED, 500/503, 403 PERMISSION_DENIED per content type (named by the IAM
 * permission, `cloudasset.assets.listIamPolicy`), and a call log keyed by that permission.
 */
export type Json = Record<string, unknown>;

export const PERMISSION: Record<string, string> = {
  RESOURCE: 'cloudasset.assets.listResource',
  IAM_POLICY: 'cloudasset.assets.listIamPolicy',
  ORG_POLICY: 'cloudasset.assets.listOrgPolicy',
  CONTENT_TYPE_UNSPECIFIED: 'cloudasset.assets.listResource',
  RELATIONSHIP: 'cloudasset.assets.listResource',
  ACCESS_POLICY: 'cloudasset.assets.listAccessPolicy',
  OS_INVENTORY: 'cloudasset.assets.listOSInventories',
};

export interface GcpKnobs {
  latencyMs?: number;
  /** 429 RESOURCE_EXHAUSTED on the first N matching calls, or a fraction of them. */
  throttle?: { first?: number; fraction?: number; operations?: string[] };
  /** 500 INTERNAL or 503 UNAVAILABLE on the first N matching calls, or a fraction of them. */
  faults?: { status: 500 | 503; first?: number; fraction?: number; operations?: string[] };
  /** Permissions denied (403 PERMISSION_DENIED); `permission@parent` denies one parent only. */
  deny?: string[];
  seed?: number;
  /** One fault on one operation (or `*`), for the fault suite (test/faults/gcp-faults.test.ts). */
  inject?: GcpInjection;
}

/** What the fault suite injects; operations are the permissions above, plus the STS's `sts:POST /v1/token`. */
export type GcpFaultKind =
  | 'throttle-429' // 429 with a body that is not Google's JSON error (a front end's)
  | 'throttle' // Google's own: 429 RESOURCE_EXHAUSTED
  | 'status-500'
  | 'status-503'
  | 'reset' // the connection is destroyed before any answer
  | 'hang' // no answer at all: the client's timeout must end the call
  | 'denied' // 403 PERMISSION_DENIED (the STS: 403 unauthorized_client)
  | 'malformed' // 200 with truncated JSON
  | 'html' // 200 with an HTML page, not JSON
  | 'repeat-token' // every page answers with the nextPageToken it was asked for
  | 'expired'; // after `after` requests in all: 401 UNAUTHENTICATED, and the STS refuses the subject token

export interface GcpInjection {
  kind: GcpFaultKind;
  operation: string;
  /** Only the first N matching requests; default every one. */
  first?: number;
  /** `expired`: requests (token exchanges included) that still work. */
  after?: number;
}

export const STS_OPERATION = 'sts:POST /v1/token';

export interface GcpCall {
  operation: string;
  parent: string;
  status: number;
}

export interface CloudAssetEmulator {
  url: string;
  knobs: GcpKnobs;
  /** Every record served, camelCase; a record has `resource`, `iamPolicy` or `orgPolicy`. */
  records: Json[];
  calls: Record<string, number>;
  log: GcpCall[];
  /** Subject tokens presented to the STS endpoint. */
  exchanged: string[];
  /** Access tokens the STS issued (a test checks that none is ever printed or written). */
  issued: string[];
  /** Requests per operation, the STS's included, whatever the answer (or none); and how many got the injected fault. */
  requests: Record<string, number>;
  injected: number;
  /** An `external_account` ADC document that signs in here with the given subject token file. */
  externalAccount(subjectTokenFile: string): Json;
  resetLog(): void;
  close(): Promise<void>;
}

export const DEMO_PROJECT = 'lumen-analytics-prod';
export const DEMO_PROJECT_NUMBER = '418273645091';
/** The OIDC token the emulator's STS accepts (a GitHub Actions ID token would go here). */
export const SUBJECT_TOKEN = 'header.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIn0.signature';

const LOG_TYPES = ['LOG_TYPE_UNSPECIFIED', 'ADMIN_READ', 'DATA_WRITE', 'DATA_READ'];

/** The demo estate: the three `gcloud asset export` files, as ListAssets answers them (camelCase). */
export function demoGcpRecords(): Json[] {
  const lines = ['gcp-assets.ndjson', 'gcp-iam-policies.ndjson', 'gcp-org-policies.ndjson'].flatMap((f) =>
    readFileSync(new URL(`../../../fixtures/demo/${f}`, import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== ''),
  );
  return lines.map((l) => apiForm(JSON.parse(l) as Json));
}

/**
 * An export record (snake_case envelope, numeric enums in IAM policies) in the API's form: the
 * envelope, IAM and organization policies camelCase with string enums; `resource.data` untouched.
 */
export function apiForm(record: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(record)) {
    const key = camel(k);
    if (key === 'resource' && v && typeof v === 'object') {
      out.resource = Object.fromEntries(Object.entries(v as Json).map(([rk, rv]) => [rk === 'data' ? rk : camel(rk), rv]));
    } else if (key === 'iamPolicy' || key === 'orgPolicy') {
      out[key] = deepCamel(v, '');
    } else out[key] = v;
  }
  return out;
}

function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function deepCamel(v: unknown, key: string): unknown {
  if (Array.isArray(v)) return v.map((x) => deepCamel(x, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [camel(k), deepCamel(x, camel(k))]));
  if (key === 'logType' && typeof v === 'number') return LOG_TYPES[v] ?? String(v);
  return v;
}

/** `n` generated buckets in the demo project (half without versioning), for paging tests. */
export function generatedBuckets(n: number): Json[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `gen-bucket-${String(i).padStart(6, '0')}`;
    return {
      name: `//storage.googleapis.com/${name}`,
      assetType: 'storage.googleapis.com/Bucket',
      resource: {
        version: 'v1',
        discoveryDocumentUri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest',
        discoveryName: 'Bucket',
        parent: `//cloudresourcemanager.googleapis.com/projects/${DEMO_PROJECT_NUMBER}`,
        data: {
          id: name,
          name,
          kind: 'storage#bucket',
          location: 'US-CENTRAL1',
          storageClass: 'STANDARD',
          projectNumber: DEMO_PROJECT_NUMBER,
          iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
          ...(i % 2 === 0 ? { versioning: { enabled: true } } : {}),
          labels: i % 10 === 0 ? { phi: 'true' } : {},
        },
        location: 'us-central1',
      },
      ancestors: [`projects/${DEMO_PROJECT_NUMBER}`, 'folders/517364829105', 'organizations/730165284917'],
      updateTime: '2026-03-01T00:00:00Z',
    };
  });
}

export async function startCloudAssetEmulator(options: { records?: Json[]; knobs?: GcpKnobs } = {}): Promise<CloudAssetEmulator> {
  const records = options.records ?? demoGcpRecords();
  const tokens = new Set<string>();
  const state = { knobs: options.knobs ?? {}, calls: {} as Record<string, number>, log: [] as GcpCall[], counters: new Map<string, number>(), exchanged: [] as string[], requests: {} as Record<string, number>, injected: 0, hits: 0, total: 0, hanging: new Set<IncomingMessage>(), random: mulberry32(options.knobs?.seed ?? 11) };
  let url = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { error: { code: 500, message: String(err), status: 'INTERNAL' } }));
  });

  /** Project ids and numbers name the same project in parents and ancestors. */
  const aliases = (): Map<string, string> => {
    const m = new Map<string, string>();
    for (const r of records) {
      const data = (r.resource as Json | undefined)?.data as Json | undefined;
      if (r.assetType === 'cloudresourcemanager.googleapis.com/Project' && data) {
        m.set(`projects/${String(data.projectId)}`, `projects/${String(data.projectNumber)}`);
      }
    }
    return m;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const u = new URL(req.url ?? '/', url);
    const knobs = state.knobs;
    if (knobs.latencyMs) await new Promise((r) => setTimeout(r, knobs.latencyMs));

    const sts = req.method === 'POST' && u.pathname === '/v1/token';
    const op = sts ? STS_OPERATION : (PERMISSION[u.searchParams.get('contentType') ?? 'CONTENT_TYPE_UNSPECIFIED'] ?? `${req.method} ${u.pathname}`);
    state.requests[op] = (state.requests[op] ?? 0) + 1;
    state.total++;
    const fault = injection(op, u);
    if (fault && fault !== 'repeat-token') {
      state.injected++;
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'hang') {
        state.hanging.add(req);
        req.socket.on('close', () => state.hanging.delete(req));
        return;
      }
      return injectAnswer(res, fault, op, sts);
    }
    const repeat = fault === 'repeat-token';
    if (repeat) state.injected++;

    if (sts) {
      const form = new URLSearchParams(body);
      const subject = form.get('subject_token') ?? '';
      state.exchanged.push(subject);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || subject !== SUBJECT_TOKEN) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'The subject token could not be verified.' });
      }
      const token = `ya29.emulator-${randomBytes(12).toString('hex')}`;
      tokens.add(token);
      return send(res, 200, { access_token: token, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 });
    }

    const m = /^\/v1\/((?:projects|folders|organizations)\/[^/]+)\/assets$/.exec(u.pathname);
    if (!m || req.method !== 'GET') return send(res, 404, { error: { code: 404, message: `Method not found: ${req.method} ${u.pathname}`, status: 'NOT_FOUND' } });
    const parent = m[1]!;
    const contentType = u.searchParams.get('contentType') ?? 'CONTENT_TYPE_UNSPECIFIED';
    const operation = PERMISSION[contentType] ?? `cloudasset.assets.list(${contentType})`;
    const answer = (status: number, payload: unknown): void => {
      state.calls[operation] = (state.calls[operation] ?? 0) + 1;
      state.log.push({ operation, parent, status });
      send(res, status, payload);
    };
    const error = (code: number, status: string, message: string) => answer(code, { error: { code, message, status } });

    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
    if (knobs.deny?.some((d) => d === operation || d === `${operation}@${parent}`)) {
      return error(403, 'PERMISSION_DENIED', `The caller does not have permission: ${operation} denied on resource '${parent}' (or it may not exist).`);
    }
    if (knobs.throttle && trip(knobs.throttle, operation, 'throttle')) return error(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'List Assets requests' and limit 'List Assets requests per minute'.");
    if (knobs.faults && trip(knobs.faults, operation, 'fault')) return error(knobs.faults.status, knobs.faults.status === 503 ? 'UNAVAILABLE' : 'INTERNAL', 'The service is currently unavailable.');
    if (!PERMISSION[contentType]) return error(400, 'INVALID_ARGUMENT', `Invalid value for contentType: ${contentType}`);

    const pageSize = Number(u.searchParams.get('pageSize') ?? 100);
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > 1000) return error(400, 'INVALID_ARGUMENT', 'page_size must be between 0 and 1000.');
    const size = pageSize === 0 ? 100 : pageSize;
    const scope = new Set([parent, aliases().get(parent) ?? parent]);
    const matching = records.filter((r) => Array.isArray(r.ancestors) && (r.ancestors as string[]).some((a) => scope.has(a))).filter((r) => {
      switch (contentType) {
        case 'RESOURCE':
          return Boolean(r.resource);
        case 'IAM_POLICY':
          return Boolean(r.iamPolicy);
        case 'ORG_POLICY':
          return Boolean(r.orgPolicy);
        case 'CONTENT_TYPE_UNSPECIFIED':
          return Boolean(r.resource);
        default:
          return false;
      }
    });
    const served = contentType === 'CONTENT_TYPE_UNSPECIFIED' ? matching.map((r) => ({ name: r.name, assetType: r.assetType, ancestors: r.ancestors, updateTime: r.updateTime })) : matching;
    let offset = 0;
    const pageToken = u.searchParams.get('pageToken');
    if (pageToken) {
      const decoded = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as { o: number; p: string; c: string };
      if (decoded.p !== parent || decoded.c !== contentType) return error(400, 'INVALID_ARGUMENT', 'The page token does not match the request.');
      offset = decoded.o;
    }
    const page = served.slice(offset, offset + size);
    const next = repeat && pageToken ? pageToken : offset + size < served.length ? Buffer.from(JSON.stringify({ o: offset + size, p: parent, c: contentType })).toString('base64url') : undefined;
    return answer(200, { readTime: '2026-03-02T00:00:00.000000Z', ...(page.length ? { assets: page } : {}), ...(next ? { nextPageToken: next } : {}) });
  }

  /** The injected fault for this request, if any; a repeating token needs a token to repeat, so first pages pass. */
  function injection(op: string, u: URL): GcpFaultKind | undefined {
    const f = state.knobs.inject;
    if (!f || (f.operation !== '*' && f.operation !== op)) return undefined;
    if (f.kind === 'expired') return state.total > (f.after ?? 0) ? 'expired' : undefined;
    if (f.kind === 'repeat-token' && !u.searchParams.get('pageToken')) return undefined;
    state.hits++;
    return f.first === undefined || state.hits <= f.first ? f.kind : undefined;
  }

  function injectAnswer(res: ServerResponse, kind: GcpFaultKind, op: string, sts: boolean): void {
    const error = (code: number, status: string, message: string) =>
      send(res, code, sts ? { error: status === 'PERMISSION_DENIED' ? 'unauthorized_client' : status === 'UNAUTHENTICATED' ? 'invalid_grant' : status.toLowerCase(), error_description: message } : { error: { code, message, status } });
    switch (kind) {
      case 'throttle-429':
        res.writeHead(429, { 'content-type': 'text/html; charset=UTF-8' });
        return void res.end('<html><body><h1>429 Too Many Requests</h1></body></html>');
      case 'throttle':
        return error(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'List Assets requests' and limit 'List Assets requests per minute'.");
      case 'status-500':
        return error(500, 'INTERNAL', 'Internal error encountered.');
      case 'status-503':
        return error(503, 'UNAVAILABLE', 'The service is currently unavailable.');
      case 'denied':
        return error(403, 'PERMISSION_DENIED', sts ? 'The caller does not have permission to exchange this token.' : `The caller does not have permission: ${op} denied.`);
      case 'expired':
        return error(401, 'UNAUTHENTICATED', sts ? 'The subject token has expired.' : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        return void res.end(sts ? '{"access_token":"ya29.trunc' : '{"readTime":"2026-03-02T00:00:00Z","assets":[{"name":"//storage.googleapis.com/x","resource":');
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
        return void res.end('<!DOCTYPE html><html><head><title>Error</title></head><body>Sign in to the proxy</body></html>');
      default:
        return error(500, 'INTERNAL', `no answer for ${kind}`);
    }
  }

  const trip = tripper(state);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get knobs() {
      return state.knobs;
    },
    set knobs(k: GcpKnobs) {
      state.knobs = k;
      state.counters.clear();
      state.hits = 0;
    },
    records,
    get calls() {
      return state.calls;
    },
    get log() {
      return state.log;
    },
    get exchanged() {
      return state.exchanged;
    },
    get issued() {
      return [...tokens];
    },
    get requests() {
      return state.requests;
    },
    get injected() {
      return state.injected;
    },
    externalAccount: (subjectTokenFile: string) => ({
      type: 'external_account',
      audience: `//iam.googleapis.com/projects/${DEMO_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github/providers/github-actions`,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${url}/v1/token`,
      credential_source: { file: subjectTokenFile },
    }),
    resetLog() {
      state.calls = {};
      state.log = [];
      state.counters.clear();
      state.exchanged = [];
      state.requests = {};
      state.injected = 0;
      state.hits = 0;
      state.total = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const req of state.hanging) req.socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

