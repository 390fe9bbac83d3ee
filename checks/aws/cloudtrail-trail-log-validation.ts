import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-cloudtrail-trail-log-validation',
  title: 'CloudTrail trail validates its log files',
  provider: 'aws',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  category: 'integrity',
  severity: 'medium',
  rationale:
    'With log file validation CloudTrail signs an hourly digest of every log file, so anyone can prove later that the audit record was not altered or deleted after delivery.',
  remediation: {
    text: 'Turn on log file validation for the trail; check it with aws cloudtrail validate-logs.',
    cli: 'aws cloudtrail update-trail --name TRAIL --enable-log-file-validation',
    terraform: 'resource "aws_cloudtrail" "this" {\n  # ...\n  enable_log_file_validation = true\n}',
  },
  evaluate(trail) {
    const missing = configurationMissing(trail, 'trail', 'whether it validates its log files');
    if (missing) return missing;
    const enabled = booleanField(trail.config, 'logFileValidationEnabled');
    const evidence = { logFileValidationEnabled: field(trail.config, 'logFileValidationEnabled') ?? null };
    if (enabled === undefined) return undecided('The trail record does not say whether log file validation is on.', evidence);
    return enabled
      ? pass('The trail signs digests of its log files, so tampering can be detected.', evidence)
      : fail('The trail does not validate its log files: an altered or deleted log cannot be detected.', evidence);
  },
});
