import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/dynamodb-table-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/6d2e9b4a-1c7f-4a35-8e0d-3b9f2c5a7e81';

// Field names as AWS Config writes them (awslabs/aws-config-resource-schema):
// configuration.ssedescription.{status, ssetype, kmsmasterKeyArn, inaccessibleEncryptionDateTime}.
function table(extra: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: 'appointments',
    resourceName: 'appointments',
    arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/appointments',
    availabilityZone: 'Not Applicable',
    configuration: extra && {
      tableName: 'appointments',
      tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/appointments',
      tableId: '5f1c2b7e-9a3d-4e60-b8f4-0c2d6e1a9b73',
      tableStatus: 'ACTIVE',
      attributeDefinitions: [{ attributeName: 'patientId', attributeType: 'S' }],
      keySchema: [{ attributeName: 'patientId', keyType: 'HASH' }],
      creationDateTime: 1731920531000,
      billingModeSummary: { billingMode: 'PAY_PER_REQUEST', lastUpdateToPayPerRequestDateTime: 1731920531000 },
      provisionedThroughput: { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 },
      ...extra,
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' } },
      Tags: [],
    },
  });
}

const kms = (sse: Record<string, unknown>) => ({ ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: KEY, ...sse } });

describe('aws-dynamodb-table-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when there is no ssedescription (the AWS owned key, DynamoDB’s default)',
      item: table({}),
      status: 'pass',
      evidence: { ssedescription: null, encryptionKey: 'AWS owned key', tableStatus: 'ACTIVE' },
    },
    {
      title: 'passes when ssedescription is ENABLED with a KMS key',
      item: table(kms({})),
      status: 'pass',
      evidence: { ssedescription: { status: 'ENABLED', ssetype: 'KMS' }, encryptionKey: KEY },
    },
    {
      title: 'passes when the KMS key is being changed (UPDATING)',
      item: table(kms({ status: 'UPDATING' })),
      status: 'pass',
      evidence: { ssedescription: { status: 'UPDATING' }, encryptionKey: KEY },
    },
    {
      title: 'passes when KMS encryption is being switched on (ENABLING)',
      item: table(kms({ status: 'ENABLING' })),
      status: 'pass',
      evidence: { ssedescription: { status: 'ENABLING' } },
    },
    {
      title: 'passes when the API shape carries the KMS description inside a JSON string',
      item: asApiItem(table(kms({}))),
      status: 'pass',
      evidence: { ssedescription: { status: 'ENABLED' }, encryptionKey: KEY },
    },
    {
      title: 'passes when the item uses the first-letter-lower-cased names (sSEDescription, kMSMasterKeyArn)',
      item: table({ sSEDescription: { status: 'ENABLED', sSEType: 'KMS', kMSMasterKeyArn: KEY } }),
      status: 'pass',
      evidence: { ssedescription: { sSEType: 'KMS' }, encryptionKey: KEY },
    },
    {
      title: 'fails when the KMS key has become inaccessible (inaccessibleEncryptionDateTime set)',
      item: table({ tableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', ...kms({ inaccessibleEncryptionDateTime: 1741003200000 }) }),
      status: 'fail',
      evidence: { tableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', ssedescription: { inaccessibleEncryptionDateTime: 1741003200000 } },
    },
    {
      title: 'fails when inaccessibleEncryptionDateTime is set while the table still reads ACTIVE',
      item: table(kms({ inaccessibleEncryptionDateTime: '2025-03-03T12:00:00.000Z' })),
      status: 'fail',
      evidence: { tableStatus: 'ACTIVE', ssedescription: { inaccessibleEncryptionDateTime: '2025-03-03T12:00:00.000Z' } },
    },
    {
      title: 'fails when DynamoDB reports the table as INACCESSIBLE_ENCRYPTION_CREDENTIALS',
      item: table({ tableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', ...kms({}) }),
      status: 'fail',
      evidence: { tableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' },
    },
    {
      title: 'passes when KMS encryption is DISABLED: DynamoDB falls back to an AWS owned key (SSESpecification.Enabled=false)',
      item: table(kms({ status: 'DISABLED' })),
      status: 'pass',
      evidence: { ssedescription: { status: 'DISABLED', ssetype: 'KMS' }, encryptionKey: 'AWS owned key' },
    },
    {
      title: 'passes while KMS encryption is DISABLING (switching to an AWS owned key)',
      item: table(kms({ status: 'DISABLING' })),
      status: 'pass',
      evidence: { ssedescription: { status: 'DISABLING' }, encryptionKey: 'AWS owned key' },
    },
    {
      title: 'is undecided on a status it does not know',
      item: table(kms({ status: 'PAUSED' })),
      status: 'error',
      evidence: { ssedescription: { status: 'PAUSED' } },
    },
    {
      title: 'is undecided when ssedescription has no status',
      item: table({ ssedescription: { ssetype: 'KMS', kmsmasterKeyArn: KEY } }),
      status: 'error',
      evidence: { ssedescription: { ssetype: 'KMS' } },
    },
    {
      title: 'is undecided when ssedescription is not an object',
      item: table({ ssedescription: 'ENABLED' }),
      status: 'error',
      evidence: { ssedescription: 'ENABLED' },
    },
    {
      title: 'is undecided when the configuration is partial (an advanced query that selected only tableName)',
      item: configItem({
        resourceType: 'AWS::DynamoDB::Table',
        resourceId: 'appointments',
        arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/appointments',
        configuration: { tableName: 'appointments' },
      }),
      status: 'error',
      evidence: { tableStatus: null, ssedescription: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: table(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('passes the real rdk sample table, which has no ssedescription (AWS owned key)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_DynamoDB_Table.json')));
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ tableStatus: 'ACTIVE', ssedescription: null, encryptionKey: 'AWS owned key' });
  });
});
