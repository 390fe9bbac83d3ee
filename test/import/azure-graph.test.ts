import { afterAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../src/import/index.js';
import type { Resource } from '../../src/inventory/resource.js';
import { byId, decodeAll, importedOnly, readJson, sample, sampleFiles, Scratch, synthesizedAzureSubscription, synthesizedOnly, withoutSource } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

type Row = Record<string, unknown> & { id: string; type: string };

/** The samples are REST spec examples; the payload safeguard reads is the 200 response's body. */
async function responseBody(rel: string): Promise<Record<string, unknown>> {
  const example = (await readJson(sample(rel))) as { responses: Record<string, { body?: Record<string, unknown> }> };
  const body = example.responses['200']?.body;
  if (!body) throw new Error(`${rel} has no 200 body`);
  return body;
}

async function importBody(rel: string, body: unknown = undefined) {
  const file = await scratch.write(rel.replace(/\W+/g, '_'), body ?? (await responseBody(rel)));
  return { file, inventory: await importInputs([file]) };
}

const SUB = 'cfbbd179-59d2-4052-aa06-9270a38aa9d6';

/**
 * Each sample body as it is written to disk: a Resource Graph answer or an ARM GET body; and the
 * subscription the import adds (synthesized) for resources of a subscription without its own row.
 * A `{subscription-id}` placeholder is no subscription id: no subscription is added for it.
 */
const EXPECTED: Record<string, { format: string; resources: Array<Partial<Resource> & { id: string }>; subscription: string | undefined }> = {
  'azure/resource-graph/ResourcesBasicQuery.2024-04-01.json': {
    format: 'azure-resource-graph',
    resources: [
      { id: `/subscriptions/${SUB}/resourceGroups/RG1/providers/Microsoft.Network/networkInterfaces/myNetworkInterface`, type: 'microsoft.network/networkinterfaces', name: 'myNetworkInterface', region: 'centralus', tags: { tag1: 'Value1' }, account: SUB },
      { id: `/subscriptions/${SUB}/resourceGroups/RG2/providers/Microsoft.Network/virtualNetworks/myVnet`, type: 'microsoft.network/virtualnetworks', name: 'myVnet', region: 'westus', tags: {}, account: SUB },
      { id: `/subscriptions/${SUB}/resourceGroups/RG2/providers/Microsoft.Network/publicIPAddresses/myPublicIp`, type: 'microsoft.network/publicipaddresses', name: 'myPublicIp', region: 'westus', tags: {}, account: SUB },
    ],
    subscription: SUB,
  },
  'azure/resource-graph/ResourcesFirstPageQuery.2024-04-01.json': {
    format: 'azure-resource-graph',
    resources: [
      { id: `/subscriptions/${SUB}/resourceGroups/RG1/providers/Microsoft.Compute/disks/yetanothertest_OsDisk_1_f396cbcb625a457bb69fe2abf5975820`, type: 'microsoft.compute/disks', name: 'yetanothertest_OsDisk_1_f396cbcb625a457bb69fe2abf5975820', region: 'eastus', tags: {}, account: SUB },
      { id: `/subscriptions/${SUB}/resourceGroups/RG2/providers/Microsoft.Automation/automationAccounts/TestAA`, type: 'microsoft.automation/automationaccounts', name: 'TestAA', region: 'westcentralus', tags: {}, account: SUB },
      { id: `/subscriptions/${SUB}/resourceGroups/RG2/providers/Microsoft.Automation/automationAccounts/TestAA/runbooks/TestRB`, type: 'microsoft.automation/automationaccounts/runbooks', name: 'TestRB', region: 'westcentralus', tags: {}, account: SUB },
    ],
    subscription: SUB,
  },
  'azure/arm-rest-examples/Microsoft.KeyVault/getVault.json': {
    format: 'azure-resource',
    resources: [
      { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.KeyVault/vaults/sample-vault', type: 'Microsoft.KeyVault/vaults', name: 'sample-vault', region: 'westus', tags: {}, account: '00000000-0000-0000-0000-000000000000' },
    ],
    subscription: '00000000-0000-0000-0000-000000000000',
  },
  'azure/arm-rest-examples/Microsoft.Sql/ServerBlobAuditingGet.json': {
    format: 'azure-resource',
    resources: [
      { id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/blobauditingtest-6852/providers/Microsoft.Sql/servers/blobauditingtest-2080/auditingSettings/default', type: 'Microsoft.Sql/servers/auditingSettings', name: 'default', region: undefined, tags: {}, account: '00000000-1111-2222-3333-444444444444' },
    ],
    subscription: '00000000-1111-2222-3333-444444444444',
  },
  'azure/arm-rest-examples/Microsoft.Sql/ServerGet.json': {
    format: 'azure-resource',
    resources: [
      { id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/sqlcrudtest-7398/providers/Microsoft.Sql/servers/sqlcrudtest-4645', type: 'Microsoft.Sql/servers', name: 'sqlcrudtest-4645', region: 'japaneast', tags: { tagKey1: 'TagValue1' }, account: '00000000-1111-2222-3333-444444444444' },
    ],
    subscription: '00000000-1111-2222-3333-444444444444',
  },
  'azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetProperties.json': {
    format: 'azure-resource',
    resources: [
      // The spec leaves the subscription id as a placeholder.
      { id: '/subscriptions/{subscription-id}/resourceGroups/res9407/providers/Microsoft.Storage/storageAccounts/sto8596', type: 'Microsoft.Storage/storageAccounts', name: 'sto8596', region: 'eastus2(stage)', tags: { key1: 'value1', key2: 'value2' }, account: '{subscription-id}' },
    ],
    subscription: undefined,
  },
  'azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json': {
    format: 'azure-resource',
    resources: [
      { id: '/subscriptions/{subscription-id}/resourceGroups/res9407/providers/Microsoft.Storage/storageAccounts/sto8596', type: 'Microsoft.Storage/storageAccounts', name: 'sto8596', region: 'eastus2(stage)', tags: { key1: 'value1', key2: 'value2' }, account: '{subscription-id}' },
    ],
    subscription: undefined,
  },
  'azure/arm-rest-examples/Microsoft.Web/GetWebApp.json': {
    format: 'azure-resource',
    resources: [
      { id: '/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.Web/sites/sitef6141', type: 'Microsoft.Web/sites', name: 'sitef6141', region: 'eastus', tags: {}, account: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345' },
    ],
    subscription: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
  },
};

describe('Azure samples: every file (the 200 body, written out and imported)', async () => {
  const files = await sampleFiles('azure');

  it('has an expectation for every sample file and no other', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', async (rel) => {
    const expected = EXPECTED[rel]!;
    const body = await responseBody(rel);
    const { file, inventory } = await importBody(rel, body);
    const rows = (expected.format === 'azure-resource' ? [body] : (body.data as Row[])) as Row[];
    expect(inventory.files).toEqual([{ file, format: expected.format, records: rows.length }]);
    expect(inventory.superseded).toBe(0);
    const imported = importedOnly(inventory.resources);
    expect(imported).toHaveLength(expected.resources.length);
    expect(synthesizedOnly(inventory.resources)).toEqual(expected.subscription === undefined ? [] : [synthesizedAzureSubscription(expected.subscription, file)]);
    imported.forEach((r, i) => {
      const { region, ...want } = expected.resources[i]!;
      expect(r).toMatchObject({ provider: 'azure', ...want });
      expect(r.region).toBe(region);
      expect(r.config).toEqual(rows[i]!.properties ?? {});
      expect(r.related.propertiesMissing).toBe(rows[i]!.properties ? undefined : true);
      expect(r.source).toEqual(expected.format === 'azure-resource' ? { format: expected.format, file } : { format: expected.format, file, index: i });
    });

    // The same rows as a bare array and as an ARM list decode to the same resources.
    const array = await importBody(`${rel}.array`, rows);
    const list = await importBody(`${rel}.list`, { value: rows });
    expect(array.inventory.files[0]!.format).toBe('azure-resources-json');
    expect(list.inventory.files[0]!.format).toBe('azure-arm-list');
    for (const other of [array, list]) expect(other.inventory.resources.map(withoutSource)).toEqual(inventory.resources.map(withoutSource));
  });
});

describe('Azure samples: decoded facts', () => {
  it('storage account: properties are the config; sku, kind and identity go to related', async () => {
    const plain = (await importBody('azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetProperties.json')).inventory.resources[0]!;
    expect(plain.config).toMatchObject({ supportsHttpsTrafficOnly: false, encryption: { keySource: 'Microsoft.Storage' }, networkAcls: { defaultAction: 'Allow' } });
    expect(plain.config).not.toHaveProperty('minimumTlsVersion');
    expect(plain.related).toEqual({ sku: { name: 'Standard_GRS', tier: 'Standard' }, kind: 'Storage' });

    const cmk = (await importBody('azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json')).inventory.resources[0]!;
    expect(cmk.config).toMatchObject({ encryption: { keySource: 'Microsoft.Keyvault', keyvaultproperties: { keyname: 'wrappingKey', keyvaulturi: 'https://myvault8569.vault.azure.net' } } });
    expect(cmk.related.identity).toEqual({ principalId: '911871cc-ffd1-4fc4-ac11-7a316433ea66', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', type: 'SystemAssigned' });
  });

  it('SQL server, its auditing settings, key vault and web app keep their native fields', async () => {
    const server = (await importBody('azure/arm-rest-examples/Microsoft.Sql/ServerGet.json')).inventory.resources[0]!;
    expect(server.config).toMatchObject({ publicNetworkAccess: 'Enabled', version: '12.0', state: 'Ready' });
    expect(server.config).not.toHaveProperty('minimalTlsVersion');
    expect(server.related).toEqual({ kind: 'v12.0' });

    const auditing = (await importBody('azure/arm-rest-examples/Microsoft.Sql/ServerBlobAuditingGet.json')).inventory.resources[0]!;
    expect(auditing.config).toMatchObject({ state: 'Disabled', retentionDays: 0, auditActionsAndGroups: [] });

    const vault = (await importBody('azure/arm-rest-examples/Microsoft.KeyVault/getVault.json')).inventory.resources[0]!;
    expect(vault.config).toMatchObject({ publicNetworkAccess: 'Enabled', enabledForDiskEncryption: true, sku: { family: 'A', name: 'standard' } });
    expect(vault.config).not.toHaveProperty('enableSoftDelete');
    expect(vault.config).not.toHaveProperty('enablePurgeProtection');

    const site = (await importBody('azure/arm-rest-examples/Microsoft.Web/GetWebApp.json')).inventory.resources[0]!;
    expect(site.config).toMatchObject({ httpsOnly: false, clientCertEnabled: false, siteConfig: { minTlsVersion: '1.2', ftpsState: 'AllAllowed', httpLoggingEnabled: false } });
    expect(site.related).toEqual({ kind: 'app' });
  });

  it('Resource Graph rows keep the lower-case type; ARM bodies the canonical one; one resource either way', async () => {
    const graph = (await importBody('azure/resource-graph/ResourcesFirstPageQuery.2024-04-01.json')).inventory.resources[0]!;
    expect(graph.type).toBe('microsoft.compute/disks');
    const server = await responseBody('azure/arm-rest-examples/Microsoft.Sql/ServerGet.json');
    const argRow = { ...server, id: (server.id as string).toLowerCase(), type: 'microsoft.sql/servers', subscriptionId: '00000000-1111-2222-3333-444444444444', resourceGroup: 'sqlcrudtest-7398' };
    const argFile = await scratch.write('arg-server.json', { totalRecords: 1, count: 1, data: [argRow], facets: [], resultTruncated: 'false' });
    const armFile = await scratch.write('arm-server.json', server);
    const both = await importInputs([argFile, armFile]);
    expect(both.superseded).toBe(1);
    expect(importedOnly(both.resources)).toHaveLength(1);
    expect(importedOnly(both.resources)[0]).toMatchObject({ type: 'Microsoft.Sql/servers', id: server.id, source: { file: armFile } });
    // The server's subscription has no row of its own: one is added, from the file of the server kept.
    expect(synthesizedOnly(both.resources)).toEqual([synthesizedAzureSubscription('00000000-1111-2222-3333-444444444444', armFile)]);
    const other = await importInputs([armFile, argFile]);
    expect(importedOnly(other.resources)).toHaveLength(1);
    expect(importedOnly(other.resources)[0]).toMatchObject({ type: 'microsoft.sql/servers', related: { resourceGroup: 'sqlcrudtest-7398' } });
    expect(synthesizedOnly(other.resources)).toEqual([synthesizedAzureSubscription('00000000-1111-2222-3333-444444444444', argFile)]);
  });

  it('the two storage-account examples describe one account: importing both keeps the later file', async () => {
    const a = await importBody('azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetProperties.json');
    const b = await importBody('azure/arm-rest-examples/Microsoft.Storage/StorageAccountGetPropertiesCMKEnabled.json');
    const both = await importInputs([a.file, b.file]);
    expect(both.superseded).toBe(1);
    expect(both.resources).toHaveLength(1);
    expect(both.resources[0]!.source.file).toBe(b.file);
    expect((both.resources[0]!.config.encryption as { keySource: string }).keySource).toBe('Microsoft.Keyvault');
  });
});

describe('Azure: every container format decodes the same rows identically', () => {
  async function rows(): Promise<Row[]> {
    const basic = (await responseBody('azure/resource-graph/ResourcesBasicQuery.2024-04-01.json')).data as Row[];
    const server = (await responseBody('azure/arm-rest-examples/Microsoft.Sql/ServerGet.json')) as Row;
    return [...basic, server];
  }

  it('{data:[...]}, a bare array, the table format, {value:[...]} and NDJSON', async () => {
    const all = await rows();
    const columns = ['id', 'name', 'type', 'location', 'tags', 'kind', 'properties'];
    const table = { totalRecords: all.length, count: all.length, data: { columns: columns.map((name) => ({ name, type: 'string' })), rows: all.map((r) => columns.map((c) => r[c])) } };
    const ndjson = all.map((r) => JSON.stringify(r)).join('\n');
    const decoded = {
      graph: decodeAll(JSON.stringify({ count: all.length, data: all, facets: [] }), 'graph.json'),
      array: decodeAll(JSON.stringify(all), 'array.json'),
      table: decodeAll(JSON.stringify(table), 'table.json'),
      list: decodeAll(JSON.stringify({ value: all, nextLink: null }), 'list.json'),
      ndjson: decodeAll(ndjson, 'rows.ndjson'),
    };
    expect(Object.values(decoded).map((d) => d.format)).toEqual(['azure-resource-graph', 'azure-resources-json', 'azure-resource-graph-table', 'azure-arm-list', 'azure-resources-ndjson']);
    const expected = decoded.graph.resources.map(withoutSource);
    expect(expected).toHaveLength(4);
    // Absent columns are null in the table format; null and absent decode alike.
    for (const d of Object.values(decoded)) expect(d.resources.map(withoutSource)).toEqual(expected);
    expect(decoded.ndjson.resources.map((r) => r.source.line)).toEqual([1, 2, 3, 4]);
    expect(decoded.table.resources.map((r) => r.source.index)).toEqual([0, 1, 2, 3]);
    expect(byId(decoded.list.resources, all[3]!.id)).toMatchObject({ type: 'Microsoft.Sql/servers', related: { kind: 'v12.0' }, config: { publicNetworkAccess: 'Enabled' } });
  });

  it('a full Resource Graph row: subscriptionId, resourceGroup, tenantId and properties', () => {
    const row = {
      id: '/subscriptions/2f3e4d5c-0000-4000-8000-000000000001/resourceGroups/phi/providers/Microsoft.Compute/disks/os-disk',
      name: 'os-disk',
      type: 'microsoft.compute/disks',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      kind: '',
      location: 'eastus',
      resourceGroup: 'phi',
      subscriptionId: '2f3e4d5c-0000-4000-8000-000000000001',
      managedBy: '/subscriptions/2f3e4d5c-0000-4000-8000-000000000001/resourceGroups/phi/providers/Microsoft.Compute/virtualMachines/vm1',
      sku: { name: 'Premium_LRS', tier: 'Premium' },
      plan: null,
      properties: { encryption: { type: 'EncryptionAtRestWithPlatformKey' }, diskState: 'Attached' },
      tags: { data: 'phi', owner: null },
      identity: null,
      zones: ['1'],
      extendedLocation: null,
    };
    const r = decodeAll(JSON.stringify({ data: [row] })).resources[0]!;
    expect(r).toMatchObject({ account: row.subscriptionId, region: 'eastus', tags: { data: 'phi', owner: '' }, config: row.properties });
    expect(r.related).toEqual({ sku: row.sku, kind: '', managedBy: row.managedBy, zones: ['1'], resourceGroup: 'phi', tenantId: row.tenantId });
  });

  it('a row without a name takes the last segment of its id', () => {
    const r = decodeAll(JSON.stringify([{ id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/srv/databases/db1/transparentDataEncryption/current', type: 'Microsoft.Sql/servers/databases/transparentDataEncryption', properties: { state: 'Enabled' } }])).resources[0]!;
    expect(r).toMatchObject({ name: 'current', account: 's', config: { state: 'Enabled' } });
  });

  it('unknown resource types are kept, not dropped', async () => {
    const file = await scratch.write('unknown-type.json', {
      data: [{ id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.HealthcareApis/workspaces/w/fhirservices/f', type: 'microsoft.healthcareapis/workspaces/fhirservices', name: 'w/f', properties: {} }],
    });
    const inventory = await importInputs([file]);
    expect(inventory.resources).toHaveLength(1);
    expect(inventory.resources[0]).toMatchObject({ type: 'microsoft.healthcareapis/workspaces/fhirservices', name: 'w/f' });
  });
});

describe('Azure child resources and az CLI output', () => {
  const db = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db1';

  it('gives a TDE record listed under its database id its own child id, so it cannot replace the database', async () => {
    const { decodeFile } = await import('../../src/import/index.js');
    const got: import('../../src/inventory/resource.js').Resource[] = [];
    decodeFile(JSON.stringify({ value: [{ id: db, name: 'current', type: 'Microsoft.Sql/servers/databases/transparentDataEncryption', properties: { state: 'Enabled' } }] }), 'tde.json', (r) => got.push(r));
    expect(got[0]?.id).toBe(`${db}/transparentDataEncryption/current`);
  });

  it('reads the flattened shape `az sql db tde show` prints (no properties object)', async () => {
    const { decodeFile } = await import('../../src/import/index.js');
    const got: import('../../src/inventory/resource.js').Resource[] = [];
    decodeFile(JSON.stringify({ id: `${db}/transparentDataEncryption/current`, name: 'current', resourceGroup: 'rg', state: 'Disabled', type: 'Microsoft.Sql/servers/databases/transparentDataEncryption' }), 'tde.json', (r) => got.push(r));
    expect(got[0]?.config).toEqual({ state: 'Disabled' });
    expect(got[0]?.related.propertiesMissing).toBeUndefined();
  });
});
