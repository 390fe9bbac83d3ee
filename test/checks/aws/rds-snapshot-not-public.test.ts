import { describe } from 'vitest';
import check from '../../../checks/aws/rds-snapshot-not-public.js';
import { configItem, verdictTable } from './items.js';

// Field names per aws-config-resource-schema: supplementaryConfiguration.DBSnapshotAttributes /
// DBClusterSnapshotAttributes, each {attributeName, attributeValues}.
function dbSnapshot(attributes: unknown[] | undefined) {
  const id = 'reporting-db-before-migration';
  return configItem({
    resourceType: 'AWS::RDS::DBSnapshot',
    resourceId: id,
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:snapshot:${id}`,
    configuration: { dBSnapshotIdentifier: id, dBInstanceIdentifier: 'reporting-db', engine: 'mysql', snapshotType: 'manual', status: 'available', encrypted: false },
    supplementaryConfiguration: attributes ? { DBSnapshotAttributes: attributes } : {},
  });
}

function clusterSnapshot(values: string[]) {
  const id = 'imaging-meta-export';
  return configItem({
    resourceType: 'AWS::RDS::DBClusterSnapshot',
    resourceId: id,
    resourceName: id,
    arn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${id}`,
    configuration: { dbclusterSnapshotIdentifier: id, dbclusterIdentifier: 'imaging-meta', engine: 'aurora-postgresql', snapshotType: 'manual', status: 'available' },
    supplementaryConfiguration: { DBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: values }] },
  });
}

describe('aws-rds-snapshot-not-public', () => {
  verdictTable(check, [
    { title: 'fails a snapshot anyone may restore', item: dbSnapshot([{ attributeName: 'restore', attributeValues: ['all'] }]), status: 'fail', evidence: { restoreAttributeValues: ['all'] } },
    { title: 'fails a public cluster snapshot', item: clusterSnapshot(['all']), status: 'fail', evidence: { restoreAttributeValues: ['all'] } },
    { title: 'passes a snapshot shared with one named account', item: dbSnapshot([{ attributeName: 'restore', attributeValues: ['210987654321'] }]), status: 'pass', evidence: { restoreAttributeValues: ['210987654321'] } },
    { title: 'passes a cluster snapshot shared with nobody', item: clusterSnapshot([]), status: 'pass', evidence: { restoreAttributeValues: [] } },
    { title: 'is undecided when Config recorded no snapshot attributes', item: dbSnapshot(undefined), status: 'error', evidence: { DBSnapshotAttributes: null } },
  ]);
});
