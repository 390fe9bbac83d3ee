import { describe } from 'vitest';
import check from '../../../checks/gcp/sql-instance-encrypted.js';
import { apiAsset, cryptoKey, cryptoKeyVersion, exportAsset, gradesAssets, KEY, PROJECT, sampleAssets } from './assets.js';

const TYPE = 'sqladmin.googleapis.com/Instance';
const NAME = `//cloudsql.googleapis.com/projects/${PROJECT}/instances/ehr-primary`;
const V1 = `${KEY}/cryptoKeyVersions/1`;
const V3 = `${KEY}/cryptoKeyVersions/3`;

/** An instance's `resource.data` as the Cloud SQL Admin API returns it, with optional CMEK fields. */
function instance(cmek?: { key: unknown; version?: string }): Record<string, unknown> {
  return {
    kind: 'sql#instance',
    name: 'ehr-primary',
    project: PROJECT,
    region: 'us-central1',
    gceZone: 'us-central1-a',
    databaseVersion: 'POSTGRES_15',
    backendType: 'SECOND_GEN',
    instanceType: 'CLOUD_SQL_INSTANCE',
    state: 'RUNNABLE',
    connectionName: `${PROJECT}:us-central1:ehr-primary`,
    selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${PROJECT}/instances/ehr-primary`,
    settings: {
      kind: 'sql#settings',
      tier: 'db-custom-4-15360',
      availabilityType: 'REGIONAL',
      dataDiskType: 'PD_SSD',
      dataDiskSizeGb: '100',
      ipConfiguration: { ipv4Enabled: false, privateNetwork: `projects/${PROJECT}/global/networks/vpc-phi`, sslMode: 'ENCRYPTED_ONLY' },
      backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, startTime: '03:00', kind: 'sql#backupConfiguration' },
    },
    ...(cmek ? { diskEncryptionConfiguration: { kmsKeyName: cmek.key, kind: 'sql#diskEncryptionConfiguration' } } : {}),
    ...(cmek?.version ? { diskEncryptionStatus: { kmsKeyVersionName: cmek.version, kind: 'sql#diskEncryptionStatus' } } : {}),
  };
}

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'Google-managed keys',
      asset: exportAsset(TYPE, NAME, instance()),
      status: 'pass',
      evidence: { keyType: 'Google-managed', kmsKeyName: null },
    },
    {
      name: 'CMEK; the version in use is enabled (API envelope)',
      asset: apiAsset(TYPE, NAME, instance({ key: KEY, version: V1 })),
      others: [cryptoKey('ENABLED'), cryptoKeyVersion(V1, 'ENABLED')],
      status: 'pass',
      evidence: { kmsKeyName: KEY, kmsKeyVersionName: V1, keyState: 'ENABLED', keyStateFrom: `//cloudkms.googleapis.com/${V1}` },
    },
    {
      // The key's primary is version 1; the disk is on version 3, whose state the scan lacks.
      name: 'CMEK on a version other than the primary, not in the scan',
      asset: exportAsset(TYPE, NAME, instance({ key: KEY, version: V3 })),
      others: [cryptoKey('DISABLED')],
      status: 'pass',
      evidence: { kmsKeyVersion: V3, keyState: 'not in the inventory' },
    },
    {
      name: 'CMEK whose key is not in the scan',
      asset: exportAsset(TYPE, NAME, instance({ key: KEY })),
      status: 'pass',
      evidence: { kmsKey: KEY, keyState: 'not in the inventory' },
    },
    {
      name: 'CMEK; the version in use is destroyed although the key is enabled',
      asset: exportAsset(TYPE, NAME, instance({ key: KEY, version: V3 })),
      others: [cryptoKey('ENABLED'), cryptoKeyVersion(V3, 'DESTROYED')],
      status: 'fail',
      evidence: { kmsKeyVersion: V3, keyState: 'DESTROYED', keyStateFrom: `//cloudkms.googleapis.com/${V3}` },
    },
    {
      name: 'CMEK; the key primary is disabled and no version is reported',
      asset: exportAsset(TYPE, NAME, instance({ key: KEY })),
      others: [cryptoKey('DISABLED')],
      status: 'fail',
      evidence: { kmsKeyVersion: V1, keyState: 'DISABLED' },
    },
    {
      name: 'CMEK; the version in use is scheduled for destruction (API envelope)',
      asset: apiAsset(TYPE, NAME, instance({ key: KEY, version: V1 })),
      others: [cryptoKeyVersion(V1, 'DESTROY_SCHEDULED')],
      status: 'fail',
      evidence: { keyState: 'DESTROY_SCHEDULED' },
    },
    {
      name: 'an IAM-policy-only record (no resource data)',
      asset: exportAsset(TYPE, NAME, null),
      status: 'error',
      evidence: { resourceData: null },
    },
    {
      name: 'a key name that is not text',
      asset: exportAsset(TYPE, NAME, instance({ key: 42 })),
      status: 'error',
      evidence: { diskEncryptionConfiguration: { kmsKeyName: 42 } },
    },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const files = ['policy-library/sql-instances-public-ip.json', 'policy-library/sql-instances-require-ssl.json', 'policy-library/sql-instances-backup.json', 'terraform-validator/full_sql_database_instance.json'];
  gradesAssets(
    check,
    files.flatMap((file) =>
      sampleAssets(file)
        .filter((a) => a.asset_type === TYPE)
        .map((asset) => ({ name: `${file} ${String(asset.name)}`, asset, status: 'pass' as const, evidence: { keyType: 'Google-managed' } })),
    ),
  );
});
