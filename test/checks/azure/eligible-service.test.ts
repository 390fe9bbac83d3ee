import { describe, expect, it } from 'vitest';
import check from '../../../checks/azure/eligible-service.js';
import { ScanContext } from '../../../src/engine/context.js';
import { fromArgRow } from '../../support/resources.js';
import { mappingsWith, testList } from '../../support/mappings.js';
import { argRow, gradesRows, resourceGraphRows } from './rows.js';

const PACKAGED = { listStatus: 'unavailable', source: 'https://learn.microsoft.com/azure/compliance/offerings/cloud-services-in-audit-scope' };
const [nic, vnet] = resourceGraphRows('ResourcesBasicQuery.2024-04-01.json');

describe('azure-eligible-service, with the packaged list (not transcribed)', () => {
  gradesRows(check, [
    {
      name: 'a storage account tagged data-classification=phi is undecided: check the BAA scope by hand',
      row: argRow('Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/stphirecords01', { supportsHttpsTrafficOnly: true }),
      status: 'error',
      evidence: { resourceType: 'microsoft.storage/storageaccounts', ...PACKAGED },
    },
    {
      name: 'a network interface from a real Resource Graph response, not tagged as holding ePHI, is not applicable',
      row: nic,
      status: 'not_applicable',
      evidence: { resourceType: 'microsoft.network/networkinterfaces', ...PACKAGED },
    },
    {
      name: 'a storage account tagged confidential (not ePHI) is not applicable',
      row: argRow('Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/stdiag01', {}, { tags: { 'data-classification': 'confidential' } }),
      status: 'not_applicable',
      evidence: { listStatus: 'unavailable' },
    },
  ]);

  it('says why it decides nothing, in the words a person acts on', () => {
    const row = fromArgRow(argRow('Microsoft.Sql/servers/databases', 'Microsoft.Sql/servers/sql-records/databases/claims', { status: 'Online' }));
    const verdict = check.evaluate(row, new ScanContext([row]));
    expect(verdict.reason).toBe("The eligible-service list for Azure is not transcribed yet; check the BAA's scope by hand for this resource, which is tagged as holding ePHI.");
  });
});

describe('azure-eligible-service, once a list is transcribed', () => {
  const mappings = mappingsWith({
    'eligible-services/azure.yaml': testList('azure', [
      { service: 'Azure Storage', namespaces: ['Microsoft.Storage'] },
      { service: 'Azure SQL Database', namespaces: ['Microsoft.Sql/servers'] },
    ]),
  });
  const grade = (row: unknown) => {
    const resource = fromArgRow(row);
    return check.evaluate(resource, new ScanContext([resource], 'default', { mappings }));
  };

  it('passes a type of a listed namespace, matching Resource Graph\'s lower-case type', () => {
    expect(grade(argRow('Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/stphirecords01', {}))).toMatchObject({
      status: 'pass',
      evidence: { resourceType: 'microsoft.storage/storageaccounts', service: 'Azure Storage', matched: 'Microsoft.Storage', listDate: '2026-01-31' },
    });
  });

  it('passes a child type under its listed parent type', () => {
    expect(grade(argRow('Microsoft.Sql/servers/databases', 'Microsoft.Sql/servers/sql-records/databases/claims', {}))).toMatchObject({
      status: 'pass',
      evidence: { service: 'Azure SQL Database', matched: 'Microsoft.Sql/servers' },
    });
  });

  it('fails a type no listed service covers (a real Resource Graph row)', () => {
    expect(grade(vnet)).toMatchObject({ status: 'fail', evidence: { resourceType: 'microsoft.network/virtualnetworks', service: null, listDate: '2026-01-31' } });
  });

  it('does not take a sibling type of the same provider for the listed one (Microsoft.Sql/managedInstances)', () => {
    expect(grade(argRow('Microsoft.Sql/managedInstances', 'Microsoft.Sql/managedInstances/mi-records', {}))).toMatchObject({ status: 'fail' });
  });
});
