import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';
import { diagnosticSettingsOf, exportedLogs } from './_shared/diagnostic-settings.js';

/** Log entries that include Key Vault's AuditEvent category. */
const AUDIT_LOGS = new Set(['auditevent', 'group:audit', 'group:alllogs']);

export default defineCheck({
  id: 'azure-key-vault-logging-enabled',
  title: 'Key Vault access is logged',
  provider: 'azure',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    "Key Vault's AuditEvent log records every use of the keys that decrypt ePHI; it is kept only when a diagnostic setting sends it to a workspace, storage account or event hub.",
  remediation: {
    text: 'Add a diagnostic setting on the vault that sends the audit category group (AuditEvent) to a Log Analytics workspace or storage account.',
    cli: 'az monitor diagnostic-settings create --name kv-audit --resource VAULT_RESOURCE_ID --workspace WORKSPACE_RESOURCE_ID --logs \'[{"categoryGroup":"audit","enabled":true}]\'',
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "vault_audit" {\n  name                       = "kv-audit"\n  target_resource_id         = azurerm_key_vault.this.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n\n  enabled_log {\n    category_group = "audit"\n  }\n}',
  },
  evaluate(vault, context) {
    const missing = withoutProperties(vault, "the vault's logging");
    if (missing) return missing;
    const settings = diagnosticSettingsOf(context, vault.id).map(exportedLogs);
    const evidence = { diagnosticSettings: settings };
    // An ARM list of a vault's settings that is empty carries no id, so "none" and "not exported" look alike.
    if (settings.length === 0) {
      return undecided('The scan holds no diagnostic settings for this vault: either it has none or they were not exported (GET <vault id>/providers/Microsoft.Insights/diagnosticSettings).', evidence);
    }
    const auditing = settings.filter((s) => Object.keys(s.destinations).length > 0 && s.logs.some((l) => AUDIT_LOGS.has(l.toLowerCase())));
    if (auditing.length > 0) return pass(`Diagnostic setting ${auditing.map((s) => s.name).join(', ')} exports the vault's AuditEvent log.`, evidence);
    return fail("The vault's diagnostic settings do not export the AuditEvent log to any destination.", evidence);
  },
});
