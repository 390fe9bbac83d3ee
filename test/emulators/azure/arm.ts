import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './certificate.js';
import { mulberry32, tripper } from '../knobs.js';

/**
 * An Azure emulator on https://127.0.0.1 speaking what the collector's SDK clients send:
 *
 * - Entra ID's token endpoint for a client-credentials sign-in (OpenID configuration + token), so
 *   `ClientSecretCredential` with `authorityHost` pointed here runs the real MSAL flow;
 * - ARM: `GET /subscriptions` (paged by nextLink), any resource by id (`Resources_GetById`), and
 *   diagnostic-settings lists;
 * - Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` for `Resources` and
 *   `ResourceContainers`, paged by `$skipToken`, `$top` at most 1000;
 * - Microsoft Graph v1.0: security defaults, conditional access policies, user registration
 *   details, paged by `@odata.nextLink`.
 *
 * It is HTTPS because Azure's pipeline sends bearer tokens only over TLS and MSAL accepts only
 * https authorities; `ca` is the self-signed certificate to trust. Every call needs a token it
 * issued. Knobs: latency, 429 with Retry-After, 500/503, 403 per operation, and a call log keyed by
 * the operation's RBAC action (`Microsoft.Sql/servers/auditingSettings/read`) or `graph:GET /path`.
 */
export type Json = Record<string, unknown>;

export interface AzureEstate {
  tenantId: string;
  subscriptions: { subscriptionId: string; tenantId: string; displayName: string; state: string }[];
  /** `Resources` table rows. */
  rows: Json[];
  /** `ResourceContainers` table rows (subscriptions, resource groups). */
  containers: Json[];
  /** ARM documents by lower-case id (TDE, auditing settings, web config, server parameters, ...). */
  documents: Map<string, Json>;
  /** Diagnostic settings by lower-case scope id. */
  diagnosticSettings: Map<string, Json[]>;
  /** Management group → subscription ids. */
  managementGroups: Map<string, string[]>;
  graph: { securityDefaults?: Json; conditionalAccess: Json[]; registrations: Json[] };
}

export interface AzureKnobs {
  latencyMs?: number;
  /** 429 with Retry-After on the first N matching calls, or a fraction of them. */
  throttle?: { first?: number; fraction?: number; operations?: string[]; retryAfterSeconds?: number };
  /** 500 or 503 on the first N matching calls, or a fraction of them. */
  faults?: { status: 500 | 503; first?: number; fraction?: number; operations?: string[] };
  /** Operations answered 403; `operation@text` denies only requests whose path contains `text`. */
  deny?: string[];
  /** Items per page of ARM lists and Microsoft Graph collections (default 100). */
  pageSize?: number;
  seed?: number;
  /** One fault on one operation (or `*`), for the fault suite (test/faults/azure-faults.test.ts). */
  inject?: AzureInjection;
}

/**
 * What the fault suite injects. Operations are the emulator's own names, plus the sign-in's
 * `entra:GET openid-configuration` and `entra:POST oauth2/v2.0/token`.
 */
export type AzureFaultKind =
  | 'throttle-429' // 429 TooManyRequests with no Retry-After
  | 'throttle' // Azure's own throttle: 429 with Retry-After (Resource Graph: RateLimiting and its quota headers)
  | 'status-500'
  | 'status-503'
  | 'reset' // the connection is destroyed before any answer
  | 'hang' // no answer at all: the client's timeout must end the call
  | 'denied' // 403 AuthorizationFailed (Microsoft Graph: Authorization_RequestDenied; token: AADSTS7000215)
  | 'malformed' // 200 with truncated JSON
  | 'html' // 200 with an HTML page (a proxy's or gateway's), not JSON
  | 'repeat-token' // Resource Graph answers the $skipToken it was asked for; ARM and Graph lists link to themselves
  | 'expired'; // after `after` requests in all: 401 InvalidAuthenticationToken, and the token endpoint refuses the secret

export interface AzureInjection {
  kind: AzureFaultKind;
  /** The operation it hits, or `*` (with `expired`). */
  operation: string;
  /** Only the first N matching requests (a transient fault); default every one. */
  first?: number;
  /** `expired`: requests (token requests included) that still work. */
  after?: number;
}

export const OPENID_OPERATION = 'entra:GET openid-configuration';
export const TOKEN_OPERATION = 'entra:POST oauth2/v2.0/token';

export interface AzureCall {
  operation: string;
  path: string;
  status: number;
}

export interface AzureEmulator {
  url: string;
  /** The emulator's certificate (PEM): trust it with `tlsOptions.ca` or NODE_EXTRA_CA_CERTS. */
  ca: string;
  knobs: AzureKnobs;
  estate: AzureEstate;
  /** Operation → calls answered (any status); token requests are not calls. */
  calls: Record<string, number>;
  log: AzureCall[];
  /** Scopes the token endpoint was asked for. */
  tokenScopes: string[];
  /** Requests per operation, the sign-in's included, whatever the answer (or none); and how many got the injected fault. */
  requests: Record<string, number>;
  injected: number;
  /** A token the emulator accepts (what a fake `az account get-access-token` prints). */
  mint(): string;
  resetLog(): void;
  close(): Promise<void>;
}

export const DEMO_TENANT = 'b2c4e6f8-1a3c-4e5d-8f7a-9b0c1d2e3f40';
export const DEMO_SUBSCRIPTION = '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73';

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/demo/${name}`, import.meta.url), 'utf8')) as Json;
}

/** The demo estate (fixtures/demo/azure-*.json and entra-*.json), as the live services would serve it. */
export function demoAzureEstate(): AzureEstate {
  const rows = fixture('azure-resource-graph.json').data as Json[];
  const estate = emptyAzureEstate(DEMO_TENANT, [{ subscriptionId: DEMO_SUBSCRIPTION, displayName: 'Lumen Health Production' }]);
  estate.rows.push(...rows);
  estate.containers.push(...resourceGroupRows(rows));
  for (const file of ['azure-sql-tde.json', 'azure-sql-auditing.json', 'azure-web-config.json']) {
    for (const doc of fixture(file).value as Json[]) estate.documents.set(String(doc.id).toLowerCase(), doc);
  }
  for (const setting of fixture('azure-diagnostic-settings.json').value as Json[]) addDiagnosticSetting(estate, setting);
  estate.graph.securityDefaults = fixture('entra-security-defaults.json');
  estate.graph.conditionalAccess = fixture('entra-conditional-access.json').value as Json[];
  estate.graph.registrations = fixture('entra-user-registration.json').value as Json[];
  return estate;
}

export function emptyAzureEstate(tenantId: string, subscriptions: { subscriptionId: string; displayName: string }[]): AzureEstate {
  const subs = subscriptions.map((s) => ({ ...s, tenantId, state: 'Enabled' }));
  return {
    tenantId,
    subscriptions: subs,
    rows: [],
    containers: subs.map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      name: s.displayName,
      type: 'microsoft.resources/subscriptions',
      tenantId,
      kind: '',
      location: '',
      resourceGroup: '',
      subscriptionId: s.subscriptionId,
      managedBy: '',
      sku: null,
      plan: null,
      properties: { state: 'Enabled', subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' } },
      tags: {},
      identity: null,
      zones: null,
      extendedLocation: null,
    })),
    documents: new Map(),
    diagnosticSettings: new Map(),
    managementGroups: new Map([['mg-root', subs.map((s) => s.subscriptionId)]]),
    graph: {
      securityDefaults: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity', id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.', isEnabled: true },
      conditionalAccess: [],
      registrations: [],
    },
  };
}

/** A `ResourceContainers` row per resource group the rows live in. */
export function resourceGroupRows(rows: Json[]): Json[] {
  const seen = new Map<string, Json>();
  for (const r of rows) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i.exec(String(r.id));
    if (!m || seen.has(`${m[1]}/${m[2]}`.toLowerCase())) continue;
    seen.set(`${m[1]}/${m[2]}`.toLowerCase(), {
      id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}`,
      name: m[2],
      type: 'microsoft.resources/subscriptions/resourcegroups',
      tenantId: r.tenantId,
      kind: '',
      location: r.location,
      resourceGroup: String(m[2]).toLowerCase(),
      subscriptionId: m[1],
      managedBy: '',
      sku: null,
      plan: null,
      properties: { provisioningState: 'Succeeded' },
      tags: {},
      identity: null,
      zones: null,
      extendedLocation: null,
    });
  }
  return [...seen.values()];
}

export function addDiagnosticSetting(estate: AzureEstate, setting: Json): void {
  const scope = String(setting.id).replace(/\/providers\/microsoft\.insights\/diagnosticsettings\/[^/]+$/i, '').toLowerCase();
  const list = estate.diagnosticSettings.get(scope) ?? [];
  list.push(setting);
  estate.diagnosticSettings.set(scope, list);
}

/** `n` storage accounts (half allowing plain HTTP), for paging and call-count tests. */
export function generatedStorageRows(n: number, subscriptionId = DEMO_SUBSCRIPTION, tenantId = DEMO_TENANT): Json[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `stgen${String(i).padStart(6, '0')}`;
    return {
      id: `/subscriptions/${subscriptionId}/resourceGroups/rg-gen-${i % 7}/providers/Microsoft.Storage/storageAccounts/${name}`,
      name,
      type: 'microsoft.storage/storageaccounts',
      tenantId,
      kind: 'StorageV2',
      location: 'eastus2',
      resourceGroup: `rg-gen-${i % 7}`,
      subscriptionId,
      managedBy: '',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      plan: null,
      properties: {
        supportsHttpsTrafficOnly: i % 2 === 0,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } } },
        networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      },
      tags: i % 10 === 0 ? { ephi: 'true' } : {},
      identity: null,
      zones: null,
      extendedLocation: null,
    };
  });
}

export async function startAzureEmulator(options: { estate?: AzureEstate; knobs?: AzureKnobs } = {}): Promise<AzureEmulator> {
  const { cert, key } = selfSignedCertificate();
  const estate = options.estate ?? demoAzureEstate();
  const tokens = new Set<string>();
  const state = { knobs: options.knobs ?? {}, calls: {} as Record<string, number>, log: [] as AzureCall[], counters: new Map<string, number>(), tokenScopes: [] as string[], requests: {} as Record<string, number>, injected: 0, hits: 0, total: 0, hanging: new Set<IncomingMessage>(), random: mulberry32(options.knobs?.seed ?? 7) };
  let url = '';

  const mint = (claims: Json = {}): string => {
    const b64 = (o: Json) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'emulator', tid: estate.tenantId, oid: 'emulator-principal', exp: Math.floor(Date.now() / 1000) + 3600, ...claims, n: randomBytes(6).toString('hex') })}.`;
    tokens.add(token);
    return token;
  };

  const server: Server = createServer({ cert, key }, (req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { error: { code: 'EmulatorError', message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    // ARM tolerates `//subscriptions/...`; `new URL` would read it as a host.
    const u = new URL(`${url}${(req.url ?? '/').replace(/^\/+/, '/')}`);
    const path = decodeURIComponent(u.pathname).replace(/\/{2,}/g, '/');
    const knobs = state.knobs;
    if (knobs.latencyMs) await new Promise((r) => setTimeout(r, knobs.latencyMs));

    // Entra ID: the OpenID configuration and the token endpoint MSAL uses for client credentials.
    const openid = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    const tokenCall = req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path);
    const op = req.method === 'GET' && openid ? OPENID_OPERATION : tokenCall ? TOKEN_OPERATION : operationOf(req.method ?? 'GET', path);
    state.requests[op] = (state.requests[op] ?? 0) + 1;
    state.total++;
    const fault = injection(op, u, body);
    if (fault && fault !== 'repeat-token') {
      state.injected++;
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'hang') {
        state.hanging.add(req);
        req.socket.on('close', () => state.hanging.delete(req));
        return;
      }
      if (op !== OPENID_OPERATION && op !== TOKEN_OPERATION) {
        state.calls[op] = (state.calls[op] ?? 0) + 1;
        state.log.push({ operation: op, path, status: 0 });
      }
      return injectAnswer(res, fault, op, path);
    }
    const repeat = fault === 'repeat-token';
    if (repeat) state.injected++;
    if (req.method === 'GET' && openid) {
      const t = openid[1];
      return send(res, 200, {
        token_endpoint: `${url}/${t}/oauth2/v2.0/token`,
        authorization_endpoint: `${url}/${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${url}/${t}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${url}/${t}/oauth2/v2.0/logout`,
        jwks_uri: `${url}/${t}/discovery/v2.0/keys`,
        issuer: `${url}/${t}/v2.0`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        tenant_region_scope: 'NA',
        cloud_instance_name: 'emulator',
      });
    }
    if (tokenCall) {
      const form = new URLSearchParams(body);
      state.tokenScopes.push(form.get('scope') ?? '');
      if (form.get('grant_type') !== 'client_credentials' || !form.get('client_id') || !form.get('client_secret')) {
        return send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: client credentials expected' });
      }
      return send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: mint({ scp: form.get('scope') }) });
    }

    const operation = operationOf(req.method ?? 'GET', path);
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      state.calls[operation] = (state.calls[operation] ?? 0) + 1;
      state.log.push({ operation, path, status });
      send(res, status, payload, headers);
    };
    const graphCall = operation.startsWith('graph:');
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) {
      return answer(401, graphCall ? { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } } : { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } });
    }
    if (knobs.deny?.some((d) => d === operation || (d.startsWith(`${operation}@`) && path.toLowerCase().includes(d.slice(operation.length + 1).toLowerCase())))) {
      return answer(403, graphCall
        ? { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }
        : { error: { code: 'AuthorizationFailed', message: `The client 'emulator-principal' with object id 'emulator-principal' does not have authorization to perform action '${operation}' over scope '${path}' or the scope is invalid.` } });
    }
    if (knobs.throttle && trip(knobs.throttle, operation, 'throttle')) {
      return answer(429, { error: { code: 'TooManyRequests', message: 'Rate limit exceeded; retry after the interval in Retry-After.' } }, { 'retry-after': String(knobs.throttle.retryAfterSeconds ?? 1) });
    }
    if (knobs.faults && trip(knobs.faults, operation, 'fault')) {
      return answer(knobs.faults.status, { error: { code: knobs.faults.status === 503 ? 'ServiceUnavailable' : 'InternalServerError', message: 'The service is temporarily unavailable.' } });
    }

    const pageSize = knobs.pageSize ?? 100;
    if (graphCall) return graph(operation, u, pageSize, answer, repeat);
    if (!u.searchParams.get('api-version')) return answer(400, { error: { code: 'MissingApiVersionParameter', message: "The api-version query parameter (?api-version=) is required for all requests." } });

    if (operation === 'Microsoft.ResourceGraph/resources/read') {
      if (req.method !== 'POST') return answer(405, { error: { code: 'MethodNotAllowed', message: 'POST expected' } });
      return resourceGraph(JSON.parse(body || '{}') as Json, answer, repeat);
    }
    if (operation === 'Microsoft.Resources/subscriptions/read' && /^\/subscriptions\/?$/i.test(path)) {
      const all = estate.subscriptions.map((s) => ({ id: `/subscriptions/${s.subscriptionId}`, authorizationSource: 'RoleBased', managedByTenants: [], subscriptionId: s.subscriptionId, tenantId: s.tenantId, displayName: s.displayName, state: s.state, subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' } }));
      return answer(200, listPage(all, u, pageSize, `${url}/subscriptions`, 'nextLink', repeat));
    }
    if (req.method !== 'GET') return answer(405, { error: { code: 'MethodNotAllowed', message: `${req.method} is not served by the emulator` } });
    const diag = /^(.*)\/providers\/microsoft\.insights\/diagnosticsettings$/i.exec(path);
    if (diag) {
      const scope = diag[1]!.toLowerCase();
      if (!knownScope(scope)) return answer(404, { error: { code: 'ResourceNotFound', message: `The Resource '${diag[1]}' was not found.` } });
      return answer(200, { value: estate.diagnosticSettings.get(scope) ?? [], ...(repeat ? { nextLink: u.href } : {}) });
    }
    const doc = estate.documents.get(path.toLowerCase());
    if (!doc) return answer(404, { error: { code: 'ResourceNotFound', message: `The Resource '${path}' was not found.` } });
    return answer(200, doc);
  }

  function knownScope(scope: string): boolean {
    return estate.subscriptions.some((s) => `/subscriptions/${s.subscriptionId}`.toLowerCase() === scope) || estate.rows.some((r) => String(r.id).toLowerCase() === scope);
  }

  /**
   * The injected fault for this request, if any. A repeating token needs a token to repeat:
   * Resource Graph's first page passes; ARM and Graph lists link to themselves from the first page.
   */
  function injection(op: string, u: URL, body: string): AzureFaultKind | undefined {
    const f = state.knobs.inject;
    if (!f || (f.operation !== '*' && f.operation !== op)) return undefined;
    if (f.kind === 'expired') {
      if (state.total <= (f.after ?? 0) || op === OPENID_OPERATION) return undefined;
      return 'expired';
    }
    if (f.kind === 'repeat-token' && op === 'Microsoft.ResourceGraph/resources/read' && !/"\$skipToken":"[^"]/.test(body)) return undefined;
    void u;
    state.hits++;
    return f.first === undefined || state.hits <= f.first ? f.kind : undefined;
  }

  function injectAnswer(res: ServerResponse, kind: AzureFaultKind, op: string, path: string): void {
    const graphCall = op.startsWith('graph:');
    const token = op === TOKEN_OPERATION || op === OPENID_OPERATION;
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      send(res, status, token ? { error: code, error_description: message, error_codes: [7000215] } : { error: { code, message } }, headers);
    switch (kind) {
      case 'throttle-429':
        return error(429, 'TooManyRequests', 'Too many requests.');
      case 'throttle':
        if (op === 'Microsoft.ResourceGraph/resources/read') return error(429, 'RateLimiting', 'Please provide below info when asking for support: the request was throttled.', { 'retry-after': '1', 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:01' });
        return error(429, 'TooManyRequests', 'The request is being throttled.', { 'retry-after': '1', ...(graphCall || token ? {} : { 'x-ms-ratelimit-remaining-subscription-reads': '0' }) });
      case 'status-500':
        return error(500, token ? 'server_error' : 'InternalServerError', 'An internal server error occurred.');
      case 'status-503':
        return error(503, token ? 'temporarily_unavailable' : 'ServiceUnavailable', 'The service is temporarily unavailable.');
      case 'denied':
        if (token) return error(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
        if (graphCall) return error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
        return error(403, 'AuthorizationFailed', `The client 'emulator-principal' with object id 'emulator-principal' does not have authorization to perform action '${op}' over scope '${path}' or the scope is invalid.`);
      case 'expired':
        if (token) return error(401, 'invalid_client', "AADSTS7000222: The provided client secret keys for app '00000000-0000-0000-0000-00000000c11e' are expired.");
        return error(401, 'InvalidAuthenticationToken', graphCall ? 'Lifetime validation failed, the token is expired.' : "The access token expiry UTC time is earlier than current UTC time.");
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(token ? '{"token_type":"Bearer","expires_in":35' : '{"value":[{"id":"/subscriptions/x","properties":{"state":');
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<!DOCTYPE html><html><head><title>Sign in to the proxy</title></head><body><h1>Gateway</h1></body></html>');
      default:
        return error(500, 'EmulatorError', `no answer for ${kind}`);
    }
  }

  function resourceGraph(request: Json, answer: (status: number, payload: unknown) => void, repeat = false): void {
    const query = String(request.query ?? '').trim();
    const opts = (request.options ?? {}) as Json;
    const top = typeof opts.$top === 'number' ? opts.$top : 100;
    if (top > 1000) return answer(400, { error: { code: 'BadRequest', message: 'The $top value must be at most 1000.' } });
    const table = /^resourcecontainers\b/i.test(query) ? estate.containers : /^resources\b/i.test(query) ? estate.rows : undefined;
    if (!table) return answer(400, { error: { code: 'BadRequest', message: `Please provide below info when asking for support: the emulator serves only 'Resources' and 'ResourceContainers' (got '${query.slice(0, 60)}')` } });
    const subscriptions = Array.isArray(request.subscriptions) ? (request.subscriptions as string[]).map((s) => s.toLowerCase()) : undefined;
    if (subscriptions && subscriptions.length > 1000) return answer(400, { error: { code: 'BadRequest', message: 'At most 1000 subscriptions per query.' } });
    const groups = Array.isArray(request.managementGroups) ? (request.managementGroups as string[]) : undefined;
    const inScope = groups
      ? new Set(groups.flatMap((g) => estate.managementGroups.get(g) ?? []).map((s) => s.toLowerCase()))
      : new Set((subscriptions ?? estate.subscriptions.map((s) => s.subscriptionId)).map((s) => s.toLowerCase()));
    const rows = table.filter((r) => inScope.has(String(r.subscriptionId).toLowerCase()));
    let offset = 0;
    if (typeof opts.$skipToken === 'string') {
      const decoded = JSON.parse(Buffer.from(opts.$skipToken, 'base64').toString('utf8')) as { offset: number; query: string };
      if (decoded.query !== query) return answer(400, { error: { code: 'BadRequest', message: 'The skip token belongs to another query.' } });
      offset = decoded.offset;
    }
    const page = rows.slice(offset, offset + top);
    const next = repeat && typeof opts.$skipToken === 'string' ? opts.$skipToken : offset + top < rows.length ? Buffer.from(JSON.stringify({ offset: offset + top, query })).toString('base64') : undefined;
    answer(200, { totalRecords: rows.length, count: page.length, data: page, facets: [], resultTruncated: 'false', ...(next ? { $skipToken: next } : {}) });
  }

  function graph(operation: string, u: URL, pageSize: number, answer: (status: number, payload: unknown) => void, repeat = false): void {
    const context = (set: string) => `https://graph.microsoft.com/v1.0/$metadata#${set}`;
    switch (operation) {
      case 'graph:GET /policies/identitySecurityDefaultsEnforcementPolicy':
        if (!estate.graph.securityDefaults) return answer(404, { error: { code: 'ResourceNotFound', message: 'not found' } });
        return answer(200, estate.graph.securityDefaults);
      case 'graph:GET /identity/conditionalAccess/policies':
        return answer(200, { '@odata.context': context('identity/conditionalAccess/policies'), ...listPage(estate.graph.conditionalAccess, u, pageSize, `${url}/v1.0/identity/conditionalAccess/policies`, '@odata.nextLink', repeat) });
      case 'graph:GET /reports/authenticationMethods/userRegistrationDetails':
        return answer(200, { '@odata.context': context('reports/authenticationMethods/userRegistrationDetails'), ...listPage(estate.graph.registrations, u, pageSize, `${url}/v1.0/reports/authenticationMethods/userRegistrationDetails`, '@odata.nextLink', repeat) });
      default:
        return answer(400, { error: { code: 'BadRequest', message: `Resource not found for the segment '${operation}'.` } });
    }
  }

  function listPage(items: unknown[], u: URL, pageSize: number, base: string, nextKey: string, repeat = false): Json {
    const offset = Number(u.searchParams.get('$skiptoken') ?? 0);
    const page = items.slice(offset, offset + pageSize);
    const next = offset + pageSize < items.length ? `${base}?${new URLSearchParams({ ...(u.searchParams.get('api-version') ? { 'api-version': u.searchParams.get('api-version')! } : {}), $skiptoken: String(offset + pageSize) })}` : undefined;
    // A repeating link: every page links to itself.
    return { value: page, ...(repeat ? { [nextKey]: u.href } : next ? { [nextKey]: next } : {}) };
  }

  const trip = tripper(state);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ca: cert,
    get knobs() {
      return state.knobs;
    },
    set knobs(k: AzureKnobs) {
      state.knobs = k;
      state.counters.clear();
      state.hits = 0;
    },
    estate,
    get calls() {
      return state.calls;
    },
    get log() {
      return state.log;
    },
    get tokenScopes() {
      return state.tokenScopes;
    },
    get requests() {
      return state.requests;
    },
    get injected() {
      return state.injected;
    },
    mint: () => mint(),
    resetLog() {
      state.calls = {};
      state.log = [];
      state.counters.clear();
      state.tokenScopes = [];
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

/**
 * The RBAC action that authorises a request (ARM and Resource Graph), or `graph:GET /path` for
 * Microsoft Graph: `/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/a/databases/b/
 * transparentDataEncryption/current` is `Microsoft.Sql/servers/databases/transparentDataEncryption/read`.
 */
export function operationOf(method: string, path: string): string {
  if (path.startsWith('/v1.0/')) return `graph:${method} ${path.slice('/v1.0'.length)}`;
  if (/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path)) return 'Microsoft.ResourceGraph/resources/read';
  if (/^\/subscriptions\/?$/i.test(path) || /^\/subscriptions\/[^/]+\/?$/i.test(path)) return 'Microsoft.Resources/subscriptions/read';
  const at = path.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return `${method} ${path}`;
  const [namespace, ...rest] = path.slice(at + '/providers/'.length).split('/').filter(Boolean);
  const types = rest.filter((_, i) => i % 2 === 0);
  const canonical = namespace!.toLowerCase() === 'microsoft.insights' ? 'Microsoft.Insights' : namespace!;
  return `${canonical}/${types.join('/')}/${method === 'GET' ? 'read' : method.toLowerCase()}`;
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomBytes(8).toString('hex'), ...headers });
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

