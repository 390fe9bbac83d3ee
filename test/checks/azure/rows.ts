import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Check, Verdict } from '../../../src/engine/check.js';
import { assembleEntraTenants } from '../../../src/import/entra.js';
import { decodeFile } from '../../../src/import/index.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { fromArgRow, verdictOf } from '../../support/resources.js';

export const SUBSCRIPTION = '5d1f0c2a-7e4b-4b8e-9f3a-61c2d8e4a7b9';
export const RESOURCE_GROUP = 'rg-clinical-prod';

/**
 * A Resource Graph `Resources` row with every column `az graph query` returns. `path` is what
 * follows `/providers/` in the id; `type` is written in lower case, as Resource Graph writes it.
 */
export function argRow(type: string, path: string, properties: Record<string, unknown> | null, columns: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${path}`;
  return {
    id,
    name: path.split('/').pop(),
    type: type.toLowerCase(),
    tenantId: '0b6e3d2f-4c1a-4e8b-a5d7-9c2f1e8b3a60',
    kind: '',
    location: 'eastus2',
    resourceGroup: RESOURCE_GROUP,
    subscriptionId: SUBSCRIPTION,
    managedBy: '',
    sku: null,
    plan: null,
    properties,
    tags: { environment: 'prod', 'data-classification': 'phi' },
    identity: null,
    zones: null,
    extendedLocation: null,
    ...columns,
  };
}

/** The resource an Azure REST API specification example returns (`responses["200"].body`). */
export function armExampleBody(file: string): unknown {
  const url = new URL(`../../../../shared/samples/azure/arm-rest-examples/${file}`, import.meta.url);
  const example = JSON.parse(readFileSync(url, 'utf8')) as { responses: Record<string, { body: unknown }> };
  return example.responses['200']!.body;
}

/** The rows of a Resource Graph query response sample (`responses["200"].body.data`). */
export function resourceGraphRows(file: string): unknown[] {
  const url = new URL(`../../../../shared/samples/azure/resource-graph/${file}`, import.meta.url);
  const example = JSON.parse(readFileSync(url, 'utf8')) as { responses: Record<string, { body: { data: unknown[] } }> };
  return example.responses['200']!.body.data;
}

/** One row of a check's table: a record in Azure's own format and the verdict it must get. */
export interface RowCase {
  name: string;
  row: unknown;
  /** Other records of the same scan, visible through the context. */
  others?: unknown[];
  status: Verdict['status'];
  evidence: Record<string, unknown>;
}

/** RuleTester-style: one test per case, asserting the status and the evidence it rests on. */
export function gradesRows(check: Check, cases: RowCase[]): void {
  it.each(cases)('$name → $status', ({ row, others, status, evidence }) => {
    const verdict = verdictOf(check, fromArgRow(row), (others ?? []).map(fromArgRow));
    expect(verdict).toMatchObject({ status, evidence });
  });
}

/** `properties` with `overrides` applied: a key set to `undefined` is removed, as if ARM omitted it. */
function withOverrides(properties: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out = { ...properties };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export const TENANT = '0b6e3d2f-4c1a-4e8b-a5d7-9c2f1e8b3a60';
export const WORKSPACE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/log-clinical-prod`;

/** An ARM child resource as `GET <parent id>/<path>` returns it (canonical-case type, no location). */
export function armChild(parent: Record<string, unknown>, path: string, type: string, properties: Record<string, unknown> | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `${String(parent.id)}/${path}`, name: path.split('/').pop(), type, ...(properties ? { properties } : {}), ...extra };
}

/** A diagnostic setting of `scopeId` as `GET <scope>/providers/Microsoft.Insights/diagnosticSettings` lists it (api-version 2021-05-01-preview). */
export function diagnosticSetting(scopeId: string, name: string, properties: Record<string, unknown>): Record<string, unknown> {
  return { id: `${scopeId}/providers/microsoft.insights/diagnosticSettings/${name}`, type: 'Microsoft.Insights/diagnosticSettings', name, properties };
}

/** A Resource Graph `resourcecontainers` row for the test subscription. */
export function subscriptionRow(): Record<string, unknown> {
  return {
    id: `/subscriptions/${SUBSCRIPTION}`,
    name: 'Clinical Production',
    type: 'microsoft.resources/subscriptions',
    tenantId: TENANT,
    kind: '',
    location: '',
    resourceGroup: '',
    subscriptionId: SUBSCRIPTION,
    managedBy: '',
    sku: null,
    plan: null,
    properties: {
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
      managementGroupAncestorsChain: [{ displayName: 'Tenant Root Group', name: TENANT }],
      state: 'Enabled',
    },
    tags: {},
    identity: null,
    zones: null,
    extendedLocation: null,
  };
}

const STORAGE = 'Microsoft.Storage/storageAccounts';

/** A StorageV2 account's full Resources row (HTTPS only, TLS 1.2, private, Microsoft-managed keys) with `overrides` on its properties. */
export function storageAccountRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const properties = {
    keyCreationTime: { key1: '2024-05-02T09:14:27.1234567Z', key2: '2024-05-02T09:14:27.1234567Z' },
    allowCrossTenantReplication: false,
    privateEndpointConnections: [],
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Enabled',
    networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [{ value: '198.51.100.0/24', action: 'Allow' }], defaultAction: 'Deny', resourceAccessRules: [] },
    supportsHttpsTrafficOnly: true,
    encryption: {
      services: { file: { keyType: 'Account', enabled: true, lastEnabledTime: '2024-05-02T09:14:27.2345678Z' }, blob: { keyType: 'Account', enabled: true, lastEnabledTime: '2024-05-02T09:14:27.2345678Z' } },
      keySource: 'Microsoft.Storage',
      requireInfrastructureEncryption: false,
    },
    accessTier: 'Hot',
    provisioningState: 'Succeeded',
    creationTime: '2024-05-02T09:14:27.0123456Z',
    primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, file: `https://${name}.file.core.windows.net/`, queue: `https://${name}.queue.core.windows.net/`, table: `https://${name}.table.core.windows.net/` },
    primaryLocation: 'eastus2',
    statusOfPrimary: 'available',
    secondaryLocation: 'centralus',
    statusOfSecondary: 'available',
    dnsEndpointType: 'Standard',
    isHnsEnabled: false,
  };
  return argRow(STORAGE, `${STORAGE}/${name}`, withOverrides(properties, overrides), { kind: 'StorageV2', sku: { name: 'Standard_GRS', tier: 'Standard' } });
}

const SQL_SERVER = 'Microsoft.Sql/servers';

/** A logical SQL server's full Resources row (TLS 1.2, public access disabled, Entra-only) with `overrides`. */
export function sqlServerRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const properties = {
    administratorLogin: 'clinical_sqladmin',
    version: '12.0',
    state: 'Ready',
    fullyQualifiedDomainName: `${name}.database.windows.net`,
    privateEndpointConnections: [],
    minimalTlsVersion: '1.2',
    publicNetworkAccess: 'Disabled',
    restrictOutboundNetworkAccess: 'Disabled',
    administrators: { administratorType: 'ActiveDirectory', principalType: 'Group', login: 'sql-admins', sid: '4f1c2b7e-9a3d-4e6f-8b0a-2c5d7e9f1a3b', tenantId: TENANT, azureADOnlyAuthentication: true },
    primaryUserAssignedIdentityId: null,
    keyId: null,
  };
  return argRow(SQL_SERVER, `${SQL_SERVER}/${name}`, withOverrides(properties, overrides), { kind: 'v12.0', identity: { principalId: '7a9c1e3f-5b2d-4c8e-9f0a-1b3d5e7f9a2c', tenantId: TENANT, type: 'SystemAssigned' } });
}

/** A PostgreSQL or MySQL flexible server's full Resources row (geo-redundant backups kept 14 days) with `overrides`. */
export function flexibleServerRow(engine: 'postgresql' | 'mysql', name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const type = engine === 'postgresql' ? 'Microsoft.DBforPostgreSQL/flexibleServers' : 'Microsoft.DBforMySQL/flexibleServers';
  const host = engine === 'postgresql' ? 'postgres' : 'mysql';
  const properties = {
    ...(engine === 'postgresql'
      ? { version: '16', minorVersion: '8', authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled' }, replica: { role: 'Primary', capacity: 5 } }
      : { version: '8.0.21', replicationRole: 'None', importSourceProperties: { storageType: null } }),
    administratorLogin: 'clinicaladmin',
    state: 'Ready',
    fullyQualifiedDomainName: `${name}.${host}.database.azure.com`,
    storage: { storageSizeGB: 128, iops: 500, autoGrow: 'Enabled', tier: 'P10' },
    network: { publicNetworkAccess: 'Disabled', delegatedSubnetResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-clinical/subnets/snet-${host}` },
    dataEncryption: { type: 'SystemManaged' },
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Enabled', earliestRestoreDate: '2026-02-16T09:00:00.0000000+00:00' },
    highAvailability: { mode: 'ZoneRedundant', state: 'Healthy', standbyAvailabilityZone: '2' },
    availabilityZone: '1',
    maintenanceWindow: { customWindow: 'Disabled', dayOfWeek: 0, startHour: 0, startMinute: 0 },
  };
  return argRow(type, `${type}/${name}`, withOverrides(properties, overrides), { sku: { name: 'Standard_D4ds_v5', tier: 'GeneralPurpose' }, zones: null });
}

/** A server parameter of a flexible server as `GET <server id>/configurations/<name>` returns it. */
export function serverParameter(server: Record<string, unknown>, name: string, value: string, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return armChild(server, `configurations/${name}`, type, { value, dataType: 'Enumeration', isReadOnly: 'False', ...extra });
}

const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';

/** A Cosmos DB (NoSQL) account's full Resources row (public access with one IP rule, service-managed keys) with `overrides`. */
export function cosmosAccountRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const properties = {
    provisioningState: 'Succeeded',
    documentEndpoint: `https://${name}.documents.azure.com:443/`,
    publicNetworkAccess: 'Enabled',
    enableAutomaticFailover: true,
    enableMultipleWriteLocations: false,
    enablePartitionKeyMonitor: false,
    isVirtualNetworkFilterEnabled: false,
    virtualNetworkRules: [],
    EnabledApiTypes: 'Sql',
    disableKeyBasedMetadataWriteAccess: true,
    enableFreeTier: false,
    enableAnalyticalStorage: false,
    databaseAccountOfferType: 'Standard',
    defaultIdentity: 'FirstPartyIdentity',
    networkAclBypass: 'None',
    disableLocalAuth: true,
    consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
    locations: [{ id: `${name}-eastus2`, locationName: 'East US 2', documentEndpoint: `https://${name}-eastus2.documents.azure.com:443/`, provisioningState: 'Succeeded', failoverPriority: 0, isZoneRedundant: true }],
    ipRules: [{ ipAddressOrRange: '198.51.100.0/24' }],
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } },
    minimalTlsVersion: 'Tls12',
  };
  return argRow(COSMOS, `${COSMOS}/${name}`, withOverrides(properties, overrides), { kind: 'GlobalDocumentDB' });
}

const SITE = 'Microsoft.Web/sites';

/**
 * A Linux web app's Resources row with `overrides`. Resource Graph fills `siteConfig` with nulls
 * for most settings (the app's real configuration is the `config/web` child); `siteConfig` here
 * can be replaced through `overrides`.
 */
export function webAppRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const properties = {
    name,
    state: 'Running',
    hostNames: [`${name}.azurewebsites.net`],
    webSpace: 'rg-clinical-prod-EastUS2webspace-Linux',
    repositorySiteName: name,
    usageState: 'Normal',
    enabled: true,
    enabledHostNames: [`${name}.azurewebsites.net`, `${name}.scm.azurewebsites.net`],
    availabilityState: 'Normal',
    hostNameSslStates: [
      { name: `${name}.azurewebsites.net`, sslState: 'Disabled', hostType: 'Standard' },
      { name: `${name}.scm.azurewebsites.net`, sslState: 'Disabled', hostType: 'Repository' },
    ],
    serverFarmId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Web/serverfarms/asp-clinical-prod`,
    reserved: true,
    lastModifiedTimeUtc: '2026-02-11T16:22:05.4133333',
    siteConfig: { numberOfWorkers: 1, linuxFxVersion: 'DOTNETCORE|8.0', alwaysOn: null, http20Enabled: false, minTlsVersion: null, scmMinTlsVersion: null, ftpsState: null, functionAppScaleLimit: 0, minimumElasticInstanceCount: 0 },
    httpsOnly: true,
    clientAffinityEnabled: false,
    clientCertEnabled: false,
    clientCertMode: 'Required',
    defaultHostName: `${name}.azurewebsites.net`,
    outboundIpAddresses: '203.0.113.20,203.0.113.21',
    publicNetworkAccess: 'Enabled',
    keyVaultReferenceIdentity: 'SystemAssigned',
    redundancyMode: 'None',
  };
  return argRow(SITE, `${SITE}/${name}`, withOverrides(properties, overrides), { kind: 'app,linux' });
}

/** The app's `web` configuration as `GET <site id>/config/web` returns it (api-version 2023-12-01). */
export function webConfig(site: Record<string, unknown>, settings: Record<string, unknown>): Record<string, unknown> {
  const properties = {
    numberOfWorkers: 1,
    netFrameworkVersion: 'v4.0',
    linuxFxVersion: 'DOTNETCORE|8.0',
    requestTracingEnabled: false,
    remoteDebuggingEnabled: false,
    httpLoggingEnabled: true,
    detailedErrorLoggingEnabled: false,
    alwaysOn: true,
    http20Enabled: true,
    minTlsVersion: '1.2',
    scmMinTlsVersion: '1.2',
    ftpsState: 'Disabled',
    ipSecurityRestrictions: [{ ipAddress: 'Any', action: 'Allow', priority: 2147483647, name: 'Allow all', description: 'Allow all access' }],
    ...settings,
  };
  return armChild(site, 'config/web', 'Microsoft.Web/sites/config', properties, { name: String(site.name), location: 'East US 2' });
}

const VAULT = 'Microsoft.KeyVault/vaults';

/** A Key Vault's full Resources row (RBAC, soft delete and purge protection on) with `overrides`. */
export function keyVaultRow(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const properties = {
    sku: { family: 'A', name: 'premium' },
    tenantId: TENANT,
    accessPolicies: [],
    enabledForDeployment: false,
    enabledForDiskEncryption: true,
    enabledForTemplateDeployment: false,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enableRbacAuthorization: true,
    enablePurgeProtection: true,
    vaultUri: `https://${name}.vault.azure.net/`,
    provisioningState: 'Succeeded',
    publicNetworkAccess: 'Disabled',
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
  };
  return argRow(VAULT, `${VAULT}/${name}`, withOverrides(properties, overrides), { tags: { environment: 'prod' } });
}

/** Microsoft Graph exports, read as the scan reads them: decoded, then folded into their tenant. */
export function fromGraphExports(documents: unknown[], azureRows: unknown[] = []): Resource[] {
  const resources: Resource[] = [];
  documents.forEach((doc, i) => decodeFile(JSON.stringify(doc), `graph-${i}.json`, (r) => resources.push(r)));
  if (azureRows.length > 0) decodeFile(JSON.stringify({ data: azureRows }), 'arg.json', (r) => resources.push(r));
  assembleEntraTenants(resources);
  return resources;
}

/** One case of a table over resources the test builds itself (Graph exports, imported scans). */
export interface ResourceCase {
  name: string;
  resources: Resource[];
  /** Picks the resource to grade among `resources`; the rest form the context. */
  pick: (r: Resource) => boolean;
  status: Verdict['status'];
  evidence: Record<string, unknown>;
}

export function gradesResources(check: Check, cases: ResourceCase[]): void {
  it.each(cases)('$name → $status', ({ resources, pick, status, evidence }) => {
    const resource = resources.find(pick);
    expect(resource, 'the resource to grade').toBeDefined();
    const verdict = verdictOf(check, resource!, resources.filter((r) => r !== resource));
    expect(verdict).toMatchObject({ status, evidence });
  });
}

const GRAPH = 'https://graph.microsoft.com/v1.0/$metadata';

/** `GET /policies/identitySecurityDefaultsEnforcementPolicy`, as Microsoft Graph v1.0 returns it. */
export function securityDefaultsExport(isEnabled: boolean): Record<string, unknown> {
  return {
    '@odata.context': `${GRAPH}#policies/identitySecurityDefaultsEnforcementPolicy/$entity`,
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
    isEnabled,
  };
}

/** One `conditionalAccessPolicy`: by default "require MFA for all users, all apps", enabled, with a break-glass exclusion. */
export function caPolicy(overrides: { id?: string; displayName?: string; state?: string; users?: Record<string, unknown>; applications?: Record<string, unknown>; conditions?: Record<string, unknown>; grantControls?: Record<string, unknown> } = {}): Record<string, unknown> {
  const id = overrides.id ?? '5c3f9a7e-2b1d-4e8f-a6c4-9d0b2e7f1a35';
  return {
    id,
    templateId: null,
    displayName: overrides.displayName ?? 'CA001: Require multifactor authentication for all users',
    createdDateTime: '2025-03-04T15:22:41.1234567Z',
    modifiedDateTime: '2025-11-18T09:05:12.7654321Z',
    state: overrides.state ?? 'enabled',
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], applicationFilter: null, ...overrides.applications },
      users: { includeUsers: ['All'], excludeUsers: ['9e4b2c7a-1f3d-4a5e-8b6c-0d2f4a6b8c1e'], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null, ...overrides.users },
      ...overrides.conditions,
    },
    grantControls: {
      operator: 'OR',
      builtInControls: ['mfa'],
      customAuthenticationFactors: [],
      termsOfUse: [],
      'authenticationStrength@odata.context': `${GRAPH}#identity/conditionalAccess/policies('${id}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength: null,
      ...overrides.grantControls,
    },
  };
}

/** `GET /identity/conditionalAccess/policies`, as Microsoft Graph v1.0 returns it. */
export function conditionalAccessExport(policies: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { '@odata.context': `${GRAPH}#identity/conditionalAccess/policies`, value: policies, ...extra };
}

/** One `userRegistrationDetails` row (a registered member by default). */
export function registrationRow(userPrincipalName: string, id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    userPrincipalName,
    userDisplayName: userPrincipalName.split('@')[0],
    userType: 'member',
    isAdmin: false,
    isSsprRegistered: true,
    isSsprEnabled: true,
    isSsprCapable: true,
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: false,
    methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: ['push'],
    userPreferredMethodForSecondaryAuthentication: 'push',
    lastUpdatedDateTime: '2026-02-27T06:14:09.4412345Z',
    ...overrides,
  };
}

/** `GET /reports/authenticationMethods/userRegistrationDetails`, as Microsoft Graph v1.0 returns it. */
export function registrationExport(rows: unknown[]): Record<string, unknown> {
  return { '@odata.context': `${GRAPH}#reports/authenticationMethods/userRegistrationDetails`, value: rows };
}
