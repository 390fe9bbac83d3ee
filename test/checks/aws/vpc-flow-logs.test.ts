import { describe } from 'vitest';
import check from '../../../checks/aws/vpc-flow-logs.js';
import { configItem, configRecorderFiles, estateVerdictTable, snapshotFile, verdictTable } from './items.js';

const VPC_ID = 'vpc-0084930f27dcd9d5e';
function vpc(configuration: Record<string, unknown> | null = {}) {
  return configItem({
    resourceType: 'AWS::EC2::VPC',
    resourceId: VPC_ID,
    arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${VPC_ID}`,
    availabilityZone: 'Multiple Availability Zones',
    configuration: configuration && { cidrBlock: '10.20.0.0/16', state: 'available', vpcId: VPC_ID, ownerId: '123456789012', isDefault: false, ...configuration },
  });
}
// AWS::EC2::FlowLog as Config records it: configuration.resourceId names the VPC (aws-config-resource-schema).
function flowLog(status = 'ACTIVE', resourceId = VPC_ID) {
  return configItem({
    resourceType: 'AWS::EC2::FlowLog',
    resourceId: 'fl-0a1b2c3d4e5f60718',
    arn: 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-0a1b2c3d4e5f60718',
    configuration: {
      flowLogId: 'fl-0a1b2c3d4e5f60718', flowLogStatus: status, resourceId, trafficType: 'ALL', logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::acme-flow-logs', deliverLogsStatus: 'SUCCESS', maxAggregationInterval: 600, creationTime: '2024-04-10T19:40:00.000Z',
    },
  });
}

describe('aws-vpc-flow-logs', () => {
  verdictTable(check, [
    { title: 'passes a VPC with an active flow log', item: vpc(), others: [flowLog()], status: 'pass', evidence: { vpcId: VPC_ID, flowLogs: [{ flowLogId: 'fl-0a1b2c3d4e5f60718', trafficType: 'ALL', logDestinationType: 's3' }] } },
    { title: 'fails a VPC whose only flow log is not active', item: vpc(), others: [flowLog('INACTIVE')], status: 'fail', evidence: { flowLogs: [{ flowLogStatus: 'INACTIVE' }] } },
    { title: 'is undecided without flow logs when nothing says Config records them', item: vpc(), others: [flowLog('ACTIVE', 'vpc-0ffffffffffffffff')], status: 'error', evidence: { flowLogs: [] } },
    { title: 'is undecided when Config recorded no configuration', item: vpc(null), status: 'error', evidence: { configuration: null } },
  ]);

  estateVerdictTable(check, [
    {
      title: 'fails a VPC without flow logs where Config records every supported type',
      files: { 'snapshot.json': snapshotFile([vpc()]), ...configRecorderFiles('us-east-1') },
      status: 'fail',
      evidence: { vpcId: VPC_ID, flowLogs: [] },
    },
    {
      title: 'is undecided where the recorder records only S3 buckets',
      files: { 'snapshot.json': snapshotFile([vpc()]), ...configRecorderFiles('us-east-1', true, false) },
      status: 'error',
      evidence: { flowLogs: [] },
    },
  ]);
});
