import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { sqlSettings } from './_shared/cloud-sql.js';

const ENCRYPTED_MODES = new Set(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED']);

export default defineCheck({
  id: 'gcp-sql-instance-ssl-required',
  title: 'Cloud SQL instance accepts only encrypted connections',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'Unless the instance requires SSL/TLS, a client that connects directly to its IP address can send queries and receive ePHI in clear text (connections through the Cloud SQL Auth Proxy or connectors are encrypted either way).',
  remediation: {
    text: 'Set the SSL mode to ENCRYPTED_ONLY, or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to also demand client certificates; restart the instance to close existing unencrypted connections.',
    cli: 'gcloud sql instances patch INSTANCE --ssl-mode=ENCRYPTED_ONLY',
    terraform:
      'resource "google_sql_database_instance" "this" {\n  # ...\n  settings {\n    ip_configuration {\n      ssl_mode = "ENCRYPTED_ONLY"\n    }\n  }\n}',
  },
  evaluate(instance) {
    const read = sqlSettings(instance, 'SSL setting');
    if ('verdict' in read) return read.verdict;
    const ip = read.settings.ipConfiguration;
    const evidence = { sslMode: stringField(ip, 'sslMode') ?? null, requireSsl: field(ip, 'requireSsl') ?? null };
    if (ip === undefined) return undecided('The instance record has no IP configuration, so whether it requires SSL/TLS is unknown.', { ipConfiguration: null });
    const mode = evidence.sslMode;
    // sslMode replaced requireSsl; when both are present the API keeps them consistent, and sslMode decides.
    if (mode && mode !== 'SSL_MODE_UNSPECIFIED') {
      return ENCRYPTED_MODES.has(mode)
        ? pass(`The instance accepts only SSL/TLS connections (SSL mode ${mode}).`, evidence)
        : fail(`The instance also accepts unencrypted connections (SSL mode ${mode}).`, evidence);
    }
    if (booleanField(ip, 'requireSsl') === true) return pass('The instance requires SSL/TLS with client certificates (legacy requireSsl).', evidence);
    // The API leaves out `requireSsl: false`; absent is the default, which allows unencrypted connections.
    return fail('The instance does not require SSL/TLS, so unencrypted connections are accepted.', evidence);
  },
});
