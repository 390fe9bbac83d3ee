import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import diskEncrypted from '../../checks/gcp/compute-disk-encrypted.js';
import sqlEncrypted from '../../checks/gcp/sql-instance-encrypted.js';
import sqlSsl from '../../checks/gcp/sql-instance-ssl-required.js';
import bucketEncrypted from '../../checks/gcp/storage-bucket-encrypted.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { field } from '../../src/engine/read.js';
import type { Resource } from '../../src/inventory/resource.js';
import { decodeAll, sample } from './support.js';
import { constant, grade, imported, only, plan, refs, type PlanResource } from './terraform-plan-builder.js';

/**
 * google resources become Cloud Asset records. Google's terraform-validator converts the same
 * plans, and its expected assets are the oracle for the fields the checks read.
 */

const PROJECT = 'lumen-validator-test';
const withProject = (text: string) => text.replaceAll('{{.Provider.project}}', PROJECT).replaceAll('{{.Ancestry}}', 'organizations/730165284917');
const read = (relative: string) => withProject(readFileSync(sample(relative), 'utf8'));

function pair(name: string): { planned: Resource[]; expected: Resource[] } {
  return {
    planned: decodeAll(read(`terraform-plans/terraform-validator/${name}.tfplan.json`), `${name}.tfplan.json`).resources,
    expected: decodeAll(read(`gcp-assets/terraform-validator/${name}.json`), `${name}.json`).resources,
  };
}

function expectSameFields(planned: Resource, expected: Resource, paths: string[]): void {
  expect(planned.type).toBe(expected.type);
  for (const path of paths) expect({ path, value: field(planned.config, path) }).toEqual({ path, value: field(expected.config, path) });
}

describe("against terraform-validator's expected Cloud Asset conversion", () => {
  const BUCKET_FIELDS = ['name', 'location', 'storageClass', 'labels', 'encryption', 'versioning', 'logging', 'iamConfiguration.uniformBucketLevelAccess', 'retentionPolicy.retentionPeriod', 'billing', 'website'];

  it.each(['example_storage_bucket', 'full_storage_bucket'])('%s', (name) => {
    const { planned, expected } = pair(name);
    const bucket = only(planned, 'storage.googleapis.com/Bucket');
    const oracle = only(expected, 'storage.googleapis.com/Bucket');
    expect(bucket.id).toBe(oracle.id);
    expectSameFields(bucket, oracle, BUCKET_FIELDS);
  });

  it('full_sql_database_instance (secrets such as the replica password are left out)', () => {
    const { planned, expected } = pair('full_sql_database_instance');
    const instance = only(planned, 'sqladmin.googleapis.com/Instance');
    const oracle = only(expected, 'sqladmin.googleapis.com/Instance');
    expect(instance.id).toBe(oracle.id);
    expectSameFields(instance, oracle, [
      'name', 'databaseVersion', 'region', 'masterInstanceName', 'diskEncryptionConfiguration',
      'settings.tier', 'settings.activationPolicy', 'settings.availabilityType', 'settings.pricingPlan', 'settings.dataDiskType', 'settings.dataDiskSizeGb',
      'settings.storageAutoResize', 'settings.userLabels', 'settings.databaseFlags', 'settings.backupConfiguration', 'settings.locationPreference', 'settings.maintenanceWindow',
      'settings.ipConfiguration.ipv4Enabled', 'settings.ipConfiguration.requireSsl', 'settings.ipConfiguration.authorizedNetworks',
    ]);
    expect(JSON.stringify(instance.config)).not.toMatch(/test-password|test-client_key/);
  });

  it('example_sql_database_instance (the plan names no project, so the address stands in for the asset name)', () => {
    const { planned, expected } = pair('example_sql_database_instance');
    const instance = only(planned, 'sqladmin.googleapis.com/Instance');
    expect(instance.id).toBe('google_sql_database_instance.main');
    expectSameFields(instance, only(expected, 'sqladmin.googleapis.com/Instance'), ['name', 'databaseVersion', 'region', 'diskEncryptionConfiguration', 'settings.tier', 'settings.activationPolicy', 'settings.availabilityType', 'settings.pricingPlan', 'settings.dataDiskType', 'settings.storageAutoResize']);
  });

  it('example_compute_disk', () => {
    const { planned, expected } = pair('example_compute_disk');
    const disk = only(planned, 'compute.googleapis.com/Disk');
    const oracle = only(expected, 'compute.googleapis.com/Disk');
    expect(disk.id).toBe(oracle.id);
    expectSameFields(disk, oracle, ['name', 'labels', 'physicalBlockSizeBytes', 'sourceImage', 'diskEncryptionKey']);
    // The validator writes relative type names; the Compute API (and Cloud Asset) write URLs.
    expect(String(disk.config.type)).toMatch(new RegExp(`${String(oracle.config.type)}$`));
  });

  it('example_kms_crypto_key', () => {
    const { planned, expected } = pair('example_kms_crypto_key');
    expectSameFields(only(planned, 'cloudkms.googleapis.com/CryptoKey'), only(expected, 'cloudkms.googleapis.com/CryptoKey'), ['purpose', 'rotationPeriod']);
  });
});

const GOOGLE = { google: { name: 'google', expressions: { project: constant('lumen-analytics-prod'), region: constant('us-central1') } } };
const KEY_NAME = 'projects/lumen-analytics-prod/locations/us-central1/keyRings/lumen-phi-ring/cryptoKeys/ds-sandbox-disk-key';

const ring: PlanResource = { address: 'google_kms_key_ring.phi', values: { name: 'phi-ring', location: 'us-central1' }, unknown: { id: true, project: true } };
const key: PlanResource = { address: 'google_kms_crypto_key.phi', values: { name: 'phi-key', purpose: 'ENCRYPT_DECRYPT', rotation_period: '7776000s' }, unknown: { id: true, key_ring: true }, expressions: { key_ring: refs('google_kms_key_ring.phi.id', 'google_kms_key_ring.phi') } };

describe('google_storage_bucket → storage.googleapis.com/Bucket', () => {
  const bucket = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
    address: 'google_storage_bucket.extracts',
    values: { name: 'lumen-phi-extracts', location: 'us-central1', storage_class: 'STANDARD', uniform_bucket_level_access: true, labels: { ephi: 'true' }, encryption: [], ...values },
    unknown: { id: true, self_link: true, url: true, project: true, ...unknown },
    expressions,
  });

  it('passes with Google-managed keys when no key is configured', () => {
    expect(grade(plan([bucket({})], { providers: GOOGLE }), bucketEncrypted)).toMatchObject({ status: 'pass', evidence: { keyType: 'Google-managed' }, resource: { id: '//storage.googleapis.com/lumen-phi-extracts', name: 'google_storage_bucket.extracts', account: 'lumen-analytics-prod', region: 'us-central1' }, ephi: true });
  });

  it('names a CMEK the plan creates by the key name built from the plan', () => {
    const doc = plan([bucket({ encryption: [{}] }, { encryption: [{ default_kms_key_name: true }] }, { encryption: [{ default_kms_key_name: refs('google_kms_crypto_key.phi.id', 'google_kms_crypto_key.phi') }] }), key, ring], { providers: GOOGLE });
    const f = grade(doc, bucketEncrypted);
    expect(f).toMatchObject({ status: 'pass', evidence: { defaultKmsKeyName: 'projects/lumen-analytics-prod/locations/us-central1/keyRings/phi-ring/cryptoKeys/phi-key', keyState: 'ENABLED' } });
  });

  it('fails when the key the plan names is destroyed in a Cloud Asset export scanned with it', () => {
    const doc = plan([bucket({ encryption: [{ default_kms_key_name: KEY_NAME }] })], { providers: GOOGLE });
    const assets = decodeAll(readFileSync(new URL('../../fixtures/demo/gcp-assets.ndjson', import.meta.url), 'utf8'), 'gcp-assets.ndjson').resources;
    const { findings } = evaluate([...imported(doc), ...assets], [bucketEncrypted], { safeguards: [], checkSafeguards: new Map() });
    expect(findings.find((f) => f.resource.name === 'google_storage_bucket.extracts')).toMatchObject({ status: 'fail', evidence: { keyState: 'DESTROYED' } });
  });
});

describe('google_sql_database_instance → sqladmin.googleapis.com/Instance', () => {
  const instance = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): PlanResource => ({
    address: 'module.analytics.google_sql_database_instance.pg',
    values: { name: 'lumen-analytics-pg', database_version: 'POSTGRES_15', region: 'us-central1', settings: [{ tier: 'db-custom-2-7680', user_labels: { ephi: 'true' } }], ...values },
    unknown: { id: true, self_link: true, connection_name: true, project: true, settings: [{ ip_configuration: true, backup_configuration: true }], ...unknown },
    expressions,
  });

  it('passes with a CMEK the plan creates (passed into the module as a variable), and with Google-managed keys', () => {
    // The module receives the key through a variable: the reference is followed out of the module.
    const withKey = plan([instance({}, { encryption_key_name: true }, { encryption_key_name: refs('var.kms_key') }), key, ring], {
      providers: GOOGLE,
      moduleInputs: { 'module.analytics': { kms_key: refs('google_kms_crypto_key.phi.id', 'google_kms_crypto_key.phi') } },
    });
    expect(grade(withKey, sqlEncrypted)).toMatchObject({ status: 'pass', evidence: { kmsKeyName: 'projects/lumen-analytics-prod/locations/us-central1/keyRings/phi-ring/cryptoKeys/phi-key' }, resource: { id: '//cloudsql.googleapis.com/projects/lumen-analytics-prod/instances/lumen-analytics-pg' } });
    expect(grade(plan([instance({})], { providers: GOOGLE }), sqlEncrypted)).toMatchObject({ status: 'pass', evidence: { keyType: 'Google-managed' } });
  });

  it('fails SSL when the configuration allows unencrypted connections', () => {
    const doc = plan([instance({ settings: [{ tier: 'db-f1-micro', ip_configuration: [{ ipv4_enabled: true, ssl_mode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', authorized_networks: [] }] }] }, { settings: [{}] })], { providers: GOOGLE });
    expect(grade(doc, sqlSsl)).toMatchObject({ status: 'fail', evidence: { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' } });
  });

  it('is undecided, naming the address, when the IP configuration is known only after apply', () => {
    const f = grade(plan([instance({})], { providers: GOOGLE }), sqlSsl);
    expect(f.status).toBe('error');
    expect(f.reason).toContain('Terraform knows settings.ip_configuration of module.analytics.google_sql_database_instance.pg only after apply.');
  });
});

describe('google_compute_disk → compute.googleapis.com/Disk', () => {
  const disk = (values: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResource => ({
    address: 'google_compute_disk.data',
    values: { name: 'ds-notebook-1-data', zone: 'us-central1-a', type: 'pd-balanced', size: 200, disk_encryption_key: [], labels: {}, ...values },
    unknown: { id: true, self_link: true, users: true, ...unknown },
  });
  it.each([
    { title: 'no key: Google-managed, pass', d: disk({}), status: 'pass', evidence: { keyType: 'Google-managed' } },
    { title: 'a customer-supplied key: pass, recorded by its hash only', d: disk({ disk_encryption_key: [{ raw_key: 'c2VjcmV0IGtleSBmb3IgdGVzdHMgb25seSEhISEhISE=' }] }, { disk_encryption_key: [{ sha256: true }] }), status: 'pass', evidence: { keyType: 'customer-supplied (CSEK)' } },
    { title: 'a CMEK: pass', d: disk({ disk_encryption_key: [{ kms_key_self_link: `${KEY_NAME}x` }] }), status: 'pass', evidence: { kmsKeyName: `${KEY_NAME}x` } },
  ])('$title', ({ d, status, evidence }) => {
    const doc = plan([d], { providers: GOOGLE });
    const f = grade(doc, diskEncrypted);
    expect(f).toMatchObject({ status, evidence, resource: { id: '//compute.googleapis.com/projects/lumen-analytics-prod/zones/us-central1-a/disks/ds-notebook-1-data', region: 'us-central1' } });
    expect(JSON.stringify(only(imported(doc), 'compute.googleapis.com/Disk'))).not.toContain('c2VjcmV0');
  });

  it('google_compute_region_disk → compute.googleapis.com/RegionDisk, named by region', () => {
    const doc = plan([{ address: 'google_compute_region_disk.ha', values: { name: 'ha-data', region: 'us-central1', replica_zones: ['us-central1-a', 'us-central1-b'], type: 'pd-ssd', size: 100, disk_encryption_key: [{ kms_key_name: null, kms_key_self_link: KEY_NAME }] }, unknown: { id: true } }], { providers: GOOGLE });
    const f = grade(doc, diskEncrypted, 'compute.googleapis.com/RegionDisk');
    expect(f).toMatchObject({ status: 'pass', evidence: { kmsKeyName: KEY_NAME }, resource: { id: '//compute.googleapis.com/projects/lumen-analytics-prod/regions/us-central1/disks/ha-data', region: 'us-central1' } });
  });

  it('fails when its CMEK is destroyed in an asset export scanned with the plan', () => {
    const doc = plan([disk({ disk_encryption_key: [{ kms_key_self_link: KEY_NAME }] })], { providers: GOOGLE });
    const assets = decodeAll(readFileSync(new URL('../../fixtures/demo/gcp-assets.ndjson', import.meta.url), 'utf8'), 'gcp-assets.ndjson').resources;
    const { findings } = evaluate([...imported(doc), ...assets], [diskEncrypted], { safeguards: [], checkSafeguards: new Map() });
    expect(findings.find((f) => f.resource.name === 'google_compute_disk.data')).toMatchObject({ status: 'fail', evidence: { keyState: 'DESTROYED' } });
  });
});
