import { describe } from 'vitest';
import check from '../../../checks/gcp/project-audit-log-sink.js';
import { exportAsset, gradesAssets, ORGANIZATION, PROJECT, PROJECT_NUMBER, sampleAssets, sampleNdjson, apiAsset } from './assets.js';

const PROJECT_TYPE = 'cloudresourcemanager.googleapis.com/Project';
const SINK_TYPE = 'logging.googleapis.com/LogSink';
const NAME = `//cloudresourcemanager.googleapis.com/projects/${PROJECT_NUMBER}`;
const project = exportAsset(PROJECT_TYPE, NAME, { projectNumber: PROJECT_NUMBER, projectId: PROJECT, lifecycleState: 'ACTIVE', name: PROJECT });

/** A LogSink asset; `owner` is `projects/<id or number>`, `folders/…` or `organizations/…`. */
function sink(owner: string, name: string, data: Record<string, unknown>, api = false): Record<string, unknown> {
  const body = { name, writerIdentity: `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com`, createTime: '2024-06-03T11:20:00Z', ...data };
  return (api ? apiAsset : exportAsset)(SINK_TYPE, `//logging.googleapis.com/${owner}/sinks/${name}`, body, 'global');
}
const builtIns = [
  sink(`projects/${PROJECT_NUMBER}`, '_Required', {
    destination: `logging.googleapis.com/projects/${PROJECT}/locations/global/buckets/_Required`,
    filter: 'LOG_ID("cloudaudit.googleapis.com/activity") OR LOG_ID("externalaudit.googleapis.com/activity") OR LOG_ID("cloudaudit.googleapis.com/system_event") OR LOG_ID("externalaudit.googleapis.com/system_event") OR LOG_ID("cloudaudit.googleapis.com/access_transparency") OR LOG_ID("externalaudit.googleapis.com/access_transparency")',
  }),
  sink(`projects/${PROJECT_NUMBER}`, '_Default', {
    destination: `logging.googleapis.com/projects/${PROJECT}/locations/global/buckets/_Default`,
    filter: 'NOT LOG_ID("cloudaudit.googleapis.com/activity") AND NOT LOG_ID("externalaudit.googleapis.com/activity") AND NOT LOG_ID("cloudaudit.googleapis.com/system_event") AND NOT LOG_ID("externalaudit.googleapis.com/system_event") AND NOT LOG_ID("cloudaudit.googleapis.com/access_transparency") AND NOT LOG_ID("externalaudit.googleapis.com/access_transparency")',
  }),
];
const auditExport = (extra: Record<string, unknown> = {}) =>
  sink(`projects/${PROJECT}`, 'audit-export', { destination: `storage.googleapis.com/${PROJECT}-audit-logs`, filter: 'logName:"cloudaudit.googleapis.com"', ...extra });

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'a project sink that exports audit logs (named by project id)',
      asset: project,
      others: [...builtIns, auditExport()],
      status: 'pass',
      evidence: { sinks: [{ sink: `//logging.googleapis.com/projects/${PROJECT_NUMBER}/sinks/_Required` }, { sink: `//logging.googleapis.com/projects/${PROJECT_NUMBER}/sinks/_Default` }, { note: 'the filter selects Cloud Audit Logs' }] },
    },
    {
      name: 'an organization sink that includes children, no filter (API envelope)',
      asset: project,
      others: [...builtIns, sink(ORGANIZATION, 'org-all-logs', { destination: 'bigquery.googleapis.com/projects/sec-logs/datasets/all_logs', includeChildren: true }, true)],
      status: 'pass',
      evidence: { sinks: [{}, {}, { sink: `//logging.googleapis.com/${ORGANIZATION}/sinks/org-all-logs`, note: 'the sink has no filter, so it exports every log entry' }] },
    },
    {
      name: 'an organization sink without includeChildren does not count',
      asset: project,
      others: [...builtIns, sink(ORGANIZATION, 'org-only', { destination: 'storage.googleapis.com/org-logs', filter: '' })],
      status: 'fail',
      evidence: { sinks: [{ note: "_Required is the built-in sink into Cloud Logging's own _Required bucket" }, { note: "_Default is the built-in sink into Cloud Logging's own _Default bucket" }] },
    },
    { name: 'a disabled audit sink', asset: project, others: [...builtIns, auditExport({ disabled: true })], status: 'fail', evidence: { sinks: [{}, {}, { note: 'the sink is disabled' }] } },
    {
      name: 'a sink whose filter excludes audit logs',
      asset: project,
      others: [...builtIns, auditExport({ filter: 'resource.type="gce_instance" AND NOT logName:"cloudaudit.googleapis.com"' })],
      status: 'fail',
      evidence: { sinks: [{}, {}, { note: 'the filter does not select Cloud Audit Logs as such' }] },
    },
    { name: 'only the built-in sinks', asset: project, others: builtIns, status: 'fail', evidence: { sinks: [{ destination: `logging.googleapis.com/projects/${PROJECT}/locations/global/buckets/_Required` }, {}] } },
    { name: 'no sink of any project in the scan', asset: project, status: 'error', evidence: { logSinksInScan: 0 } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  // Neither sample set exports Cloud Logging sinks, so whether their projects export audit logs is unknown.
  gradesAssets(check, [
    ...sampleNdjson('forseti/mock_cai_resources.ndjson', PROJECT_TYPE).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'error' as const, evidence: { logSinksInScan: 0 } })),
    ...sampleAssets('policy-library/projects-iam-audit-config.json')
      .filter((a) => a.asset_type === PROJECT_TYPE)
      .map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'error' as const, evidence: { logSinksInScan: 0 } })),
  ]);
});
