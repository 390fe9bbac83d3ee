import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';
import { clusterOf, rdsNoun } from './_shared/rds.js';

/**
 * The log types that record sessions, statements or audit events, per engine (the RDS
 * `enabledCloudwatchLogsExports` values); exporting at least one of them to CloudWatch Logs keeps a
 * record of database activity outside the database. Engines not listed pass with any export.
 */
export const AUDIT_LOG_TYPES: Record<string, string[]> = {
  postgres: ['postgresql'],
  'aurora-postgresql': ['postgresql'],
  mysql: ['audit', 'general'],
  mariadb: ['audit', 'general'],
  'aurora-mysql': ['audit', 'general'],
  aurora: ['audit', 'general'],
  'oracle-ee': ['audit'],
  'oracle-ee-cdb': ['audit'],
  'oracle-se2': ['audit'],
  'oracle-se2-cdb': ['audit'],
  'sqlserver-ee': ['error'],
  'sqlserver-se': ['error'],
  'sqlserver-ex': ['error'],
  'sqlserver-web': ['error'],
};

export default defineCheck({
  id: 'aws-rds-log-exports',
  title: 'RDS database exports its audit logs to CloudWatch Logs',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'Database logs show who connected and what they ran against ePHI; kept only on the instance they rotate away within days and die with it, while CloudWatch Logs keeps them for review.',
  remediation: {
    text: 'Publish the engine\'s audit-relevant logs to CloudWatch Logs (PostgreSQL: postgresql with log_connections and pgaudit; MySQL/MariaDB: audit via the MARIADB_AUDIT_PLUGIN option, or general), and set a retention on the log groups.',
    cli: 'aws rds modify-db-instance --db-instance-identifier DB --cloudwatch-logs-export-configuration \'{"EnableLogTypes":["postgresql","upgrade"]}\' --apply-immediately\naws rds modify-db-cluster --db-cluster-identifier CLUSTER --cloudwatch-logs-export-configuration \'{"EnableLogTypes":["postgresql"]}\' --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]\n}',
  },
  evaluate(db) {
    const noun = rdsNoun(db);
    const missing = configurationMissing(db, noun, 'which logs it exports');
    if (missing) return missing;
    const cluster = clusterOf(db);
    if (cluster) return notApplicable(`The instance belongs to Aurora cluster ${cluster}, which exports the logs; the cluster is graded.`, { dBClusterIdentifier: cluster });
    const engine = stringField(db.config, 'engine');
    const raw = field(db.config, 'enabledCloudwatchLogsExports');
    const evidence = { engine: engine ?? null, enabledCloudwatchLogsExports: raw ?? null };
    // The RDS API leaves the list out (Config writes null) when nothing is exported.
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) return undecided('The record\'s enabledCloudwatchLogsExports is not a list of log types.', evidence);
    const exported = (Array.isArray(raw) ? raw : []).filter((x): x is string => typeof x === 'string');
    if (exported.length === 0) return fail(`The ${noun} exports no logs to CloudWatch Logs: its connection and query logs stay on the ${noun}.`, evidence);
    const wanted = engine ? AUDIT_LOG_TYPES[engine] : undefined;
    if (!wanted || wanted.some((t) => exported.includes(t))) return pass(`The ${noun} exports ${exported.join(', ')} logs to CloudWatch Logs.`, evidence);
    return fail(`The ${noun} exports only ${exported.join(', ')}, none of the ${engine} logs that record sessions or audit events (${wanted.join(' or ')}).`, { ...evidence, auditLogTypes: wanted });
  },
});
