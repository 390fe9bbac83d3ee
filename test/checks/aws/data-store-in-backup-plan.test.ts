import { describe } from 'vitest';
import check from '../../../checks/aws/data-store-in-backup-plan.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { configItem, configRecorderFiles, dynamoDbTable, estateVerdictTable, snapshotFile, verdictTable } from './items.js';
import { rdsInstance } from './rds-items.js';

const DB = 'arn:aws:rds:us-east-1:123456789012:db:patients-db';
// AWS::Backup::BackupSelection as Config records it (CloudFormation shape, aws-config-resource-schema).
function selection(body: Record<string, unknown>, name = 'ephi-daily') {
  return configItem({
    resourceType: 'AWS::Backup::BackupSelection',
    resourceId: `8f7e6d5c-4b3a-4291-8e0f-1a2b3c4d5e6f_${name}`,
    resourceName: name,
    arn: `arn:aws:backup:us-east-1:123456789012:backup-plan:8f7e6d5c-4b3a-4291-8e0f-1a2b3c4d5e6f/selection/${name}`,
    availabilityZone: 'Not Applicable',
    configuration: {
      BackupPlanId: '8f7e6d5c-4b3a-4291-8e0f-1a2b3c4d5e6f',
      SelectionId: `sel-${name}`,
      BackupSelection: { SelectionName: name, IamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole', ...body },
    },
  });
}
function volume(instanceId: string) {
  return configItem({
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-023cd49ee3ec4090f',
    arn: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-023cd49ee3ec4090f',
    availabilityZone: 'us-east-1a',
    configuration: { volumeId: 'vol-023cd49ee3ec4090f', size: 30, encrypted: true, attachments: [{ volumeId: 'vol-023cd49ee3ec4090f', instanceId, device: '/dev/xvda', state: 'attached' }] },
  });
}
function fileSystem(backupPolicy: string) {
  return configItem({
    resourceType: 'AWS::EFS::FileSystem',
    resourceId: 'fs-0e3f016f48e54050d',
    arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0e3f016f48e54050d',
    configuration: { FileSystemId: 'fs-0e3f016f48e54050d', Encrypted: true, BackupPolicy: { Status: backupPolicy } },
  });
}

describe('aws-data-store-in-backup-plan', () => {
  verdictTable(check, [
    { title: 'passes a database a selection names by ARN', item: rdsInstance({}), others: [selection({ Resources: [DB] })], status: 'pass', evidence: { matchingSelections: [{ selection: 'ephi-daily', backupPlanId: '8f7e6d5c-4b3a-4291-8e0f-1a2b3c4d5e6f' }] } },
    { title: 'passes a database a wildcard ARN pattern names', item: rdsInstance({}), others: [selection({ Resources: ['arn:aws:rds:*:*:db:*'] })], status: 'pass', evidence: { matchingSelections: [{ selection: 'ephi-daily' }], matchingSelectionCount: 1 } },
    {
      title: 'names the first ten of many selections that cover a store, and counts them all',
      item: rdsInstance({}),
      others: Array.from({ length: 12 }, (_, i) => selection({ Resources: ['*'] }, `every-${String(i).padStart(2, '0')}`)),
      status: 'pass',
      evidence: { matchingSelections: Array.from({ length: 10 }, (_, i) => ({ selection: `every-${String(i).padStart(2, '0')}` })), matchingSelectionCount: 12, selectionsInRegion: 12 },
    },
    {
      title: 'passes a table selected by tag (ListOfTags STRINGEQUALS)',
      item: { ...dynamoDbTable({}), tags: { backup: 'daily' } },
      others: [selection({ ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] })],
      status: 'pass',
      evidence: { resourceArns: ['arn:aws:dynamodb:us-east-1:123456789012:table/appointments'] },
    },
    {
      title: 'passes a resource picked by "*" and a Conditions tag filter',
      item: { ...dynamoDbTable({}), tags: { backup: 'daily' } },
      others: [selection({ Resources: ['*'], Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }] } })],
      status: 'pass',
      evidence: { matchingSelections: [{ selection: 'ephi-daily' }] },
    },
    { title: 'passes a volume whose instance a selection names', item: volume('i-01390cd332ee34483'), others: [selection({ Resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-01390cd332ee34483'] })], status: 'pass', evidence: { resourceArns: ['arn:aws:ec2:us-east-1:123456789012:volume/vol-023cd49ee3ec4090f', 'arn:aws:ec2:us-east-1:123456789012:instance/i-01390cd332ee34483'] } },
    { title: 'passes a file system with automatic backups on', item: fileSystem('ENABLED'), status: 'pass', evidence: { BackupPolicy: { Status: 'ENABLED' } } },
    { title: 'fails a database excluded by NotResources', item: rdsInstance({}), others: [selection({ Resources: ['*'], NotResources: [DB] })], status: 'fail', evidence: { matchingSelections: [], selectionsInRegion: 1 } },
    {
      title: 'fails a table whose tag does not meet the selection condition',
      item: { ...dynamoDbTable({}), tags: { backup: 'none' } },
      others: [selection({ Resources: ['*'], Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }] } })],
      status: 'fail',
      evidence: { matchingSelections: [] },
    },
    { title: 'is not applicable to an Aurora cluster member', item: rdsInstance({ dBClusterIdentifier: 'imaging-meta' }), status: 'not_applicable', evidence: { dBClusterIdentifier: 'imaging-meta' } },
    { title: 'is undecided without selections when nothing says Config records them', item: fileSystem('DISABLED'), status: 'error', evidence: { selectionsInRegion: 0 } },
    { title: 'is undecided when Config recorded no configuration', item: rdsInstance(null), status: 'error', evidence: { configuration: null } },
  ]);

  estateVerdictTable(check, [
    {
      title: 'fails when Config records every supported type in the region and recorded no selection',
      files: { 'snapshot.json': snapshotFile([rdsInstance({})]), ...configRecorderFiles('us-east-1') },
      pick: (rs: Resource[]) => rs.find((r) => r.id === DB),
      status: 'fail',
      evidence: { resourceArns: [DB], selectionsInRegion: 0 },
    },
  ]);
});
