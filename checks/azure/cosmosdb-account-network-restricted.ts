import { defineCheck } from '../../src/engine/check.js';
import { arrayField, booleanField, isRecord, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

/** IP rules that open the account to the whole internet. */
const ANYWHERE = new Set(['0.0.0.0/0', '0.0.0.0-255.255.255.255']);

export default defineCheck({
  id: 'azure-cosmosdb-account-network-restricted',
  title: 'Cosmos DB account is not open to every network',
  provider: 'azure',
  resourceTypes: ['Microsoft.DocumentDB/databaseAccounts'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'An account with public network access and no IP or virtual-network rules accepts requests from anywhere, so a leaked account key is enough to read the data.',
  remediation: {
    text: 'Disable public network access and use private endpoints, or at least restrict the account to known IP ranges and virtual networks.',
    cli: 'az cosmosdb update --resource-group RG --name ACCOUNT --public-network-access DISABLED',
    terraform: 'resource "azurerm_cosmosdb_account" "this" {\n  # ...\n  public_network_access_enabled = false\n}',
  },
  evaluate(account) {
    const missing = withoutProperties(account, "the account's network rules");
    if (missing) return missing;
    const access = stringField(account.config, 'publicNetworkAccess');
    const ipRules = (arrayField(account.config, 'ipRules') ?? []).map((r) => (isRecord(r) ? stringField(r, 'ipAddressOrRange') : undefined)).filter((r): r is string => !!r);
    const vnetFilter = booleanField(account.config, 'isVirtualNetworkFilterEnabled');
    const vnetRules = (arrayField(account.config, 'virtualNetworkRules') ?? []).length;
    const evidence = { publicNetworkAccess: access ?? null, ipRules, isVirtualNetworkFilterEnabled: vnetFilter ?? null, virtualNetworkRules: vnetRules };
    if (access?.toLowerCase() === 'disabled') return pass('Public network access is disabled: the account is reachable through private endpoints only.', evidence);
    if (access !== undefined && access.toLowerCase() !== 'enabled' && access.toLowerCase() !== 'securedbyperimeter') {
      return undecided(`The account reports a public network access value this check does not know (${access}).`, evidence);
    }
    const open = ipRules.filter((r) => ANYWHERE.has(r));
    if (open.length > 0) return fail(`The account's IP rules admit every address (${open.join(', ')}).`, evidence);
    if (ipRules.length > 0 || (vnetFilter === true && vnetRules > 0)) return pass('Public access is limited to the listed IP ranges and virtual networks.', evidence);
    // Azure Policy 862e97cf: public access without IP rules or a virtual-network filter is unrestricted.
    return fail('Public network access is enabled with no IP or virtual-network rules, so the account accepts requests from any network.', evidence);
  },
});
