import { defineCheck } from '../../src/engine/check.js';
import { MYSQL, secureTransportVerdict } from './_shared/flexible-server.js';

export default defineCheck({
  id: 'azure-mysql-flexible-server-tls-required',
  title: 'MySQL flexible server requires TLS connections',
  provider: 'azure',
  resourceTypes: ['Microsoft.DBforMySQL/flexibleServers'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'With require_secure_transport OFF the server accepts unencrypted connections, so queries, results and credentials can cross the network in the clear.',
  remediation: {
    text: 'Set the server parameter require_secure_transport to ON (and keep tls_version to TLSv1.2 and TLSv1.3 only).',
    cli: 'az mysql flexible-server parameter set --resource-group RG --server-name SERVER --name require_secure_transport --value ON',
    terraform:
      'resource "azurerm_mysql_flexible_server_configuration" "require_secure_transport" {\n  name      = "require_secure_transport"\n  server_id = azurerm_mysql_flexible_server.this.id\n  value     = "ON"\n}',
  },
  evaluate(server, context) {
    return secureTransportVerdict(server, context, MYSQL);
  },
});
