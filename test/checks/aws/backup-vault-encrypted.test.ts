import { describe } from 'vitest';
import check from '../../../checks/aws/backup-vault-encrypted.js';
import { asApiItem, backupVault, kmsKeyItem, verdictTable } from './items.js';

const CMK_ID = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const AWS_BACKUP_KEY_ID = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const arn = (id: string) => `arn:aws:kms:us-east-1:123456789012:key/${id}`;

describe('aws-backup-vault-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes a vault with a customer managed key, recording the key type',
      item: backupVault({ EncryptionKeyArn: arn(CMK_ID) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { EncryptionKeyArn: arn(CMK_ID), keyManager: 'CUSTOMER', keyState: 'Enabled' },
    },
    {
      title: 'passes a vault with the AWS managed key aws/backup (the default)',
      item: asApiItem(backupVault({ EncryptionKeyArn: arn(AWS_BACKUP_KEY_ID) })),
      others: [kmsKeyItem(AWS_BACKUP_KEY_ID, 'AWS')],
      status: 'pass',
      evidence: { keyManager: 'AWS' },
    },
    {
      title: 'passes a vault whose key is not in the scan, saying so',
      item: backupVault({ EncryptionKeyArn: arn(CMK_ID) }),
      status: 'pass',
      evidence: { keyManager: 'unknown', keyState: 'not in the scan' },
    },
    {
      title: 'fails a vault whose key is pending deletion',
      item: backupVault({ EncryptionKeyArn: arn(CMK_ID) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER', 'PendingDeletion')],
      status: 'fail',
      evidence: { keyState: 'PendingDeletion' },
    },
    {
      title: 'is undecided when the vault record names no key',
      item: backupVault({}),
      status: 'error',
      evidence: { BackupVaultName: 'phi-daily', EncryptionKeyArn: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: backupVault(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
