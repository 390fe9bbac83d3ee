import { defineCheck } from '../../src/engine/check.js';
import { arrayField, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-sql-server-public-network-access-disabled',
  title: 'SQL server is not reachable from public networks',
  provider: 'azure',
  resourceTypes: ['Microsoft.Sql/servers'],
  category: 'access-control',
  severity: 'medium',
  rationale:
    'With public network access enabled, the server\'s endpoint is on the internet and only its firewall rules and logins stand between an attacker and the databases.',
  remediation: {
    text: 'Reach the server through private endpoints and disable public network access.',
    cli: 'az sql server update --resource-group RG --name SERVER --enable-public-network false',
    terraform: 'resource "azurerm_mssql_server" "this" {\n  # ...\n  public_network_access_enabled = false\n}',
  },
  evaluate(server) {
    const missing = withoutProperties(server, "the server's public network access");
    if (missing) return missing;
    const access = stringField(server.config, 'publicNetworkAccess');
    const evidence = { publicNetworkAccess: access ?? null, privateEndpointConnections: (arrayField(server.config, 'privateEndpointConnections') ?? []).length };
    switch (access?.toLowerCase()) {
      case 'disabled':
        return pass('Public network access is disabled: the server is reachable through private endpoints only.', evidence);
      case 'securedbyperimeter':
        return pass('Public access is governed by a network security perimeter.', evidence);
      case 'enabled':
        return fail('Public network access is enabled: the server accepts connections from the internet that pass its firewall rules.', evidence);
      case undefined:
        // Servers created before the property existed have a public endpoint; Azure Policy 1b8ca024 audits absence as enabled.
        return fail('The server does not record publicNetworkAccess, which Azure treats as enabled.', evidence);
      default:
        return undecided(`The server reports a public network access value this check does not know (${access}).`, evidence);
    }
  },
});
