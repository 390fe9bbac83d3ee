import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';

/**
 * Organization policy constraints that prevent HIPAA-relevant misconfiguration, and what
 * "enforced" means for each: a boolean constraint is on; a list constraint restricts values.
 */
const CONSTRAINTS: Record<string, 'boolean' | 'denied-values' | 'allowed-values'> = {
  'constraints/sql.restrictPublicIp': 'boolean',
  'constraints/sql.restrictAuthorizedNetworks': 'boolean',
  'constraints/storage.uniformBucketLevelAccess': 'boolean',
  'constraints/storage.publicAccessPrevention': 'boolean',
  'constraints/iam.disableServiceAccountKeyCreation': 'boolean',
  'constraints/compute.requireOsLogin': 'boolean',
  // Services named in deniedValues must use CMEK.
  'constraints/gcp.restrictNonCmekServices': 'denied-values',
  // Only principals of the allowed customer IDs may be granted roles (no allUsers).
  'constraints/iam.allowedPolicyMemberDomains': 'allowed-values',
};

/** ListPolicy.AllValues: exports may write the number. */
const ALL_VALUES = ['ALL_VALUES_UNSPECIFIED', 'ALLOW', 'DENY'];

type State = 'enforced' | 'not enforced' | 'reset to default' | 'unreadable';

export default defineCheck({
  id: 'gcp-org-policy-constraints',
  title: 'HIPAA-relevant organization policy constraints set here are enforced',
  provider: 'gcp',
  resourceTypes: ['cloudresourcemanager.googleapis.com/Organization', 'cloudresourcemanager.googleapis.com/Folder', 'cloudresourcemanager.googleapis.com/Project'],
  category: 'access-control',
  severity: 'low',
  rationale:
    'Organization policy constraints stop whole classes of mistakes before they happen (public Cloud SQL IPs, public buckets, downloadable service-account keys, data stores without CMEK); a constraint explicitly switched off at a folder or project removes that guard for everything below it.',
  remediation: {
    text: 'Enforce the constraint at the organization and remove project or folder overrides that turn it off; grant exceptions narrowly, with tags and conditions.',
    cli: 'gcloud resource-manager org-policies enable-enforce sql.restrictPublicIp --project=PROJECT\ngcloud resource-manager org-policies delete sql.restrictPublicIp --project=PROJECT  # drop an override that turned it off',
    terraform: 'resource "google_org_policy_policy" "sql_public_ip" {\n  name   = "projects/PROJECT/policies/sql.restrictPublicIp"\n  parent = "projects/PROJECT"\n  spec {\n    rules {\n      enforce = "TRUE"\n    }\n  }\n}',
  },
  evaluate(node) {
    const policies = node.related.orgPolicy;
    if (!Array.isArray(policies)) return notApplicable('The scan has no organization policies for this resource (export with --content-type=org-policy).', { orgPolicy: null });
    const states: Record<string, State> = {};
    for (const p of policies.filter(isRecord)) {
      const constraint = typeof p.constraint === 'string' ? p.constraint : '';
      const kind = CONSTRAINTS[constraint];
      if (kind) states[constraint] = stateOf(p, kind);
    }
    const names = Object.keys(states).sort();
    if (names.length === 0) return notApplicable('No HIPAA-relevant organization policy constraint is set on this resource itself; it inherits from above.', { constraintsSet: policies.length });
    const evidence = Object.fromEntries(names.map((n) => [n, states[n]]));
    const off = names.filter((n) => states[n] === 'not enforced');
    if (off.length > 0) return fail(`These constraints are explicitly not enforced here: ${off.join(', ')}.`, evidence);
    const unreadable = names.filter((n) => states[n] === 'unreadable');
    if (unreadable.length > 0) return undecided(`The policies set here for ${unreadable.join(', ')} have a shape this check cannot read.`, evidence);
    const on = names.filter((n) => states[n] === 'enforced');
    return on.length > 0
      ? pass(`The HIPAA-relevant constraints set here are enforced: ${on.join(', ')}.`, evidence)
      : notApplicable('The HIPAA-relevant constraints set here are reset to Google\'s default, which depends on the organization.', evidence);
  },
});

/** A v1 organization Policy in either casing: the export keeps snake_case keys and numeric enums. */
function stateOf(p: Record<string, unknown>, kind: 'boolean' | 'denied-values' | 'allowed-values'): State {
  if (p.restoreDefault !== undefined || p.restore_default !== undefined) return 'reset to default';
  const bool = p.booleanPolicy ?? p.boolean_policy;
  const list = p.listPolicy ?? p.list_policy;
  if (kind === 'boolean') {
    if (!isRecord(bool)) return 'unreadable';
    // Protobuf JSON leaves out `enforced: false`: an empty booleanPolicy is "not enforced".
    if (bool.enforced === undefined || typeof bool.enforced === 'boolean') return bool.enforced === true ? 'enforced' : 'not enforced';
    return 'unreadable';
  }
  if (!isRecord(list)) return 'unreadable';
  const all = list.allValues ?? list.all_values;
  const allValues = typeof all === 'number' ? ALL_VALUES[all] : all;
  const values = (k: string, s: string) => (Array.isArray(list[k]) ? (list[k] as unknown[]) : Array.isArray(list[s]) ? (list[s] as unknown[]) : []);
  if (allValues === 'ALLOW') return 'not enforced';
  if (allValues === 'DENY') return 'enforced';
  if (kind === 'denied-values') return values('deniedValues', 'denied_values').length > 0 ? 'enforced' : 'not enforced';
  return values('allowedValues', 'allowed_values').length > 0 ? 'enforced' : 'not enforced';
}
