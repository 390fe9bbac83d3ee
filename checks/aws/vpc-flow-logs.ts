import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import type { Resource } from '../../src/inventory/resource.js';
import { indexBy } from '../_shared/scan-index.js';
import { accountOf, configRecords, EXPORT } from './_shared/account.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';

const FLOW_LOG = 'AWS::EC2::FlowLog';

export default defineCheck({
  id: 'aws-vpc-flow-logs',
  title: 'VPC has flow logs',
  provider: 'aws',
  resourceTypes: ['AWS::EC2::VPC'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'Flow logs record every connection into and out of the VPC\'s network interfaces: without them there is no record of which addresses reached an ePHI database, or where data went.',
  remediation: {
    text: 'Create a flow log for the VPC (all traffic, or at least rejected traffic) to CloudWatch Logs or S3.',
    cli: 'aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::FLOW_LOG_BUCKET',
    terraform: 'resource "aws_flow_log" "this" {\n  vpc_id               = aws_vpc.this.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}',
  },
  evaluate(vpc, context) {
    const missing = configurationMissing(vpc, 'VPC', 'its flow logs');
    if (missing) return missing;
    const vpcId = anyCaseString(vpc.config, 'vpcId') ?? vpc.name;
    // Flow logs are their own Config type, pointing at the VPC by configuration.resourceId.
    const logs = (indexBy(context.resourcesOfType('aws', FLOW_LOG), watched).get(vpcId) ?? []).filter((f) => !f.account || !vpc.account || f.account === vpc.account);
    const described = logs.map((f) => ({
      flowLogId: anyCaseString(f.config, 'flowLogId') ?? f.name,
      flowLogStatus: anyCaseString(f.config, 'flowLogStatus') ?? null,
      trafficType: anyCaseString(f.config, 'trafficType') ?? null,
      logDestinationType: anyCaseString(f.config, 'logDestinationType') ?? null,
    }));
    const evidence = { vpcId, flowLogs: described };
    const active = described.filter((f) => f.flowLogStatus === null || f.flowLogStatus === 'ACTIVE');
    if (active.length) return pass(`The VPC has ${active.length === 1 ? 'a flow log' : `${active.length} flow logs`} (${active.map((f) => `${f.trafficType ?? 'traffic'} to ${f.logDestinationType ?? 'a destination'}`).join(', ')}).`, evidence);
    if (described.length) return fail('The VPC\'s flow logs are not active.', evidence);
    const region = vpc.region ?? '';
    const recorded = configRecords(accountOf(vpc, context), region, FLOW_LOG);
    if (recorded === true) return fail(`The VPC has no flow log: AWS Config records flow logs in ${region} and recorded none for it.`, evidence);
    return undecided(
      `The scan holds no flow log for the VPC, but it cannot tell whether AWS Config records flow logs in ${region || 'its region'}; export the AWS::EC2::FlowLog items or ${EXPORT.configRecorders}.`,
      evidence,
    );
  },
});

/** Live flow logs by the resource they watch (configuration.resourceId). */
function watched(log: Resource): string[] {
  const id = anyCaseString(log.config, 'resourceId');
  return log.deleted || id === undefined ? [] : [id];
}
