import { defineCheck } from '../../src/engine/check.js';
import { booleanField } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-storage-account-no-public-blob-access',
  title: 'Storage account disallows anonymous blob access',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'access-control',
  severity: 'high',
  rationale: 'While the account allows blob public access, one container set to "Blob" or "Container" access level publishes its contents to anyone with the URL, with no sign-in.',
  remediation: {
    text: 'Disallow blob public access on the account; containers that need sharing can use SAS tokens or identities.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --allow-blob-public-access false',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  allow_nested_items_to_be_public = false\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's public-access setting");
    if (missing) return missing;
    const allowed = booleanField(account.config, 'allowBlobPublicAccess');
    if (allowed === false) return pass('The account disallows anonymous access to its blobs and containers.', { allowBlobPublicAccess: false });
    if (allowed === true) return fail('The account allows containers to be made public, readable by anyone without signing in.', { allowBlobPublicAccess: true });
    // Microsoft documents an unset (null) allowBlobPublicAccess as permitting anonymous access on
    // accounts created before the 2023 default change; Azure Policy 4fa4b6c0 audits it as such.
    return fail('The account does not set allowBlobPublicAccess, which Azure treats as allowing anonymous access on older accounts.', { allowBlobPublicAccess: null });
  },
});
