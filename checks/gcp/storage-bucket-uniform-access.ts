import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';

export default defineCheck({
  id: 'gcp-storage-bucket-uniform-access',
  title: 'Cloud Storage bucket uses uniform bucket-level access',
  provider: 'gcp',
  resourceTypes: ['storage.googleapis.com/Bucket'],
  category: 'access-control',
  severity: 'medium',
  rationale:
    'With uniform bucket-level access, IAM alone decides who reads a bucket: per-object ACLs, which are easy to open to the world one object at a time and hard to review, stop applying.',
  remediation: {
    text: 'Enable uniform bucket-level access after moving any ACL grants into the bucket IAM policy (the setting can be undone for 90 days).',
    cli: 'gcloud storage buckets update gs://BUCKET --uniform-bucket-level-access',
    terraform: 'resource "google_storage_bucket" "this" {\n  name                        = "BUCKET"\n  location                    = "US"\n  uniform_bucket_level_access = true\n}',
  },
  evaluate(bucket) {
    const missing = configurationMissing(bucket, 'access model');
    if (missing) return missing;
    const ubla = booleanField(bucket.config, 'iamConfiguration.uniformBucketLevelAccess.enabled');
    // bucketPolicyOnly is the setting's earlier name; older records carry only it.
    const legacy = booleanField(bucket.config, 'iamConfiguration.bucketPolicyOnly.enabled');
    const evidence = {
      uniformBucketLevelAccess: field(bucket.config, 'iamConfiguration.uniformBucketLevelAccess') ?? null,
      bucketPolicyOnly: field(bucket.config, 'iamConfiguration.bucketPolicyOnly') ?? null,
    };
    if (ubla === true || legacy === true) return pass('Only the bucket IAM policy grants access: uniform bucket-level access is on.', evidence);
    // The JSON API leaves out `enabled: false`; absent means the default, which is off.
    return fail('Uniform bucket-level access is off, so object ACLs can grant access outside the bucket IAM policy.', evidence);
  },
});
