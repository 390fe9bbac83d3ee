import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { crmAssetName, parentNodes } from './_shared/asset.js';
import { auditLogSettings, iamPolicyOf, type AuditLogSetting } from './_shared/iam-policy.js';

/** Data Access audit log types; Admin Activity logs are always on and cannot be configured. */
const REQUIRED = ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];

export default defineCheck({
  id: 'gcp-audit-logs-data-access-enabled',
  title: 'Data Access audit logs are on for all services, with no exempted principals',
  provider: 'gcp',
  resourceTypes: ['cloudresourcemanager.googleapis.com/Project', 'cloudresourcemanager.googleapis.com/Folder', 'cloudresourcemanager.googleapis.com/Organization'],
  category: 'audit-logging',
  severity: 'high',
  rationale:
    'Google records who changed configuration by default, but not who read or wrote data: without Data Access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) for all services, nobody can say who accessed ePHI in Cloud Storage, BigQuery or Cloud SQL.',
  remediation: {
    text: 'In the project (or, better, the organization) IAM policy, add an audit config for allServices with ADMIN_READ, DATA_READ and DATA_WRITE and no exempted members.',
    cli: 'gcloud projects get-iam-policy PROJECT --format=json > policy.json\n# add {"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}]} to auditConfigs\ngcloud projects set-iam-policy PROJECT policy.json',
    terraform:
      'resource "google_project_iam_audit_config" "all" {\n  project = "PROJECT"\n  service = "allServices"\n  audit_log_config { log_type = "ADMIN_READ" }\n  audit_log_config { log_type = "DATA_READ" }\n  audit_log_config { log_type = "DATA_WRITE" }\n}',
  },
  evaluate(node, context) {
    const own = iamPolicyOf(node);
    if (!own) return undecided('The IAM policy of this resource is not in the scan (export with --content-type=iam-policy), so its audit-log settings are unknown.', { iamPolicy: null });
    // Audit configs are inherited: the effective setting is the union of this policy and its ancestors'.
    const settings: AuditLogSetting[] = auditLogSettings(own, node.id);
    const notInScan: string[] = [];
    for (const parent of parentNodes(node)) {
      const ancestor = context.resourceById('gcp', crmAssetName(parent));
      const policy = ancestor && iamPolicyOf(ancestor);
      if (policy) settings.push(...auditLogSettings(policy, crmAssetName(parent)));
      else notInScan.push(parent);
    }
    const enabled = REQUIRED.filter((t) => settings.some((s) => s.service === 'allServices' && s.logType === t));
    const missing = REQUIRED.filter((t) => !enabled.includes(t));
    const exemptions = settings.filter((s) => s.exemptedMembers.length > 0 && REQUIRED.includes(s.logType));
    const evidence = {
      allServicesLogTypes: enabled,
      missingLogTypes: missing,
      exemptions: exemptions.map((s) => ({ service: s.service, logType: s.logType, exemptedMembers: s.exemptedMembers, from: s.from })),
      otherServices: [...new Set(settings.filter((s) => s.service !== 'allServices').map((s) => s.service))],
      ancestorPoliciesNotInScan: notInScan,
    };
    const unseen = notInScan.length > 0 ? ` (the IAM policies of ${notInScan.join(', ')} are not in the scan)` : '';
    const who = [...new Set(exemptions.flatMap((s) => s.exemptedMembers))];
    const exempt = who.length > 0 ? `; they also exempt ${who.join(', ')}` : '';
    if (missing.length > 0) return fail(`Data Access audit logs are not on for all services: ${missing.join(', ')} missing${unseen}${exempt}.`, evidence);
    if (who.length > 0) return fail(`Data Access audit logs exempt ${who.join(', ')}, whose access to data goes unrecorded.`, evidence);
    return pass('ADMIN_READ, DATA_READ and DATA_WRITE audit logs are on for all services, with no exempted principals.', evidence);
  },
});
