import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { sqlSettings } from './_shared/cloud-sql.js';

export default defineCheck({
  id: 'gcp-sql-instance-backup-enabled',
  title: 'Cloud SQL instance takes automated backups',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'backup',
  severity: 'medium',
  rationale:
    'Automated daily backups are the retrievable exact copy of the database that a data backup plan requires; without them a deletion, corruption or ransomware event loses the ePHI for good.',
  remediation: {
    text: 'Enable automated backups with a start time and a retention that matches the contingency plan.',
    cli: 'gcloud sql instances patch INSTANCE --backup-start-time=03:00 --retained-backups-count=14',
    terraform:
      'resource "google_sql_database_instance" "this" {\n  # ...\n  settings {\n    backup_configuration {\n      enabled    = true\n      start_time = "03:00"\n      backup_retention_settings {\n        retained_backups = 14\n      }\n    }\n  }\n}',
  },
  evaluate(instance) {
    const read = sqlSettings(instance, 'backup configuration', true);
    if ('verdict' in read) return read.verdict;
    const backup = read.settings.backupConfiguration;
    const evidence = {
      enabled: field(backup, 'enabled') ?? null,
      startTime: field(backup, 'startTime') ?? null,
      retainedBackups: field(backup, 'backupRetentionSettings.retainedBackups') ?? null,
      location: field(backup, 'location') ?? null,
    };
    if (booleanField(backup, 'enabled') === true) return pass('Automated backups are enabled.', evidence);
    return fail('Automated backups are disabled, so there is no recent copy to restore from.', evidence);
  },
});
