import { defineCheck } from '../../src/engine/check.js';
import { accountCoveredVerdict } from '../_shared/baa.js';

export default defineCheck({
  id: 'aws-baa-account-covered',
  title: 'A business associate agreement in the register covers the AWS account',
  provider: 'aws',
  resourceTypes: ['AWS::::Account'],
  category: 'eligible-service',
  severity: 'high',
  rationale:
    "AWS is a business associate: ePHI may be kept or processed in this AWS account only under a signed BAA. The scan reads the BAA register in safeguard.yaml.",
  remediation: {
    text: "Accept the AWS Business Associate Addendum in AWS Artifact for this account (or for the organization, from its management account), then add the account to the register in safeguard.yaml (baas:, provider: aws).",
  },
  evaluate: accountCoveredVerdict,
});
