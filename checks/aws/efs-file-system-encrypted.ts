import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'aws-efs-file-system-encrypted',
  title: 'EFS file system is encrypted at rest',
  provider: 'aws',
  resourceTypes: ['AWS::EFS::FileSystem'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Files shared over NFS by many instances and containers often hold exports, uploads and documents; an EFS file system without encryption at rest keeps that ePHI in the clear.',
  remediation: {
    text: 'Encryption at rest is chosen when a file system is created: create an encrypted file system, copy the data across (AWS DataSync or a mount-and-copy), repoint the mounts and delete the old one.',
    cli: 'aws efs create-file-system --encrypted --kms-key-id alias/aws/elasticfilesystem --performance-mode generalPurpose --tags Key=Name,Value=NAME',
    terraform: 'resource "aws_efs_file_system" "this" {\n  # ...\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}',
  },
  evaluate(fs) {
    if (fs.related.configurationMissing) {
      return undecided('AWS Config holds no configuration for this file system, so whether it is encrypted is unknown.', { configuration: null });
    }
    // AWS Config records EFS in the CloudFormation registry schema, so the names are PascalCase
    // (`Encrypted`, `KmsKeyId`, `FileSystemId`): the Config resource schema and the Config
    // guide's own EFS item agree, so a camelCase `encrypted` is not read (it would be undecided).
    const evidence = {
      Encrypted: field(fs.config, 'Encrypted') ?? null,
      KmsKeyId: stringField(fs.config, 'KmsKeyId') ?? null,
      FileSystemId: stringField(fs.config, 'FileSystemId') ?? null,
    };
    const encrypted = booleanField(fs.config, 'Encrypted');
    if (encrypted === undefined) return undecided('The file system record does not say whether it is encrypted at rest.', evidence);
    return encrypted
      ? pass('The file system is encrypted at rest with a KMS key.', evidence)
      : fail('The file system stores its files unencrypted.', evidence);
  },
});
