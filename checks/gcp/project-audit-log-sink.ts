import { defineCheck } from '../../src/engine/check.js';
import { booleanField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { parentNodes, projectKeys } from './_shared/asset.js';
import { describeSink, LOG_SINK, sinkOwner } from './_shared/log-sinks.js';

export default defineCheck({
  id: 'gcp-project-audit-log-sink',
  title: 'Project audit logs are exported by a log sink',
  provider: 'gcp',
  resourceTypes: ['cloudresourcemanager.googleapis.com/Project'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'Cloud Logging keeps Data Access logs for 30 days in the _Default bucket; a sink that exports audit logs to storage the organisation controls keeps them for as long as HIPAA documentation and incident review need, out of reach of the project\'s own admins.',
  remediation: {
    text: 'Create a sink (in the project, or an aggregated sink on its folder or organization) that exports Cloud Audit Logs to a log bucket, Cloud Storage bucket or BigQuery dataset with a long, locked retention.',
    cli: 'gcloud logging sinks create audit-export storage.googleapis.com/LOG-BUCKET --project=PROJECT --log-filter=\'logName:"cloudaudit.googleapis.com"\'',
    terraform:
      'resource "google_logging_project_sink" "audit" {\n  name        = "audit-export"\n  destination = "storage.googleapis.com/${google_storage_bucket.logs.name}"\n  filter      = "logName:\\"cloudaudit.googleapis.com\\""\n  unique_writer_identity = true\n}',
  },
  evaluate(project, context) {
    const everySink = context.resourcesOfType('gcp', LOG_SINK);
    // Every project has the built-in _Default and _Required sinks; seeing none means the export left sinks out.
    if (everySink.length === 0) {
      return undecided(`The scan holds no Cloud Logging sinks at all, not even the built-in ones every project has (export the ${LOG_SINK} asset type), so exports are unknown.`, { logSinksInScan: 0 });
    }
    const own = new Set(projectKeys(project).map((k) => `projects/${k}`));
    const parents = new Set(parentNodes(project));
    const applicable = everySink.filter((s) => {
      const owner = sinkOwner(s);
      // Folder and organization sinks cover the projects below them only when they include children.
      return owner !== undefined && (own.has(owner) || (parents.has(owner) && booleanField(s.config, 'includeChildren') === true));
    });
    const sinks = applicable.map(describeSink);
    const exporting = sinks.filter((s) => s.exportsAuditLogs);
    const evidence = { sinks: sinks.map(({ sink, destination, filter, note }) => ({ sink, destination, filter, note })) };
    if (exporting.length > 0) {
      const first = exporting[0]!;
      return pass(`Audit logs are exported by sink ${first.sink} to ${first.destination}.`, evidence);
    }
    return sinks.length === 0
      ? fail('No log sink of the project, or aggregated sink above it, is in the scan: audit logs stay only in Cloud Logging\'s default buckets.', evidence)
      : fail('None of the project\'s log sinks exports Cloud Audit Logs outside Cloud Logging\'s default buckets.', evidence);
  },
});
