import { describe } from 'vitest';
import check from '../../../checks/aws/kms-key-rotation.js';
import { kmsKeyItem, sampleItem, verdictTable } from './items.js';

const KEY_ID = '2f6c1a8e-4b7d-4e0a-9c3f-5d8e7a1b6c40';
const cmk = (rotation: boolean | undefined, extra: Record<string, unknown> = {}) => {
  const item = kmsKeyItem(KEY_ID, 'CUSTOMER');
  return {
    ...item,
    configuration: { ...(item.configuration as object), ...extra },
    supplementaryConfiguration: rotation === undefined ? {} : { KeyRotationStatus: rotation },
  };
};
// The rdk sample is an AWS managed key (keyManager AWS) and carries no KeyRotationStatus.
const sample = sampleItem('rdk-example-ci/AWS_KMS_Key.json');

describe('aws-kms-key-rotation', () => {
  verdictTable(check, [
    { title: 'passes a customer managed key with rotation on', item: cmk(true), status: 'pass', evidence: { keyManager: 'CUSTOMER', KeyRotationStatus: true } },
    { title: 'fails a customer managed key with rotation off', item: cmk(false), status: 'fail', evidence: { keyManager: 'CUSTOMER', KeyRotationStatus: false } },
    { title: 'is not applicable to the rdk sample (an AWS managed key)', item: sample, status: 'not_applicable', evidence: { keyManager: 'AWS' } },
    {
      title: 'is undecided for the rdk sample as a customer managed key: it records no rotation status',
      item: { ...sample, configuration: { ...(sample.configuration as object), keyManager: 'CUSTOMER' } },
      status: 'error',
      evidence: { keyManager: 'CUSTOMER', KeyRotationStatus: null },
    },
    { title: 'is not applicable to an asymmetric key', item: cmk(false, { keySpec: 'RSA_2048', customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }), status: 'not_applicable', evidence: { keySpec: 'RSA_2048' } },
    { title: 'is not applicable to imported key material', item: cmk(false, { origin: 'EXTERNAL' }), status: 'not_applicable', evidence: { origin: 'EXTERNAL' } },
    { title: 'is not applicable to a key pending deletion', item: cmk(false, { keyState: 'PendingDeletion', enabled: false }), status: 'not_applicable', evidence: { keyState: 'PendingDeletion' } },
  ]);
});
