import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { bucketSettingsMissing } from './_shared/s3-bucket.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-bucket-access-logging',
  title: "CloudTrail trail's bucket has server access logging",
  provider: 'aws',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  category: 'audit-logging',
  severity: 'low',
  rationale:
    'The bucket that holds the audit trail is the first thing an intruder reads or tampers with; its own access logs show who read or deleted the CloudTrail logs.',
  remediation: {
    text: 'Enable server access logging on the trail\'s S3 bucket, to a different log bucket.',
    cli: 'aws s3api put-bucket-logging --bucket TRAIL_BUCKET --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"s3/TRAIL_BUCKET/"}}\'',
    terraform: 'resource "aws_s3_bucket_logging" "trail" {\n  bucket        = aws_s3_bucket.trail.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "s3/${aws_s3_bucket.trail.id}/"\n}',
  },
  evaluate(trail, context) {
    const missing = configurationMissing(trail, 'trail', 'which bucket holds its logs');
    if (missing) return missing;
    const bucketName = stringField(trail.config, 's3BucketName');
    if (!bucketName) return undecided('The trail record does not name its S3 bucket.', { s3BucketName: null });
    const partition = /^arn:(aws[a-z-]*):/.exec(trail.id)?.[1] ?? 'aws';
    const bucket =
      context.resourceById('aws', `arn:${partition}:s3:::${bucketName}`) ??
      context.resourcesOfType('aws', 'AWS::S3::Bucket').find((b) => b.name === bucketName || stringField(b.config, 'name') === bucketName);
    const evidence = { s3BucketName: bucketName };
    if (!bucket || bucket.deleted) {
      return undecided(`The trail's bucket ${bucketName} is not in the scan (it may be in a log-archive account); scan that account to grade it.`, evidence);
    }
    const unread = bucketSettingsMissing(bucket, 'whether the trail bucket logs access');
    if (unread) return undecided(`The scan's record of bucket ${bucketName} carries no settings, so whether it logs access is unknown.`, { ...evidence, ...unread.evidence });
    const target = stringField(bucket.config, 'BucketLoggingConfiguration.destinationBucketName');
    if (target) return pass(`The trail's bucket ${bucketName} logs its access to bucket ${target}.`, { ...evidence, destinationBucketName: target });
    return fail(`The trail's bucket ${bucketName} has no server access logging: reads and deletions of the audit logs leave no record.`, { ...evidence, destinationBucketName: null });
  },
});
