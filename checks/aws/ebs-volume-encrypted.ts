import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'aws-ebs-volume-encrypted',
  title: 'EBS volume is encrypted',
  provider: 'aws',
  resourceTypes: ['AWS::EC2::Volume'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Whatever an instance writes to disk (databases, files, swap, logs) lands on its EBS volumes and their snapshots; an unencrypted volume leaves that ePHI in the clear at rest.',
  remediation: {
    text: 'Replace the volume with an encrypted one (snapshot, copy the snapshot with encryption, create a volume from it, swap it in), and turn on EBS encryption by default in every region.',
    cli: 'aws ec2 copy-snapshot --source-region REGION --source-snapshot-id SNAPSHOT --encrypted --kms-key-id alias/aws/ebs\naws ec2 create-volume --snapshot-id ENCRYPTED-SNAPSHOT --availability-zone ZONE\naws ec2 enable-ebs-encryption-by-default',
    terraform: 'resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}\n\nresource "aws_ebs_volume" "this" {\n  # ...\n  encrypted = true\n}',
  },
  evaluate(volume) {
    if (volume.related.configurationMissing) {
      return undecided('AWS Config holds no configuration for this volume, so whether it is encrypted is unknown.', { configuration: null });
    }
    const evidence = {
      encrypted: field(volume.config, 'encrypted') ?? null,
      kmsKeyId: stringField(volume.config, 'kmsKeyId') ?? null,
      attachedTo: attachedInstances(volume.config),
    };
    // Old items (AWS's own 2014 sample history files, say) carry no `encrypted` field at all.
    const encrypted = booleanField(volume.config, 'encrypted');
    if (encrypted === undefined) return undecided('The volume record does not say whether the volume is encrypted.', evidence);
    return encrypted ? pass('The volume is encrypted with a KMS key.', evidence) : fail('The volume stores its data unencrypted.', evidence);
  },
});

function attachedInstances(config: unknown): string[] {
  const attachments = field(config, 'attachments');
  if (!Array.isArray(attachments)) return [];
  return attachments.map((a) => stringField(a, 'instanceId')).filter((id): id is string => id !== undefined);
}
