import { defineCheck } from '../../src/engine/check.js';
import { isRecord, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

/** SSEDescription statuses under which the table's data is encrypted and readable. */
const ENCRYPTING = new Set(['ENABLED', 'ENABLING', 'UPDATING']);
/** Statuses of a switch away from KMS: back to DynamoDB's default, an AWS owned key. */
const TO_OWNED_KEY = new Set(['DISABLED', 'DISABLING']);

export default defineCheck({
  id: 'aws-dynamodb-table-encrypted',
  title: 'DynamoDB table is encrypted with a usable key',
  provider: 'aws',
  resourceTypes: ['AWS::DynamoDB::Table'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'DynamoDB encrypts every table at rest, but a table whose KMS key is disabled, deleted or no longer granted cannot be decrypted: its ePHI is unavailable and DynamoDB archives the table after seven days.',
  remediation: {
    text: 'Restore access to the KMS key (re-enable it, cancel its deletion or restore the grant), or switch the table to an AWS owned or AWS managed key.',
    cli: 'aws kms enable-key --key-id KEY-ARN\naws dynamodb update-table --table-name TABLE --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=KEY-ARN',
    terraform: 'resource "aws_dynamodb_table" "this" {\n  # ...\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n}',
  },
  evaluate(table) {
    if (table.related.configurationMissing) {
      return undecided('AWS Config holds no configuration for this table, so its encryption is unknown.', { configuration: null });
    }
    const tableStatus = stringField(table.config, 'tableStatus') ?? null;
    const sse = caseless(table.config, 'ssedescription') ?? null;
    const evidence = { tableStatus, ssedescription: sse };
    if (tableStatus === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' || (caseless(sse, 'inaccessibleEncryptionDateTime') ?? null) !== null) {
      return fail("DynamoDB has lost access to the table's KMS key, so the table's data can no longer be decrypted.", evidence);
    }
    if (sse === null) {
      // No SSEDescription is how DynamoDB describes its default, an AWS owned key; only trust
      // that reading when the record is a real table description.
      if (tableStatus === null) return undecided('The table record is incomplete (no tableStatus), so its encryption cannot be confirmed.', evidence);
      return pass('DynamoDB encrypts the table with an AWS owned key, its default.', { ...evidence, encryptionKey: 'AWS owned key' });
    }
    const status = caseless(sse, 'status');
    if (typeof status !== 'string') return undecided('The table record does not say whether server-side encryption is enabled.', evidence);
    if (TO_OWNED_KEY.has(status)) {
      // SSESpecification: "If disabled (false) or not specified, server-side encryption is set to
      // AWS owned key" (DynamoDB API reference). The table stays encrypted, with DynamoDB's default.
      return pass(`DynamoDB reports KMS server-side encryption as ${status}: the table is encrypted with an AWS owned key, its default.`, { ...evidence, encryptionKey: 'AWS owned key' });
    }
    if (!ENCRYPTING.has(status)) {
      return undecided(`DynamoDB reports the table's server-side encryption as ${status}, a status safeguard does not know, so its encryption cannot be confirmed.`, evidence);
    }
    const keyArn = caseless(sse, 'kmsmasterKeyArn');
    const withKms = caseless(sse, 'ssetype') === 'KMS' ? ' with an AWS KMS key' : '';
    return pass(`The table's server-side encryption is ${status}${withKms}.`, { ...evidence, encryptionKey: typeof keyArn === 'string' ? keyArn : null });
  },
});

/**
 * AWS Config's resource schema and current items write `ssedescription.ssetype` /
 * `kmsmasterKeyArn`; its older serializer lower-cased only the first letter (RDS's
 * `dBInstanceIdentifier`), which gives `sSEDescription.sSEType` / `kMSMasterKeyArn`. Read either.
 */
function caseless(doc: unknown, name: string): unknown {
  if (!isRecord(doc)) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(doc).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : doc[key];
}
