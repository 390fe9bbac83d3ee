import { defineCheck } from '../../src/engine/check.js';
import { arrayField, booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { childOf, presentString } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-sql-server-auditing-enabled',
  title: 'SQL server auditing is enabled',
  provider: 'azure',
  resourceTypes: ['Microsoft.Sql/servers'],
  category: 'audit-logging',
  severity: 'high',
  rationale:
    'Server auditing records who ran which queries and logins against every database on the server; without it, access to ePHI in the databases leaves no trail to review.',
  remediation: {
    text: 'Enable auditing on the logical server, sending the audit log to a Log Analytics workspace or a storage account.',
    cli: 'az sql server audit-policy update --resource-group RG --name SERVER --state Enabled --lats Enabled --lawri WORKSPACE_RESOURCE_ID',
    terraform:
      'resource "azurerm_mssql_server_extended_auditing_policy" "this" {\n  server_id              = azurerm_mssql_server.this.id\n  log_monitoring_enabled = true\n}',
  },
  evaluate(server, context) {
    // Resource Graph does not carry auditing: it is the server's `auditingSettings/default` child.
    const { id, child: auditing } = childOf(context, server, 'auditingSettings/default');
    if (!auditing) {
      return undecided(
        "The scan holds no auditing settings for this server; include the export of GET <server id>/auditingSettings/default to grade it.",
        { auditingSettingsId: id },
      );
    }
    if (auditing.related.propertiesMissing) return undecided('The auditing settings record carries no properties, so its state is unknown.', { auditingSettingsId: auditing.id });
    const state = stringField(auditing.config, 'state');
    const evidence = {
      auditingSettingsId: auditing.id,
      state: state ?? null,
      isAzureMonitorTargetEnabled: booleanField(auditing.config, 'isAzureMonitorTargetEnabled') ?? null,
      storageEndpoint: presentString(field(auditing.config, 'storageEndpoint')) ?? null,
      retentionDays: field(auditing.config, 'retentionDays') ?? null,
      auditActionsAndGroups: arrayField(auditing.config, 'auditActionsAndGroups') ?? null,
    };
    switch (state?.toLowerCase()) {
      case 'enabled':
        return pass('Auditing is enabled on the server and covers its databases.', evidence);
      case 'disabled':
        return fail('Auditing is disabled on the server, so database access is not recorded at the server level.', evidence);
      default:
        return undecided(state ? `The auditing settings report a state this check does not know (${state}).` : 'The auditing settings do not say whether auditing is enabled.', evidence);
    }
  },
});
