import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';

export default defineCheck({
  id: 'gcp-storage-bucket-versioning',
  title: 'Cloud Storage bucket keeps object versions',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'integrity',
  severity: 'low',
  rationale:
    'Object versioning keeps the earlier version of every overwritten or deleted object, so ePHI altered or destroyed by mistake or malice can be recovered and the change shown.',
  remediation: {
    text: 'Turn on object versioning, with a lifecycle rule that limits how many noncurrent versions are kept.',
    cli: 'gcloud storage buckets update gs://BUCKET --versioning',
    terraform: 'resource "google_storage_bucket" "this" {\n  name     = "BUCKET"\n  location = "US"\n  versioning {\n    enabled = true\n  }\n}',
  },
  evaluate(bucket) {
    const missing = configurationMissing(bucket, 'versioning');
    if (missing) return missing;
    const evidence = {
      versioning: field(bucket.config, 'versioning') ?? null,
      softDeleteRetentionSeconds: field(bucket.config, 'softDeletePolicy.retentionDurationSeconds') ?? null,
    };
    if (booleanField(bucket.config, 'versioning.enabled') === true) return pass('Object versioning is on: overwritten and deleted objects keep their earlier versions.', evidence);
    return fail('Object versioning is off, so an overwritten object cannot be restored from the bucket itself.', evidence);
  },
});
