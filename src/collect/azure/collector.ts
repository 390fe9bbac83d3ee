import type { TokenCredential } from '@azure/identity';
import { decodeAzureRow } from '../../import/azure-graph.js';
import { SUBSCRIPTION_TYPE, synthesizeSubscriptions } from '../../import/azure-subscription.js';
import { assembleEntraTenants, decodeGraphExport, TENANT_TYPE, USER_REGISTRATION_TYPE } from '../../import/entra.js';
import type { Resource } from '../../inventory/resource.js';
import { CollectionFailed, unreadable, type Collection, type CollectionError, type CollectorContext } from '../index.js';
import type { AzureCollectOptions } from './index.js';
import { AzureSession, describeError, type Json } from './session.js';

/** The format live Resource Graph rows carry in `source.format`, as an `az graph query` export does. */
export const RESOURCE_GRAPH_FORMAT = 'azure-resource-graph';
const RESOURCE_GRAPH_READ = 'Microsoft.ResourceGraph/resources/read';
const SUBSCRIPTIONS_READ = 'Microsoft.Resources/subscriptions/read';
const DIAGNOSTIC_SETTINGS_READ = 'Microsoft.Insights/diagnosticSettings/read';

/**
 * Facts Resource Graph does not carry, read per resource over ARM with the same credential. Each
 * is the child the checks look up with `context.resourceById` (`<parent id>/<path>`) or, for
 * diagnostic settings, list under the parent. Read only for parent types some check grades.
 */
interface ChildRead {
  parentType: string;
  /** The RBAC action that authorises the call (and names it in the coverage report). */
  action: string;
  apiVersion: string;
  /** Children fetched one by one with `Resources_GetById`. */
  paths?: string[];
  /** A list under the parent, e.g. `providers/Microsoft.Insights/diagnosticSettings`. */
  list?: string;
  when?: (parent: Resource) => boolean;
}

const CHILD_READS: ChildRead[] = [
  // TransparentDataEncryptions_Get; master's encryption cannot be set, and its check is not applicable.
  { parentType: 'Microsoft.Sql/servers/databases', action: 'Microsoft.Sql/servers/databases/transparentDataEncryption/read', apiVersion: '2021-11-01', paths: ['transparentDataEncryption/current'], when: (db) => db.name.toLowerCase() !== 'master' },
  // ServerBlobAuditingPolicies_Get and EncryptionProtectors_Get.
  { parentType: 'Microsoft.Sql/servers', action: 'Microsoft.Sql/servers/auditingSettings/read', apiVersion: '2021-11-01', paths: ['auditingSettings/default'] },
  { parentType: 'Microsoft.Sql/servers', action: 'Microsoft.Sql/servers/encryptionProtector/read', apiVersion: '2021-11-01', paths: ['encryptionProtector/current'] },
  // WebApps_GetConfiguration: what Azure Policy reads; Resource Graph's siteConfig is often null.
  { parentType: 'Microsoft.Web/sites', action: 'Microsoft.Web/sites/config/read', apiVersion: '2023-12-01', paths: ['config/web'] },
  // Configurations_Get: server parameters are not in Resource Graph.
  { parentType: 'Microsoft.DBforPostgreSQL/flexibleServers', action: 'Microsoft.DBforPostgreSQL/flexibleServers/configurations/read', apiVersion: '2022-12-01', paths: ['configurations/require_secure_transport', 'configurations/ssl_min_protocol_version'] },
  { parentType: 'Microsoft.DBforMySQL/flexibleServers', action: 'Microsoft.DBforMySQL/flexibleServers/configurations/read', apiVersion: '2022-01-01', paths: ['configurations/require_secure_transport', 'configurations/tls_version'] },
  // DiagnosticSettings_List, on the vault and on the subscription (the activity log export).
  { parentType: 'Microsoft.KeyVault/vaults', action: DIAGNOSTIC_SETTINGS_READ, apiVersion: '2021-05-01-preview', list: 'providers/Microsoft.Insights/diagnosticSettings' },
  { parentType: SUBSCRIPTION_TYPE, action: DIAGNOSTIC_SETTINGS_READ, apiVersion: '2021-05-01-preview', list: 'providers/Microsoft.Insights/diagnosticSettings' },
];

/** Microsoft Graph v1.0 reads for Entra ID MFA (Policy.Read.All; AuditLog.Read.All for registration). */
const GRAPH_READS = [
  { operation: 'graph:GET /policies/identitySecurityDefaultsEnforcementPolicy', path: '/policies/identitySecurityDefaultsEnforcementPolicy', collection: false, covers: TENANT_TYPE },
  { operation: 'graph:GET /identity/conditionalAccess/policies', path: '/identity/conditionalAccess/policies', collection: true, covers: TENANT_TYPE },
  { operation: 'graph:GET /reports/authenticationMethods/userRegistrationDetails', path: '/reports/authenticationMethods/userRegistrationDetails', collection: true, covers: USER_REGISTRATION_TYPE },
] as const;

interface Scope {
  /** Subscription ids to query; empty with a management group, or when listing failed (tenant scope). */
  subscriptions: string[];
  managementGroup?: string;
  /** Listing failed: query Resource Graph at tenant scope, every subscription it allows. */
  tenantWide?: boolean;
  tenants: string[];
}

const lower = (s: string) => s.toLowerCase();

/**
 * Read Azure:
 * 1. a token for ARM (no usable credential: exit 3);
 * 2. the subscriptions in scope (`--subscriptions`, a management group, or ARM `GET /subscriptions`);
 * 3. the inventory from Resource Graph in bulk: `Resources` and `ResourceContainers`, 1000 rows a
 *    page by skip token, up to 1000 subscriptions a query; each row through the importer's decoder;
 * 4. per resource over ARM, the facts Resource Graph lacks (CHILD_READS), p-limit bounded;
 * 5. Entra ID's MFA policies and registration from Microsoft Graph.
 * Every call's outcome goes to the coverage list; what a failed call would have covered is graded
 * `error`: a failed inventory query leaves a stand-in per graded type, a failed child read marks
 * its parent.
 */
export async function collectAzure(options: AzureCollectOptions, context: CollectorContext): Promise<Collection> {
  try {
    const credential = options.credential ?? (await defaultCredential(options));
    const session = new AzureSession(options, context.progress, credential);
    try {
      const token = await session.credential.getToken(session.armScope);
      if (!token) throw new Error('the credential returned no token');
    } catch (err) {
      throw new CollectionFailed(`Azure: no usable credentials (${describeError(err)})`);
    }
    const graded = new Set(context.resourceTypes.filter((t) => t !== '*').map(lower));
    const scope = await subscriptionScope(session, options);
    const resources = await readInventory(session, scope, graded, context.resourceTypes.includes('*'));

    // Subscriptions in scope that no row describes still have subscription-level controls to grade.
    const present = new Set(resources.filter((r) => lower(r.type) === SUBSCRIPTION_TYPE).map((r) => lower(r.id)));
    for (const id of scope.subscriptions) {
      if (!present.has(`/subscriptions/${id}`.toLowerCase())) resources.push(synthesizedSubscription(id));
    }
    synthesizeSubscriptions(resources);

    const children = await readChildren(session, resources, graded);
    resources.push(...children);
    if (options.entra !== false && (graded.has(lower(TENANT_TYPE)) || graded.has(lower(USER_REGISTRATION_TYPE)))) {
      await readEntra(session, resources, scope);
    }

    const anyRead = session.coverage.some((e) => e.status === 'ok' && e.operation !== SUBSCRIPTIONS_READ);
    if (!anyRead) {
      const first = session.coverage.find((e) => e.status === 'failed');
      throw new CollectionFailed(`Azure: every call failed${first ? ` (first: ${first.operation}${first.account ? ` in ${first.account}` : ''}: ${first.error})` : ' (no subscription in scope)'}`);
    }
    const methods = new Set<string>(['resource-graph']);
    if (Object.keys(session.record.calls).some((op) => op !== RESOURCE_GRAPH_READ && op !== SUBSCRIPTIONS_READ && !op.startsWith('graph:'))) methods.add('arm');
    if (Object.keys(session.record.calls).some((op) => op.startsWith('graph:'))) methods.add('microsoft-graph');
    const accounts = new Set([...scope.subscriptions, ...resources.filter((r) => lower(r.type) === SUBSCRIPTION_TYPE && !r.related.unread).map((r) => r.account ?? r.name)]);
    return {
      provider: 'azure',
      resources,
      accounts: [...accounts].filter(Boolean).sort(),
      regions: [...new Set(resources.map((r) => r.region).filter((r): r is string => Boolean(r) && r !== 'global' && r !== 'all'))].sort(),
      methods: [...methods].sort(),
      coverage: session.coverage,
      calls: Object.fromEntries(Object.entries(session.record.calls).sort()),
      attempts: session.record.attempts,
    };
  } finally {
    context.progress.done();
  }
}

/**
 * DefaultAzureCredential's chain, in its order (environment, workload identity, Azure CLI, Azure
 * PowerShell, Azure Developer CLI), with the managed identity only when `--azure-imds` asks for it:
 * a managed identity asks the instance metadata service (169.254.169.254), a network probe the
 * user did not ask for, as the AWS collector's `--aws-imds` is.
 */
async function defaultCredential(options: AzureCollectOptions): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const common = {
    ...(options.tenant ? { tenantId: options.tenant } : {}),
    // The token requests get the scan's retry budget, like every other call.
    retryOptions: { maxRetries: options.maxRetries ?? 4, retryDelayInMs: options.retryDelayMs ?? 2_000, maxRetryDelayInMs: options.maxRetryDelayMs ?? 60_000 },
    ...(options.tls ? { tlsOptions: { ca: options.tls.ca } } : {}),
  };
  if (options.imds) return new identity.DefaultAzureCredential(common);
  const tenant = options.tenant ? { tenantId: options.tenant } : {};
  const chain: TokenCredential[] = [new identity.EnvironmentCredential(common)];
  // Workload identity (AKS, GitHub OIDC through azure/login's federated token file) needs its file.
  if (process.env.AZURE_FEDERATED_TOKEN_FILE && process.env.AZURE_CLIENT_ID) chain.push(new identity.WorkloadIdentityCredential({ ...common, clientId: process.env.AZURE_CLIENT_ID, tokenFilePath: process.env.AZURE_FEDERATED_TOKEN_FILE, ...(options.tenant ?? process.env.AZURE_TENANT_ID ? { tenantId: options.tenant ?? process.env.AZURE_TENANT_ID! } : {}) }));
  chain.push(new identity.AzureCliCredential(tenant), new identity.AzurePowerShellCredential(tenant), new identity.AzureDeveloperCliCredential(tenant));
  return new identity.ChainedTokenCredential(...chain);
}

/** `--management-group`, `--subscriptions`, or every subscription `GET /subscriptions` lists (enabled ones). */
async function subscriptionScope(session: AzureSession, options: AzureCollectOptions): Promise<Scope> {
  if (options.managementGroup) return { subscriptions: [], managementGroup: options.managementGroup, tenants: options.tenant ? [options.tenant] : [] };
  if (options.subscriptions?.length) return { subscriptions: [...new Set(options.subscriptions.map(lower))], tenants: options.tenant ? [options.tenant] : [] };
  try {
    const listed = await session.armList(SUBSCRIPTIONS_READ, '/subscriptions', '2022-12-01', 'global');
    const tenants = new Set<string>();
    const subscriptions: string[] = [];
    for (const s of listed) {
      const id = typeof s.subscriptionId === 'string' ? s.subscriptionId.toLowerCase() : undefined;
      const tenant = typeof s.tenantId === 'string' ? s.tenantId.toLowerCase() : undefined;
      if (!id) continue;
      if (options.tenant && tenant && tenant !== options.tenant.toLowerCase()) continue;
      // Disabled and deleted subscriptions hold nothing that runs; Resource Graph does not index them.
      if (s.state === 'Disabled' || s.state === 'Deleted') {
        session.notRecorded(SUBSCRIPTIONS_READ, id, 'global', ['*'], `subscription is ${String(s.state)}: not read`);
        continue;
      }
      subscriptions.push(id);
      if (tenant) tenants.add(tenant);
    }
    session.ok(SUBSCRIPTIONS_READ, undefined, 'global', [SUBSCRIPTION_TYPE], subscriptions.length);
    if (subscriptions.length === 0) session.notRecorded(SUBSCRIPTIONS_READ, undefined, 'global', ['*'], 'the credential sees no enabled subscription');
    return { subscriptions: subscriptions.sort(), tenants: [...tenants] };
  } catch (err) {
    session.failed(SUBSCRIPTIONS_READ, undefined, 'global', [SUBSCRIPTION_TYPE], err, 'querying Resource Graph at tenant scope: every subscription it allows');
    return { subscriptions: [], tenantWide: true, tenants: options.tenant ? [options.tenant] : [] };
  }
}

/** `Resources` and `ResourceContainers`, every page, in batches of subscriptions. */
async function readInventory(session: AzureSession, scope: Scope, graded: Set<string>, everyType: boolean): Promise<Resource[]> {
  const perQuery = Math.max(1, Math.min(session.options.subscriptionsPerQuery ?? 1000, 1000));
  const targets: { subscriptions?: string[]; managementGroups?: string[]; accounts: string[] }[] = [];
  if (scope.managementGroup) targets.push({ managementGroups: [scope.managementGroup], accounts: [`managementGroups/${scope.managementGroup}`] });
  else if (scope.tenantWide) targets.push({ accounts: ['tenant'] });
  else for (let i = 0; i < scope.subscriptions.length; i += perQuery) {
    const batch = scope.subscriptions.slice(i, i + perQuery);
    targets.push({ subscriptions: batch, accounts: batch });
  }
  const resources: Resource[] = [];
  // Types a failed `Resources` query would have returned: every graded ARM type.
  const armTypes = [...graded].filter((t) => !t.startsWith('microsoft.graph/') && t !== SUBSCRIPTION_TYPE);
  await Promise.all(targets.flatMap((target) => (['Resources', 'ResourceContainers'] as const).map(async (table) => {
    const { rows, error } = await queryAll(session, table, target);
    for (const [i, row] of rows.entries()) {
      try {
        resources.push(decodeAzureRow(row, { file: RESOURCE_GRAPH_READ, at: `${table}[${i}]`, index: i }, RESOURCE_GRAPH_FORMAT));
      } catch (err) {
        session.failed(RESOURCE_GRAPH_READ, undefined, 'global', [table], err, `row ${i} could not be decoded and was left out`);
      }
    }
    if (!error) {
      // The rows of a batch are counted once, on its first subscription's entry.
      target.accounts.forEach((account, i) => session.ok(RESOURCE_GRAPH_READ, account, 'global', [table], i === 0 ? rows.length : 0));
      return;
    }
    const failure: CollectionError = { operation: RESOURCE_GRAPH_READ, region: 'global', error };
    for (const account of target.accounts) {
      if (table === 'Resources') {
        const idPrefix = `/${account.replace(/^\/+/, '')}/providers/safeguard.unread/`;
        for (const type of armTypes) resources.push(unreadable({ provider: 'azure', type, account, region: 'all', error: failure, idPrefix }));
        // A check grades every type (the eligible-service check): the types the query would have
        // returned are unknown, so one stand-in says every other type went unread.
        if (everyType) {
          const r = unreadable({ provider: 'azure', type: '*', account, region: 'all', error: failure, idPrefix });
          r.name = `every resource type other than those listed in ${account} (not read)`;
          resources.push(r);
        }
      } else if (/^[0-9a-f-]{36}$/i.test(account)) {
        // The subscription's own row is missing: grade it as a stand-in that says why.
        const sub = synthesizedSubscription(account);
        sub.related.collectionError = failure;
        resources.push(sub);
      }
    }
  })));
  return resources;
}

async function queryAll(session: AzureSession, table: 'Resources' | 'ResourceContainers', target: { subscriptions?: string[]; managementGroups?: string[]; accounts: string[] }): Promise<{ rows: Json[]; error?: string }> {
  const rows: Json[] = [];
  const top = Math.max(1, Math.min(session.options.pageSize ?? 1000, 1000));
  const label = target.accounts.length === 1 ? target.accounts[0]! : `${target.accounts.length} subscriptions`;
  let skipToken: string | undefined;
  const asked = new Set<string>();
  try {
    do {
      const page = await session.resourceGraphPage({
        query: table,
        ...(target.subscriptions ? { subscriptions: target.subscriptions } : {}),
        ...(target.managementGroups ? { managementGroups: target.managementGroups } : {}),
        options: { top, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
      }, label);
      const data: unknown = page.data;
      if (!Array.isArray(data)) throw new Error(`Resource Graph answered without a row array (resultFormat ${typeof data})`);
      rows.push(...(data as Json[]));
      session.progress.found('azure', 'resourcegraph', label, data.length);
      skipToken = page.skipToken || undefined;
      // A skip token already followed would page for ever: stop, and grade the rest "error".
      if (skipToken && asked.has(skipToken)) throw new Error(`Resource Graph repeated a $skipToken after ${asked.size + 1} pages: paging stopped`);
      if (skipToken) asked.add(skipToken);
      if (!skipToken && String(page.resultTruncated) === 'true') throw new Error(`Resource Graph truncated the ${table} result and gave no skip token`);
    } while (skipToken);
    return { rows };
  } catch (err) {
    const error = session.failed(RESOURCE_GRAPH_READ, target.accounts.join(','), 'global', [table], err, rows.length ? `${rows.length} rows were read before the failure; the rest are graded "error"` : `the ${table} of these subscriptions are graded "error"`);
    return { rows, error };
  }
}

function synthesizedSubscription(id: string): Resource {
  return { provider: 'azure', type: SUBSCRIPTION_TYPE, id: `/subscriptions/${id}`, name: id, account: id, tags: {}, config: { subscriptionId: id }, related: { synthesized: true }, source: { format: 'synthesized', file: SUBSCRIPTIONS_READ } };
}

/** The per-resource ARM reads, bounded by the session's concurrency limit. */
async function readChildren(session: AzureSession, resources: readonly Resource[], graded: Set<string>): Promise<Resource[]> {
  const reads = CHILD_READS.filter((c) => graded.has(lower(c.parentType)));
  const out: Resource[] = [];
  const jobs: Promise<void>[] = [];
  for (const parent of resources) {
    if (parent.related.unread) continue;
    for (const read of reads) {
      if (lower(parent.type) !== lower(read.parentType) || (read.when && !read.when(parent))) continue;
      jobs.push(readChild(session, parent, read).then((found) => void out.push(...found)));
    }
  }
  await Promise.all(jobs);
  return out;
}

async function readChild(session: AzureSession, parent: Resource, read: ChildRead): Promise<Resource[]> {
  const region = parent.region ?? 'global';
  const account = parent.account;
  const base = parent.id.replace(/\/+$/, '');
  const found: Resource[] = [];
  try {
    if (read.list) {
      const items = await session.armList(read.action, `${base}/${read.list}`, read.apiVersion, region);
      items.forEach((item, i) => found.push(decodeAzureRow(item, { file: read.action, at: `${base}/${read.list} value[${i}]`, index: i }, 'azure-arm-list')));
    } else {
      for (const path of read.paths ?? []) {
        const doc = await session.getById(read.action, `${base}/${path}`, read.apiVersion, region);
        // 404: the child does not exist (e.g. a parameter the server version lacks); the check says what is missing.
        if (doc) found.push(decodeAzureRow(plain(doc), { file: read.action, at: `${base}/${path}` }, 'azure-resource'));
      }
    }
    session.ok(read.action, account, region, [read.parentType], found.length);
    return found;
  } catch (err) {
    const error = session.failed(read.action, account, region, [read.parentType], err, `${parent.name}: its checks are graded "error"`);
    parent.related.collectionError ??= { operation: read.action, region, error } satisfies CollectionError;
    return [];
  }
}

/** An SDK model as the API's JSON: no undefined members, dates as ISO text. */
function plain(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Entra ID from Microsoft Graph, decoded with the importer's own functions and folded into tenants. */
async function readEntra(session: AzureSession, resources: Resource[], scope: Scope): Promise<void> {
  const failures = new Map<string, CollectionError>();
  await Promise.all(GRAPH_READS.map(async (read) => {
    try {
      const doc = await session.graphGet(read.operation, read.path, read.collection);
      const before = resources.length;
      decodeGraphExport(doc, read.operation, (r) => {
        // Graph's documents rarely name their tenant; the one the subscriptions belong to does, so
        // that the tenant is the same whether or not Resource Graph could be read.
        if (scope.tenants.length === 1 && typeof r.related.tenantId !== 'string') r.related.tenantId = lower(scope.tenants[0]!);
        resources.push(r);
      });
      session.ok(read.operation, undefined, 'global', [read.covers], read.collection ? resources.length - before : 1);
    } catch (err) {
      const error = session.failed(read.operation, undefined, 'global', [read.covers], err, read.covers === TENANT_TYPE ? 'the tenant\'s MFA policy is graded "error"' : 'MFA registration is graded "error"');
      failures.set(read.operation, { operation: read.operation, region: 'global', error });
    }
  }));
  assembleEntraTenants(resources);
  const tenantIds = new Set(resources.filter((r) => r.provider === 'azure').map((r) => r.related.tenantId).filter((t): t is string => typeof t === 'string').map(lower));
  for (const t of scope.tenants) tenantIds.add(lower(t));
  const tenant = tenantIds.size === 1 ? [...tenantIds][0]! : 'default';
  const policyFailure = [...failures.values()].find((f) => f.operation !== GRAPH_READS[2].operation);
  if (policyFailure) {
    let tenants = resources.filter((r) => r.type === TENANT_TYPE);
    if (tenants.length === 0) {
      const t: Resource = { provider: 'azure', type: TENANT_TYPE, id: `/tenants/${tenant}`, name: tenant, tags: {}, config: { tenantId: tenant === 'default' ? null : tenant }, related: {}, source: { format: 'collection-error', file: policyFailure.operation } };
      resources.push(t);
      tenants = [t];
    }
    for (const t of tenants) t.related.collectionError ??= policyFailure;
  }
  const registrationFailure = failures.get(GRAPH_READS[2].operation);
  if (registrationFailure) {
    resources.push(unreadable({ provider: 'azure', type: USER_REGISTRATION_TYPE, account: tenant, region: 'global', error: registrationFailure, idPrefix: `/tenants/${tenant}/providers/safeguard.unread/` }));
  }
}
