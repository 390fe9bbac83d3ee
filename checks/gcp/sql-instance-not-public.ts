import { defineCheck } from '../../src/engine/check.js';
import { arrayField, booleanField, field, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { sqlSettings } from './_shared/cloud-sql.js';
import { isWholeInternet } from './_shared/network.js';

export default defineCheck({
  id: 'gcp-sql-instance-not-public',
  title: 'Cloud SQL instance does not accept connections from the whole internet',
  provider: 'gcp',
  resourceTypes: ['sqladmin.googleapis.com/Instance'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'A public IP with 0.0.0.0/0 in its authorized networks lets anyone on the internet reach the database login, leaving only a password between an attacker and the ePHI.',
  remediation: {
    text: 'Remove 0.0.0.0/0 from the authorized networks; prefer private IP with the Cloud SQL Auth Proxy, and turn off the public IP where nothing needs it.',
    cli: 'gcloud sql instances patch INSTANCE --clear-authorized-networks\ngcloud sql instances patch INSTANCE --no-assign-ip --network=projects/PROJECT/global/networks/VPC',
    terraform:
      'resource "google_sql_database_instance" "this" {\n  # ...\n  settings {\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.vpc.id\n    }\n  }\n}',
  },
  evaluate(instance) {
    const read = sqlSettings(instance, 'network exposure');
    if ('verdict' in read) return read.verdict;
    const ip = read.settings.ipConfiguration;
    if (!isRecord(ip)) return undecided('The instance record has no IP configuration, so whether it is reachable from the internet is unknown.', { ipConfiguration: ip ?? null });
    const networks = (arrayField(ip, 'authorizedNetworks') ?? []).filter(isRecord).map((n) => ({ name: n.name ?? null, value: n.value ?? null }));
    const open = networks.filter((n) => typeof n.value === 'string' && isWholeInternet(n.value));
    const evidence = { ipv4Enabled: field(ip, 'ipv4Enabled') ?? null, privateNetwork: field(ip, 'privateNetwork') ?? null, authorizedNetworks: networks };
    const publicIp = booleanField(ip, 'ipv4Enabled');
    if (publicIp === false) return pass('The instance has no public IP address.', evidence);
    if (open.length > 0) {
      return fail(`The instance has a public IP that authorizes ${open.map((n) => n.value).join(', ')}: the whole internet can reach it.`, evidence);
    }
    if (publicIp === undefined) return undecided('The record does not say whether the instance has a public IP.', evidence);
    return networks.length === 0
      ? pass('The instance has a public IP but authorizes no networks; only the Cloud SQL Auth Proxy and connectors can reach it.', evidence)
      : pass('The instance has a public IP limited to specific authorized networks.', evidence);
  },
});
