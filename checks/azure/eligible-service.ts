import { defineCheck } from '../../src/engine/check.js';
import { eligibleServiceVerdict } from '../_shared/eligible-service.js';

export default defineCheck({
  id: 'azure-eligible-service',
  title: "Resource belongs to a service in the scope of Microsoft's HIPAA BAA",
  provider: 'azure',
  resourceTypes: ['*'],
  category: 'eligible-service',
  severity: 'medium',
  rationale:
    "Microsoft's HIPAA BAA covers only the Azure services in its audit scope: ePHI kept or processed in any other service has no BAA behind it.",
  remediation: {
    text: 'Move ePHI to an in-scope service, or record that this resource never holds ePHI (a waiver). The built-in policy "Allowed resource types" keeps other types out of the subscriptions that hold ePHI.',
    cli: 'az policy assignment create --name allowed-hipaa-types --scope /subscriptions/SUBSCRIPTION_ID --policy a08ec900-254a-4555-9bf5-e42af04b5c5c --params \'{"listOfResourceTypesAllowed": {"value": ["Microsoft.Storage/storageAccounts", "Microsoft.Sql/servers"]}}\'',
    terraform: 'resource "azurerm_subscription_policy_assignment" "allowed_hipaa_types" {\n  name                 = "allowed-hipaa-types"\n  subscription_id      = data.azurerm_subscription.current.id\n  policy_definition_id = "/providers/Microsoft.Authorization/policyDefinitions/a08ec900-254a-4555-9bf5-e42af04b5c5c"\n  parameters = jsonencode({ listOfResourceTypesAllowed = { value = var.hipaa_in_scope_types } })\n}',
  },
  evaluate: eligibleServiceVerdict,
});
