import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/rds-instance-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/2f6c1a8e-4b7d-4e0a-9c3f-5d8e7a1b6c40';

function dbInstance(configuration: Record<string, unknown> | null, status = 'OK') {
  return configItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-7QX2LMB4NKRT3VJ5YHZ6CWE2AI',
    resourceName: 'patients-db',
    arn: 'arn:aws:rds:us-east-1:123456789012:db:patients-db',
    availabilityZone: 'us-east-1a',
    configurationItemStatus: status,
    configuration,
    supplementaryConfiguration: { Tags: [{ key: 'data-class', value: 'phi' }] },
    tags: { 'data-class': 'phi' },
  });
}

const postgres = (extra: Record<string, unknown>) => ({
  dBInstanceIdentifier: 'patients-db',
  dBInstanceClass: 'db.r6g.large',
  engine: 'postgres',
  engineVersion: '16.4',
  dBInstanceStatus: 'available',
  allocatedStorage: 200,
  storageType: 'gp3',
  multiAZ: true,
  publiclyAccessible: false,
  dbiResourceId: 'db-7QX2LMB4NKRT3VJ5YHZ6CWE2AI',
  ...extra,
});

describe('aws-rds-instance-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when storageEncrypted is true',
      item: dbInstance(postgres({ storageEncrypted: true, kmsKeyId: KEY })),
      status: 'pass',
      evidence: { storageEncrypted: true, kmsKeyId: KEY, engine: 'postgres' },
    },
    {
      title: 'passes when the API shape carries configuration as a JSON string',
      item: asApiItem(dbInstance(postgres({ storageEncrypted: true, kmsKeyId: KEY }))),
      status: 'pass',
      evidence: { storageEncrypted: true, kmsKeyId: KEY },
    },
    {
      title: 'fails when storageEncrypted is false',
      item: dbInstance(postgres({ storageEncrypted: false })),
      status: 'fail',
      evidence: { storageEncrypted: false, kmsKeyId: null, engine: 'postgres' },
    },
    {
      title: 'fails when the API shape says storageEncrypted is false',
      item: asApiItem(dbInstance(postgres({ storageEncrypted: false }))),
      status: 'fail',
      evidence: { storageEncrypted: false },
    },
    {
      title: 'is undecided when storageEncrypted is absent',
      item: dbInstance(postgres({})),
      status: 'error',
      evidence: { storageEncrypted: null, engine: 'postgres' },
    },
    {
      title: 'is undecided when storageEncrypted is not a boolean',
      item: dbInstance(postgres({ storageEncrypted: 'yes' })),
      status: 'error',
      evidence: { storageEncrypted: 'yes' },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: dbInstance(null, 'ResourceNotRecorded'),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('passes the real rdk sample instance (mysql, KMS-encrypted)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_RDS_DBInstance.json')));
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({
      storageEncrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:264683526309:key/e20f3a10-781f-4582-93d7-6dfe67cac827',
      engine: 'mysql',
    });
  });
});
