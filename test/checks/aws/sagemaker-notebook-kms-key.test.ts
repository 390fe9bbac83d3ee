import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/sagemaker-notebook-kms-key.js';
import { asApiItem, kmsKeyItem, notebookInstance, verdictTable } from './items.js';

const CMK_ID = '2e3d4c5b-6a7f-4e8d-9c0b-1a2f3e4d5c6b';
const AWS_KEY_ID = '3f4e5d6c-7b8a-4f9e-8d0c-2b3a4f5e6d7c';
const arn = (id: string) => `arn:aws:kms:us-east-1:123456789012:key/${id}`;

describe('aws-sagemaker-notebook-kms-key', () => {
  it('runs only in the strict and nprm-2025 profiles (SageMaker always encrypts notebook volumes)', () => {
    expect(check.profiles).toEqual(['strict', 'nprm-2025']);
  });

  verdictTable(check, [
    {
      title: 'passes a notebook with a customer managed key',
      item: notebookInstance({ KmsKeyId: arn(CMK_ID) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER')],
      status: 'pass',
      evidence: { KmsKeyId: arn(CMK_ID), keyManager: 'CUSTOMER' },
    },
    {
      title: 'passes a notebook naming a key that is not in the scan (API shape)',
      item: asApiItem(notebookInstance({ KmsKeyId: arn(CMK_ID) })),
      status: 'pass',
      evidence: { keyManager: 'unknown', keyState: 'not in the scan' },
    },
    {
      title: 'fails a notebook without KmsKeyId (AWS managed key)',
      item: notebookInstance({}),
      status: 'fail',
      evidence: { NotebookInstanceName: 'cohort-analysis', KmsKeyId: null },
    },
    {
      title: 'fails a notebook whose named key is, per the scan, AWS managed',
      item: notebookInstance({ KmsKeyId: arn(AWS_KEY_ID) }),
      others: [kmsKeyItem(AWS_KEY_ID, 'AWS')],
      status: 'fail',
      evidence: { keyManager: 'AWS' },
    },
    {
      title: 'fails a notebook whose key is disabled',
      item: notebookInstance({ KmsKeyId: arn(CMK_ID) }),
      others: [kmsKeyItem(CMK_ID, 'CUSTOMER', 'Disabled')],
      status: 'fail',
      evidence: { keyState: 'Disabled' },
    },
    {
      title: 'is undecided when the record is incomplete',
      item: { ...notebookInstance({}), configuration: { InstanceType: 'ml.t3.medium' } },
      status: 'error',
      evidence: { NotebookInstanceName: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: notebookInstance(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
