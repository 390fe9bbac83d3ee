import { defineCheck } from '../../src/engine/check.js';
import { eligibleServiceVerdict } from '../_shared/eligible-service.js';

export default defineCheck({
  id: 'aws-eligible-service',
  title: "Resource belongs to a service on AWS's HIPAA Eligible Services list",
  provider: 'aws',
  resourceTypes: ['*'],
  category: 'eligible-service',
  severity: 'medium',
  rationale:
    "AWS's business associate addendum covers only the services on its HIPAA Eligible Services list: ePHI kept or processed in any other service has no BAA behind it.",
  remediation: {
    text: 'Move ePHI to a service on the list, or record that this resource never holds ePHI (a waiver). An organization-wide service control policy that allows only the listed services keeps new ones out.',
    cli: 'aws organizations create-policy --type SERVICE_CONTROL_POLICY --name hipaa-eligible-services --description "Allow only HIPAA-eligible services" --content file://scp-hipaa-eligible-services.json\naws organizations attach-policy --policy-id POLICY_ID --target-id OU_ID',
    terraform: 'resource "aws_organizations_policy" "hipaa_eligible_services" {\n  name    = "hipaa-eligible-services"\n  type    = "SERVICE_CONTROL_POLICY"\n  content = file("scp-hipaa-eligible-services.json") # Deny with NotAction: the listed services\' IAM prefixes\n}',
  },
  evaluate: eligibleServiceVerdict,
});
