import { defineCheck } from '../../src/engine/check.js';
import { booleanField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-storage-account-secure-transfer',
  title: 'Storage account accepts HTTPS requests only',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'With secure transfer off, the account also answers plain HTTP (and SMB without encryption), so ePHI and the keys that sign requests can cross the network in the clear.',
  remediation: {
    text: 'Turn on "Secure transfer required" so the account rejects HTTP and unencrypted SMB.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --https-only true',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  https_traffic_only_enabled = true\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's secure-transfer setting");
    if (missing) return missing;
    const httpsOnly = booleanField(account.config, 'supportsHttpsTrafficOnly');
    const evidence = { supportsHttpsTrafficOnly: httpsOnly ?? null };
    if (httpsOnly === true) return pass('The account rejects requests that do not use HTTPS.', evidence);
    if (httpsOnly === false) return fail('Secure transfer is off: the account accepts plain HTTP requests.', evidence);
    // The default was false before api-version 2019-04-01 and true since: absence says nothing.
    return undecided('The account does not record supportsHttpsTrafficOnly, and its default depends on the API version that created it.', evidence);
  },
});
