import { UNKNOWN } from './attributes.js';
import type { PlannedResource } from './plan.js';
import { compact, orUndefined, type Companion, type NativeDraft, type PlanContext, type Translation, type Translator } from './translate.js';

/**
 * Azure resources become ARM resources as Resource Graph returns them: `config` is the ARM
 * `properties` object, the envelope (`sku`, `kind`, `identity`, `zones`) sits in `related`, and an
 * SQL database's transparent data encryption becomes its own `.../transparentDataEncryption/current`
 * child, which is where the TDE check looks it up.
 */

export const AZURE_COMPANIONS: Record<string, Companion> = {
  azurerm_storage_account_customer_managed_key: { targets: ['azurerm_storage_account'], attribute: 'storage_account_id', keys: ['id'] },
};

export const AZURE_TRANSLATORS: Record<string, Translator> = {
  azurerm_storage_account: storageAccount,
  azurerm_mssql_database: sqlDatabase,
  azurerm_managed_disk: managedDisk,
};

function storageAccount(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const separate = ctx.companion(r, 'azurerm_storage_account_customer_managed_key');
  const inline = a.block('customer_managed_key');
  let keySource: string | undefined = 'Microsoft.Storage';
  let keyvaultproperties: Record<string, unknown> | undefined;
  if (separate) {
    keySource = 'Microsoft.Keyvault';
    const s = separate.attrs;
    keyvaultproperties = {
      keyname: t.identifier(s, 'key_name', `${separate.address}.key_name`, 'keyvaultproperties'),
      keyversion: orUndefined(s.text('key_version')),
      keyvaulturi: orUndefined(s.text('key_vault_uri')),
    };
  } else if (inline === UNKNOWN) {
    keySource = t.unknownAt('customer_managed_key', 'keySource');
  } else if (inline) {
    keySource = 'Microsoft.Keyvault';
    const keyId = t.identifier(inline, 'key_vault_key_id', 'customer_managed_key.key_vault_key_id', 'keyvaultproperties');
    const parsed = keyId ? /^(https:\/\/[^/]+)\/keys\/([^/]+)(?:\/([^/]+))?/.exec(keyId) : null;
    keyvaultproperties = parsed ? { keyvaulturi: parsed[1], keyname: parsed[2], keyversion: parsed[3] ?? '' } : { keyname: keyId };
  }
  t.assume('encryption.services: blob and file encrypted, as Azure Storage encrypts all data at rest and the setting cannot be turned off');
  const https = a.get('https_traffic_only_enabled') ?? a.get('enable_https_traffic_only');
  const publicBlobs = a.get('allow_nested_items_to_be_public') ?? a.get('allow_blob_public_access');
  const publicNetwork = a.boolean('public_network_access_enabled');
  const properties = {
    encryption: {
      services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      keySource,
      keyvaultproperties,
      requireInfrastructureEncryption: t.known(a.boolean('infrastructure_encryption_enabled'), 'infrastructure_encryption_enabled', 'requireInfrastructureEncryption') ?? false,
    },
    supportsHttpsTrafficOnly: t.known(typeof https === 'boolean' || https === UNKNOWN ? https : undefined, 'https_traffic_only_enabled', 'supportsHttpsTrafficOnly'),
    minimumTlsVersion: t.known(a.text('min_tls_version'), 'min_tls_version', 'minimumTlsVersion'),
    allowBlobPublicAccess: t.known(typeof publicBlobs === 'boolean' || publicBlobs === UNKNOWN ? publicBlobs : undefined, 'allow_nested_items_to_be_public', 'allowBlobPublicAccess'),
    allowSharedKeyAccess: t.known(a.boolean('shared_access_key_enabled'), 'shared_access_key_enabled', 'allowSharedKeyAccess'),
    publicNetworkAccess: publicNetwork === UNKNOWN ? t.known(publicNetwork, 'public_network_access_enabled', 'publicNetworkAccess') : publicNetwork === undefined ? undefined : publicNetwork ? 'Enabled' : 'Disabled',
    isHnsEnabled: orUndefined(a.boolean('is_hns_enabled')),
    accessTier: orUndefined(a.text('access_tier')),
    networkAcls: networkRules(r, t),
  };
  const tier = orUndefined(a.text('account_tier'));
  const replication = orUndefined(a.text('account_replication_type'));
  const identity = a.block('identity');
  return armResource(r, ctx, 'Microsoft.Storage/storageAccounts', properties, {
    sku: tier && replication ? { name: `${tier}_${replication}`, tier } : undefined,
    kind: orUndefined(a.text('account_kind')),
    identity: identity && identity !== UNKNOWN ? { type: orUndefined(identity.text('type')) } : undefined,
  });
}

function networkRules(r: PlannedResource, t: Translation): Record<string, unknown> | undefined {
  const rules = r.attrs.block('network_rules');
  if (rules === UNKNOWN) {
    if (r.attrs.configured('network_rules')) return t.unknownAt('network_rules', 'networkAcls');
    // Unset, a new account accepts traffic from every network.
    t.assume('networkAcls: defaultAction Allow, the default for a storage account without network rules');
    return { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] };
  }
  if (!rules) return undefined;
  const bypass = orUndefined(rules.strings('bypass'));
  const ips = orUndefined(rules.strings('ip_rules')) ?? [];
  const subnets = orUndefined(rules.strings('virtual_network_subnet_ids')) ?? [];
  return {
    defaultAction: t.known(rules.text('default_action'), 'network_rules.default_action', 'networkAcls'),
    bypass: bypass ? bypass.join(', ') : undefined,
    ipRules: ips.map((value) => ({ value, action: 'Allow' })),
    virtualNetworkRules: subnets.map((id) => ({ id, action: 'Allow' })),
  };
}

function sqlDatabase(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft[] {
  const a = r.attrs;
  const server = ctx.links.target(r, 'server_id', ['azurerm_mssql_server', 'azurerm_sql_server'], ['id']);
  const maxSize = orUndefined(a.number('max_size_gb'));
  const readScale = orUndefined(a.boolean('read_scale'));
  const properties = {
    collation: orUndefined(a.text('collation')),
    maxSizeBytes: maxSize === undefined ? undefined : maxSize * 1024 ** 3,
    zoneRedundant: orUndefined(a.boolean('zone_redundant')),
    readScale: readScale === undefined ? undefined : readScale ? 'Enabled' : 'Disabled',
    licenseType: orUndefined(a.text('license_type')),
    requestedBackupStorageRedundancy: orUndefined(a.text('storage_account_type')),
    isLedgerOn: orUndefined(a.boolean('ledger_enabled')),
    elasticPoolId: orUndefined(a.text('elastic_pool_id')),
  };
  const location = server ? orUndefined(server.attrs.text('location')) : undefined;
  const sku = orUndefined(a.text('sku_name'));
  const database = armResource(r, ctx, 'Microsoft.Sql/servers/databases', properties, { sku: sku ? { name: sku } : undefined }, location, orUndefined(a.text('server_id')));

  // TDE is a child resource in ARM; provider v3+ sets it with transparent_data_encryption_enabled (default true).
  const enabled = a.boolean('transparent_data_encryption_enabled');
  let state: string | undefined;
  if (enabled === UNKNOWN) t.noteUnknown('transparent_data_encryption_enabled', 'state');
  else if (typeof enabled === 'boolean') state = enabled ? 'Enabled' : 'Disabled';
  else if (r.action === 'create' || r.action === 'replace') {
    t.assume('transparentDataEncryption state: Enabled, as Azure SQL enables TDE on every new database');
    state = 'Enabled';
  } else t.noteUnknown('transparent_data_encryption_enabled', 'state', 'this azurerm version does not manage TDE');
  const tde: NativeDraft = {
    provider: 'azure',
    type: 'Microsoft.Sql/servers/databases/transparentDataEncryption',
    id: `${database.id}/transparentDataEncryption/current`,
    name: 'current',
    account: database.account,
    region: database.region,
    tags: {},
    config: compact({ state }),
    related: {},
  };
  return [database, tde];
}

function managedDisk(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const setId = t.identifier(a, 'disk_encryption_set_id', 'disk_encryption_set_id', 'encryption');
  if (!setId) t.assume('encryption.type: EncryptionAtRestWithPlatformKey, as Azure encrypts every managed disk with platform-managed keys by default');
  const ade = a.block('encryption_settings');
  const adeEnabled = ade === UNKNOWN ? UNKNOWN : ade ? (ade.boolean('enabled') ?? true) : undefined;
  const publicNetwork = orUndefined(a.boolean('public_network_access_enabled'));
  const zone = orUndefined(a.text('zone'));
  const zones = orUndefined(a.strings('zones'));
  const properties = {
    encryption: { type: setId ? 'EncryptionAtRestWithCustomerKey' : 'EncryptionAtRestWithPlatformKey', diskEncryptionSetId: setId },
    encryptionSettingsCollection: adeEnabled === undefined ? undefined : { enabled: t.known(adeEnabled, 'encryption_settings', 'encryptionSettingsCollection') },
    diskSizeGB: orUndefined(a.number('disk_size_gb')),
    osType: orUndefined(a.text('os_type')),
    creationData: { createOption: orUndefined(a.text('create_option')), sourceResourceId: orUndefined(a.text('source_resource_id')) },
    networkAccessPolicy: orUndefined(a.text('network_access_policy')),
    publicNetworkAccess: publicNetwork === undefined ? undefined : publicNetwork ? 'Enabled' : 'Disabled',
  };
  const sku = orUndefined(a.text('storage_account_type'));
  return armResource(r, ctx, 'Microsoft.Compute/disks', properties, { sku: sku ? { name: sku } : undefined, zones: zone ? [zone] : zones });
}

/** An ARM-shaped draft: the `id` the plan knows, else the address; subscription from the id or the provider block. */
function armResource(
  r: PlannedResource,
  ctx: PlanContext,
  type: string,
  properties: Record<string, unknown>,
  envelope: Record<string, unknown>,
  location?: string,
  parentId?: string,
): NativeDraft {
  const a = r.attrs;
  const id = orUndefined(a.text('id'));
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(id ?? parentId ?? '')?.[1] ?? ctx.providerString(r, 'subscription_id');
  const where = orUndefined(a.text('location')) ?? location;
  const resourceGroup = orUndefined(a.text('resource_group_name')) ?? /\/resourceGroups\/([^/]+)/i.exec(id ?? parentId ?? '')?.[1];
  const tags = orUndefined(a.map('tags')) ?? {};
  return {
    provider: 'azure',
    type,
    id: id ?? r.address,
    account: subscription,
    region: where ? where.toLowerCase().replace(/\s+/g, '') : undefined,
    tags,
    config: compact(properties),
    related: compact({ ...envelope, resourceGroup }),
  };
}
