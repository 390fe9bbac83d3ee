import { defineCheck } from '../../src/engine/check.js';
import { field } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';
import { TLS_1_2, tlsVersion } from './_shared/tls.js';

export default defineCheck({
  id: 'azure-storage-account-min-tls-1-2',
  title: 'Storage account requires TLS 1.2 or newer',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale: 'TLS 1.0 and 1.1 have known weaknesses; an account that still accepts them lets a client protect ePHI in transit with a broken protocol.',
  remediation: {
    text: 'Set the minimum TLS version of the account to TLS 1.2.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --min-tls-version TLS1_2',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  min_tls_version = "TLS1_2"\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's minimum TLS version");
    if (missing) return missing;
    const value = field(account.config, 'minimumTlsVersion');
    // The Storage REST API documents an unset minimumTlsVersion as "interpreted as TLS 1.0", and
    // Azure Policy fe83a0eb treats it as non-compliant: absence is a fail, not an unknown.
    if (value === undefined || value === null) {
      return fail('The account sets no minimum TLS version, which Azure Storage interprets as TLS 1.0.', { minimumTlsVersion: null, interpretedAs: 'TLS1_0' });
    }
    const evidence = { minimumTlsVersion: value };
    const version = tlsVersion(value);
    if (version === undefined) return undecided(`The account reports a minimum TLS version this check does not know (${String(value)}).`, evidence);
    if (version >= TLS_1_2) return pass(`The account refuses connections below ${String(value)}.`, evidence);
    return fail(`The account still accepts ${String(value)}, older than TLS 1.2.`, evidence);
  },
});
