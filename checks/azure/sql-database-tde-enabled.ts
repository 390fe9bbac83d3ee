import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'azure-sql-database-tde-enabled',
  title: 'SQL database has transparent data encryption enabled',
  provider: 'azure',
  resourceTypes: ['Microsoft.Sql/servers/databases'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Transparent data encryption encrypts the database, its backups and logs at rest; with it disabled, ePHI in the database files is stored unencrypted.',
  remediation: {
    text: 'Enable transparent data encryption on the database (service-managed key at least, a Key Vault key for customer control).',
    cli: 'az sql db tde set --resource-group RG --server SERVER --database DATABASE --status Enabled',
    terraform:
      'resource "azurerm_mssql_database" "this" {\n  name                                = "DATABASE"\n  server_id                           = azurerm_mssql_server.this.id\n  transparent_data_encryption_enabled = true\n}',
  },
  evaluate(database, context) {
    if (database.name.toLowerCase() === 'master') {
      return notApplicable('The master database holds server metadata, and its encryption cannot be configured.', { databaseName: database.name });
    }
    // Resource Graph does not carry TDE state: it comes from the database's `current` child resource.
    const tdeId = `${database.id}/transparentDataEncryption/current`;
    const tde = context.resourceById('azure', tdeId);
    if (!tde) {
      return undecided(
        'The scan holds no transparent data encryption record for this database; include the TDE export (GET <database id>/transparentDataEncryption/current) to grade it.',
        { transparentDataEncryptionId: tdeId },
      );
    }
    if (tde.related.propertiesMissing) {
      return undecided('The transparent data encryption record carries no properties, so its state is unknown.', { transparentDataEncryptionId: tde.id });
    }
    // api-version 2021-11-01 and later write `state`; older ones wrote `status`.
    const state = stringField(tde.config, 'state') ?? stringField(tde.config, 'status');
    const evidence = { transparentDataEncryptionId: tde.id, state: state ?? null };
    switch (state?.toLowerCase()) {
      case 'enabled':
        return pass('Transparent data encryption is enabled.', evidence);
      case 'disabled':
        return fail('Transparent data encryption is disabled, so the database files are not encrypted at rest.', evidence);
      default:
        return undecided(
          state ? `The transparent data encryption record reports an unknown state (${state}).` : 'The transparent data encryption record does not say whether it is enabled.',
          evidence,
        );
    }
  },
});
