import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-dynamodb-table-pitr',
  title: 'DynamoDB table has point-in-time recovery',
  provider: 'aws',
  resourceTypes: ['AWS::DynamoDB::Table'],
  category: 'backup',
  severity: 'medium',
  rationale:
    'Point-in-time recovery keeps continuous backups of the table for up to 35 days, so an accidental delete or a bad write can be rolled back to the second before it happened.',
  remediation: {
    text: 'Enable point-in-time recovery on the table.',
    cli: 'aws dynamodb update-continuous-backups --table-name TABLE --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
    terraform: 'resource "aws_dynamodb_table" "this" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}',
  },
  evaluate(table) {
    const missing = configurationMissing(table, 'table', 'whether point-in-time recovery is on');
    if (missing) return missing;
    // AWS Config records DescribeContinuousBackups in supplementaryConfiguration.ContinuousBackupsDescription.
    const backups = field(table.config, 'ContinuousBackupsDescription');
    const status = stringField(backups, 'pointInTimeRecoveryDescription.pointInTimeRecoveryStatus');
    const evidence = { continuousBackupsStatus: stringField(backups, 'continuousBackupsStatus') ?? null, pointInTimeRecoveryStatus: status ?? null };
    if (status === undefined) return undecided('The table record carries no ContinuousBackupsDescription, so whether point-in-time recovery is on is unknown.', evidence);
    if (status === 'ENABLED') return pass('Point-in-time recovery is on: the table can be restored to any second of the last 35 days.', evidence);
    return fail(`Point-in-time recovery is ${status.toLowerCase()}: a bad write or delete cannot be rolled back.`, evidence);
  },
});
