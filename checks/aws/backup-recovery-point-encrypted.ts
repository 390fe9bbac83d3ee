import { defineCheck } from '../../src/engine/check.js';
import { undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { gradeEncryptedStore } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-backup-recovery-point-encrypted',
  title: 'AWS Backup recovery point is encrypted',
  provider: 'aws',
  resourceTypes: ['AWS::Backup::RecoveryPoint'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'A recovery point is a full copy of a data store; backups of resource types AWS Backup does not fully manage (EBS, RDS, Aurora, …) inherit the source encryption, so an unencrypted source yields an unencrypted copy of its ePHI.',
  remediation: {
    text: 'Encrypt the source resource, take a new backup, and delete the unencrypted recovery point (or copy it to a vault, which encrypts fully managed resource types).',
    cli: 'aws backup delete-recovery-point --backup-vault-name VAULT --recovery-point-arn RECOVERY-POINT-ARN',
    terraform: '# Encrypt the source, for example:\nresource "aws_db_instance" "this" {\n  # ...\n  storage_encrypted = true\n}',
  },
  evaluate(point, context) {
    const missing = configurationMissing(point, 'recovery point', 'whether it is encrypted');
    if (missing) return missing;
    const keyArn = anyCaseString(point.config, 'EncryptionKeyArn');
    const evidence = {
      IsEncrypted: anyCase(point.config, 'IsEncrypted') ?? null,
      EncryptionKeyArn: keyArn ?? null,
      ResourceType: anyCaseString(point.config, 'ResourceType') ?? null,
      ResourceArn: anyCaseString(point.config, 'ResourceArn') ?? null,
    };
    const encrypted = anyCaseBoolean(point.config, 'IsEncrypted');
    if (encrypted === undefined) return undecided('The recovery point record does not say whether it is encrypted.', evidence);
    return gradeEncryptedStore('recovery point', encrypted, keyArn, point, context, evidence);
  },
});
