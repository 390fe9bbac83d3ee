import { describe, expect, it } from 'vitest';
import diskCmk from '../../checks/azure/managed-disk-cmk.js';
import diskEncrypted from '../../checks/azure/managed-disk-encrypted.js';
import tdeEnabled from '../../checks/azure/sql-database-tde-enabled.js';
import storageCmk from '../../checks/azure/storage-account-cmk.js';
import storageEncrypted from '../../checks/azure/storage-account-encrypted.js';
import secureTransfer from '../../checks/azure/storage-account-secure-transfer.js';
import { constant, grade, imported, only, plan, refs, type PlanResource } from './terraform-plan-builder.js';

/** azurerm resources become ARM resources (`properties` as `config`), graded by the Azure checks. */

const SUB = '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-phi`;

const account = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
  address: 'azurerm_storage_account.phi',
  values: { name: 'stphiprod01', resource_group_name: 'rg-phi', location: 'East US 2', account_tier: 'Standard', account_replication_type: 'GRS', account_kind: 'StorageV2', min_tls_version: 'TLS1_2', https_traffic_only_enabled: true, allow_nested_items_to_be_public: false, infrastructure_encryption_enabled: false, customer_managed_key: [], tags: { ephi: 'true' }, ...values },
  unknown: { id: true, primary_blob_endpoint: true, network_rules: true, identity: true, ...unknown },
  expressions,
});

describe('azurerm_storage_account → Microsoft.Storage/storageAccounts', () => {
  it('passes encryption at rest: Azure Storage always encrypts blob and file data, and the finding says it was assumed', () => {
    const f = grade(plan([account({})]), storageEncrypted);
    expect(f).toMatchObject({ status: 'pass', evidence: { servicesEncrypted: { blob: true, file: true }, keySource: 'Microsoft.Storage' }, resource: { id: 'azurerm_storage_account.phi', name: 'azurerm_storage_account.phi', region: 'eastus2' }, ephi: true });
    expect(f.source.terraform?.assumed?.join(' ')).toMatch(/cannot be turned off/);
  });

  it('reads a customer-managed key from the inline block (strict profile: pass) and Microsoft-managed keys as a strict fail', () => {
    const cmk = account({ customer_managed_key: [{ key_vault_key_id: 'https://kv-phi.vault.azure.net/keys/storage/0682afdd9c104f4285df20107e956cad', user_assigned_identity_id: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-st` }] });
    expect(grade(plan([cmk]), storageCmk)).toMatchObject({ status: 'pass', evidence: { keySource: 'Microsoft.Keyvault', keyName: 'storage', keyVaultUri: 'https://kv-phi.vault.azure.net' } });
    expect(grade(plan([account({})]), storageCmk)).toMatchObject({ status: 'fail', evidence: { keySource: 'Microsoft.Storage' } });
  });

  it('merges azurerm_storage_account_customer_managed_key, linked by its storage_account_id reference', () => {
    const key: PlanResource = { address: 'azurerm_storage_account_customer_managed_key.phi', values: { key_name: 'storage', key_version: null }, unknown: { id: true, storage_account_id: true, key_vault_id: true }, expressions: { storage_account_id: refs('azurerm_storage_account.phi.id', 'azurerm_storage_account.phi') } };
    expect(grade(plan([account({}), key]), storageCmk)).toMatchObject({ status: 'pass', evidence: { keySource: 'Microsoft.Keyvault', keyName: 'storage' } });
  });

  it('is undecided, naming the address, when the key source is known only after apply', () => {
    const f = grade(plan([account({ customer_managed_key: undefined }, { customer_managed_key: true }, { customer_managed_key: [{ key_vault_key_id: refs('var.key') }] })]), storageCmk);
    expect(f.status).toBe('error');
    expect(f.reason).toContain('Terraform knows customer_managed_key of azurerm_storage_account.phi only after apply.');
  });

  it('reads secure transfer under both provider spellings (enable_https_traffic_only before azurerm 4)', () => {
    expect(grade(plan([account({ https_traffic_only_enabled: undefined, enable_https_traffic_only: false })]), secureTransfer)).toMatchObject({ status: 'fail', evidence: { supportsHttpsTrafficOnly: false } });
    expect(grade(plan([account({})]), secureTransfer)).toMatchObject({ status: 'pass', evidence: { supportsHttpsTrafficOnly: true } });
  });

  it('uses the real resource id, subscription and resource group of an existing account', () => {
    const id = `${RG}/providers/Microsoft.Storage/storageAccounts/stphiprod01`;
    const r = only(imported(plan([{ ...account({ id }), actions: ['no-op'], unknown: {} }])), 'Microsoft.Storage/storageAccounts');
    expect(r).toMatchObject({ id, account: SUB, related: { sku: { name: 'Standard_GRS', tier: 'Standard' }, kind: 'StorageV2', resourceGroup: 'rg-phi' } });
  });
});

describe('azurerm_mssql_database → Microsoft.Sql/servers/databases and its transparentDataEncryption/current child', () => {
  const server: PlanResource = { address: 'azurerm_mssql_server.main', values: { name: 'sql-lumen', location: 'eastus2', version: '12.0' }, unknown: { id: true } };
  const database = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, actions?: string[]): PlanResource => ({
    address: 'azurerm_mssql_database.claims',
    values: { name: 'sqldb-claims', sku_name: 'S0', collation: 'SQL_Latin1_General_CP1_CI_AS', max_size_gb: 10, ...values },
    unknown: { id: true, server_id: true, ...unknown },
    expressions: { server_id: refs('azurerm_mssql_server.main.id', 'azurerm_mssql_server.main') },
    ...(actions ? { actions } : {}),
  });
  it.each([
    { title: 'transparent_data_encryption_enabled = true passes', d: database({ transparent_data_encryption_enabled: true }), status: 'pass', state: 'Enabled' },
    { title: 'transparent_data_encryption_enabled = false fails', d: database({ transparent_data_encryption_enabled: false }), status: 'fail', state: 'Disabled' },
    { title: 'an azurerm version without the attribute passes a new database (Azure enables TDE on every new one)', d: database({}), status: 'pass', state: 'Enabled' },
  ])('$title', ({ d, status, state }) => {
    const f = grade(plan([server, d]), tdeEnabled);
    expect(f).toMatchObject({ status, evidence: { state, transparentDataEncryptionId: 'azurerm_mssql_database.claims/transparentDataEncryption/current' }, resource: { name: 'azurerm_mssql_database.claims', region: 'eastus2' } });
  });

  it('is undecided, naming the address, when TDE is known only after apply', () => {
    const f = grade(plan([server, database({}, { transparent_data_encryption_enabled: true })]), tdeEnabled);
    expect(f.status).toBe('error');
    expect(f.reason).toContain('transparent_data_encryption_enabled of azurerm_mssql_database.claims only after apply');
  });

  it('is undecided for an existing database when this azurerm version does not manage TDE', () => {
    const id = `${RG}/providers/Microsoft.Sql/servers/sql-lumen/databases/sqldb-claims`;
    const existing = { ...database({ id, server_id: `${RG}/providers/Microsoft.Sql/servers/sql-lumen` }, {}, ['no-op']), unknown: {} };
    const f = grade(plan([server, existing]), tdeEnabled);
    expect(f).toMatchObject({ status: 'error', resource: { id, account: SUB } });
    expect(f.reason).toContain('(this azurerm version does not manage TDE)');
  });
});

describe('azurerm_managed_disk → Microsoft.Compute/disks', () => {
  const disk = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
    address: 'azurerm_managed_disk.archive',
    values: { name: 'disk-archive', location: 'eastus2', resource_group_name: 'rg-phi', storage_account_type: 'Premium_LRS', create_option: 'Empty', disk_size_gb: 512, ...values },
    unknown: { id: true, ...unknown },
    expressions,
  });
  const des: PlanResource = { address: 'azurerm_disk_encryption_set.phi', values: { name: 'des-phi' }, unknown: { id: true } };

  it('passes with platform-managed keys (the default) and fails the strict customer-key check', () => {
    expect(grade(plan([disk({})]), diskEncrypted)).toMatchObject({ status: 'pass', evidence: { encryptionType: 'EncryptionAtRestWithPlatformKey' } });
    expect(grade(plan([disk({})]), diskCmk)).toMatchObject({ status: 'fail', evidence: { encryptionType: 'EncryptionAtRestWithPlatformKey' } });
  });

  it('reads a disk encryption set the plan creates as a customer-managed key, named by its address', () => {
    const doc = plan([disk({}, { disk_encryption_set_id: true }, { disk_encryption_set_id: refs('azurerm_disk_encryption_set.phi.id', 'azurerm_disk_encryption_set.phi') }), des]);
    expect(grade(doc, diskCmk)).toMatchObject({ status: 'pass', evidence: { encryptionType: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: 'azurerm_disk_encryption_set.phi' } });
  });

  it('uses a known disk encryption set id as it is', () => {
    const setId = `${RG}/providers/Microsoft.Compute/diskEncryptionSets/des-phi`;
    expect(grade(plan([disk({ disk_encryption_set_id: setId })]), diskEncrypted)).toMatchObject({ status: 'pass', evidence: { diskEncryptionSetId: setId } });
  });

  it('is not graded when the plan deletes it', () => {
    const doc = plan([{ ...disk({ id: `${RG}/providers/Microsoft.Compute/disks/disk-archive` }), actions: ['delete'] }, { ...account({}), address: 'azurerm_storage_account.keep' }]);
    expect(imported(doc).map((r) => r.type)).toEqual(['Microsoft.Storage/storageAccounts']);
  });

  it('takes the subscription from the provider block when no id is known yet', () => {
    const r = only(imported(plan([disk({})], { providers: { azurerm: { name: 'azurerm', expressions: { subscription_id: constant(SUB) } } } })), 'Microsoft.Compute/disks');
    expect(r.account).toBe(SUB);
  });
});
