import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';
import { sinksOf, storageBucketOf } from './_shared/log-sinks.js';

export default defineCheck({
  id: 'gcp-storage-bucket-log-retention-locked',
  title: 'Cloud Storage bucket that receives logs has a locked retention policy',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'integrity',
  severity: 'medium',
  rationale:
    'Audit logs are evidence only if nobody can quietly delete them: a locked retention policy (Bucket Lock) stops anyone, the project owner included, from deleting or shortening the retention of exported logs.',
  remediation: {
    text: 'Set a retention policy long enough for your audit-log retention schedule on the log bucket, check it, then lock it (locking cannot be undone).',
    cli: 'gcloud storage buckets update gs://LOG-BUCKET --retention-period=6y\ngcloud storage buckets update gs://LOG-BUCKET --lock-retention-period',
    terraform:
      'resource "google_storage_bucket" "logs" {\n  name     = "LOG-BUCKET"\n  location = "US"\n  retention_policy {\n    retention_period = 189216000 # 6 years, in seconds\n    is_locked        = true\n  }\n}',
  },
  evaluate(bucket, context) {
    // The asset name is authoritative; `data.name` can disagree in hand-made records.
    const name = bucket.id.replace('//storage.googleapis.com/', '');
    const fromSinks = sinksOf(context).filter((s) => s.active && storageBucketOf(s.destination) === name).map((s) => s.sink);
    const fromBuckets = context
      .resourcesOfType('gcp', 'storage.googleapis.com/Bucket')
      .filter((b) => b.id !== bucket.id && stringField(b.config, 'logging.logBucket') === name)
      .map((b) => b.id);
    if (fromSinks.length === 0 && fromBuckets.length === 0) {
      return notApplicable('The scan shows no log sink or bucket writing logs to this bucket; locked retention is graded on log buckets.', { logSinks: [], usageLogsFrom: [] });
    }
    const missing = configurationMissing(bucket, 'retention policy');
    if (missing) return missing;
    const evidence = { logSinks: fromSinks, usageLogsFrom: fromBuckets, retentionPolicy: field(bucket.config, 'retentionPolicy') ?? null };
    const period = field(bucket.config, 'retentionPolicy.retentionPeriod');
    if (period === undefined || period === null || period === '') return fail('The bucket receives logs but has no retention policy, so the logs can be deleted at any time.', evidence);
    if (booleanField(bucket.config, 'retentionPolicy.isLocked') === true) return pass(`The log bucket's retention policy (${String(period)} s) is locked.`, evidence);
    return fail(`The log bucket has a retention policy (${String(period)} s) that is not locked, so it can be shortened or removed.`, evidence);
  },
});
