import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { importInputs } from '../../src/import/index.js';
import { byId, decodeAll, readJson, sample, sampleFiles, Scratch, sortedById, withoutSource } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

type Asset = Record<string, unknown> & { name: string; asset_type: string; resource?: { data?: Record<string, unknown> }; iam_policy?: unknown };

/** Records as the file holds them: NDJSON lines (1-based line numbers) or array items (0-based index). */
async function rawAssets(rel: string): Promise<Array<{ asset: Asset; line?: number; index?: number }>> {
  const text = await readFile(sample(rel), 'utf8');
  if (rel.endsWith('.ndjson')) {
    return text.split('\n').flatMap((l, i) => (l.trim() ? [{ asset: JSON.parse(l) as Asset, line: i + 1 }] : []));
  }
  return (JSON.parse(text) as Asset[]).map((asset, index) => ({ asset, index }));
}

/** Record count and format of each sample; every asset name in the samples is unique within its file. */
const EXPECTED: Record<string, { format: string; records: number }> = {
  'gcp-assets/forseti/mock_cai_iam_policies.ndjson': { format: 'gcp-asset-export', records: 22 },
  'gcp-assets/forseti/mock_cai_resources.ndjson': { format: 'gcp-asset-export', records: 133 },
  'gcp-assets/policy-library/bigquery-cmek.json': { format: 'gcp-asset-json', records: 6 },
  'gcp-assets/policy-library/compute-disks.json': { format: 'gcp-asset-json', records: 3 },
  'gcp-assets/policy-library/kms-crypto-keys-rotation.json': { format: 'gcp-asset-json', records: 6 },
  'gcp-assets/policy-library/projects-iam-audit-config.json': { format: 'gcp-asset-json', records: 5 },
  'gcp-assets/policy-library/sql-instances-backup.json': { format: 'gcp-asset-json', records: 7 },
  'gcp-assets/policy-library/sql-instances-public-ip.json': { format: 'gcp-asset-json', records: 4 },
  'gcp-assets/policy-library/sql-instances-require-ssl.json': { format: 'gcp-asset-json', records: 3 },
  'gcp-assets/policy-library/storage-buckets-cmek-and-logging.json': { format: 'gcp-asset-json', records: 3 },
  'gcp-assets/policy-library/storage-buckets-iam-world-readable.json': { format: 'gcp-asset-json', records: 3 },
  'gcp-assets/policy-library/storage-buckets-uniform-access.json': { format: 'gcp-asset-json', records: 4 },
  'gcp-assets/terraform-validator/example_bigquery_dataset.json': { format: 'gcp-asset-json', records: 1 },
  'gcp-assets/terraform-validator/example_compute_disk.json': { format: 'gcp-asset-json', records: 1 },
  'gcp-assets/terraform-validator/example_kms_crypto_key.json': { format: 'gcp-asset-json', records: 1 },
  'gcp-assets/terraform-validator/example_sql_database_instance.json': { format: 'gcp-asset-json', records: 1 },
  'gcp-assets/terraform-validator/example_storage_bucket.json': { format: 'gcp-asset-json', records: 1 },
  'gcp-assets/terraform-validator/full_sql_database_instance.json': { format: 'gcp-asset-json', records: 3 },
  'gcp-assets/terraform-validator/full_storage_bucket.json': { format: 'gcp-asset-json', records: 1 },
};

describe('Cloud Asset samples: every file', async () => {
  const files = await sampleFiles('gcp-assets');

  it('has an expectation for every sample file and no other', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s: one resource per asset, with its type, full name, data and place', async (rel) => {
    const file = sample(rel);
    const inventory = await importInputs([file]);
    const raw = await rawAssets(rel);
    expect(inventory.files).toEqual([{ file, ...EXPECTED[rel] }]);
    expect(raw).toHaveLength(EXPECTED[rel]!.records);
    expect(inventory.superseded).toBe(0);
    expect(inventory.resources).toHaveLength(raw.length);
    inventory.resources.forEach((r, i) => {
      const { asset, line, index } = raw[i]!;
      expect(r.provider).toBe('gcp');
      expect(r.id).toBe(asset.name);
      expect(r.id.startsWith('//')).toBe(true);
      expect(r.type).toBe(asset.asset_type);
      expect(r.config).toEqual(asset.resource?.data ?? {});
      expect(r.related.resourceMissing).toBe(asset.resource?.data ? undefined : true);
      expect(r.related.iamPolicy !== undefined).toBe(asset.iam_policy !== undefined);
      expect(r.name).not.toContain('/');
      expect(r.source).toEqual({ format: EXPECTED[rel]!.format, file, ...(line ? { line } : { index }) });
    });
  });
});

describe('Cloud Asset samples: decoded facts', () => {
  it('forseti export: names, projects, regions and labels', async () => {
    const { resources } = await importInputs([sample('gcp-assets/forseti/mock_cai_resources.ndjson')]);
    expect(byId(resources, '//storage.googleapis.com/bucket1')).toMatchObject({
      type: 'storage.googleapis.com/Bucket',
      name: 'bucket1',
      account: 'project3', // projects/1043 in its ancestors; the Project asset names it project3
      region: 'us',
      tags: {},
      config: { storageClass: 'STANDARD', projectNumber: '1043' },
      source: { line: 9 },
    });
    // A v1 project's `name` is its display name.
    expect(byId(resources, '//cloudresourcemanager.googleapis.com/projects/1043')).toMatchObject({ name: 'Project 3', account: 'project3', config: { projectId: 'project3' } });
    // The project comes from the asset name before the ancestors.
    const policy = byId(resources, '//compute.googleapis.com/projects/project2/global/securityPolicies/cai-security');
    expect(policy.account).toBe('project2');
    expect(policy.related.ancestors).toEqual(['projects/123', 'organizations/456']);
    // A location given as a resource path keeps its last segment.
    expect(byId(resources, '//bigtable.googleapis.com/projects/project2/instances/test-bigtable/clusters/test-bigtable-c1').region).toBe('us-west1-a');
    // Labels become tags.
    const dataproc = resources.find((r) => r.type === 'dataproc.googleapis.com/Cluster' && r.tags['goog-dataproc-cluster-name'] === 'test-cluster');
    expect(dataproc?.tags).toMatchObject({ 'goog-dataproc-location': 'us-west1' });
  });

  it('unknown and non-Google asset types are kept (Kubernetes objects, billing accounts)', async () => {
    const { resources } = await importInputs([sample('gcp-assets/forseti/mock_cai_resources.ndjson')]);
    const types = new Set(resources.map((r) => r.type));
    for (const t of ['k8s.io/Pod', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'cloudbilling.googleapis.com/BillingAccount', 'serviceusage.googleapis.com/Service']) expect(types).toContain(t);
    expect(byId(resources, '//container.googleapis.com/projects/project1/zones/us-central1-a/clusters/cluster-1/k8s/namespaces/default/pods/test-pod')).toMatchObject({ type: 'k8s.io/Pod', name: 'test-pod', account: 'project1' });
  });

  it('IAM policy records (forseti, camelCase, string enums) are kept as they are', async () => {
    const { resources } = await importInputs([sample('gcp-assets/forseti/mock_cai_iam_policies.ndjson')]);
    const org = byId(resources, '//cloudresourcemanager.googleapis.com/organizations/111222333');
    expect(org.config).toEqual({});
    expect(org.related).toEqual({
      resourceMissing: true,
      iamPolicy: {
        auditConfigs: [{ auditLogConfigs: [{ logType: 'ADMIN_READ' }], service: 'allServices' }],
        bindings: [{ members: ['user:a_user@forseti.test'], role: 'roles/resourcemanager.organizationAdmin' }],
      },
    });
    const project = byId(resources, '//cloudresourcemanager.googleapis.com/projects/1041');
    expect(project.account).toBe('1041');
    expect((project.related.iamPolicy as { auditConfigs: unknown[] }).auditConfigs).toEqual([
      { auditLogConfigs: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_WRITE' }, { logType: 'DATA_READ' }], service: 'allServices' },
      { auditLogConfigs: [{ exemptedMembers: ['user:gcp-reader-12345@p1234.iam.gserviceaccount.com'], logType: 'ADMIN_READ' }], service: 'cloudsql.googleapis.com' },
    ]);
  });

  it('IAM policy records (policy-library, snake_case, numeric log_type) are normalised to the same camelCase and string enums', async () => {
    const { resources } = await importInputs([sample('gcp-assets/policy-library/projects-iam-audit-config.json')]);
    const good = byId(resources, '//cloudresourcemanager.googleapis.com/projects/good');
    expect(good.account).toBe('good');
    expect(good.related.iamPolicy).toEqual({
      version: 1,
      etag: 'BwWKImhngxs=',
      auditConfigs: [
        { service: 'cloudasset.googleapis.com', auditLogConfigs: [{ logType: 'DATA_WRITE' }, { logType: 'DATA_READ', exemptedMembers: ['user:user1@org.com'] }] },
        { service: 'sqladmin.googleapis.com', auditLogConfigs: [{ logType: 'DATA_WRITE' }, { logType: 'DATA_READ' }] },
      ],
    });
    expect((byId(resources, '//cloudresourcemanager.googleapis.com/projects/wrong-log-type').related.iamPolicy as { auditConfigs: Array<{ auditLogConfigs: unknown }> }).auditConfigs[0]!.auditLogConfigs).toEqual([
      { logType: 'ADMIN_READ' },
      { logType: 'DATA_READ' },
    ]);
    // The asset's own type is kept even where its name says otherwise.
    expect(byId(resources, '//cloudresourcemanager.googleapis.com/projects/ignore-asset-type').type).toBe('storage.googleapis.com/Bucket');

    // Both dialects read the same way: the forseti shape of this policy decodes to the same object.
    const camel = decodeAll(
      JSON.stringify({
        name: '//cloudresourcemanager.googleapis.com/projects/good',
        asset_type: 'cloudresourcemanager.googleapis.com/Project',
        iam_policy: (good.related.iamPolicy as object),
      }),
    ).resources[0]!;
    expect(withoutSource(camel)).toEqual(withoutSource(good));
  });

  it('an unknown numeric log_type is kept as text', () => {
    const r = decodeAll(JSON.stringify([{ name: '//cloudresourcemanager.googleapis.com/projects/p', asset_type: 'cloudresourcemanager.googleapis.com/Project', iam_policy: { audit_configs: [{ service: 'allServices', audit_log_configs: [{ log_type: 0 }, { log_type: 9 }] }] } }])).resources[0]!;
    expect(r.related.iamPolicy).toEqual({ auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: 'LOG_TYPE_UNSPECIFIED' }, { logType: '9' }] }] });
  });

  it('the forseti folder: IAM policies merge into their resources whichever file is read first', async () => {
    const folder = await importInputs([sample('gcp-assets/forseti')]);
    expect(folder.files.map((f) => f.records)).toEqual([22, 133]);
    expect(folder.superseded).toBe(0);
    expect(folder.resources).toHaveLength(133);
    const bucket = byId(folder.resources, '//storage.googleapis.com/bucket1');
    expect(bucket.config.storageClass).toBe('STANDARD');
    expect(bucket.related.resourceMissing).toBeUndefined();
    expect(bucket.related.iamPolicy).toEqual({
      bindings: [
        { members: ['projectEditor:project3', 'projectOwner:project3'], role: 'roles/storage.legacyBucketOwner' },
        { members: ['projectViewer:project3'], role: 'roles/storage.legacyBucketReader' },
      ],
      etag: 'CAE=',
    });
    expect(bucket).toMatchObject({ name: 'bucket1', account: 'project3', region: 'us' });
    // The configuration's evidence is the resource record, not the IAM record merged into it.
    expect(bucket.source).toEqual({ format: 'gcp-asset-export', file: sample('gcp-assets/forseti/mock_cai_resources.ndjson'), line: 9 });
    expect(folder.resources.filter((r) => r.related.resourceMissing)).toEqual([]);
    expect(folder.resources.filter((r) => r.related.iamPolicy)).toHaveLength(22);

    const reversed = await importInputs([sample('gcp-assets/forseti/mock_cai_resources.ndjson'), sample('gcp-assets/forseti/mock_cai_iam_policies.ndjson')]);
    expect(sortedById(reversed.resources)).toEqual(sortedById(folder.resources));
  });

  it('policy-library buckets: CMEK, logging and uniform access are in config; locations are lower-cased', async () => {
    const { resources } = await importInputs([sample('gcp-assets/policy-library/storage-buckets-cmek-and-logging.json')]);
    const bucket = byId(resources, '//storage.googleapis.com/my-storage-bucket');
    expect(bucket).toMatchObject({ account: '68478495408', region: 'us-central1' });
    expect(bucket.config.encryption).toEqual({ defaultKmsKeyName: 'projects/andresolarte-gke-ent/locations/us/keyRings/us-ring/cryptoKeys/key1' });
    const uniform = await importInputs([sample('gcp-assets/policy-library/storage-buckets-uniform-access.json')]);
    // The sample's data.name differs from the asset name; the short name follows the data.
    expect(byId(uniform.resources, '//storage.googleapis.com/my-storage-bucket-with-null-bucketpolicyonly').name).toBe('my-storage-bucket-with-logging');
    const keys = await importInputs([sample('gcp-assets/policy-library/kms-crypto-keys-rotation.json')]);
    expect(keys.resources.map((r) => [r.name, r.config.rotationPeriod])).toEqual([
      ['rotation-30-days', '2592000s'],
      ['rotation-never', undefined],
      ['rotation-365-days', '31536000s'],
      ['rotation-90-days', '7776000s'],
      ['rotation-400-days', '34560000s'],
      ['rotation-100-days', '10368000s'],
    ]);
  });

  it('terraform-validator templates: {{.Provider.project}} placeholders stay plain strings', async () => {
    const dataset = (await importInputs([sample('gcp-assets/terraform-validator/example_bigquery_dataset.json')])).resources[0]!;
    expect(dataset).toMatchObject({
      type: 'bigquery.googleapis.com/Dataset',
      id: '//bigquery.googleapis.com/projects/{{.Provider.project}}/datasets/test-dataset',
      name: 'test-dataset',
      account: '{{.Provider.project}}',
      region: 'eu',
      tags: { env: 'dev' },
    });
    const key = (await importInputs([sample('gcp-assets/terraform-validator/example_kms_crypto_key.json')])).resources[0]!;
    // No project in the name: it comes from resource.parent.
    expect(key).toMatchObject({ id: '//cloudkms.googleapis.com/key-ring-test/cryptoKeys/crypto-key-example', account: '{{.Provider.project}}', config: { purpose: 'ENCRYPT_DECRYPT' } });
    expect(key.region).toBeUndefined();
    const bucket = (await importInputs([sample('gcp-assets/terraform-validator/full_storage_bucket.json')])).resources[0]!;
    expect(bucket).toMatchObject({ tags: { label_foo1: 'label-bar1' }, config: { encryption: { defaultKmsKeyName: 'test-default_kms_key_name' }, logging: { logBucket: 'test-log_bucket' } } });
    const sql = (await importInputs([sample('gcp-assets/terraform-validator/full_sql_database_instance.json')])).resources;
    expect(sql.map((r) => r.type)).toEqual(['sqladmin.googleapis.com/Instance', 'compute.googleapis.com/GlobalAddress', 'compute.googleapis.com/Network']);
    expect(sql[0]!.config).toMatchObject({ settings: { ipConfiguration: { requireSsl: true, ipv4Enabled: true } } });
    expect(sql[0]!.region).toBe('us-central1');
  });
});

/** One asset in the export's snake_case envelope and the API's camelCase one. */
async function sameAssetsBothWays(): Promise<{ snake: Array<Record<string, unknown>>; camel: Array<Record<string, unknown>> }> {
  const lines = (await readFile(sample('gcp-assets/forseti/mock_cai_resources.ndjson'), 'utf8')).split('\n');
  const bucket = JSON.parse(lines[8]!) as { name: string; asset_type: string; resource: Record<string, unknown> };
  const good = ((await readJson(sample('gcp-assets/policy-library/projects-iam-audit-config.json'))) as Asset[])[0]!;
  const snake = [
    {
      name: bucket.name,
      asset_type: bucket.asset_type,
      resource: { version: 'v1', discovery_document_uri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest', discovery_name: 'Bucket', parent: bucket.resource.parent, data: bucket.resource.data, location: 'us' },
      ancestors: ['projects/1043', 'folders/1031', 'organizations/111222333'],
      update_time: '2024-03-01T12:00:00.123456Z',
    },
    { ...good, update_time: '2024-03-01T09:30:00Z' },
  ];
  const camel = [
    {
      name: bucket.name,
      assetType: bucket.asset_type,
      resource: { version: 'v1', discoveryDocumentUri: 'https://www.googleapis.com/discovery/v1/apis/storage/v1/rest', discoveryName: 'Bucket', parent: bucket.resource.parent, data: bucket.resource.data, location: 'us' },
      ancestors: ['projects/1043', 'folders/1031', 'organizations/111222333'],
      updateTime: '2024-03-01T12:00:00.123456Z',
    },
    {
      name: good.name,
      assetType: good.asset_type,
      iamPolicy: {
        version: 1,
        etag: 'BwWKImhngxs=',
        auditConfigs: [
          { service: 'cloudasset.googleapis.com', auditLogConfigs: [{ logType: 'DATA_WRITE' }, { logType: 'DATA_READ', exemptedMembers: ['user:user1@org.com'] }] },
          { service: 'sqladmin.googleapis.com', auditLogConfigs: [{ logType: 'DATA_WRITE' }, { logType: 'DATA_READ' }] },
        ],
      },
      updateTime: '2024-03-01T09:30:00Z',
    },
  ];
  return { snake, camel };
}

describe('Cloud Asset: the export and the API decode identically', () => {
  it('snake_case export NDJSON = ListAssets {assets} = a bare array = camelCase NDJSON', async () => {
    const { snake, camel } = await sameAssetsBothWays();
    const exportFile = await scratch.write('export.ndjson', snake.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const apiFile = await scratch.write('list-assets.json', { readTime: '2024-03-01T12:05:00Z', assets: camel, nextPageToken: '' });
    const arrayFile = await scratch.write('assets.json', camel);
    const camelNdjson = await scratch.write('assets.ndjson', camel.map((a) => JSON.stringify(a)).join('\r\n'));

    const fromExport = await importInputs([exportFile]);
    const fromApi = await importInputs([apiFile]);
    const fromArray = await importInputs([arrayFile]);
    const fromCamelNdjson = await importInputs([camelNdjson]);
    expect([fromExport, fromApi, fromArray, fromCamelNdjson].map((i) => i.files[0]!.format)).toEqual(['gcp-asset-export', 'gcp-asset-api', 'gcp-asset-json', 'gcp-asset-ndjson']);

    const bucket = byId(fromExport.resources, '//storage.googleapis.com/bucket1');
    expect(bucket).toMatchObject({ name: 'bucket1', account: '1043', region: 'us', config: { storageClass: 'STANDARD' } });
    expect(bucket.related.ancestors).toEqual(['projects/1043', 'folders/1031', 'organizations/111222333']);
    expect(bucket.source).toEqual({ format: 'gcp-asset-export', file: exportFile, line: 1, observedAt: '2024-03-01T12:00:00.123456Z' });
    expect(byId(fromApi.resources, bucket.id).source).toEqual({ format: 'gcp-asset-api', file: apiFile, index: 0, observedAt: '2024-03-01T12:00:00.123456Z' });
    expect(byId(fromCamelNdjson.resources, bucket.id).source.line).toBe(1);
    expect(byId(fromCamelNdjson.resources, '//cloudresourcemanager.googleapis.com/projects/good').source.line).toBe(2);

    const expected = fromExport.resources.map(withoutSource);
    expect(expected).toHaveLength(2);
    for (const other of [fromApi, fromArray, fromCamelNdjson]) expect(other.resources.map(withoutSource)).toEqual(expected);
  });

  it('decodeFile emits every record of an asset; merging them is the inventory\'s work', () => {
    const name = '//storage.googleapis.com/phi-archive';
    const resource = { name, asset_type: 'storage.googleapis.com/Bucket', resource: { data: { name: 'phi-archive' } } };
    const iam = { name, asset_type: 'storage.googleapis.com/Bucket', iam_policy: { bindings: [] } };
    const { resources, records } = decodeAll([resource, iam].map((r) => JSON.stringify(r)).join('\n'), 'merge.ndjson');
    expect(records).toBe(2);
    expect(resources.map((r) => [r.id, r.related.resourceMissing])).toEqual([[name, undefined], [name, true]]);
  });
});

describe('Cloud Asset: merging and superseding through importInputs', () => {
  const name = '//storage.googleapis.com/phi-archive';
  const resourceRecord = (updateTime: string, storageClass: string) => ({
    name,
    asset_type: 'storage.googleapis.com/Bucket',
    update_time: updateTime,
    resource: { data: { name: 'phi-archive', location: 'EU', storageClass, labels: { data: 'phi' } }, parent: '//cloudresourcemanager.googleapis.com/projects/42' },
  });
  const iamRecord = { name, asset_type: 'storage.googleapis.com/Bucket', update_time: '2024-03-01T11:00:00Z', iam_policy: { bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] } };

  it.each([
    ['resource first', [resourceRecord('2024-03-01T10:00:00Z', 'STANDARD'), iamRecord]],
    ['IAM policy first', [iamRecord, resourceRecord('2024-03-01T10:00:00Z', 'STANDARD')]],
  ])('%s: one resource carrying both, provenance from the resource record', async (label, records) => {
    const file = await scratch.write(`merge-${label.replace(/\W+/g, '-')}.ndjson`, records.map((r) => JSON.stringify(r)).join('\n'));
    const inventory = await importInputs([file]);
    expect(inventory.superseded).toBe(0);
    expect(inventory.resources).toHaveLength(1);
    const r = inventory.resources[0]!;
    expect(r).toMatchObject({ name: 'phi-archive', account: '42', region: 'eu', tags: { data: 'phi' }, config: { storageClass: 'STANDARD' } });
    expect(r.related).toEqual({ iamPolicy: iamRecord.iam_policy });
    const resourceLine = records.findIndex((x) => 'resource' in x) + 1;
    expect(r.source).toEqual({ format: 'gcp-asset-export', file, line: resourceLine, observedAt: '2024-03-01T11:00:00Z' });
  });

  it.each([
    ['older first', ['2024-03-01T12:00:00Z', '2024-03-01T12:00:00.500Z']],
    ['newer first', ['2024-03-01T12:00:00.500Z', '2024-03-01T12:00:00Z']],
  ])('two RESOURCE records of one asset (%s): the later update time wins, fractional seconds or not', async (label, times) => {
    const records = [resourceRecord(times[0]!, times[0]!.includes('.5') ? 'ARCHIVE' : 'STANDARD'), resourceRecord(times[1]!, times[1]!.includes('.5') ? 'ARCHIVE' : 'STANDARD')];
    const file = await scratch.write(`supersede-${label.replace(/\W+/g, '-')}.ndjson`, records.map((r) => JSON.stringify(r)).join('\n'));
    const inventory = await importInputs([file]);
    expect(inventory.superseded).toBe(1);
    expect(inventory.resources[0]!.config.storageClass).toBe('ARCHIVE');
    expect(inventory.resources[0]!.source.observedAt).toBe('2024-03-01T12:00:00.500Z');
  });

  it('a newer RESOURCE record keeps the IAM policy merged before it', async () => {
    const file = await scratch.write('supersede-keeps-iam.ndjson', [resourceRecord('2024-03-01T10:00:00Z', 'STANDARD'), iamRecord, resourceRecord('2024-03-02T10:00:00Z', 'NEARLINE')].map((r) => JSON.stringify(r)).join('\n'));
    const inventory = await importInputs([file]);
    expect(inventory.superseded).toBe(1);
    expect(inventory.resources[0]!.config.storageClass).toBe('NEARLINE');
    expect(inventory.resources[0]!.related.iamPolicy).toEqual(iamRecord.iam_policy);
  });

  it('unknown asset types are kept, not dropped', async () => {
    const file = await scratch.write('unknown-type.json', [{ name: '//healthcare.googleapis.com/projects/p/locations/us/datasets/d/fhirStores/s', asset_type: 'healthcare.googleapis.com/FhirStore', resource: { data: { version: 'R4' } } }]);
    const inventory = await importInputs([file]);
    expect(inventory.resources).toHaveLength(1);
    expect(inventory.resources[0]).toMatchObject({ type: 'healthcare.googleapis.com/FhirStore', name: 's', account: 'p', config: { version: 'R4' } });
  });
});

describe('GCP project identity and Cloud SQL labels', () => {
  it('reports resources under the project id when the scan holds the Project asset, and reads Cloud SQL userLabels', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { importInputs } = await import('../../src/import/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'sg-gcp-proj-'));
    const lines = [
      { name: '//cloudresourcemanager.googleapis.com/projects/418273645091', asset_type: 'cloudresourcemanager.googleapis.com/Project', resource: { data: { projectNumber: '418273645091', projectId: 'lumen-prod', lifecycleState: 'ACTIVE' } } },
      { name: '//storage.googleapis.com/b1', asset_type: 'storage.googleapis.com/Bucket', ancestors: ['projects/418273645091', 'organizations/1'], resource: { data: { name: 'b1' } } },
      { name: '//cloudsql.googleapis.com/projects/lumen-prod/instances/db', asset_type: 'sqladmin.googleapis.com/Instance', resource: { data: { name: 'db', settings: { userLabels: { phi: 'true' } } } } },
    ];
    writeFileSync(join(dir, 'a.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { resources } = await importInputs([dir]);
    expect(new Set(resources.map((r) => r.account))).toEqual(new Set(['lumen-prod']));
    expect(resources.find((r) => r.type === 'sqladmin.googleapis.com/Instance')?.tags).toEqual({ phi: 'true' });
  });
});
