import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';

export default defineCheck({
  id: 'gcp-storage-bucket-logging',
  title: 'Cloud Storage bucket writes usage logs',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'audit-logging',
  severity: 'low',
  rationale:
    'Usage logs record every request made to the bucket, including anonymous ones that Cloud Audit Logs never see, so access to stored ePHI can be reviewed.',
  remediation: {
    text: 'Send the bucket\'s usage logs to a separate log bucket (grant cloud-storage-analytics@google.com write access to it); Data Access audit logs complement them.',
    cli: 'gcloud storage buckets update gs://BUCKET --log-bucket=gs://LOG-BUCKET --log-object-prefix=BUCKET',
    terraform: 'resource "google_storage_bucket" "this" {\n  name     = "BUCKET"\n  location = "US"\n  logging {\n    log_bucket = google_storage_bucket.logs.name\n  }\n}',
  },
  evaluate(bucket) {
    const missing = configurationMissing(bucket, 'logging');
    if (missing) return missing;
    const logBucket = stringField(bucket.config, 'logging.logBucket');
    const evidence = { logging: field(bucket.config, 'logging') ?? null };
    if (logBucket) return pass(`The bucket writes usage logs to bucket ${logBucket}.`, evidence);
    return fail('The bucket writes no usage logs.', evidence);
  },
});
