import { defineCheck } from '../../src/engine/check.js';
import { versioningVerdict } from './_shared/s3-bucket.js';

export default defineCheck({
  id: 'aws-s3-bucket-versioning',
  title: 'S3 bucket has versioning enabled',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'integrity',
  severity: 'low',
  rationale:
    'Versioning keeps every earlier version of an object, so an overwrite or deletion, by mistake or by ransomware, can be undone and the altered record shown for what it was; Object Lock, where configured, makes those versions immutable.',
  remediation: {
    text: 'Enable versioning (and a lifecycle rule that expires old versions after the retention you need); for records that must not change, create buckets with Object Lock.',
    cli: 'aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled',
    terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
  },
  evaluate(bucket) {
    return versioningVerdict(bucket);
  },
});
