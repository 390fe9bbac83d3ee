import { defineCheck } from '../../src/engine/check.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { anyCaseArray, anyCaseString, configurationMissing } from './_shared/any-case.js';

/**
 * Whether an engine's *default* parameter group requires TLS, from the RDS and Aurora user guides:
 * rds.force_ssl is 1 by default from RDS for PostgreSQL 15 and 0 before; require_secure_transport
 * is OFF up to MySQL 8.4 (ON from 9.7) and MariaDB 11.4 (ON from 11.8); rds.force_ssl is 0 for
 * SQL Server and Aurora PostgreSQL; require_secure_transport is OFF for Aurora MySQL. `undefined`
 * where the guides do not say (Oracle and Db2 use option groups and listeners instead).
 */
function defaultRequiresTls(engine: string, version: number[]): { parameter: string; on: boolean } | undefined {
  const [major = 0, minor = 0] = version;
  const atLeast = (m: number, n: number) => major > m || (major === m && minor >= n);
  if (engine === 'postgres') return { parameter: 'rds.force_ssl', on: major >= 15 };
  if (engine === 'mysql') return atLeast(9, 7) ? { parameter: 'require_secure_transport', on: true } : major <= 8 ? { parameter: 'require_secure_transport', on: false } : undefined;
  if (engine === 'mariadb') return atLeast(11, 8) ? { parameter: 'require_secure_transport', on: true } : !atLeast(11, 5) ? { parameter: 'require_secure_transport', on: false } : undefined;
  if (engine.startsWith('sqlserver-')) return { parameter: 'rds.force_ssl', on: false };
  if (engine === 'aurora-postgresql') return { parameter: 'rds.force_ssl', on: false };
  if (engine === 'aurora-mysql' || engine === 'aurora') return { parameter: 'require_secure_transport', on: false };
  return undefined;
}

export default defineCheck({
  id: 'aws-rds-tls-required',
  title: 'RDS database requires TLS for client connections',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'RDS offers TLS but, for most engines, also accepts plaintext connections unless rds.force_ssl or require_secure_transport is on; a client that falls back to plaintext sends credentials, queries and ePHI results unencrypted.',
  remediation: {
    text: 'Attach a custom parameter group with rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB); for Aurora set it in the DB cluster parameter group.',
    cli: 'aws rds create-db-parameter-group --db-parameter-group-name tls-required --db-parameter-group-family mysql8.0 --description "require TLS"\naws rds modify-db-parameter-group --db-parameter-group-name tls-required --parameters ParameterName=require_secure_transport,ParameterValue=1,ApplyMethod=immediate\naws rds modify-db-instance --db-instance-identifier DB --db-parameter-group-name tls-required --apply-immediately',
    terraform:
      'resource "aws_db_parameter_group" "tls_required" {\n  family = "postgres16"\n  parameter {\n    name  = "rds.force_ssl"\n    value = "1"\n  }\n}',
  },
  evaluate(db) {
    const missing = configurationMissing(db, 'database', 'whether it requires TLS');
    if (missing) return missing;
    const engine = anyCaseString(db.config, 'engine') ?? null;
    const engineVersion = anyCaseString(db.config, 'engineVersion') ?? null;
    // Aurora and Multi-AZ cluster members take these parameters from the cluster's parameter group.
    const cluster = db.type === 'AWS::RDS::DBInstance' ? anyCaseString(db.config, 'dBClusterIdentifier') : undefined;
    if (cluster) return notApplicable(`This instance takes its TLS setting from DB cluster ${cluster}, which is graded instead.`, { dBClusterIdentifier: cluster, engine });
    const group =
      db.type === 'AWS::RDS::DBCluster'
        ? anyCaseString(db.config, 'dbclusterParameterGroup')
        : anyCaseString((anyCaseArray(db.config, 'dBParameterGroups') ?? [])[0], 'dBParameterGroupName');
    const evidence = { engine, engineVersion, parameterGroup: group ?? null };
    if (!engine || !group) return undecided('The database record does not name its engine and parameter group.', evidence);
    if (!group.startsWith('default.')) {
      // AWS Config records which parameter group a database uses, not the values in it.
      return undecided(`The database uses custom parameter group ${group}, whose parameter values AWS Config does not record, so whether it requires TLS is unknown.`, evidence);
    }
    const version = (engineVersion ?? '').split('.').map((n) => Number.parseInt(n, 10)).filter((n) => Number.isFinite(n));
    const setting = defaultRequiresTls(engine, version);
    if (!setting) return undecided(`Whether the default parameter group of ${[engine, engineVersion].filter(Boolean).join(' ')} requires TLS is not known to this check.`, evidence);
    const all = { ...evidence, parameter: setting.parameter, defaultValue: setting.on ? 1 : 0 };
    return setting.on
      ? pass(`The database uses the default parameter group ${group}, in which ${setting.parameter} is on, so clients must use TLS.`, all)
      : fail(`The database uses the default parameter group ${group}, in which ${setting.parameter} is off, so it accepts unencrypted connections.`, all);
  },
});
