import { defineCheck } from '../../src/engine/check.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { EXPORT, missingFact } from './_shared/account.js';
import { PUBLIC_ACCESS_SETTINGS, publicAccessSettings } from './_shared/public-access-block.js';

export default defineCheck({
  id: 'aws-account-s3-public-access-block',
  title: 'S3 Block Public Access is on for the whole account',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'The account-level S3 Block Public Access overrides any bucket policy or ACL that would make a bucket or object public, so one mistaken policy cannot publish ePHI.',
  remediation: {
    text: 'Turn on all four account-level Block Public Access settings; buckets that must serve public content should sit in a separate account.',
    cli: 'aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform: 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
  },
  evaluate(account) {
    if (!('s3PublicAccessBlock' in account.related)) return missingFact(account, 's3PublicAccessBlock', 'account-level S3 Block Public Access setting', EXPORT.s3PublicAccessBlock);
    const settings = publicAccessSettings(account.related.s3PublicAccessBlock);
    const off = PUBLIC_ACCESS_SETTINGS.filter((s) => settings[s] !== true);
    const evidence = { s3PublicAccessBlock: settings };
    if (off.length === 0) return pass('All four S3 Block Public Access settings are on for the account.', evidence);
    return fail(`Account-level S3 Block Public Access is incomplete: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off.`, { ...evidence, off });
  },
});
