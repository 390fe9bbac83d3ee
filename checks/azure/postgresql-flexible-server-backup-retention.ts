import { defineCheck } from '../../src/engine/check.js';
import { backupRetentionVerdict, POSTGRESQL } from './_shared/flexible-server.js';

export default defineCheck({
  id: 'azure-postgresql-flexible-server-backup-retention',
  title: 'PostgreSQL flexible server keeps backups for at least 7 days',
  provider: 'azure',
  resourceTypes: ['Microsoft.DBforPostgreSQL/flexibleServers'],
  category: 'backup',
  severity: 'medium',
  rationale: 'Point-in-time restore reaches back only as far as the retention period; a short window can end before a corruption or deletion of ePHI is noticed.',
  remediation: {
    text: 'Raise the backup retention period to 7 days or more (up to 35).',
    cli: 'az postgres flexible-server update --resource-group RG --name SERVER --backup-retention 35',
    terraform: 'resource "azurerm_postgresql_flexible_server" "this" {\n  # ...\n  backup_retention_days = 35\n}',
  },
  evaluate(server) {
    return backupRetentionVerdict(server, POSTGRESQL);
  },
});
