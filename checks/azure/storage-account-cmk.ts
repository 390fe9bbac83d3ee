import { defineCheck } from '../../src/engine/check.js';
import { stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-storage-account-cmk',
  title: 'Storage account is encrypted with a customer-managed key',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'encryption-at-rest',
  severity: 'medium',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'With a Key Vault key the organisation controls who can decrypt the data, sees every use of the key in its own logs, and can revoke access by disabling the key.',
  remediation: {
    text: 'Give the account a managed identity with access to a Key Vault key, then switch its encryption key source to that key.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://VAULT.vault.azure.net --encryption-key-name KEY',
    terraform:
      'resource "azurerm_storage_account_customer_managed_key" "this" {\n  storage_account_id = azurerm_storage_account.this.id\n  key_vault_id       = azurerm_key_vault.this.id\n  key_name           = azurerm_key_vault_key.storage.name\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's key source");
    if (missing) return missing;
    const keySource = stringField(account.config, 'encryption.keySource');
    const evidence = {
      keySource: keySource ?? null,
      keyVaultUri: stringField(account.config, 'encryption.keyvaultproperties.keyvaulturi') ?? null,
      keyName: stringField(account.config, 'encryption.keyvaultproperties.keyname') ?? null,
    };
    switch (keySource?.toLowerCase()) {
      case 'microsoft.keyvault':
        return pass(`The account is encrypted with customer-managed key ${evidence.keyName ?? '(name not recorded)'} from Key Vault.`, evidence);
      case 'microsoft.storage':
        return fail('The account is encrypted with Microsoft-managed keys, not a key the organisation controls.', evidence);
      default:
        return undecided(keySource ? `The account reports a key source this check does not know (${keySource}).` : 'The account does not record its encryption key source.', evidence);
    }
  },
});
