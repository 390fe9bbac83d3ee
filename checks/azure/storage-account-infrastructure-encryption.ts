import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-storage-account-infrastructure-encryption',
  title: 'Storage account has infrastructure (double) encryption',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'encryption-at-rest',
  severity: 'low',
  profiles: ['strict', 'nprm-2025'],
  rationale:
    'Infrastructure encryption adds a second, independent layer of AES-256 encryption below the service layer, so one compromised key or algorithm does not expose the data.',
  remediation: {
    text: 'Infrastructure encryption can only be chosen when the account is created: create a new account with it and move the data.',
    cli: 'az storage account create --resource-group RG --name ACCOUNT --location eastus2 --sku Standard_GRS --kind StorageV2 --require-infrastructure-encryption',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  infrastructure_encryption_enabled = true\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's encryption settings");
    if (missing) return missing;
    const encryption = field(account.config, 'encryption');
    if (!isRecord(encryption)) return undecided("The account's properties carry no encryption settings.", { encryption: null });
    const double = booleanField(encryption, 'requireInfrastructureEncryption');
    if (double === true) return pass('The account encrypts its data twice, at the service and the infrastructure layer.', { requireInfrastructureEncryption: true });
    // ARM writes the property only when it was set at creation; absent means single encryption.
    return fail('The account encrypts its data once, at the service layer only.', { requireInfrastructureEncryption: double ?? null });
  },
});
