import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/rds-tls-required.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

// AWS::RDS::DBInstance names its group in dBParameterGroups[].dBParameterGroupName (AWS Config resource schema).
function instance(engine: string, engineVersion: string, group: string, extra: Record<string, unknown> = {}) {
  return configItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-ZLQ6RWD52HV5QFS3XMDID3F5W6',
    resourceName: 'records-db',
    arn: 'arn:aws:rds:us-east-1:123456789012:db:records-db',
    configuration: {
      dBInstanceIdentifier: 'records-db',
      dBInstanceClass: 'db.m6g.large',
      engine,
      engineVersion,
      dBInstanceStatus: 'available',
      dBParameterGroups: [{ dBParameterGroupName: group, parameterApplyStatus: 'in-sync' }],
      storageEncrypted: true,
      ...extra,
    },
  });
}

/** The real rdk DBCluster sample (aurora-mysql 5.7 on default.aurora-mysql5.7), with configuration changes. */
function cluster(changes: Record<string, unknown>) {
  const item = sampleItem('rdk-example-ci/AWS_RDS_DBCluster.json');
  return { ...item, configuration: { ...(item.configuration as Record<string, unknown>), ...changes } };
}

describe('aws-rds-tls-required', () => {
  verdictTable(check, [
    {
      title: 'passes RDS for PostgreSQL 15+ on its default group (rds.force_ssl defaults to 1)',
      item: instance('postgres', '16.3', 'default.postgres16'),
      status: 'pass',
      evidence: { engine: 'postgres', parameterGroup: 'default.postgres16', parameter: 'rds.force_ssl', defaultValue: 1 },
    },
    {
      title: 'passes MariaDB 11.8 on its default group (require_secure_transport defaults to ON)',
      item: asApiItem(instance('mariadb', '11.8.2', 'default.mariadb11.8')),
      status: 'pass',
      evidence: { parameter: 'require_secure_transport', defaultValue: 1 },
    },
    {
      title: 'fails MySQL 8.0 on default.mysql8.0 (require_secure_transport defaults to OFF)',
      item: instance('mysql', '8.0.35', 'default.mysql8.0'),
      status: 'fail',
      evidence: { engine: 'mysql', parameterGroup: 'default.mysql8.0', parameter: 'require_secure_transport', defaultValue: 0 },
    },
    {
      title: 'fails PostgreSQL 14 on its default group (rds.force_ssl defaults to 0 before 15)',
      item: instance('postgres', '14.12', 'default.postgres14'),
      status: 'fail',
      evidence: { parameter: 'rds.force_ssl', defaultValue: 0 },
    },
    {
      title: 'fails SQL Server on its default group',
      item: instance('sqlserver-se', '16.00.4135.4.v1', 'default.sqlserver-se-16.0'),
      status: 'fail',
      evidence: { engine: 'sqlserver-se', parameter: 'rds.force_ssl' },
    },
    {
      title: 'fails the real rdk Aurora MySQL cluster on default.aurora-mysql5.7',
      item: sampleItem('rdk-example-ci/AWS_RDS_DBCluster.json'),
      status: 'fail',
      evidence: { engine: 'aurora-mysql', parameterGroup: 'default.aurora-mysql5.7', parameter: 'require_secure_transport' },
    },
    {
      title: 'is not applicable to a cluster member (the cluster is graded)',
      item: instance('aurora-postgresql', '15.4', 'default.aurora-postgresql15', { dBClusterIdentifier: 'imaging-meta' }),
      status: 'not_applicable',
      evidence: { dBClusterIdentifier: 'imaging-meta' },
    },
    {
      title: 'is undecided for a custom parameter group, whose values Config does not record',
      item: instance('postgres', '15.5', 'records-pg15'),
      status: 'error',
      evidence: { parameterGroup: 'records-pg15' },
    },
    {
      title: 'is undecided for a custom cluster parameter group',
      item: cluster({ dbclusterParameterGroup: 'imaging-tls' }),
      status: 'error',
      evidence: { parameterGroup: 'imaging-tls' },
    },
    {
      title: 'is undecided for an engine whose default this check does not know (Oracle)',
      item: instance('oracle-ee', '19.0.0.0.ru-2024-01.rur-2024-01.r1', 'default.oracle-ee-19'),
      status: 'error',
      evidence: { engine: 'oracle-ee' },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: { ...instance('mysql', '8.0.35', 'default.mysql8.0'), configuration: null, configurationItemStatus: 'ResourceNotRecorded' },
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('fails the real rdk MySQL 5.6 instance on default.mysql5.6', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_RDS_DBInstance.json')));
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toMatchObject({ parameterGroup: 'default.mysql5.6', defaultValue: 0 });
  });
});
