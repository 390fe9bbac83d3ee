import { defineCheck } from '../../src/engine/check.js';
import { accountCoveredVerdict } from '../_shared/baa.js';

export default defineCheck({
  id: 'gcp-baa-account-covered',
  title: 'A business associate agreement in the register covers the GCP project',
  provider: 'gcp',
  resourceTypes: ['cloudresourcemanager.googleapis.com/Project'],
  category: 'eligible-service',
  severity: 'high',
  rationale:
    "Google Cloud is a business associate: ePHI may be kept or processed in this GCP project only under a signed BAA. The scan reads the BAA register in safeguard.yaml.",
  remediation: {
    text: "Accept the Google Cloud BAA for the project's organization or billing account (Cloud console, Privacy & Security), then add the project to the register in safeguard.yaml (baas:, provider: gcp).",
  },
  evaluate: accountCoveredVerdict,
});
