import { describe, expect, it } from 'vitest';
import check from '../../../checks/azure/sql-database-tde-enabled.js';
import { ScanContext } from '../../../src/engine/context.js';
import { decodeFile } from '../../../src/import/index.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { argRow, gradesRows, RESOURCE_GROUP, SUBSCRIPTION } from './rows.js';

const TYPE = 'Microsoft.Sql/servers/databases';
const SERVER = 'Microsoft.Sql/servers/sql-phi-prod';

function database(name: string): Record<string, unknown> {
  return argRow(
    TYPE,
    `${SERVER}/databases/${name}`,
    {
      collation: 'SQL_Latin1_General_CP1_CI_AS',
      maxSizeBytes: 268435456000,
      status: 'Online',
      databaseId: '6b2f1c8e-4a3d-4e7b-9c5f-2d1a8e7b3c40',
      creationDate: '2024-01-22T16:45:12.387Z',
      currentServiceObjectiveName: 'S3',
      requestedServiceObjectiveName: 'S3',
      defaultSecondaryLocation: 'centralus',
      catalogCollation: 'SQL_Latin1_General_CP1_CI_AS',
      zoneRedundant: false,
      readScale: 'Disabled',
      currentSku: { name: 'Standard', tier: 'Standard', capacity: 100 },
      currentBackupStorageRedundancy: 'Geo',
      requestedBackupStorageRedundancy: 'Geo',
      isLedgerOn: false,
    },
    { kind: 'v12.0,user', managedBy: '', sku: { name: 'Standard', tier: 'Standard', capacity: 100 } },
  );
}

/** The database's TDE child as ARM returns it (`GET …/transparentDataEncryption/current`, canonical case). */
function tde(databaseName: string, properties: Record<string, unknown> | null): Record<string, unknown> {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${SERVER}/databases/${databaseName}/transparentDataEncryption/current`,
    name: 'current',
    type: 'Microsoft.Sql/servers/databases/transparentDataEncryption',
    ...(properties ? { properties } : {}),
  };
}

const patients = database('patients');
const TDE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/${SERVER}/databases/patients/transparentDataEncryption/current`;

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'TDE enabled (api-version 2021-11-01 `state`)',
      row: patients,
      others: [tde('patients', { state: 'Enabled' })],
      status: 'pass',
      evidence: { state: 'Enabled', transparentDataEncryptionId: TDE_ID },
    },
    {
      name: 'TDE enabled (api-version 2014-04-01 `status`)',
      row: patients,
      others: [tde('patients', { status: 'Enabled' })],
      status: 'pass',
      evidence: { state: 'Enabled' },
    },
    {
      name: 'database row and TDE record spell the resource group in different case',
      row: { ...patients, id: (patients.id as string).replace(RESOURCE_GROUP, RESOURCE_GROUP.toUpperCase()) },
      others: [tde('patients', { state: 'Enabled' })],
      status: 'pass',
      evidence: { state: 'Enabled' },
    },
    {
      name: 'TDE disabled',
      row: patients,
      others: [tde('patients', { state: 'Disabled' })],
      status: 'fail',
      evidence: { state: 'Disabled', transparentDataEncryptionId: TDE_ID },
    },
    {
      name: 'TDE disabled, legacy `status`',
      row: patients,
      others: [tde('patients', { status: 'Disabled' })],
      status: 'fail',
      evidence: { state: 'Disabled' },
    },
    {
      name: 'the master database',
      row: database('master'),
      status: 'not_applicable',
      evidence: { databaseName: 'master' },
    },
    {
      name: 'no TDE record in the scan',
      row: patients,
      others: [tde('billing', { state: 'Enabled' })],
      status: 'error',
      evidence: { transparentDataEncryptionId: TDE_ID },
    },
    {
      name: 'TDE record without properties',
      row: patients,
      others: [tde('patients', null)],
      status: 'error',
      evidence: { transparentDataEncryptionId: TDE_ID },
    },
    {
      name: 'TDE record with a state the check does not know',
      row: patients,
      others: [tde('patients', { state: 'Suspended' })],
      status: 'error',
      evidence: { state: 'Suspended' },
    },
  ]);

  it('grades a database whose TDE state came in as an ARM list export ({ value: [...] })', () => {
    const resources: Resource[] = [];
    const text = JSON.stringify({ value: [tde('patients', { state: 'Disabled' })] });
    decodeFile(JSON.stringify({ data: [patients] }), 'databases.json', (r) => resources.push(r));
    decodeFile(text, 'tde.json', (r) => resources.push(r));
    const db = resources.find((r) => r.type.toLowerCase() === TYPE.toLowerCase())!;
    expect(check.evaluate(db, new ScanContext(resources))).toMatchObject({ status: 'fail', evidence: { state: 'Disabled' } });
  });
});
