import { defineCheck } from '../../src/engine/check.js';
import { field, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { childOf, presentString, withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-sql-server-tde-cmk',
  title: 'SQL server protects TDE with a customer-managed key',
  provider: 'azure',
  resourceTypes: ['Microsoft.Sql/servers'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'With a Key Vault TDE protector the organisation controls, audits and can revoke the key that decrypts every database on the server, its backups and its logs.',
  remediation: {
    text: "Grant the server's identity access to a Key Vault key and make that key the server's TDE protector.",
    cli: 'az sql server tde-key set --resource-group RG --server SERVER --server-key-type AzureKeyVault --kid https://VAULT.vault.azure.net/keys/KEY/VERSION',
    terraform:
      'resource "azurerm_mssql_server_transparent_data_encryption" "this" {\n  server_id        = azurerm_mssql_server.this.id\n  key_vault_key_id = azurerm_key_vault_key.tde.id\n}',
  },
  evaluate(server, context) {
    const missing = withoutProperties(server, "the server's TDE protector");
    if (missing) return missing;
    // The encryption protector (`<server id>/encryptionProtector/current`) is authoritative; the
    // server's `keyId` (api-version 2020-11-01-preview and later) names the same key.
    const { id, child: protector } = childOf(context, server, 'encryptionProtector/current');
    const keyType = stringField(protector?.config, 'serverKeyType');
    const keyId = field(server.config, 'keyId');
    const evidence = { encryptionProtectorId: protector ? protector.id : id, serverKeyType: keyType ?? null, keyId: keyId ?? null };
    const keyName = stringField(protector?.config, 'serverKeyName');
    if (keyType?.toLowerCase() === 'azurekeyvault') return pass(keyName ? `TDE is protected by Key Vault key ${keyName}.` : 'TDE is protected by a Key Vault key.', evidence);
    if (keyType?.toLowerCase() === 'servicemanaged') return fail('TDE is protected by a service-managed key, not a key the organisation controls.', evidence);
    if (keyType) return undecided(`The encryption protector reports a key type this check does not know (${keyType}).`, evidence);
    if (presentString(keyId)) return pass('The server names a Key Vault key as its TDE protector (keyId).', evidence);
    if (keyId === null || keyId === '') return fail('The server names no customer-managed key (keyId is empty), so TDE uses the service-managed key.', evidence);
    return undecided("Neither the server's keyId nor its encryption protector is in the scan; include GET <server id>/encryptionProtector/current to grade it.", evidence);
  },
});
