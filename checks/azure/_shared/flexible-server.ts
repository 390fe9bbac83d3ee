import type { CheckContext, Verdict } from '../../../src/engine/check.js';
import { field, stringField } from '../../../src/engine/read.js';
import { fail, pass, undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';
import { childOf, withoutProperties } from './arm.js';
import { TLS_1_2, tlsVersion } from './tls.js';

/**
 * Azure Database for PostgreSQL and MySQL flexible servers share one resource shape
 * (`properties.backup`, `properties.network`) and one server-parameter child type
 * (`<server id>/configurations/<name>`, `properties.value`); only the engine's names differ.
 */
export interface FlexibleEngine {
  label: 'PostgreSQL' | 'MySQL';
  /** The server parameter that names the TLS versions accepted. */
  tlsParameter: 'ssl_min_protocol_version' | 'tls_version';
}

export const POSTGRESQL: FlexibleEngine = { label: 'PostgreSQL', tlsParameter: 'ssl_min_protocol_version' };
export const MYSQL: FlexibleEngine = { label: 'MySQL', tlsParameter: 'tls_version' };

/** Backups kept for fewer days than this fail; 7 is Azure's default and the AWS baseline. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/**
 * `require_secure_transport` is ON by default, but a server parameter can be switched off at any
 * time and Resource Graph does not carry parameters. With no parameter record in the scan the
 * setting is unknown, so the verdict is `error`, never a pass on the strength of the default.
 */
export function secureTransportVerdict(server: Resource, context: CheckContext, engine: FlexibleEngine): Verdict {
  const missing = withoutProperties(server, "the server's TLS enforcement");
  if (missing) return missing;
  const { id, child: parameter } = childOf(context, server, 'configurations/require_secure_transport');
  const tlsParam = childOf(context, server, `configurations/${engine.tlsParameter}`).child;
  // MySQL's tls_version lists every version accepted ("TLSv1.2,TLSv1.3"); PostgreSQL's names the lowest.
  const accepted = stringField(tlsParam?.config, 'value');
  const lowest = accepted ? Math.min(...accepted.split(',').map((v) => tlsVersion(v) ?? Infinity)) : undefined;
  const value = stringField(parameter?.config, 'value');
  const evidence = {
    parameterId: id,
    requireSecureTransport: value ?? null,
    source: stringField(parameter?.config, 'source') ?? null,
    defaultValue: stringField(parameter?.config, 'defaultValue') ?? null,
    [engine.tlsParameter]: accepted ?? null,
  };
  if (!parameter) {
    return undecided(
      "The scan holds no require_secure_transport parameter for this server; Azure's default is ON, but it can be switched off, so export the server's parameters to grade it.",
      evidence,
    );
  }
  switch (value?.toLowerCase()) {
    case 'on':
    case 'true':
      if (lowest !== undefined && lowest < TLS_1_2) return fail(`The server requires TLS but still accepts versions below TLS 1.2 (${engine.tlsParameter} = ${accepted}).`, evidence);
      return pass(`The ${engine.label} server refuses connections that do not use TLS.`, evidence);
    case 'off':
    case 'false':
      return fail(`require_secure_transport is OFF, so clients can connect to the ${engine.label} server without encryption.`, evidence);
    default:
      return undecided(value ? `require_secure_transport has a value this check does not know (${value}).` : 'The require_secure_transport record carries no value.', evidence);
  }
}

export function geoRedundantBackupVerdict(server: Resource, engine: FlexibleEngine): Verdict {
  const missing = withoutProperties(server, "the server's backup redundancy");
  if (missing) return missing;
  const geo = stringField(server.config, 'backup.geoRedundantBackup');
  const evidence = { geoRedundantBackup: geo ?? null, backupRetentionDays: field(server.config, 'backup.backupRetentionDays') ?? null };
  switch (geo?.toLowerCase()) {
    case 'enabled':
      return pass(`The ${engine.label} server's backups are copied to the paired region.`, evidence);
    case 'disabled':
      return fail(`The ${engine.label} server's backups stay in one region, so a regional outage can take the backups with the server.`, evidence);
    default:
      return undecided(geo ? `The server reports a backup redundancy this check does not know (${geo}).` : "The server's properties do not say whether its backups are geo-redundant.", evidence);
  }
}

export function backupRetentionVerdict(server: Resource, engine: FlexibleEngine): Verdict {
  const missing = withoutProperties(server, "the server's backup retention");
  if (missing) return missing;
  const days = field(server.config, 'backup.backupRetentionDays');
  const evidence = { backupRetentionDays: days ?? null, minimumDays: MIN_BACKUP_RETENTION_DAYS };
  if (typeof days !== 'number') return undecided("The server's properties do not say how long backups are kept.", evidence);
  if (days >= MIN_BACKUP_RETENTION_DAYS) return pass(`The ${engine.label} server keeps point-in-time backups for ${days} days.`, evidence);
  return fail(`The ${engine.label} server keeps backups for only ${days} days, fewer than ${MIN_BACKUP_RETENTION_DAYS}.`, evidence);
}
