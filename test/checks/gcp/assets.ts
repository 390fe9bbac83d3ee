import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Check, Verdict } from '../../../src/engine/check.js';
import { fromAsset, verdictOf } from '../../support/resources.js';

export const PROJECT = 'phi-records-prod';
const PROJECT_NUMBER = '418207351962';

/** What Cloud Asset Inventory writes beside `data` for each asset type. */
const DISCOVERY: Record<string, { version: string; uri: string; name: string }> = {
  'storage.googleapis.com/Bucket': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest', name: 'Bucket' },
  'sqladmin.googleapis.com/Instance': { version: 'v1beta4', uri: 'https://www.googleapis.com/discovery/v1/apis/sqladmin/v1beta4/rest', name: 'DatabaseInstance' },
  'compute.googleapis.com/Disk': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Disk' },
  'compute.googleapis.com/RegionDisk': { version: 'v1', uri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest', name: 'Disk' },
  'cloudkms.googleapis.com/CryptoKey': { version: 'v1', uri: 'https://cloudkms.googleapis.com/$discovery/rest', name: 'CryptoKey' },
  'cloudkms.googleapis.com/CryptoKeyVersion': { version: 'v1', uri: 'https://cloudkms.googleapis.com/$discovery/rest', name: 'CryptoKeyVersion' },
};

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

/** The assets of a sample file under shared/samples/gcp-assets. */
export function sampleAssets(file: string): Record<string, unknown>[] {
  const url = new URL(`../../../../shared/samples/gcp-assets/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>[];
}

/** One row of a check's table: a Cloud Asset record and the verdict it must get. */
export interface AssetCase {
  name: string;
  asset: unknown;
  /** Other assets of the same scan (KMS keys, say), visible through the context. */
  others?: unknown[];
  status: Verdict['status'];
  evidence: Record<string, unknown>;
}

/** RuleTester-style: one test per case, asserting the status and the evidence it rests on. */
export function gradesAssets(check: Check, cases: AssetCase[]): void {
  it.each(cases)('$name → $status', ({ asset, others, status, evidence }) => {
    const verdict = verdictOf(check, fromAsset(asset), (others ?? []).map(fromAsset));
    expect(verdict).toMatchObject({ status, evidence });
  });
}
