import { describe } from 'vitest';
import check from '../../../checks/gcp/audit-logs-data-access-enabled.js';
import { apiIamPolicy, exportAsset, exportIamPolicy, gradesAssets, ORGANIZATION, PROJECT, PROJECT_NUMBER, sampleAssets, sampleNdjson } from './assets.js';

const PROJECT_TYPE = 'cloudresourcemanager.googleapis.com/Project';
const ORG_TYPE = 'cloudresourcemanager.googleapis.com/Organization';
const NAME = `//cloudresourcemanager.googleapis.com/projects/${PROJECT_NUMBER}`;
const ORG_NAME = `//cloudresourcemanager.googleapis.com/${ORGANIZATION}`;
const SA = `serviceAccount:etl@${PROJECT}.iam.gserviceaccount.com`;

const project = exportAsset(PROJECT_TYPE, NAME, { projectNumber: PROJECT_NUMBER, projectId: PROJECT, lifecycleState: 'ACTIVE', name: PROJECT, parent: { type: 'organization', id: '732514089316' } });
const owners = { role: 'roles/owner', members: ['group:cloud-admins@example.org'] };
/** Export shape: numeric log types 1 ADMIN_READ, 2 DATA_WRITE, 3 DATA_READ. */
const allServices = (...logs: Record<string, unknown>[]) => ({ service: 'allServices', audit_log_configs: logs });

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'allServices with all three log types (export records)',
      asset: project,
      records: [exportIamPolicy(PROJECT_TYPE, NAME, { version: 1, bindings: [owners], audit_configs: [allServices({ log_type: 1 }, { log_type: 2 }, { log_type: 3 })] })],
      status: 'pass',
      evidence: { allServicesLogTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'], exemptions: [] },
    },
    {
      name: 'DATA_READ only for storage (API records)',
      asset: project,
      records: [
        apiIamPolicy(PROJECT_TYPE, NAME, {
          version: 1,
          bindings: [owners],
          auditConfigs: [
            { service: 'allServices', auditLogConfigs: [{ logType: 'ADMIN_READ' }] },
            { service: 'storage.googleapis.com', auditLogConfigs: [{ logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }] },
          ],
        }),
      ],
      status: 'fail',
      evidence: { missingLogTypes: ['DATA_READ', 'DATA_WRITE'], otherServices: ['storage.googleapis.com'], ancestorPoliciesNotInScan: [ORGANIZATION] },
    },
    {
      name: 'inherited from the organization policy in the scan',
      asset: project,
      records: [exportIamPolicy(PROJECT_TYPE, NAME, { version: 1, bindings: [owners] })],
      others: [exportIamPolicy(ORG_TYPE, ORG_NAME, { version: 1, audit_configs: [allServices({ log_type: 1 }, { log_type: 2 }, { log_type: 3 })] })],
      status: 'pass',
      evidence: { allServicesLogTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'], ancestorPoliciesNotInScan: [] },
    },
    {
      name: 'an exempted service account',
      asset: project,
      records: [
        exportIamPolicy(PROJECT_TYPE, NAME, {
          version: 1,
          audit_configs: [allServices({ log_type: 1 }, { log_type: 2 }, { log_type: 3 }), { service: 'bigquery.googleapis.com', audit_log_configs: [{ log_type: 3, exempted_members: [SA] }] }],
        }),
      ],
      status: 'fail',
      evidence: { missingLogTypes: [], exemptions: [{ service: 'bigquery.googleapis.com', logType: 'DATA_READ', exemptedMembers: [SA], from: NAME }] },
    },
    { name: 'IAM policy not exported', asset: project, status: 'error', evidence: { iamPolicy: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const library = sampleAssets('policy-library/projects-iam-audit-config.json').filter((a) => a.asset_type === PROJECT_TYPE);
  const forsetiIam = sampleNdjson('forseti/mock_cai_iam_policies.ndjson');
  const forseti = [PROJECT_TYPE, 'cloudresourcemanager.googleapis.com/Folder', ORG_TYPE].flatMap((t) => sampleNdjson('forseti/mock_cai_resources.ndjson', t));
  const withPolicy = (asset: Record<string, unknown>) => forsetiIam.filter((p) => p.name === asset.name);
  const forsetiOrg = forseti.find((a) => a.asset_type === ORG_TYPE)!;
  gradesAssets(check, [
    // Google's fixtures enable Data Access logs per service, never for allServices.
    ...library.map((asset) => ({ name: `policy-library ${String(asset.name)}`, asset, status: 'fail' as const, evidence: { allServicesLogTypes: [], missingLogTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'] } })),
    {
      name: 'forseti organization 111222333 (ADMIN_READ only)',
      asset: forsetiOrg,
      records: withPolicy(forsetiOrg),
      status: 'fail',
      evidence: { allServicesLogTypes: ['ADMIN_READ'], missingLogTypes: ['DATA_READ', 'DATA_WRITE'] },
    },
    ...['1041', '1042'].map((n) => {
      const asset = forseti.find((a) => a.name === `//cloudresourcemanager.googleapis.com/projects/${n}`)!;
      return {
        name: `forseti project ${n} (all three, one ADMIN_READ exemption for Cloud SQL)`,
        asset,
        records: withPolicy(asset),
        status: 'fail' as const,
        evidence: { missingLogTypes: [], exemptions: [{ service: 'cloudsql.googleapis.com', logType: 'ADMIN_READ', exemptedMembers: ['user:gcp-reader-12345@p1234.iam.gserviceaccount.com'] }] },
      };
    }),
    ...forseti
      .filter((a) => a.asset_type !== ORG_TYPE && !/projects\/104[12]$/.test(String(a.name)))
      .map((asset) => ({
        name: `forseti ${String(asset.name)} (bindings, no audit configs)`,
        asset,
        records: withPolicy(asset),
        status: 'fail' as const,
        evidence: { allServicesLogTypes: [] },
      })),
  ]);
});
