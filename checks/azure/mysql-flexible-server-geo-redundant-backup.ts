import { defineCheck } from '../../src/engine/check.js';
import { MYSQL, geoRedundantBackupVerdict } from './_shared/flexible-server.js';

export default defineCheck({
  id: 'azure-mysql-flexible-server-geo-redundant-backup',
  title: 'MySQL flexible server backups are geo-redundant',
  provider: 'azure',
  resourceTypes: ['Microsoft.DBforMySQL/flexibleServers'],
  category: 'backup',
  severity: 'medium',
  rationale: 'Locally redundant backups are lost with the region; geo-redundant backups can restore the ePHI in the paired region after a regional disaster.',
  remediation: {
    text: 'Geo-redundant backup can only be chosen when the server is created: restore or create a server with it and move the workload.',
    cli: 'az mysql flexible-server create --resource-group RG --name SERVER --location eastus2 --geo-redundant-backup Enabled',
    terraform: 'resource "azurerm_mysql_flexible_server" "this" {\n  # ...\n  geo_redundant_backup_enabled = true\n}',
  },
  evaluate(server) {
    return geoRedundantBackupVerdict(server, MYSQL);
  },
});
