import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { sqlSettings } from './_shared/cloud-sql.js';

export default defineCheck({
  id: 'gcp-sql-instance-point-in-time-recovery',
  title: 'Cloud SQL instance can be restored to a point in time',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'backup',
  severity: 'low',
  rationale:
    'Point-in-time recovery replays the transaction log on top of the last backup, so a bad write or a deletion can be undone to the minute instead of losing up to a day of ePHI.',
  remediation: {
    text: 'Enable point-in-time recovery (binary logging on MySQL); automated backups must be on as well.',
    cli: 'gcloud sql instances patch INSTANCE --enable-point-in-time-recovery   # MySQL: --enable-bin-log',
    terraform:
      'resource "google_sql_database_instance" "this" {\n  # ...\n  settings {\n    backup_configuration {\n      enabled                        = true\n      point_in_time_recovery_enabled = true # MySQL: binary_log_enabled = true\n    }\n  }\n}',
  },
  evaluate(instance) {
    const read = sqlSettings(instance, 'point-in-time recovery setting', true);
    if ('verdict' in read) return read.verdict;
    const backup = read.settings.backupConfiguration;
    const version = stringField(instance.config, 'databaseVersion');
    const evidence = {
      databaseVersion: version ?? null,
      backupsEnabled: field(backup, 'enabled') ?? null,
      pointInTimeRecoveryEnabled: field(backup, 'pointInTimeRecoveryEnabled') ?? null,
      binaryLogEnabled: field(backup, 'binaryLogEnabled') ?? null,
      transactionLogRetentionDays: field(backup, 'transactionLogRetentionDays') ?? null,
    };
    if (booleanField(backup, 'enabled') !== true) return fail('Automated backups are off, and point-in-time recovery needs them.', evidence);
    if (booleanField(backup, 'pointInTimeRecoveryEnabled') === true) return pass('Point-in-time recovery is enabled.', evidence);
    // MySQL's point-in-time recovery is its binary log; other engines use pointInTimeRecoveryEnabled.
    if (version === undefined && booleanField(backup, 'binaryLogEnabled') === true) {
      return undecided('Binary logging is on, but the record does not name the database engine, so whether that gives point-in-time recovery is unknown.', evidence);
    }
    if (version?.startsWith('MYSQL') && booleanField(backup, 'binaryLogEnabled') === true) return pass('Binary logging is on, which gives MySQL point-in-time recovery.', evidence);
    return fail('Point-in-time recovery is off, so the database can only be restored to its last backup.', evidence);
  },
});
