import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT, missingFact, recorderFacts, scannedRegions } from './_shared/account.js';

export default defineCheck({
  id: 'aws-account-config-recorder-all-regions',
  title: 'AWS Config records in every scanned region',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'AWS Config keeps the history of every resource\'s configuration: without a running recorder in a region, changes to the ePHI stores there are not recorded and cannot be reviewed or evidenced later.',
  remediation: {
    text: 'Turn on an AWS Config recorder (all supported resource types, global types in one region) with a delivery channel in every region in use; AWS Control Tower or a StackSet can do it for every account.',
    cli: 'aws configservice put-configuration-recorder --region REGION --configuration-recorder name=default,roleARN=arn:aws:iam::ACCOUNT:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=false\naws configservice put-delivery-channel --region REGION --delivery-channel name=default,s3BucketName=CONFIG_BUCKET\naws configservice start-configuration-recorder --region REGION --configuration-recorder-name default',
    terraform: 'resource "aws_config_configuration_recorder" "this" {\n  name     = "default"\n  role_arn = aws_iam_service_linked_role.config.arn\n  recording_group {\n    all_supported = true\n  }\n}\n\nresource "aws_config_configuration_recorder_status" "this" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}',
  },
  evaluate(account) {
    const regions = scannedRegions(account);
    if (regions.length === 0) return missingFact(account, 'configRecorders', 'AWS Config recorder status in any region', EXPORT.configRecorders);
    const byRegion = regions.map((region) => {
      const facts = recorderFacts(account, region);
      const recording = facts?.recording ?? (facts?.status ? facts.status.some((s) => s.recording === true) : undefined);
      return { region, recording: recording ?? null, recorders: facts?.status?.map((s) => ({ name: s.name ?? null, recording: s.recording ?? null, lastStatus: s.lastStatus ?? null })) ?? null };
    });
    const evidence = { regions: byRegion };
    const off = byRegion.filter((r) => r.recording === false).map((r) => r.region);
    if (off.length) return fail(`AWS Config is not recording in ${off.join(', ')}: configuration changes there leave no history.`, { ...evidence, notRecording: off });
    const unknown = byRegion.filter((r) => r.recording === null).map((r) => r.region);
    if (unknown.length) {
      const missing = missingFact(account, 'configRecorders', 'AWS Config recorder status', EXPORT.configRecorders, unknown[0]);
      return undecided(`Whether AWS Config records in ${unknown.join(', ')} is unknown. ${missing.reason}`, { ...evidence, unknown });
    }
    return pass(`AWS Config is recording in every scanned region (${regions.join(', ')}).`, evidence);
  },
});
