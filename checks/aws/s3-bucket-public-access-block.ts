import { defineCheck } from '../../src/engine/check.js';
import { field } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { accountOf, EXPORT, missingFact } from './_shared/account.js';
import { PUBLIC_ACCESS_SETTINGS, publicAccessSettings } from './_shared/public-access-block.js';
import { bucketSettingsMissing } from './_shared/s3-bucket.js';

export default defineCheck({
  id: 'aws-s3-bucket-public-access-block',
  title: 'S3 bucket is covered by Block Public Access',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'Block Public Access, set on the bucket or on the whole account, stops a bucket policy or ACL from ever making the bucket or its objects public; without it, one mistaken grant publishes ePHI.',
  remediation: {
    text: 'Turn on all four Block Public Access settings on the bucket (or once for the whole account).',
    cli: 'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform: 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
  },
  evaluate(bucket, context) {
    const missing = bucketSettingsMissing(bucket, 'its Block Public Access settings');
    if (missing) return missing;
    // Config leaves PublicAccessBlockConfiguration out of the item when the bucket has none.
    const own = publicAccessSettings(field(bucket.config, 'PublicAccessBlockConfiguration'));
    const account = accountOf(bucket, context);
    const accountKnown = account !== undefined && 's3PublicAccessBlock' in account.related;
    const inherited = accountKnown ? publicAccessSettings(account.related.s3PublicAccessBlock) : undefined;
    const evidence = { bucket: own, account: inherited ?? 'unknown' };
    const open = PUBLIC_ACCESS_SETTINGS.filter((s) => own[s] !== true && inherited?.[s] !== true);
    if (open.length === 0) {
      const where = PUBLIC_ACCESS_SETTINGS.every((s) => own[s] === true) ? 'on the bucket' : 'by the bucket and account settings together';
      return pass(`All four Block Public Access settings apply ${where}.`, evidence);
    }
    if (!accountKnown) {
      const fact = missingFact(account, 's3PublicAccessBlock', 'account-level S3 Block Public Access setting', EXPORT.s3PublicAccessBlock);
      return undecided(`The bucket itself leaves ${open.join(', ')} off, and whether the account blocks them is unknown. ${fact.reason}`, evidence);
    }
    return fail(`Neither the bucket nor the account turns on ${open.join(', ')}, so a policy or ACL could make the bucket public.`, { ...evidence, off: open });
  },
});
