import { defineCheck } from '../../src/engine/check.js';
import { agreementCurrentVerdict } from '../_shared/baa.js';

export default defineCheck({
  id: 'azure-baa-current',
  title: 'The business associate agreement that covers the Azure subscription is not past its renewal date',
  provider: 'azure',
  resourceTypes: ['Microsoft.Resources/subscriptions'],
  category: 'eligible-service',
  severity: 'medium',
  rationale:
    'An agreement past its renewal or review date may have lapsed or no longer match the services in use; the written contract of 164.308(b)(3) must be current.',
  remediation: {
    text: 'Renew or review the agreement with the provider, then update its renewal date (and document reference) in the register in safeguard.yaml (baas:).',
  },
  evaluate: agreementCurrentVerdict,
});
