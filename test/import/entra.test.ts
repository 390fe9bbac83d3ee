import { afterAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../src/import/index.js';
import type { Resource } from '../../src/inventory/resource.js';
import { caPolicy, conditionalAccessExport, keyVaultRow, registrationExport, registrationRow, securityDefaultsExport, TENANT } from '../checks/azure/rows.js';
import { decodeAll, inputError, Scratch } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const ALEX = '86462606-fde0-4fc4-9e0c-a20eb73e54c6';
const users = registrationExport([registrationRow('AlexW@Contoso.com', ALEX), registrationRow('AllanD@Contoso.com', 'c6ad1942-4afa-47f8-8d48-afb5d8d69d2f', { isMfaRegistered: false })]);

async function importDocs(docs: Record<string, unknown>) {
  const files = await Promise.all(Object.entries(docs).map(([name, doc]) => scratch.write(name, doc as object)));
  return importInputs(files);
}
const tenants = (resources: Resource[]) => resources.filter((r) => r.type === 'microsoft.graph/tenant');

describe('Microsoft Graph exports: detection by content', () => {
  it.each([
    ['security defaults', securityDefaultsExport(true), 'microsoft-graph-security-defaults', 1],
    ['conditional access policies', conditionalAccessExport([caPolicy()]), 'microsoft-graph-conditional-access', 1],
    ['conditional access, older @odata.context without identity/', { ...conditionalAccessExport([caPolicy(), caPolicy({ id: 'b2' })]), '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#conditionalAccess/policies' }, 'microsoft-graph-conditional-access', 2],
    ['user registration details (beta)', { ...users, '@odata.context': 'https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails' }, 'microsoft-graph-user-registration', 2],
    ['security defaults without @odata.context', { id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled: false }, 'microsoft-graph-security-defaults', 1],
    ['conditional access as a bare {value}', { value: [caPolicy()] }, 'microsoft-graph-conditional-access', 1],
    ['user registration as a bare array', users.value as unknown[], 'microsoft-graph-user-registration', 2],
  ])('%s', (_name, doc, format, records) => {
    const decoded = decodeAll(JSON.stringify(doc), 'graph.json');
    expect(decoded.format).toBe(format);
    expect(decoded.records).toBe(records);
  });

  it('leaves an ARM list that is empty and names no entity set to the Azure importer', () => {
    expect(decodeAll(JSON.stringify({ value: [] }))).toMatchObject({ format: 'azure-arm-list', records: 0 });
  });

  it('one resource per registration row: the user id, the UPN as name, the row as config without annotations', () => {
    const { resources } = decodeAll(JSON.stringify(users));
    expect(resources[0]).toMatchObject({ provider: 'azure', type: 'microsoft.graph/userRegistrationDetails', id: ALEX, name: 'AlexW@Contoso.com', config: { isMfaRegistered: true }, source: { format: 'microsoft-graph-user-registration', index: 0, observedAt: '2026-02-27T06:14:09.4412345Z' } });
    expect(resources[1]!.config.isMfaRegistered).toBe(false);
  });
});

describe('Microsoft Graph exports: the tenant', () => {
  it('folds security defaults and conditional access into one tenant named by the scan\'s Azure resources', async () => {
    const { resources, files } = await importDocs({
      'sd.json': securityDefaultsExport(false),
      'ca.json': conditionalAccessExport([caPolicy(), caPolicy({ id: 'c1', state: 'disabled' })]),
      'users.json': users,
      'arg.json': { count: 1, data: [keyVaultRow('kv-phi-prod')] },
    });
    expect(files.map((f) => f.format)).toEqual(['microsoft-graph-security-defaults', 'microsoft-graph-conditional-access', 'microsoft-graph-user-registration', 'azure-resource-graph']);
    const [tenant, ...others] = tenants(resources);
    expect(others).toEqual([]);
    expect(tenant).toMatchObject({ id: `/tenants/${TENANT}`, name: TENANT, config: { tenantId: TENANT }, related: { securityDefaults: { isEnabled: false, displayName: 'Security Defaults' } } });
    const policies = tenant!.related.conditionalAccessPolicies as Array<Record<string, unknown>>;
    expect(policies.map((p) => p.state)).toEqual(['enabled', 'disabled']);
    // Graph annotations are not configuration.
    expect(JSON.stringify(tenant!.related)).not.toContain('@odata');
    expect(Object.keys(tenant!.related.graphSources as object).sort()).toEqual(['conditionalAccessPolicies', 'securityDefaults']);
    // The intermediate policy records are folded away; users stay, tagged with the tenant.
    expect(resources.filter((r) => r.type.startsWith('microsoft.graph/')).map((r) => r.type).sort()).toEqual(['microsoft.graph/tenant', 'microsoft.graph/userRegistrationDetails', 'microsoft.graph/userRegistrationDetails']);
    expect(resources.find((r) => r.id === ALEX)?.related.tenantId).toBe(TENANT);
  });

  it('keeps the tenant "default" when nothing says which tenant it is, or the scan spans two', async () => {
    const alone = await importDocs({ 'sd-alone.json': securityDefaultsExport(true) });
    expect(tenants(alone.resources).map((t) => t.id)).toEqual(['/tenants/default']);
    const other = { ...keyVaultRow('kv-other'), tenantId: '6d8f0a2c-4e1b-4d3f-a5c7-9e1b3d5f7a9c' };
    const two = await importDocs({ 'sd-two.json': securityDefaultsExport(true), 'arg-two.json': { data: [keyVaultRow('kv-phi-prod'), other] } });
    expect(tenants(two.resources).map((t) => t.id)).toEqual(['/tenants/default']);
  });

  it('takes the tenant a document names itself', async () => {
    const named = '4a6c8e0b-2d4f-4a1c-8e3b-5d7f9a1c3e5b';
    const { resources } = await importDocs({ 'sd-named.json': { ...securityDefaultsExport(true), tenantId: named } });
    expect(tenants(resources).map((t) => t.id)).toEqual([`/tenants/${named}`]);
  });

  it('an exported but empty policy list is an empty list; a missing export is absent', async () => {
    const { resources } = await importDocs({ 'ca-empty.json': conditionalAccessExport([]), 'users-only.json': users });
    expect(tenants(resources)[0]!.related.conditionalAccessPolicies).toEqual([]);
    const usersOnly = await importDocs({ 'users-alone.json': users });
    expect(tenants(usersOnly.resources)[0]!.related).toEqual({});
  });

  it('records that a conditional access export is one page of several', async () => {
    const { resources } = await importDocs({ 'ca-page.json': conditionalAccessExport([caPolicy()], { '@odata.nextLink': 'https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies?$skiptoken=abc' }) });
    expect(tenants(resources)[0]!.related.conditionalAccessNextLink).toMatch(/skiptoken/);
  });

  it('reads the demo estate\'s exports as the tenant of its subscription', async () => {
    const { resources } = await importInputs(['fixtures/demo']);
    const [tenant] = tenants(resources);
    expect(tenant).toMatchObject({ id: '/tenants/b2c4e6f8-1a3c-4e5d-8f7a-9b0c1d2e3f40', related: { securityDefaults: { isEnabled: false } } });
    expect(resources.filter((r) => r.type === 'microsoft.graph/userRegistrationDetails').every((u) => u.related.tenantId === 'b2c4e6f8-1a3c-4e5d-8f7a-9b0c1d2e3f40')).toBe(true);
  });
});

describe('Microsoft Graph exports: bad input', () => {
  it('names the row and field of a policy without a state', async () => {
    const file = await scratch.write('ca-bad.json', conditionalAccessExport([caPolicy(), { ...caPolicy({ id: 'x' }), state: '' }]));
    await inputError(importInputs([file]), file, 'value[1].state');
  });

  it('rejects a registration row without an id', async () => {
    const file = await scratch.write('users-bad.json', registrationExport([{ ...registrationRow('x@clinic.example', 'x'), id: undefined }]));
    await inputError(importInputs([file]), file, 'value[0].id');
  });

  it('rejects keys that would reach an object prototype', async () => {
    const file = await scratch.write('ca-hostile.json', '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies","value":[{"id":"p","state":"enabled","conditions":{"__proto__":{"isAdmin":true}},"grantControls":null}]}');
    await inputError(importInputs([file]), file, /^value\[0\]\.conditions\.__proto__$/);
  });
});
