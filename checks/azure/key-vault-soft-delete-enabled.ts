import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-key-vault-soft-delete-enabled',
  title: 'Key Vault has soft delete enabled',
  provider: 'azure',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  category: 'integrity',
  severity: 'medium',
  rationale:
    'Without soft delete, deleting the vault or a key destroys it at once; data encrypted with that key (storage, disks, SQL TDE) becomes unreadable for good.',
  remediation: {
    text: 'Enable soft delete on the vault (it cannot be turned off again).',
    cli: 'az keyvault update --resource-group RG --name VAULT --set properties.enableSoftDelete=true',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  soft_delete_retention_days = 90\n}',
  },
  evaluate(vault) {
    const missing = withoutProperties(vault, "the vault's soft-delete setting");
    if (missing) return missing;
    const enabled = booleanField(vault.config, 'enableSoftDelete');
    const evidence = { enableSoftDelete: enabled ?? null, softDeleteRetentionInDays: field(vault.config, 'softDeleteRetentionInDays') ?? null };
    if (enabled === true) return pass(`Deleted keys, secrets and the vault itself stay recoverable for ${String(evidence.softDeleteRetentionInDays ?? 90)} days.`, evidence);
    // Azure Policy 1e66c121 audits an absent enableSoftDelete as disabled (it is absent on vaults created with API versions before 2019-09-01).
    return fail(enabled === false ? 'Soft delete is off: a deleted key or vault is gone at once.' : 'The vault does not record soft delete, which Azure Policy treats as disabled.', evidence);
  },
});
