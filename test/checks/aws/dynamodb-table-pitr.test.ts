import { describe } from 'vitest';
import check from '../../../checks/aws/dynamodb-table-pitr.js';
import { asApiItem, dynamoDbTable, sampleItem, verdictTable } from './items.js';

const withBackups = (status: string) => ({
  ...dynamoDbTable({}),
  supplementaryConfiguration: { ContinuousBackupsDescription: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: status, earliestRestorableDateTime: 1769990400000, latestRestorableDateTime: 1772409300000 } } },
});

describe('aws-dynamodb-table-pitr', () => {
  verdictTable(check, [
    { title: 'passes a table with point-in-time recovery on', item: withBackups('ENABLED'), status: 'pass', evidence: { pointInTimeRecoveryStatus: 'ENABLED' } },
    { title: 'passes the API shape of the same table', item: asApiItem(withBackups('ENABLED')), status: 'pass', evidence: { pointInTimeRecoveryStatus: 'ENABLED' } },
    { title: 'fails the rdk sample table (PITR DISABLED)', item: sampleItem('rdk-example-ci/AWS_DynamoDB_Table.json'), status: 'fail', evidence: { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryStatus: 'DISABLED' } },
    { title: 'is undecided when Config recorded no ContinuousBackupsDescription', item: dynamoDbTable({}), status: 'error', evidence: { pointInTimeRecoveryStatus: null } },
    { title: 'is undecided when Config recorded no configuration', item: dynamoDbTable(null), status: 'error', evidence: { configuration: null } },
  ]);
});
