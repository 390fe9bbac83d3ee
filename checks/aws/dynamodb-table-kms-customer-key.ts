import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { describeKey, keyEvidence, keyUnusable, kmsKeyFacts } from './_shared/kms-key.js';

export default defineCheck({
  id: 'aws-dynamodb-table-kms-customer-key',
  title: 'DynamoDB table is encrypted with a customer managed KMS key',
  provider: 'aws',
  resourceTypes: ['AWS::DynamoDB::Table'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'DynamoDB encrypts every table, by default with an AWS owned key that you cannot see, audit or revoke; a customer managed key puts decryption of the ePHI behind your key policy and records every use in CloudTrail.',
  remediation: {
    text: 'Switch the table to a customer managed KMS key; the change is online and re-encrypts nothing you must copy.',
    cli: 'aws dynamodb update-table --table-name TABLE --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
    terraform: 'resource "aws_dynamodb_table" "this" {\n  # ...\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.phi.arn\n  }\n}',
  },
  evaluate(table, context) {
    const missing = configurationMissing(table, 'table', 'its encryption key');
    if (missing) return missing;
    // Config writes `ssedescription.kmsmasterKeyArn`; its older serializer `sSEDescription.kMSMasterKeyArn`.
    const tableStatus = stringField(table.config, 'tableStatus') ?? null;
    const sse = anyCase(table.config, 'ssedescription') ?? null;
    if (sse === null) {
      if (tableStatus === null) return undecided('The table record is incomplete (no tableStatus), so its encryption key cannot be confirmed.', { tableStatus, ssedescription: null });
      return fail('The table is encrypted with an AWS owned key (the DynamoDB default), not a customer managed key.', { tableStatus, ssedescription: null, encryptionKey: 'AWS owned key' });
    }
    const ssetype = anyCaseString(sse, 'ssetype') ?? null;
    const status = anyCaseString(sse, 'status') ?? null;
    const keyArn = anyCaseString(sse, 'kmsmasterKeyArn');
    const evidence = { tableStatus, ssedescription: sse };
    if (ssetype !== 'KMS' || !keyArn) {
      return undecided('The table record does not name the KMS key that protects it.', evidence);
    }
    const key = kmsKeyFacts(keyArn, table, context);
    const all = { ...evidence, sseStatus: status, ...keyEvidence(key) };
    if (key.keyManager === 'AWS') return fail(`The table is encrypted with the ${describeKey(key)} (aws/dynamodb), not a customer managed key.`, all);
    if (keyUnusable(key)) return fail(`The table's ${describeKey(key)} is ${key.keyState}, so DynamoDB cannot decrypt the table.`, all);
    if (key.keyManager === 'CUSTOMER') return pass(`The table is encrypted with ${describeKey(key)}.`, all);
    // DynamoDB reports a key ARN for the AWS managed key aws/dynamodb as well, so only the key item decides.
    return undecided(`The table's KMS key ${keyArn} is not in this scan, and DynamoDB names AWS managed and customer managed keys alike, so who manages it is unknown.`, all);
  },
});
