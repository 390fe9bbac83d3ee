import { defineCheck } from '../../src/engine/check.js';
import { field } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { presentString, withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-cosmosdb-account-cmk',
  title: 'Cosmos DB account is encrypted with a customer-managed key',
  provider: 'azure',
  resourceTypes: ['Microsoft.DocumentDB/databaseAccounts'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Cosmos DB always encrypts with service-managed keys; a Key Vault key adds control the organisation holds: it sees every use of the key and can revoke access to the data.',
  remediation: {
    text: "Give the account an identity with access to a Key Vault key and set that key as the account's key.",
    cli: 'az cosmosdb update --resource-group RG --name ACCOUNT --key-uri https://VAULT.vault.azure.net/keys/KEY',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  key_vault_key_id = azurerm_key_vault_key.cosmos.versionless_id\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's encryption key");
    if (missing) return missing;
    const keyUri = field(account.config, 'keyVaultKeyUri');
    if (presentString(keyUri)) return pass('The account is encrypted with a customer-managed key from Key Vault.', { keyVaultKeyUri: keyUri });
    // ARM omits keyVaultKeyUri when the account uses service-managed keys (Azure Policy 1f905d99 tests its existence).
    return fail('The account is encrypted with service-managed keys only, not a key the organisation controls.', { keyVaultKeyUri: keyUri ?? null });
  },
});
