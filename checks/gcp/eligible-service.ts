import { defineCheck } from '../../src/engine/check.js';
import { eligibleServiceVerdict } from '../_shared/eligible-service.js';

export default defineCheck({
  id: 'gcp-eligible-service',
  title: "Resource belongs to a product covered by Google Cloud's HIPAA BAA",
  provider: 'gcp',
  resourceTypes: ['*'],
  category: 'eligible-service',
  severity: 'medium',
  rationale:
    "Google Cloud's BAA covers only the products on its HIPAA covered-products list, and only their generally available features: ePHI kept or processed anywhere else has no BAA behind it.",
  remediation: {
    text: 'Move ePHI to a covered product, or record that this resource never holds ePHI (a waiver). The organization policy constraint gcp.restrictServiceUsage allows only the services you list.',
    cli: 'gcloud resource-manager org-policies allow gcp.restrictServiceUsage storage.googleapis.com sqladmin.googleapis.com --project=PROJECT_ID',
    terraform: 'resource "google_org_policy_policy" "restrict_service_usage" {\n  name   = "projects/${var.project}/policies/gcp.restrictServiceUsage"\n  parent = "projects/${var.project}"\n  spec {\n    rules {\n      values { allowed_values = var.hipaa_covered_services }\n    }\n  }\n}',
  },
  evaluate: eligibleServiceVerdict,
});
