import { describe } from 'vitest';
import check from '../../../checks/aws/backup-recovery-point-encrypted.js';
import { kmsKeyItem, recoveryPoint, verdictTable } from './items.js';

const KEY_ID = '1d2c3b4a-5f6e-4d7c-9b8a-0f1e2d3c4b5a';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;

describe('aws-backup-recovery-point-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes an encrypted recovery point',
      item: recoveryPoint({ IsEncrypted: true, EncryptionKeyArn: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { IsEncrypted: true, ResourceType: 'RDS', keyManager: 'CUSTOMER' },
    },
    {
      title: 'fails an unencrypted recovery point (a backup of an unencrypted RDS instance)',
      item: recoveryPoint({ IsEncrypted: false }),
      status: 'fail',
      evidence: { IsEncrypted: false, ResourceArn: 'arn:aws:rds:us-east-1:123456789012:db:reporting-db' },
    },
    {
      title: 'fails when the recovery point key is disabled',
      item: recoveryPoint({ IsEncrypted: true, EncryptionKeyArn: KEY }),
      others: [kmsKeyItem(KEY_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyState: 'Disabled' },
    },
    {
      title: 'is undecided when the record does not say',
      item: recoveryPoint({}),
      status: 'error',
      evidence: { IsEncrypted: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: recoveryPoint(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
