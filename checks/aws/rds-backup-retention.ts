import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { clusterOf, rdsNoun } from './_shared/rds.js';

/** The shortest automated-backup retention accepted, in days (DB_INSTANCE_BACKUP_ENABLED leaves its backupRetentionMinimum to the user; a week covers a weekend plus the time to notice). */
export const MIN_BACKUP_RETENTION_DAYS = 7;

export default defineCheck({
  id: 'aws-rds-backup-retention',
  title: `RDS automated backups are kept for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  category: 'backup',
  severity: 'high',
  rationale:
    'Automated backups let the database be restored to any second within the retention window; with none, or a day or two, a corruption or deletion noticed after a weekend is permanent.',
  remediation: {
    text: `Set the backup retention period to ${MIN_BACKUP_RETENTION_DAYS} days or more (up to 35), and keep long-term copies with AWS Backup.`,
    cli: `aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period ${MIN_BACKUP_RETENTION_DAYS} --apply-immediately\naws rds modify-db-cluster --db-cluster-identifier CLUSTER --backup-retention-period ${MIN_BACKUP_RETENTION_DAYS} --apply-immediately`,
    terraform: `resource "aws_db_instance" "this" {\n  # ...\n  backup_retention_period = ${MIN_BACKUP_RETENTION_DAYS}\n}`,
  },
  evaluate(db) {
    const noun = rdsNoun(db);
    const missing = configurationMissing(db, noun, 'its backup retention');
    if (missing) return missing;
    const cluster = clusterOf(db);
    if (cluster) return notApplicable(`The instance belongs to Aurora cluster ${cluster}, whose backups cover it; the cluster is graded.`, { dBClusterIdentifier: cluster });
    const source = stringField(db.config, 'readReplicaSourceDBInstanceIdentifier');
    if (source) return notApplicable(`The instance is a read replica of ${source}, whose backups hold the data.`, { readReplicaSourceDBInstanceIdentifier: source });
    const raw = field(db.config, 'backupRetentionPeriod');
    const evidence = { backupRetentionPeriod: raw ?? null, minimumDays: MIN_BACKUP_RETENTION_DAYS };
    if (typeof raw !== 'number') return undecided(`The ${noun} record does not give a backup retention period.`, evidence);
    if (raw === 0) return fail(`Automated backups are off for the ${noun}: it cannot be restored to an earlier point.`, evidence);
    if (raw < MIN_BACKUP_RETENTION_DAYS) return fail(`The ${noun} keeps automated backups for ${raw} day${raw === 1 ? '' : 's'} only (needs ${MIN_BACKUP_RETENTION_DAYS}).`, evidence);
    return pass(`The ${noun} keeps automated backups for ${raw} days.`, evidence);
  },
});
