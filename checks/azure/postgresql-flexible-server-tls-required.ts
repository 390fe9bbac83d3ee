import { defineCheck } from '../../src/engine/check.js';
import { POSTGRESQL, secureTransportVerdict } from './_shared/flexible-server.js';

export default defineCheck({
  id: 'azure-postgresql-flexible-server-tls-required',
  title: 'PostgreSQL flexible server requires TLS connections',
  provider: 'azure',
  resourceTypes: ['Microsoft.DBforPostgreSQL/flexibleServers'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'With require_secure_transport OFF the server accepts unencrypted connections, so queries, results and credentials can cross the network in the clear.',
  remediation: {
    text: 'Set the server parameter require_secure_transport to on (and keep ssl_min_protocol_version at TLSv1.2 or newer).',
    cli: 'az postgres flexible-server parameter set --resource-group RG --server-name SERVER --name require_secure_transport --value on',
    terraform:
      'resource "azurerm_postgresql_flexible_server_configuration" "require_secure_transport" {\n  name      = "require_secure_transport"\n  server_id = azurerm_postgresql_flexible_server.this.id\n  value     = "on"\n}',
  },
  evaluate(server, context) {
    return secureTransportVerdict(server, context, POSTGRESQL);
  },
});
