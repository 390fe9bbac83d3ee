import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { bucketSettingsMissing } from './_shared/s3-bucket.js';

export default defineCheck({
  id: 'aws-s3-bucket-access-logging',
  title: 'S3 bucket has server access logging',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'audit-logging',
  severity: 'low',
  rationale:
    'Server access logs record every request made to the bucket, who made it and from where; CloudTrail records object-level reads only when data events are paid for, so these logs are often the only record of who read an ePHI object.',
  remediation: {
    text: 'Enable server access logging to a separate log bucket (in the same region and account), with a prefix per source bucket.',
    cli: 'aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"s3/BUCKET/"}}\'',
    terraform: 'resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "s3/${aws_s3_bucket.this.id}/"\n}',
  },
  evaluate(bucket) {
    const missing = bucketSettingsMissing(bucket, 'whether access logging is on');
    if (missing) return missing;
    const logging = field(bucket.config, 'BucketLoggingConfiguration');
    const target = stringField(logging, 'destinationBucketName');
    const evidence = { destinationBucketName: target ?? null, logFilePrefix: stringField(logging, 'logFilePrefix') ?? null };
    if (target) return pass(`Server access logs go to bucket ${target}.`, evidence);
    const raw = field(logging, 'destinationBucketName');
    if (raw !== undefined && raw !== null && raw !== '') return undecided('BucketLoggingConfiguration.destinationBucketName is not a bucket name.', { ...evidence, destinationBucketName: raw });
    return fail('The bucket has no server access logging: requests to it leave no record outside CloudTrail data events.', evidence);
  },
});
