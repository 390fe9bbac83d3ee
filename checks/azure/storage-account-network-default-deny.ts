import { defineCheck } from '../../src/engine/check.js';
import { arrayField, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-storage-account-network-default-deny',
  title: 'Storage account denies network access by default',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'access-control',
  severity: 'medium',
  rationale:
    'With the firewall default action Allow, the account accepts requests from any network, so a leaked key or SAS token is usable from anywhere on the internet.',
  remediation: {
    text: 'Set the account firewall default action to Deny and allow only the virtual networks, IP ranges or private endpoints that need it.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --default-action Deny',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  network_rules {\n    default_action             = "Deny"\n    bypass                     = ["AzureServices"]\n    virtual_network_subnet_ids = [azurerm_subnet.data.id]\n  }\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's network rules");
    if (missing) return missing;
    const action = stringField(account.config, 'networkAcls.defaultAction');
    const evidence = {
      defaultAction: action ?? null,
      publicNetworkAccess: stringField(account.config, 'publicNetworkAccess') ?? null,
      ipRules: (arrayField(account.config, 'networkAcls.ipRules') ?? []).length,
      virtualNetworkRules: (arrayField(account.config, 'networkAcls.virtualNetworkRules') ?? []).length,
    };
    if (evidence.publicNetworkAccess?.toLowerCase() === 'disabled') return pass('Public network access is disabled: the account is reachable through private endpoints only.', evidence);
    switch (action?.toLowerCase()) {
      case 'deny':
        return pass('The account firewall denies by default and admits only the listed networks.', evidence);
      case 'allow':
        return fail('The account firewall allows requests from every network by default.', evidence);
      default:
        return undecided(action ? `The account reports a firewall default action this check does not know (${action}).` : 'The account does not record its firewall default action.', evidence);
    }
  },
});
