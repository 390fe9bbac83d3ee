import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';

/** Key states in which rotation no longer matters: the key is on its way out. */
const RETIRING = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

export default defineCheck({
  id: 'aws-kms-key-rotation',
  title: 'Customer managed KMS key rotates automatically',
  provider: 'aws',
  resourceTypes: ['AWS::KMS::Key'],
  category: 'encryption-at-rest',
  severity: 'medium',
  rationale:
    'Automatic rotation gives a key new cryptographic material every year (or on the period you set), which limits how much ePHI any one key version protects; AWS managed keys rotate on their own, customer managed keys only when asked.',
  remediation: {
    text: 'Enable automatic rotation on the customer managed key (every 365 days by default, 90 to 2560 days configurable).',
    cli: 'aws kms enable-key-rotation --key-id KEY_ID --rotation-period-in-days 365',
    terraform: 'resource "aws_kms_key" "this" {\n  # ...\n  enable_key_rotation     = true\n  rotation_period_in_days = 365\n}',
  },
  evaluate(key) {
    const missing = configurationMissing(key, 'KMS key', 'whether it rotates');
    if (missing) return missing;
    const manager = anyCaseString(key.config, 'keyManager');
    const spec = anyCaseString(key.config, 'keySpec') ?? anyCaseString(key.config, 'customerMasterKeySpec');
    const origin = anyCaseString(key.config, 'origin');
    const state = anyCaseString(key.config, 'keyState');
    const evidence = { keyManager: manager ?? null, keySpec: spec ?? null, origin: origin ?? null, keyState: state ?? null, KeyRotationStatus: field(key.config, 'KeyRotationStatus') ?? null };
    if (manager === 'AWS') return notApplicable('The key is AWS managed; AWS rotates it every year.', evidence);
    if (manager !== 'CUSTOMER') return undecided('The key record does not say who manages the key.', evidence);
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return notApplicable(`Automatic rotation applies to symmetric encryption keys only; this key is ${spec}.`, evidence);
    if (origin !== undefined && origin !== 'AWS_KMS') return notApplicable(`KMS cannot rotate keys whose material comes from ${origin}; rotate them by hand.`, evidence);
    if (state && RETIRING.has(state)) return notApplicable(`The key is ${state}.`, evidence);
    // AWS Config records GetKeyRotationStatus in supplementaryConfiguration.KeyRotationStatus.
    const rotating = booleanField(key.config, 'KeyRotationStatus');
    if (rotating === undefined) return undecided('The key record does not carry its rotation status (supplementaryConfiguration.KeyRotationStatus).', evidence);
    return rotating
      ? pass('The customer managed key rotates its material automatically.', evidence)
      : fail('Automatic rotation is off for the customer managed key: the same key material protects its data indefinitely.', evidence);
  },
});
