import { describe } from 'vitest';
import check from '../../../checks/azure/sql-server-auditing-enabled.js';
import { armChild, armExampleBody, gradesRows, sqlServerRow, SUBSCRIPTION } from './rows.js';

const server = sqlServerRow('sql-phi-prod');
const AUDITING_ID = `${String(server.id)}/auditingSettings/default`;
const auditing = (properties: Record<string, unknown> | null) => armChild(server, 'auditingSettings/default', 'Microsoft.Sql/servers/auditingSettings', properties);
const enabled = {
  state: 'Enabled',
  storageEndpoint: '',
  retentionDays: 0,
  auditActionsAndGroups: ['SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP', 'FAILED_DATABASE_AUTHENTICATION_GROUP', 'BATCH_COMPLETED_GROUP'],
  storageAccountSubscriptionId: '00000000-0000-0000-0000-000000000000',
  isStorageSecondaryKeyInUse: false,
  isAzureMonitorTargetEnabled: true,
  isManagedIdentityInUse: false,
};

// ServerBlobAuditingGet's body names server blobauditingtest-2080; grade a server row with that id.
const sample = armExampleBody('Microsoft.Sql/ServerBlobAuditingGet.json') as { id: string };
const sampleServer = { ...sqlServerRow('blobauditingtest-2080'), id: sample.id.replace(/\/auditingSettings\/default$/, '') };

describe(check.id, () => {
  gradesRows(check, [
    { name: 'auditing to Log Analytics', row: server, others: [auditing(enabled)], status: 'pass', evidence: { auditingSettingsId: AUDITING_ID, state: 'Enabled', isAzureMonitorTargetEnabled: true } },
    { name: 'auditing disabled', row: server, others: [auditing({ ...enabled, state: 'Disabled', isAzureMonitorTargetEnabled: false })], status: 'fail', evidence: { state: 'Disabled' } },
    { name: 'ServerBlobAuditingGet (2021-11-01): state Disabled', row: sampleServer, others: [sample], status: 'fail', evidence: { state: 'Disabled', retentionDays: 0, storageEndpoint: null } },
    {
      name: "only another server's auditing settings in the scan",
      row: server,
      others: [{ ...auditing(enabled), id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-other/providers/Microsoft.Sql/servers/sql-other/auditingSettings/default` }],
      status: 'error',
      evidence: { auditingSettingsId: AUDITING_ID },
    },
    { name: 'auditing record without properties', row: server, others: [auditing(null)], status: 'error', evidence: { auditingSettingsId: AUDITING_ID } },
    { name: 'a state the check does not know', row: server, others: [auditing({ ...enabled, state: 'Paused' })], status: 'error', evidence: { state: 'Paused' } },
  ]);
});
