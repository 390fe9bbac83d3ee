import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-backup-vault-encrypted',
  title: 'AWS Backup vault encrypts backups with a usable key',
  provider: 'aws',
  resourceTypes: ['AWS::Backup::BackupVault'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Every backup vault has a KMS key, and backups of fully managed resource types are encrypted with it; if that key is disabled or pending deletion, the backups of ePHI cannot be restored. The evidence records whether AWS or the customer manages the key.',
  remediation: {
    text: 'Re-enable the vault key or cancel its deletion. To move to a customer managed key, create a new vault with that key and copy the recovery points into it.',
    cli: 'aws kms cancel-key-deletion --key-id KEY-ARN\naws kms enable-key --key-id KEY-ARN\naws backup create-backup-vault --backup-vault-name VAULT --encryption-key-arn KEY-ARN',
    terraform: 'resource "aws_backup_vault" "this" {\n  name        = "VAULT"\n  kms_key_arn = aws_kms_key.backup.arn\n}',
  },
  evaluate(vault, context) {
    const missing = configurationMissing(vault, 'backup vault', 'its encryption key');
    if (missing) return missing;
    // Config records vaults in the CloudFormation shape: BackupVaultName, EncryptionKeyArn.
    const name = anyCaseString(vault.config, 'BackupVaultName') ?? null;
    const keyArn = anyCaseString(vault.config, 'EncryptionKeyArn');
    if (!keyArn) return undecided('The vault record does not name its encryption key.', { BackupVaultName: name, EncryptionKeyArn: null });
    const key = kmsKeyFacts(keyArn, vault, context);
    const evidence = { BackupVaultName: name, EncryptionKeyArn: keyArn, ...keyEvidence(key) };
    if (keyUnusable(key)) return fail(`The vault's ${describeKey(key)} is ${key.keyState}, so the backups it encrypts cannot be restored.`, evidence);
    return pass(`The vault encrypts backups with ${describeKey(key)}.`, evidence);
  },
});
