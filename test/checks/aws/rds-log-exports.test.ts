import { describe, expect, it } from 'vitest';
import check, { AUDIT_LOG_TYPES } from '../../../checks/aws/rds-log-exports.js';
import { sampleItem, verdictTable } from './items.js';
import { rdsCluster, rdsInstance } from './rds-items.js';

describe('aws-rds-log-exports', () => {
  it('names the audit-relevant log types of the common engines', () => {
    expect(AUDIT_LOG_TYPES).toMatchObject({ postgres: ['postgresql'], mysql: ['audit', 'general'], 'aurora-postgresql': ['postgresql'] });
  });

  verdictTable(check, [
    { title: 'passes a PostgreSQL instance exporting postgresql and upgrade logs', item: rdsInstance({}), status: 'pass', evidence: { engine: 'postgres', enabledCloudwatchLogsExports: ['postgresql', 'upgrade'] } },
    { title: 'passes an Aurora cluster exporting postgresql logs', item: rdsCluster({}), status: 'pass', evidence: { engine: 'aurora-postgresql', enabledCloudwatchLogsExports: ['postgresql'] } },
    { title: 'fails a MySQL instance exporting nothing', item: rdsInstance({ engine: 'mysql', enabledCloudwatchLogsExports: [] }), status: 'fail', evidence: { engine: 'mysql', enabledCloudwatchLogsExports: [] } },
    { title: 'fails the rdk sample (mysql, exports null)', item: sampleItem('rdk-example-ci/AWS_RDS_DBInstance.json'), status: 'fail', evidence: { engine: 'mysql', enabledCloudwatchLogsExports: null } },
    { title: 'fails the rdk sample cluster (aurora-mysql, exports [])', item: sampleItem('rdk-example-ci/AWS_RDS_DBCluster.json'), status: 'fail', evidence: { engine: 'aurora-mysql', enabledCloudwatchLogsExports: [] } },
    {
      title: 'fails a MySQL instance exporting only the slow query log',
      item: rdsInstance({ engine: 'mysql', enabledCloudwatchLogsExports: ['slowquery'] }),
      status: 'fail',
      evidence: { enabledCloudwatchLogsExports: ['slowquery'], auditLogTypes: ['audit', 'general'] },
    },
    { title: 'is not applicable to an Aurora cluster member (the cluster is graded)', item: rdsInstance({ engine: 'aurora-postgresql', dBClusterIdentifier: 'imaging-meta' }), status: 'not_applicable', evidence: { dBClusterIdentifier: 'imaging-meta' } },
    { title: 'is undecided when the exports field is not a list', item: rdsInstance({ enabledCloudwatchLogsExports: 'postgresql' }), status: 'error', evidence: { enabledCloudwatchLogsExports: 'postgresql' } },
    { title: 'is undecided when Config recorded no configuration', item: rdsInstance(null), status: 'error', evidence: { configuration: null } },
  ]);
});
