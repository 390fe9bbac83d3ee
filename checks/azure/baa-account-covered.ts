import { defineCheck } from '../../src/engine/check.js';
import { accountCoveredVerdict } from '../_shared/baa.js';

export default defineCheck({
  id: 'azure-baa-account-covered',
  title: 'A business associate agreement in the register covers the Azure subscription',
  provider: 'azure',
  resourceTypes: ['Microsoft.Resources/subscriptions'],
  category: 'eligible-service',
  severity: 'high',
  rationale:
    "Microsoft is a business associate: ePHI may be kept or processed in this Azure subscription only under a signed BAA. The scan reads the BAA register in safeguard.yaml.",
  remediation: {
    text: "Microsoft offers the HIPAA BAA through the Product Terms / Data Protection Addendum for the tenant's subscriptions: confirm it applies to this subscription, then add the subscription to the register in safeguard.yaml (baas:, provider: azure).",
  },
  evaluate: accountCoveredVerdict,
});
