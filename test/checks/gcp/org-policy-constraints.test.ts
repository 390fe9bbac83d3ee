import { describe } from 'vitest';
import check from '../../../checks/gcp/org-policy-constraints.js';
import { exportAsset, exportOrgPolicy, gradesAssets, ORGANIZATION, PROJECT, PROJECT_NUMBER, sampleNdjson } from './assets.js';

const PROJECT_TYPE = 'cloudresourcemanager.googleapis.com/Project';
const NAME = `//cloudresourcemanager.googleapis.com/projects/${PROJECT_NUMBER}`;
const project = exportAsset(PROJECT_TYPE, NAME, { projectNumber: PROJECT_NUMBER, projectId: PROJECT, lifecycleState: 'ACTIVE', name: PROJECT });
const enforced = (constraint: string) => ({ constraint, boolean_policy: { enforced: true }, update_time: '2025-01-10T09:00:00Z', etag: 'BwYA' });

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'public IP and key creation constraints enforced (export records)',
      asset: project,
      records: [exportOrgPolicy(PROJECT_TYPE, NAME, [enforced('constraints/sql.restrictPublicIp'), enforced('constraints/iam.disableServiceAccountKeyCreation'), enforced('constraints/compute.disableSerialPortAccess')])],
      status: 'pass',
      evidence: { 'constraints/sql.restrictPublicIp': 'enforced', 'constraints/iam.disableServiceAccountKeyCreation': 'enforced' },
    },
    {
      name: 'CMEK required for Cloud SQL and Storage (API list policy)',
      asset: project,
      records: [{ name: NAME, assetType: PROJECT_TYPE, orgPolicy: [{ constraint: 'constraints/gcp.restrictNonCmekServices', listPolicy: { deniedValues: ['sqladmin.googleapis.com', 'storage.googleapis.com'] }, version: 1 }] }],
      status: 'pass',
      evidence: { 'constraints/gcp.restrictNonCmekServices': 'enforced' },
    },
    {
      name: 'restrictPublicIp switched off on the project',
      asset: project,
      records: [exportOrgPolicy(PROJECT_TYPE, NAME, [{ constraint: 'constraints/sql.restrictPublicIp', boolean_policy: {} }, enforced('constraints/storage.uniformBucketLevelAccess')])],
      status: 'fail',
      evidence: { 'constraints/sql.restrictPublicIp': 'not enforced', 'constraints/storage.uniformBucketLevelAccess': 'enforced' },
    },
    {
      name: 'domain restriction opened to all values (numeric enum, as exported)',
      asset: exportAsset('cloudresourcemanager.googleapis.com/Organization', `//cloudresourcemanager.googleapis.com/${ORGANIZATION}`, { name: ORGANIZATION, displayName: 'example.org', lifecycleState: 'ACTIVE' }),
      records: [exportOrgPolicy('cloudresourcemanager.googleapis.com/Organization', `//cloudresourcemanager.googleapis.com/${ORGANIZATION}`, [{ constraint: 'constraints/iam.allowedPolicyMemberDomains', list_policy: { all_values: 1 } }])],
      status: 'fail',
      evidence: { 'constraints/iam.allowedPolicyMemberDomains': 'not enforced' },
    },
    {
      name: 'only a constraint reset to the default',
      asset: project,
      records: [exportOrgPolicy(PROJECT_TYPE, NAME, [{ constraint: 'constraints/storage.publicAccessPrevention', restore_default: {} }])],
      status: 'not_applicable',
      evidence: { 'constraints/storage.publicAccessPrevention': 'reset to default' },
    },
    { name: 'only unrelated constraints', asset: project, records: [exportOrgPolicy(PROJECT_TYPE, NAME, [enforced('constraints/compute.disableSerialPortAccess')])], status: 'not_applicable', evidence: { constraintsSet: 1 } },
    {
      name: 'a boolean constraint without a boolean policy',
      asset: project,
      records: [exportOrgPolicy(PROJECT_TYPE, NAME, [{ constraint: 'constraints/sql.restrictPublicIp', etag: 'BwYA' }])],
      status: 'error',
      evidence: { 'constraints/sql.restrictPublicIp': 'unreadable' },
    },
    { name: 'no org-policy export', asset: project, status: 'not_applicable', evidence: { orgPolicy: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  // forseti's dumps hold no org-policy records.
  gradesAssets(
    check,
    sampleNdjson('forseti/mock_cai_resources.ndjson', PROJECT_TYPE).map((asset) => ({ name: `forseti ${String(asset.name)}`, asset, status: 'not_applicable' as const, evidence: { orgPolicy: null } })),
  );
});
