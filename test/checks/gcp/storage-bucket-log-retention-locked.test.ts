import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-log-retention-locked.js';
import { apiBucketAsset, bucketAsset, exportAsset, gradesAssets, PROJECT, PROJECT_NUMBER, sampleAssets } from './assets.js';

const LOGS = `${PROJECT}-audit-logs`;
const SINK = `//logging.googleapis.com/projects/${PROJECT_NUMBER}/sinks/audit-export`;

/** A sink as Cloud Asset Inventory exports `logging.googleapis.com/LogSink`. */
const sink = (destination: string, extra: Record<string, unknown> = {}) =>
  exportAsset('logging.googleapis.com/LogSink', SINK, {
    name: 'audit-export',
    destination,
    filter: 'logName:"cloudaudit.googleapis.com"',
    writerIdentity: `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com`,
    createTime: '2024-06-03T11:20:00.000Z',
    updateTime: '2024-06-03T11:20:00.000Z',
    ...extra,
  }, 'global');

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'sink destination with a locked retention policy (API envelope)',
      asset: apiBucketAsset(LOGS, { retentionPolicy: { retentionPeriod: '189216000', effectiveTime: '2024-06-03T11:15:22.691Z', isLocked: true } }),
      others: [sink(`storage.googleapis.com/${LOGS}`)],
      status: 'pass',
      evidence: { logSinks: [SINK], retentionPolicy: { isLocked: true } },
    },
    {
      name: 'sink destination with an unlocked retention policy',
      asset: bucketAsset(LOGS, { retentionPolicy: { retentionPeriod: '2592000', effectiveTime: '2024-06-03T11:15:22.691Z' } }),
      others: [sink(`storage.googleapis.com/${LOGS}`)],
      status: 'fail',
      evidence: { logSinks: [SINK], retentionPolicy: { retentionPeriod: '2592000' } },
    },
    {
      name: 'usage-log destination of another bucket, no retention policy',
      asset: bucketAsset(LOGS),
      others: [bucketAsset(`${PROJECT}-claims`, { logging: { logBucket: LOGS } })],
      status: 'fail',
      evidence: { usageLogsFrom: [`//storage.googleapis.com/${PROJECT}-claims`], retentionPolicy: null },
    },
    {
      name: 'destination of a disabled sink only',
      asset: bucketAsset(LOGS),
      others: [sink(`storage.googleapis.com/${LOGS}`, { disabled: true })],
      status: 'not_applicable',
      evidence: { logSinks: [] },
    },
    { name: 'a bucket nothing logs into', asset: bucketAsset(`${PROJECT}-claims`), others: [sink(`storage.googleapis.com/${LOGS}`)], status: 'not_applicable', evidence: { logSinks: [] } },
    {
      name: 'a log bucket whose resource data was not exported',
      asset: exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${LOGS}`, null),
      others: [sink(`storage.googleapis.com/${LOGS}`)],
      status: 'error',
      evidence: { resourceData: null },
    },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const cmekAndLogging = sampleAssets('policy-library/storage-buckets-cmek-and-logging.json');
  // Google's fixtures log to buckets outside the file, so none of their own buckets receives logs.
  gradesAssets(
    check,
    cmekAndLogging.map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, others: cmekAndLogging.filter((a) => a !== asset), status: 'not_applicable' as const, evidence: { logSinks: [] } })),
  );
});
