import { defineCheck } from '../../src/engine/check.js';
import { booleanField, isRecord, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import type { Resource } from '../../src/inventory/resource.js';
import { configRecords, EXPORT, scannedRegions } from './_shared/account.js';

const TRAIL = 'AWS::CloudTrail::Trail';

export default defineCheck({
  id: 'aws-account-cloudtrail-multi-region',
  title: 'A multi-region CloudTrail trail is logging',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'audit-logging',
  severity: 'high',
  rationale:
    'CloudTrail is the record of who did what in the account. Without a trail that covers every region and is switched on, access to ePHI stores and changes to their protection leave no lasting trace to review.',
  remediation: {
    text: 'Create a multi-region trail (or an organisation trail from the management account) with log file validation, and make sure it is logging.',
    cli: 'aws cloudtrail create-trail --name org-trail --s3-bucket-name TRAIL_BUCKET --is-multi-region-trail --enable-log-file-validation --kms-key-id alias/cloudtrail\naws cloudtrail start-logging --name org-trail',
    terraform: 'resource "aws_cloudtrail" "this" {\n  name                       = "org-trail"\n  s3_bucket_name             = aws_s3_bucket.trail.id\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n  kms_key_id                 = aws_kms_key.trail.arn\n  enable_logging             = true\n}',
  },
  evaluate(account, context) {
    const trails = context.resourcesOfType('aws', TRAIL).filter((t) => t.account === account.id && !t.deleted);
    const described = trails.map(describe);
    const evidence = { trails: described };
    if (trails.length === 0) {
      // No trail in the scan means none in the account only if Config records trails everywhere we looked.
      const regions = scannedRegions(account);
      const recorded = regions.length > 0 && regions.every((r) => configRecords(account, r, TRAIL) === true);
      if (recorded) return fail(`The account has no CloudTrail trail: AWS Config records trails in ${regions.join(', ')} and recorded none.`, { ...evidence, regions });
      return undecided(`The scan holds no CloudTrail trail for this account; export the trails (AWS Config records AWS::CloudTrail::Trail) and ${EXPORT.configRecorders} to grade it.`, evidence);
    }
    const multi = described.filter((t) => t.isMultiRegionTrail === true);
    if (multi.length === 0) {
      if (described.some((t) => t.isMultiRegionTrail === null)) return undecided('A trail record does not say whether it covers every region.', evidence);
      return fail('No CloudTrail trail covers every region: activity in the other regions is not recorded.', evidence);
    }
    if (multi.some((t) => t.isLogging === true)) return pass('A multi-region CloudTrail trail is logging.', evidence);
    if (multi.every((t) => t.isLogging === false)) return fail('The account\'s multi-region trails are stopped: CloudTrail is not recording.', evidence);
    return undecided(`Whether the multi-region trail is logging is unknown (AWS Config does not record it); export ${EXPORT.trailStatus}.`, evidence);
  },
});

function describe(trail: Resource) {
  const status = isRecord(trail.related.trailStatus) ? trail.related.trailStatus : undefined;
  return {
    trail: trail.id,
    isMultiRegionTrail: booleanField(trail.config, 'isMultiRegionTrail') ?? null,
    isOrganizationTrail: booleanField(trail.config, 'isOrganizationTrail') ?? null,
    homeRegion: stringField(trail.config, 'homeRegion') ?? trail.region ?? null,
    isLogging: status ? (booleanField(status, 'IsLogging') ?? null) : null,
  };
}
