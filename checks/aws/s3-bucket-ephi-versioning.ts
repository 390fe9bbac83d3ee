import { defineCheck } from '../../src/engine/check.js';
import { notApplicable } from '../../src/engine/verdict.js';
import { versioningVerdict } from './_shared/s3-bucket.js';

export default defineCheck({
  id: 'aws-s3-bucket-ephi-versioning',
  title: 'S3 bucket holding ePHI keeps object versions as a backup',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'backup',
  severity: 'high',
  rationale:
    'A bucket tagged as holding ePHI needs a retrievable exact copy of each record: with versioning, every overwritten or deleted object can be restored.',
  remediation: {
    text: 'Enable versioning on the bucket (and replicate it to another region or account, or add it to an AWS Backup plan, for a copy outside the bucket).',
    cli: 'aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled',
    terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
  },
  evaluate(bucket, context) {
    if (!context.holdsEphi(bucket)) return notApplicable('The bucket is not tagged as holding ePHI.', { tags: bucket.tags });
    return versioningVerdict(bucket, 'The bucket holds ePHI but');
  },
});
