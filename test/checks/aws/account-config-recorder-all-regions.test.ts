import { describe } from 'vitest';
import check from '../../../checks/aws/account-config-recorder-all-regions.js';
import { configItem, configRecorderFiles, estateVerdictTable, s3BucketItem, snapshotFile } from './items.js';

const west = { ...configItem({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-02ad56e576d6a7390', arn: 'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-02ad56e576d6a7390', configuration: { vpcId: 'vpc-02ad56e576d6a7390' } }), awsRegion: 'us-west-2' };
const snapshot = snapshotFile([s3BucketItem({}), west]);

describe('aws-account-config-recorder-all-regions', () => {
  estateVerdictTable(check, [
    {
      title: 'passes when a recorder is recording in both regions the scan covers',
      files: { 'snapshot.json': snapshot, ...configRecorderFiles('us-east-1'), ...configRecorderFiles('us-west-2') },
      status: 'pass',
      evidence: { regions: [{ region: 'us-east-1', recording: true }, { region: 'us-west-2', recording: true, recorders: [{ name: 'default', lastStatus: 'SUCCESS' }] }] },
    },
    {
      title: 'fails when the recorder is stopped in one region',
      files: { 'snapshot.json': snapshot, ...configRecorderFiles('us-east-1'), ...configRecorderFiles('us-west-2', false) },
      status: 'fail',
      evidence: { notRecording: ['us-west-2'] },
    },
    {
      title: 'fails a region whose status lists no recorder at all',
      files: { 'snapshot.json': snapshot, ...configRecorderFiles('us-east-1'), 'aws-account-123456789012/us-west-2/config-recorder-status.json': { ConfigurationRecordersStatus: [] } },
      status: 'fail',
      evidence: { notRecording: ['us-west-2'] },
    },
    {
      title: 'is undecided for a region whose recorder status was not exported',
      files: { 'snapshot.json': snapshot, ...configRecorderFiles('us-east-1') },
      status: 'error',
      evidence: { unknown: ['us-west-2'] },
    },
  ]);
});
