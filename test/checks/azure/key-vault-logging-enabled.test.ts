import { describe } from 'vitest';
import check from '../../../checks/azure/key-vault-logging-enabled.js';
import { argRow, armExampleBody, diagnosticSetting, gradesRows, keyVaultRow, WORKSPACE } from './rows.js';

const vault = keyVaultRow('kv-phi-prod');
const VAULT_ID = String(vault.id);
const retention = { enabled: false, days: 0 };
const metrics = [{ category: 'AllMetrics', enabled: true, retentionPolicy: retention }];

describe(check.id, () => {
  gradesRows(check, [
    {
      name: 'audit category group to Log Analytics',
      row: vault,
      others: [diagnosticSetting(VAULT_ID, 'kv-audit', { workspaceId: WORKSPACE, logs: [{ categoryGroup: 'audit', enabled: true, retentionPolicy: retention }], metrics })],
      status: 'pass',
      evidence: { diagnosticSettings: [{ name: 'kv-audit', logs: ['group:audit'], destinations: { workspaceId: WORKSPACE } }] },
    },
    {
      name: 'AuditEvent category to a storage account, kept 365 days',
      row: vault,
      others: [diagnosticSetting(VAULT_ID, 'kv-archive', { storageAccountId: `${WORKSPACE.split('/providers/')[0]}/providers/Microsoft.Storage/storageAccounts/stauditarchive`, logs: [{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: true, days: 365 } }] })],
      status: 'pass',
      evidence: { diagnosticSettings: [{ name: 'kv-archive', logs: ['AuditEvent'], retentionDays: { AuditEvent: 365 } }] },
    },
    {
      name: 'only metrics and policy evaluations exported',
      row: vault,
      others: [diagnosticSetting(VAULT_ID, 'kv-metrics', { workspaceId: WORKSPACE, logs: [{ category: 'AuditEvent', enabled: false }, { category: 'AzurePolicyEvaluationDetails', enabled: true }], metrics })],
      status: 'fail',
      evidence: { diagnosticSettings: [{ name: 'kv-metrics', logs: ['AzurePolicyEvaluationDetails'] }] },
    },
    {
      name: 'AuditEvent enabled but no destination',
      row: vault,
      others: [diagnosticSetting(VAULT_ID, 'kv-nowhere', { workspaceId: '', logs: [{ category: 'AuditEvent', enabled: true }] })],
      status: 'fail',
      evidence: { diagnosticSettings: [{ name: 'kv-nowhere', destinations: {} }] },
    },
    {
      name: "another vault's setting only",
      row: vault,
      others: [diagnosticSetting(VAULT_ID.replace('kv-phi-prod', 'kv-phi-prod-2'), 'kv-audit', { workspaceId: WORKSPACE, logs: [{ categoryGroup: 'allLogs', enabled: true }] })],
      status: 'error',
      evidence: { diagnosticSettings: [] },
    },
    { name: 'getVault (2023-07-01) with no settings in the scan', row: armExampleBody('Microsoft.KeyVault/getVault.json'), status: 'error', evidence: { diagnosticSettings: [] } },
    { name: 'row projected without properties', row: argRow('Microsoft.KeyVault/vaults', 'Microsoft.KeyVault/vaults/kv-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
