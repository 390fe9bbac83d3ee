import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCaseString, configurationMissing } from './_shared/any-case.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-sagemaker-notebook-kms-key',
  title: 'SageMaker notebook instance storage uses a customer managed KMS key',
  provider: 'aws',
  resourceTypes: ['AWS::SageMaker::NotebookInstance'],
  category: 'encryption-at-rest',
  severity: 'medium',
  // SageMaker encrypts every notebook ML storage volume; without KmsKeyId it uses an AWS managed key.
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Notebook volumes hold the datasets, extracts and outputs data scientists work on, often ePHI; a customer managed key keeps decryption under your key policy and logs its use, where the default AWS managed key does not.',
  remediation: {
    text: 'The key is fixed at creation: create a new notebook instance with a customer managed KMS key, move the work across and delete the old one.',
    cli: 'aws sagemaker create-notebook-instance --notebook-instance-name NAME --instance-type ml.t3.medium --role-arn ROLE-ARN --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    terraform: 'resource "aws_sagemaker_notebook_instance" "this" {\n  # ...\n  kms_key_id = aws_kms_key.notebooks.arn\n}',
  },
  evaluate(notebook, context) {
    const missing = configurationMissing(notebook, 'notebook instance', 'its encryption key');
    if (missing) return missing;
    // Config records notebooks in the CloudFormation shape: NotebookInstanceName, KmsKeyId.
    const name = anyCaseString(notebook.config, 'NotebookInstanceName') ?? null;
    const keyId = anyCaseString(notebook.config, 'KmsKeyId');
    if (!keyId) {
      if (name === null) return undecided('The notebook record is incomplete (no NotebookInstanceName), so its key is unknown.', { NotebookInstanceName: null, KmsKeyId: null });
      return fail('The notebook storage volume is encrypted with an AWS managed key, not a customer managed key.', { NotebookInstanceName: name, KmsKeyId: null });
    }
    const key = kmsKeyFacts(keyId, notebook, context);
    const evidence = { NotebookInstanceName: name, KmsKeyId: keyId, ...keyEvidence(key) };
    if (key.keyManager === 'AWS') return fail(`The notebook storage volume uses the ${describeKey(key)}, not a customer managed key.`, evidence);
    if (keyUnusable(key)) return fail(`The notebook's ${describeKey(key)} is ${key.keyState}, so its storage volume cannot be read.`, evidence);
    return pass(`The notebook storage volume is encrypted with ${key.keyManager === 'CUSTOMER' ? describeKey(key) : `the named KMS key ${keyId}`}.`, evidence);
  },
});
