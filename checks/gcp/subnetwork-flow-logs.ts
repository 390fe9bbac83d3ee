import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, stringField } from '../../src/engine/read.js';
import { fail, notApplicable, pass } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/asset.js';

/** Subnets for Google-managed proxies and Private Service Connect carry no VM traffic to log. */
const NO_FLOW_LOGS = new Set(['REGIONAL_MANAGED_PROXY', 'GLOBAL_MANAGED_PROXY', 'INTERNAL_HTTPS_LOAD_BALANCER', 'PRIVATE_SERVICE_CONNECT']);

export default defineCheck({
  id: 'gcp-subnetwork-flow-logs',
  title: 'VPC subnetwork records flow logs',
  provider: 'gcp',
  resourceTypes: ['compute.googleapis.com/Subnetwork'],
  category: 'audit-logging',
  severity: 'low',
  rationale:
    'VPC flow logs record which addresses talked to which VMs and when, the network-level record needed to investigate access to systems that hold ePHI.',
  remediation: {
    text: 'Enable VPC flow logs on the subnet (sampling and aggregation interval chosen for cost).',
    cli: 'gcloud compute networks subnets update SUBNET --region=REGION --enable-flow-logs --logging-flow-sampling=0.5 --logging-aggregation-interval=interval-5-sec',
    terraform:
      'resource "google_compute_subnetwork" "this" {\n  name          = "SUBNET"\n  ip_cidr_range = "10.0.0.0/20"\n  network       = google_compute_network.vpc.id\n  log_config {\n    aggregation_interval = "INTERVAL_5_SEC"\n    flow_sampling        = 0.5\n  }\n}',
  },
  evaluate(subnet) {
    const missing = configurationMissing(subnet, 'flow-log setting');
    if (missing) return missing;
    const purpose = stringField(subnet.config, 'purpose');
    if (purpose && NO_FLOW_LOGS.has(purpose)) return notApplicable(`Flow logs are not available on ${purpose} subnets.`, { purpose });
    const evidence = { logConfig: field(subnet.config, 'logConfig') ?? null, enableFlowLogs: field(subnet.config, 'enableFlowLogs') ?? null };
    // logConfig.enable is the current field; enableFlowLogs is the older one, kept in step by the API.
    const enabled = booleanField(subnet.config, 'logConfig.enable') ?? booleanField(subnet.config, 'enableFlowLogs');
    if (enabled === true) return pass('VPC flow logs are on for the subnet.', evidence);
    // Absent means unset, which is off unless an organization policy turns flow logs on.
    return fail('VPC flow logs are off for the subnet.', evidence);
  },
});
