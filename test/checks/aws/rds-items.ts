import { configItem } from './items.js';

/** AWS::RDS::DBInstance as Config records it (`dBInstanceIdentifier`-style names, aws-config-resource-schema). */
export function rdsInstance(extra: Record<string, unknown> | null, id = 'patients-db') {
  return configItem({
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: 'db-7QX2LMB4NKRT3VJ5YHZ6CWE2AI',
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:db:${id}`,
    availabilityZone: 'us-east-1a',
    configuration: extra && {
      dBInstanceIdentifier: id,
      dBInstanceClass: 'db.r6g.large',
      engine: 'postgres',
      engineVersion: '16.4',
      dBInstanceStatus: 'available',
      backupRetentionPeriod: 14,
      publiclyAccessible: false,
      storageEncrypted: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      dbiResourceId: 'db-7QX2LMB4NKRT3VJ5YHZ6CWE2AI',
      ...extra,
    },
  });
}

/** AWS::RDS::DBCluster as Config records it (`dbclusterIdentifier`-style names, as in the rdk sample). */
export function rdsCluster(extra: Record<string, unknown> | null, id = 'imaging-meta') {
  return configItem({
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: 'cluster-4Q2ZP7XKJ3VN5M6B8C9D0E1F2G',
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:cluster:${id}`,
    availabilityZone: 'Multiple Availability Zones',
    configuration: extra && {
      dbclusterIdentifier: id,
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      status: 'available',
      backupRetentionPeriod: 7,
      storageEncrypted: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      ...extra,
    },
  });
}
