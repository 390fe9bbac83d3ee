import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Check, Verdict } from '../../../src/engine/check.js';
import { mergeAsset } from '../../../src/import/gcp-asset.js';
import { fromAsset, verdictOf } from '../../support/resources.js';

export const PROJECT = 'phi-records-prod';
export const PROJECT_NUMBER = '418207351962';

/** What Cloud Asset Inventory writes beside `data` for each asset type. */
const DISCOVERY: Record<string, { version: string; uri: string; name: string }> = {
  'storage.googleapis.com/Bucket': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest', name: 'Bucket' },
  'sqladmin.googleapis.com/Instance': { version: 'v1beta4', uri: 'https://www.googleapis.com/discovery/v1/apis/sqladmin/v1beta4/rest', name: 'DatabaseInstance' },
  'compute.googleapis.com/Disk': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Disk' },
  'compute.googleapis.com/RegionDisk': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Disk' },
  'cloudkms.googleapis.com/CryptoKey': { version: 'v1', uri: 'https://cloudkms.googleapis.com/$discovery/rest', name: 'CryptoKey' },
  'cloudkms.googleapis.com/CryptoKeyVersion': { version: 'v1', uri: 'https://cloudkms.googleapis.com/$discovery/rest', name: 'CryptoKeyVersion' },
  'bigquery.googleapis.com/Dataset': { version: 'v2', uri: 'https://www.googleapis.com/discovery/v1/apis/bigquery/v2/rest', name: 'Dataset' },
  'cloudresourcemanager.googleapis.com/Project': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/cloudresourcemanager/v1/rest', name: 'Project' },
  'cloudresourcemanager.googleapis.com/Folder': { version: 'v2', uri: 'https://www.googleapis.com/discovery/v1/apis/cloudresourcemanager/v2/rest', name: 'Folder' },
  'cloudresourcemanager.googleapis.com/Organization': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/cloudresourcemanager/v1/rest', name: 'Organization' },
  'compute.googleapis.com/Firewall': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Firewall' },
  'compute.googleapis.com/Subnetwork': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Subnetwork' },
  'compute.googleapis.com/SslPolicy': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'SslPolicy' },
  'compute.googleapis.com/TargetHttpsProxy': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'TargetHttpsProxy' },
  'compute.googleapis.com/RegionTargetHttpsProxy': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'TargetHttpsProxy' },
  'compute.googleapis.com/TargetSslProxy': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'TargetSslProxy' },
  'logging.googleapis.com/LogSink': { version: 'v2', uri: 'https://logging.googleapis.com/$discovery/rest', name: 'LogSink' },
};

export const ORGANIZATION = 'organizations/732514089316';

/** An asset as `gcloud asset export` writes it: snake_case envelope, camelCase `resource.data`. */
export function exportAsset(assetType: string, name: string, data: Record<string, unknown> | null, location = 'us-central1'): Record<string, unknown> {
  const d = DISCOVERY[assetType]!;
  const resource: Record<string, unknown> = {
    version: d.version,
    discovery_document_uri: d.uri,
    discovery_name: d.name,
    parent: `//cloudresourcemanager.googleapis.com/projects/${PROJECT_NUMBER}`,
    location,
  };
  if (data) resource.data = data;
  return { name, asset_type: assetType, ancestors: [`projects/${PROJECT_NUMBER}`, 'organizations/732514089316'], resource, update_time: '2025-03-14T09:26:53.589Z' };
}

/** The same asset as the Cloud Asset API and `gcloud asset list --format=json` write it: camelCase envelope. */
export function apiAsset(assetType: string, name: string, data: Record<string, unknown> | null, location = 'us-central1'): Record<string, unknown> {
  const exported = exportAsset(assetType, name, data, location) as { resource: Record<string, unknown> };
  const { discovery_document_uri, discovery_name, ...resource } = exported.resource;
  return {
    name,
    assetType,
    ancestors: [`projects/${PROJECT_NUMBER}`, 'organizations/732514089316'],
    resource: { ...resource, discoveryDocumentUri: discovery_document_uri, discoveryName: discovery_name },
    updateTime: '2025-03-14T09:26:53.589Z',
  };
}

export const KEY = `projects/${PROJECT}/locations/us-central1/keyRings/phi-ring/cryptoKeys/phi-key`;

/** A Cloud KMS key whose primary version (version 1) is in `state`. */
export function cryptoKey(state: string, key = KEY): Record<string, unknown> {
  return exportAsset('cloudkms.googleapis.com/CryptoKey', `//cloudkms.googleapis.com/${key}`, {
    createTime: '2024-06-03T11:02:41.650275024Z',
    name: key,
    nextRotationTime: '2025-06-03T00:00:00Z',
    primary: {
      algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
      createTime: '2024-06-03T11:02:41.650275024Z',
      generateTime: '2024-06-03T11:02:41.650275024Z',
      name: `${key}/cryptoKeyVersions/1`,
      protectionLevel: 'SOFTWARE',
      state,
    },
    purpose: 'ENCRYPT_DECRYPT',
    rotationPeriod: '31536000s',
    versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: 'SOFTWARE' },
  });
}

/** One Cloud KMS key version in `state`. */
export function cryptoKeyVersion(version: string, state: string): Record<string, unknown> {
  return exportAsset('cloudkms.googleapis.com/CryptoKeyVersion', `//cloudkms.googleapis.com/${version}`, {
    algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
    createTime: '2024-06-03T11:02:41.650275024Z',
    generateTime: '2024-06-03T11:02:41.650275024Z',
    name: version,
    protectionLevel: 'SOFTWARE',
    state,
    ...(state === 'DESTROY_SCHEDULED' ? { destroyTime: '2025-04-13T09:00:00Z' } : {}),
  });
}

/**
 * An IAM-policy record as `gcloud asset export --content-type=iam-policy` writes it: snake_case
 * keys and numeric `log_type` enums (1 ADMIN_READ, 2 DATA_WRITE, 3 DATA_READ), no `resource`.
 */
export function exportIamPolicy(assetType: string, name: string, policy: Record<string, unknown>): Record<string, unknown> {
  return { name, asset_type: assetType, iam_policy: policy, ancestors: [`projects/${PROJECT_NUMBER}`, ORGANIZATION], update_time: '2025-03-14T09:26:53.589Z' };
}

/** The same record as the Cloud Asset API writes it: camelCase keys, string enums. */
export function apiIamPolicy(assetType: string, name: string, policy: Record<string, unknown>): Record<string, unknown> {
  return { name, assetType, iamPolicy: policy, ancestors: [`projects/${PROJECT_NUMBER}`, ORGANIZATION], updateTime: '2025-03-14T09:26:53.589Z' };
}

/** An org-policy record (`--content-type=org-policy`): v1 Policy objects, snake_case in exports. */
export function exportOrgPolicy(assetType: string, name: string, policies: Record<string, unknown>[]): Record<string, unknown> {
  return { name, asset_type: assetType, org_policy: policies, ancestors: [`projects/${PROJECT_NUMBER}`, ORGANIZATION], update_time: '2025-03-14T09:26:53.589Z' };
}

/** A bucket's `resource.data` as the Cloud Storage JSON API returns it, with `extra` fields merged over it. */
export function bucketData(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: name,
    name,
    projectNumber: PROJECT_NUMBER,
    location: 'US-CENTRAL1',
    locationType: 'region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
    metageneration: '1',
    selfLink: `https://www.googleapis.com/storage/v1/b/${name}`,
    timeCreated: '2024-06-03T11:15:22.691Z',
    updated: '2024-06-03T11:15:22.691Z',
    iamConfiguration: { bucketPolicyOnly: { enabled: true }, uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'inherited' },
    softDeletePolicy: { retentionDurationSeconds: '604800', effectiveTime: '2024-06-03T11:15:22.691Z' },
    ...extra,
  };
}

export const bucketAsset = (name: string, extra: Record<string, unknown> = {}) => exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${name}`, bucketData(name, extra));
export const apiBucketAsset = (name: string, extra: Record<string, unknown> = {}) => apiAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${name}`, bucketData(name, extra));

/** A Cloud SQL instance's `resource.data` (sqladmin v1beta4 DatabaseInstance); `settings` merges over the defaults. */
export function sqlInstanceData(name: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'sql#instance',
    state: 'RUNNABLE',
    databaseVersion: 'POSTGRES_15',
    settings: {
      kind: 'sql#settings',
      tier: 'db-custom-2-7680',
      availabilityType: 'REGIONAL',
      ipConfiguration: { ipv4Enabled: false, privateNetwork: `projects/${PROJECT}/global/networks/phi-vpc`, sslMode: 'ENCRYPTED_ONLY' },
      backupConfiguration: { kind: 'sql#backupConfiguration', enabled: true, startTime: '03:00', pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7 },
      userLabels: { 'data-classification': 'phi' },
      ...settings,
    },
    instanceType: 'CLOUD_SQL_INSTANCE',
    project: PROJECT,
    backendType: 'SECOND_GEN',
    name,
    region: 'us-central1',
    connectionName: `${PROJECT}:us-central1:${name}`,
    ...extra,
  };
}

export const sqlAsset = (name: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  exportAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/${name}`, sqlInstanceData(name, settings, extra));
export const apiSqlAsset = (name: string, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  apiAsset('sqladmin.googleapis.com/Instance', `//cloudsql.googleapis.com/projects/${PROJECT}/instances/${name}`, sqlInstanceData(name, settings, extra));

/** A Compute Engine SslPolicy as `sslPolicies.get` returns it (`enabledFeatures` is output only). */
export function sslPolicy(name: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'compute#sslPolicy',
    id: '6042386813211498017',
    creationTimestamp: '2024-06-03T04:40:11.331-07:00',
    selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/sslPolicies/${name}`,
    name,
    fingerprint: 'UCiJtMU0f-Q=',
    ...extra,
  };
}

/** The assets of a sample file under shared/samples/gcp-assets. */
export function sampleAssets(file: string): Record<string, unknown>[] {
  const url = new URL(`../../../../shared/samples/gcp-assets/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>[];
}

/** The records of an NDJSON sample (forseti's export dumps), optionally only one asset type. */
export function sampleNdjson(file: string, assetType?: string): Record<string, unknown>[] {
  const url = new URL(`../../../../shared/samples/gcp-assets/${file}`, import.meta.url);
  const records = readFileSync(url, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  return assetType ? records.filter((r) => r.asset_type === assetType) : records;
}

/** One row of a check's table: a Cloud Asset record and the verdict it must get. */
export interface AssetCase {
  name: string;
  asset: unknown;
  /** Other assets of the same scan (KMS keys, say), visible through the context. */
  others?: unknown[];
  /** More records about the same asset (its IAM or org policy), merged in as the importer does. */
  records?: unknown[];
  status: Verdict['status'];
  evidence: Record<string, unknown>;
}

/** RuleTester-style: one test per case, asserting the status and the evidence it rests on. */
export function gradesAssets(check: Check, cases: AssetCase[]): void {
  it.each(cases)('$name → $status', ({ asset, others, records, status, evidence }) => {
    const resource = fromAsset(asset);
    for (const record of records ?? []) mergeAsset(resource, fromAsset(record));
    const verdict = verdictOf(check, resource, (others ?? []).map(fromAsset));
    expect(verdict).toMatchObject({ status, evidence });
  });
}
