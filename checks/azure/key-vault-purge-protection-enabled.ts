import { defineCheck } from '../../src/engine/check.js';
import { booleanField } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-key-vault-purge-protection-enabled',
  title: 'Key Vault has purge protection enabled',
  provider: 'azure',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  category: 'integrity',
  severity: 'medium',
  rationale:
    'Soft delete alone lets an administrator, or an attacker with their rights, purge a deleted key before its retention ends; purge protection keeps the key recoverable for the whole period.',
  remediation: {
    text: 'Enable purge protection on the vault (it cannot be turned off again).',
    cli: 'az keyvault update --resource-group RG --name VAULT --enable-purge-protection true',
    terraform: 'resource "azurerm_key_vault" "this" {\n  # ...\n  purge_protection_enabled = true\n}',
  },
  evaluate(vault) {
    const missing = withoutProperties(vault, "the vault's purge-protection setting");
    if (missing) return missing;
    const enabled = booleanField(vault.config, 'enablePurgeProtection');
    if (enabled === true) return pass('Deleted keys and secrets cannot be purged before their retention period ends.', { enablePurgeProtection: true });
    // ARM writes enablePurgeProtection only once it is turned on (it cannot be set to false); absent means off.
    return fail('Purge protection is off: a deleted key can be purged at once, destroying it for good.', { enablePurgeProtection: enabled ?? null });
  },
});
