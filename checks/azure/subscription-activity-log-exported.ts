import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { diagnosticSettingsOf, exportedLogs } from './_shared/diagnostic-settings.js';

/** Activity log categories that record control-plane changes, security alerts and policy decisions. */
const REQUIRED = ['Administrative', 'Security', 'Policy'];

export default defineCheck({
  id: 'azure-subscription-activity-log-exported',
  title: "Subscription's activity log is exported",
  provider: 'azure',
  resourceTypes: ['Microsoft.Resources/subscriptions'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'Azure keeps the activity log for 90 days only; exporting its Administrative, Security and Policy categories keeps the record of who changed what in the subscription for review and retention.',
  remediation: {
    text: "Add a subscription diagnostic setting that sends the Administrative, Security and Policy categories (or allLogs) to a Log Analytics workspace or storage account.",
    cli: 'az monitor diagnostic-settings subscription create --name activity-log --location eastus2 --workspace WORKSPACE_RESOURCE_ID --logs \'[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Policy","enabled":true}]\'',
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "activity_log" {\n  name                       = "activity-log"\n  target_resource_id         = "/subscriptions/SUBSCRIPTION_ID"\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id\n\n  enabled_log { category = "Administrative" }\n  enabled_log { category = "Security" }\n  enabled_log { category = "Policy" }\n}',
  },
  evaluate(subscription, context) {
    const settings = diagnosticSettingsOf(context, subscription.id).map(exportedLogs);
    const synthesized = subscription.related.synthesized === true;
    const evidence = { diagnosticSettings: settings, required: REQUIRED, ...(synthesized ? { subscriptionRow: 'synthesized' } : {}) };
    if (settings.length === 0) {
      return undecided(
        "The scan holds no diagnostic settings for this subscription; export the subscription's diagnostic settings (GET /subscriptions/<id>/providers/Microsoft.Insights/diagnosticSettings) to grade it.",
        evidence,
      );
    }
    const exported = new Set(settings.filter((s) => Object.keys(s.destinations).length > 0).flatMap((s) => s.logs.map((l) => l.toLowerCase())));
    const absent = exported.has('group:alllogs') ? [] : REQUIRED.filter((c) => !exported.has(c.toLowerCase()));
    if (absent.length === 0) return pass('The activity log\'s Administrative, Security and Policy categories are exported.', evidence);
    return fail(`The activity log's ${absent.join(' and ')} ${absent.length === 1 ? 'category is' : 'categories are'} not exported, so those events are lost after 90 days.`, { ...evidence, missing: absent });
  },
});
