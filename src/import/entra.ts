import { z } from 'zod';
import type { Provenance, Resource } from '../inventory/resource.js';
import { type Place } from './input-error.js';
import { assertSafeDocument } from './json.js';
import { parseRecord } from './schema.js';

/**
 * Microsoft Entra ID, read offline from Microsoft Graph JSON exports (`az rest --url
 * https://graph.microsoft.com/v1.0/...`, Graph Explorer, `Invoke-MgGraphRequest`):
 *
 * - `GET /policies/identitySecurityDefaultsEnforcementPolicy`: `{id, displayName, isEnabled}`;
 * - `GET /identity/conditionalAccess/policies`: `{value: [conditionalAccessPolicy]}`;
 * - `GET /reports/authenticationMethods/userRegistrationDetails`: `{value: [userRegistrationDetails]}`.
 *
 * Each is recognised by the entity set its `@odata.context` names, or, without one, by its fields.
 * The two policy documents describe the tenant; `assembleEntraTenants` folds them into one resource
 * of type `microsoft.graph/tenant` (id `/tenants/<tenant id>`, as ARM names a tenant), with
 * `related.securityDefaults` and `related.conditionalAccessPolicies`. Each registration row is a
 * resource of type `microsoft.graph/userRegistrationDetails` whose id is the user's object id.
 */
export const TENANT_TYPE = 'microsoft.graph/tenant';
export const USER_REGISTRATION_TYPE = 'microsoft.graph/userRegistrationDetails';
/** Intermediate records, folded into the tenant after import. */
const SECURITY_DEFAULTS_TYPE = 'microsoft.graph/identitySecurityDefaultsEnforcementPolicy';
const CONDITIONAL_ACCESS_TYPE = 'microsoft.graph/conditionalAccessPolicies';

/** The security defaults policy has this fixed id in every tenant. */
const SECURITY_DEFAULTS_ID = '00000000-0000-0000-0000-000000000005';
/** Tenant used when neither the export nor the rest of the scan says which tenant it is. */
export const UNKNOWN_TENANT = 'default';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

type GraphKind = 'security-defaults' | 'conditional-access' | 'user-registration';

const FORMATS: Record<GraphKind, string> = {
  'security-defaults': 'microsoft-graph-security-defaults',
  'conditional-access': 'microsoft-graph-conditional-access',
  'user-registration': 'microsoft-graph-user-registration',
};

const CONTEXTS: Array<[RegExp, GraphKind]> = [
  [/#policies\/identitySecurityDefaultsEnforcementPolicy\b/i, 'security-defaults'],
  // v1.0 writes `#identity/conditionalAccess/policies`; older responses `#conditionalAccess/policies`.
  [/#(identity\/)?conditionalAccess\/policies\b/i, 'conditional-access'],
  [/#reports\/authenticationMethods\/userRegistrationDetails\b/i, 'user-registration'],
];

const SecurityDefaults = z.looseObject({ id: z.string().nullish(), displayName: z.string().nullish(), isEnabled: z.boolean() });
const ConditionalAccessPolicy = z.looseObject({
  id: z.string().min(1, 'id is empty'),
  displayName: z.string().nullish(),
  state: z.string().min(1, 'state is empty'),
  conditions: z.record(z.string(), z.unknown()).nullish(),
  grantControls: z.record(z.string(), z.unknown()).nullish(),
});
const UserRegistration = z.looseObject({
  id: z.string().min(1, 'id is empty'),
  userPrincipalName: z.string().nullish(),
  isMfaRegistered: z.boolean().nullish(),
  isAdmin: z.boolean().nullish(),
});

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Which Graph export a parsed JSON document is, if it is one. */
export function graphExportKind(doc: unknown): GraphKind | undefined {
  if (isObject(doc) && typeof doc['@odata.context'] === 'string') {
    for (const [pattern, kind] of CONTEXTS) if (pattern.test(doc['@odata.context'])) return kind;
    return undefined;
  }
  if (isObject(doc) && typeof doc.isEnabled === 'boolean' && (doc.id === SECURITY_DEFAULTS_ID || doc.displayName === 'Security Defaults')) return 'security-defaults';
  // Bare collections: `{value: [...]}` or `[...]`, told apart by their first row's fields.
  const rows = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.value) ? doc.value : undefined;
  const first = rows?.[0];
  if (!isObject(first)) return undefined;
  if (isObject(first.conditions) && typeof first.state === 'string' && 'grantControls' in first) return 'conditional-access';
  if (typeof first.userPrincipalName === 'string' && 'isMfaRegistered' in first) return 'user-registration';
  return undefined;
}

/** Decode one Graph export; each record goes to `emit`. */
export function decodeGraphExport(doc: unknown, file: string, emit: (r: Resource) => void): { file: string; format: string; records: number } {
  const kind = graphExportKind(doc);
  if (!kind) throw new Error('not a Microsoft Graph export');
  const format = FORMATS[kind];
  const tenant = tenantIdOf(doc) ?? UNKNOWN_TENANT;
  const source: Provenance = { format, file };
  if (kind === 'security-defaults') {
    const where: Place = { file, at: 'policy' };
    assertSafeDocument(doc, where);
    const policy = parseRecord(SecurityDefaults, doc, where, 'security defaults policy');
    emit(part(SECURITY_DEFAULTS_TYPE, `/tenants/${tenant}/policies/identitySecurityDefaultsEnforcementPolicy`, policy.displayName ?? 'Security Defaults', withoutOdata(policy), tenant, source));
    return { file, format, records: 1 };
  }
  const path = Array.isArray(doc) ? '' : 'value';
  const rows = (Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.value) ? doc.value : undefined) ?? [];
  if (kind === 'conditional-access') {
    const policies = rows.map((row, index) => {
      const where: Place = { file, at: `${path}[${index}]`, index };
      assertSafeDocument(row, where);
      return withoutOdata(parseRecord(ConditionalAccessPolicy, row, where, 'conditional access policy'));
    });
    const config: Record<string, unknown> = { value: policies };
    // A paged response holds only part of the policies: a missing MFA policy may be on a later page.
    const nextLink = isObject(doc) ? doc['@odata.nextLink'] : undefined;
    if (typeof nextLink === 'string') config.nextLink = nextLink;
    emit(part(CONDITIONAL_ACCESS_TYPE, `/tenants/${tenant}/identity/conditionalAccess/policies`, 'conditionalAccess/policies', config, tenant, source));
    return { file, format, records: policies.length };
  }
  rows.forEach((row, index) => {
    const where: Place = { file, at: `${path}[${index}]`, index };
    assertSafeDocument(row, where);
    const user = withoutOdata(parseRecord(UserRegistration, row, where, 'user registration details row'));
    const related: Record<string, unknown> = tenant === UNKNOWN_TENANT ? {} : { tenantId: tenant };
    emit({
      provider: 'azure',
      type: USER_REGISTRATION_TYPE,
      id: String(user.id),
      name: typeof user.userPrincipalName === 'string' && user.userPrincipalName ? user.userPrincipalName : String(user.id),
      tags: {},
      config: user,
      related,
      source: { ...source, index, ...(typeof user.lastUpdatedDateTime === 'string' ? { observedAt: user.lastUpdatedDateTime } : {}) },
    });
  });
  return { file, format, records: rows.length };
}

/**
 * Fold the policy records of each tenant into one `microsoft.graph/tenant` resource, in place. Graph
 * responses do not name their tenant; when the scan's Azure resources all belong to one tenant
 * (Resource Graph's `tenantId` column), that is the tenant the exports describe.
 */
export function assembleEntraTenants(resources: Resource[]): void {
  const parts = resources.filter((r) => r.provider === 'azure' && (r.type === SECURITY_DEFAULTS_TYPE || r.type === CONDITIONAL_ACCESS_TYPE));
  const users = resources.filter((r) => r.provider === 'azure' && r.type === USER_REGISTRATION_TYPE);
  if (parts.length === 0 && users.length === 0) return;

  const known = new Set<string>();
  for (const r of resources) {
    const t = r.related.tenantId;
    if (r.provider === 'azure' && typeof t === 'string' && GUID.test(t)) known.add(t.toLowerCase());
  }
  for (const p of parts) if (tenantOfPart(p) !== UNKNOWN_TENANT) known.add(tenantOfPart(p));
  const resolved = known.size === 1 ? [...known][0]! : UNKNOWN_TENANT;
  const tenantOf = (t: string) => (t === UNKNOWN_TENANT ? resolved : t);

  const tenants = new Map<string, Resource>();
  const tenantFor = (t: string, source: Provenance): Resource => {
    let tenant = tenants.get(t);
    if (!tenant) {
      tenant = { provider: 'azure', type: TENANT_TYPE, id: `/tenants/${t}`, name: t, tags: {}, config: { tenantId: t === UNKNOWN_TENANT ? null : t }, related: {}, source };
      tenants.set(t, tenant);
    }
    return tenant;
  };
  for (const p of parts) {
    const tenant = tenantFor(tenantOf(tenantOfPart(p)), p.source);
    const sources = (tenant.related.graphSources ?? {}) as Record<string, Provenance>;
    if (p.type === SECURITY_DEFAULTS_TYPE) {
      tenant.related.securityDefaults = p.config;
      tenant.source = p.source;
      sources.securityDefaults = p.source;
    } else {
      tenant.related.conditionalAccessPolicies = p.config.value;
      if (typeof p.config.nextLink === 'string') tenant.related.conditionalAccessNextLink = p.config.nextLink;
      sources.conditionalAccessPolicies = p.source;
    }
    tenant.related.graphSources = sources;
  }
  for (const u of users) {
    const t = tenantOf(typeof u.related.tenantId === 'string' ? u.related.tenantId.toLowerCase() : UNKNOWN_TENANT);
    if (t !== UNKNOWN_TENANT) u.related.tenantId = t;
    // Registration details alone still make the tenant visible, so its MFA policy is graded (undecided).
    tenantFor(t, { format: u.source.format, file: u.source.file });
  }
  for (let i = resources.length - 1; i >= 0; i--) if (parts.includes(resources[i]!)) resources.splice(i, 1);
  resources.push(...tenants.values());
}

function part(type: string, id: string, name: string, config: Record<string, unknown>, tenant: string, source: Provenance): Resource {
  return { provider: 'azure', type, id, name, tags: {}, config, related: tenant === UNKNOWN_TENANT ? {} : { tenantId: tenant }, source };
}

function tenantOfPart(r: Resource): string {
  return /^\/tenants\/([^/]+)/i.exec(r.id)?.[1]?.toLowerCase() ?? UNKNOWN_TENANT;
}

/** A tenant id the document carries: a `tenantId` field, or a GUID in its `@odata.context` URL. */
function tenantIdOf(doc: unknown): string | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc.tenantId === 'string' && GUID.test(doc.tenantId)) return doc.tenantId.toLowerCase();
  const context = doc['@odata.context'];
  const match = typeof context === 'string' ? /^https?:\/\/[^/]+\/([0-9a-f-]{36})\//i.exec(context) : null;
  return match?.[1]?.toLowerCase();
}

/** Graph annotations (`@odata.context`, `authenticationStrength@odata.context`) are not configuration. */
function withoutOdata<T extends Record<string, unknown>>(obj: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.includes('@odata.')) continue;
    out[k] = isObject(v) ? withoutOdata(v) : v;
  }
  return out;
}
