import { describe } from 'vitest';
import check from '../../../checks/aws/efs-file-system-encrypted.js';
import { asApiItem, configItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/0e6c91d5-e23b-4ed3-bd36-1561fbbc0a2d';
const ID = 'fs-01f0d526165b57f95';

// The shape of the EFS item in the AWS Config guide's example notifications: Config records EFS
// in the CloudFormation registry schema, PascalCase.
function fileSystem(configuration: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::EFS::FileSystem',
    resourceId: ID,
    resourceName: ID,
    arn: `arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/${ID}`,
    configuration: configuration && {
      FileSystemId: ID,
      Arn: `arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/${ID}`,
      FileSystemTags: [{ Key: 'Name', Value: 'scanned-records' }],
      PerformanceMode: 'generalPurpose',
      ThroughputMode: 'bursting',
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
      BackupPolicy: { Status: 'ENABLED' },
      FileSystemPolicy: {},
      ...configuration,
    },
    tags: { Name: 'scanned-records', 'aws:elasticfilesystem:default-backup': 'enabled' },
  });
}

describe('aws-efs-file-system-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when Encrypted is true',
      item: fileSystem({ Encrypted: true, KmsKeyId: KEY }),
      status: 'pass',
      evidence: { Encrypted: true, KmsKeyId: KEY, FileSystemId: ID },
    },
    {
      title: 'passes when the API shape carries configuration as a JSON string',
      item: asApiItem(fileSystem({ Encrypted: true, KmsKeyId: KEY })),
      status: 'pass',
      evidence: { Encrypted: true, KmsKeyId: KEY },
    },
    {
      title: 'fails when Encrypted is false',
      item: fileSystem({ Encrypted: false }),
      status: 'fail',
      evidence: { Encrypted: false, KmsKeyId: null, FileSystemId: ID },
    },
    {
      title: 'is undecided when Encrypted is absent',
      item: fileSystem({}),
      status: 'error',
      evidence: { Encrypted: null, FileSystemId: ID },
    },
    {
      title: 'is undecided when only a camelCase encrypted is present (not the casing AWS Config writes)',
      item: fileSystem({ encrypted: true }),
      status: 'error',
      evidence: { Encrypted: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: fileSystem(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
