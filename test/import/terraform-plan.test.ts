import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import ebsEncrypted from '../../checks/aws/ebs-volume-encrypted.js';
import rdsEncrypted from '../../checks/aws/rds-instance-encrypted.js';
import s3Encrypted from '../../checks/aws/s3-bucket-encrypted.js';
import secureTransfer from '../../checks/azure/storage-account-secure-transfer.js';
import type { Check } from '../../src/engine/check.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { importInputs } from '../../src/import/index.js';
import { decodeAll, expectPrototypeClean, inputError, sample, sampleFiles, Scratch } from './support.js';
import { constant, imported, plan, refs, type PlanResource } from './terraform-plan-builder.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const NONE = { safeguards: [], checkSafeguards: new Map<string, string[]>() };

async function samplePlan(name: string) {
  const file = sample(`terraform-plans/${name}`);
  return decodeAll(await readFile(file, 'utf8'), file);
}

function statuses(resources: Parameters<typeof evaluate>[0], check: Check): Record<string, string> {
  return Object.fromEntries(evaluate(resources, [check], NONE).findings.map((f) => [f.resource.name, f.status]));
}

describe('real plans from ../shared/samples/terraform-plans', async () => {
  const files = await sampleFiles('terraform-plans');

  it('finds every sample', () => expect(files.length).toBeGreaterThanOrEqual(19));

  it.each(files)('%s imports without error', async (relative) => {
    const file = sample(relative);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { format_version: string; resource_changes: { mode: string }[] };
    const info = decodeAll(await readFile(file, 'utf8'), file);
    expect(info.format).toBe('terraform-plan');
    expect(info.records).toBe(doc.resource_changes.filter((r) => r.mode === 'managed').length);
    for (const r of info.resources) {
      expect(r.source.terraform?.address).toMatch(/^(module\.[^.]+\.)*[a-z0-9_]+\.[^.]+/);
      expect(r.name).toBe(r.source.terraform?.address);
    }
  });

  it('reads format versions 0.1, 0.2, 1.0 and 1.2', async () => {
    const versions = new Set<string>();
    for (const relative of files) versions.add((JSON.parse(await readFile(sample(relative), 'utf8')) as { format_version: string }).format_version);
    expect([...versions].sort()).toEqual(['0.1', '0.2', '1.0', '1.2']);
  });

  it('grades the EBS sample: encrypted passes, unencrypted fails, unset is undecided naming the address', async () => {
    const { resources } = await samplePlan('aws-ebs-volume-encrypted.tf0.13.tfplan.json');
    expect(statuses(resources, ebsEncrypted)).toEqual({ 'aws_ebs_volume.good': 'pass', 'aws_ebs_volume.bad': 'fail', 'aws_ebs_volume.missing': 'error' });
    const missing = evaluate(resources, [ebsEncrypted], NONE).findings.find((f) => f.resource.name === 'aws_ebs_volume.missing')!;
    expect(missing.reason).toContain('Terraform knows encrypted of aws_ebs_volume.missing only after apply');
  });

  it('fails the RDS samples: storage_encrypted false (TerraGoat) and null (RDS defaults to unencrypted)', async () => {
    const goat = await samplePlan('aws-terragoat-s3-rds-ebs-kms.tf0.12.tfplan.json');
    expect(statuses(goat.resources, rdsEncrypted)).toEqual({ 'aws_db_instance.default': 'fail' });
    const nulled = await samplePlan('aws-db-instance-storage-encrypted-null.tf0.12.tfplan.json');
    const [finding] = evaluate(nulled.resources, [rdsEncrypted], NONE).findings;
    expect(finding).toMatchObject({ status: 'fail', evidence: { storageEncrypted: false }, source: { terraform: { assumed: ['storageEncrypted: false, the RDS default when storage_encrypted is not set'] } } });
  });

  it('grades S3 as the estate will be after apply: new buckets get SSE-S3; an existing bucket without it fails', async () => {
    const inline = await samplePlan('aws-s3-bucket-sse-inline.tf0.13.tfplan.json');
    expect(statuses(inline.resources, s3Encrypted)).toEqual({ 'aws_s3_bucket.aes_encrypted': 'pass', 'aws_s3_bucket.kms_encrypted': 'pass', 'aws_s3_bucket.unencrypted': 'pass' });
    const applied = await samplePlan('aws-cloudtrail-s3-logging-with-prior-state.tf1.1.tfplan.json');
    expect(statuses(applied.resources, s3Encrypted)).toEqual({ 'aws_s3_bucket.cloudtrail': 'fail', 'aws_s3_bucket.logging': 'fail' });
    const bucket = applied.resources.find((r) => r.name === 'aws_s3_bucket.cloudtrail')!;
    expect(bucket).toMatchObject({ id: 'arn:aws:s3:::terraform-20220923125358263500000001', account: '622401240280', region: 'us-east-2' });
    expect(bucket.related.supplementaryConfiguration).toMatchObject({ BucketLoggingConfiguration: { destinationBucketName: 'terraform-20220923125358270800000002', logFilePrefix: 'log/' } });
  });

  it('grades the Azure secure-transfer sample account by account', async () => {
    const { resources } = await samplePlan('azurerm-storage-account-secure-transfer.tf0.13.tfplan.json');
    expect(statuses(resources, secureTransfer)).toEqual({
      'azurerm_storage_account.invalidstorageaccount1': 'fail',
      'azurerm_storage_account.invalidstorageaccount2': 'fail',
      'azurerm_storage_account.validstorageaccount1': 'pass',
    });
  });

  it('finds the bucket inside module.s3_bucket (format 1.2) and takes its region from the resource', async () => {
    const { resources } = await samplePlan('aws-s3-bucket-in-module.tf1.14.tfplan.json');
    expect(resources.map((r) => [r.name, r.region, r.source.terraform?.module])).toEqual([['module.s3_bucket.aws_s3_bucket.main', 'eu-west-1', 'module.s3_bucket']]);
  });

  it('reports what the plan held in the file summary', async () => {
    const file = sample('terraform-plans/aws-s3-bucket-sse-separate-resource.tf1.0.tfplan.json');
    const [imported] = (await importInputs([file])).files;
    expect(imported).toMatchObject({ format: 'terraform-plan', records: 3, terraform: { formatVersion: '0.2', terraformVersion: '1.0.3', actions: { create: 3 }, translated: 1, merged: 1, untranslated: { aws_security_group: 1 } } });
  });
});

describe('format versions and bad input', () => {
  const one: PlanResource = { address: 'aws_ebs_volume.v', values: { encrypted: true, availability_zone: 'us-east-1a' }, unknown: { id: true } };

  it('reads a later 1.x minor version (Terraform only adds fields within a major)', () => {
    expect(imported(plan([one], { formatVersion: '1.9' }))).toHaveLength(1);
  });

  it.each(['2.0', '0.3', '1'])('refuses format version %s in one line naming the file and the version', async (version) => {
    const file = await scratch.write(`plan-${version}.json`, plan([one], { formatVersion: version }));
    const err = await inputError(importInputs([file]), file, 'format_version');
    expect(err.message).toContain(`Terraform JSON format version ${version} is not supported`);
  });

  it('refuses a plan Terraform could not finish (errored: true)', async () => {
    const file = await scratch.write('errored.json', { ...plan([one]), errored: true });
    await inputError(importInputs([file]), file, 'errored');
  });

  it('refuses a malformed resource change with its place', async () => {
    const doc = plan([one]);
    (doc.resource_changes as { change: { actions: unknown } }[])[0]!.change.actions = 'create';
    const file = await scratch.write('malformed.json', doc);
    await inputError(importInputs([file]), file, 'resource_changes[0].change.actions');
  });

  it('refuses keys that would reach a prototype', async () => {
    const text = JSON.stringify(plan([{ ...one, values: { encrypted: true, tags: { __PROTO__: 'x' } } }])).replace('__PROTO__', '__proto__');
    const file = await scratch.write('hostile.json', text);
    await inputError(importInputs([file]), file, /tags\.__proto__/);
    expectPrototypeClean();
  });

  it('refuses Terraform JSON that is neither a plan nor a state (terraform version -json, say)', async () => {
    const file = await scratch.write('version.json', { format_version: '1.0', terraform_version: '1.9.8', platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false });
    const err = await inputError(importInputs([file]), file);
    expect(err.detail).toMatch(/neither a plan .* nor a state/);
  });

  it('reads a state file (terraform show -json without a plan) as resources that stay as they are', () => {
    const state = {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: { root_module: { resources: [{ address: 'aws_ebs_volume.v', mode: 'managed', type: 'aws_ebs_volume', name: 'v', provider_name: 'registry.terraform.io/hashicorp/aws', values: { id: 'vol-1', arn: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-1', encrypted: false, availability_zone: 'us-east-1a' } }] } },
    };
    const info = decodeAll(JSON.stringify(state), 'state.json');
    expect(info.format).toBe('terraform-state');
    expect(info.resources[0]).toMatchObject({ id: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-1', config: { encrypted: false }, source: { terraform: { action: 'no-op' } } });
  });
});

describe('actions', () => {
  const volume = (name: string, actions: string[]): PlanResource => ({ address: `aws_ebs_volume.${name}`, actions, values: { encrypted: true, availability_zone: 'us-east-1a', id: `vol-${name}` }, unknown: {} });

  it('grades create, update, no-op and replace; leaves delete, forget and data sources out, listed', async () => {
    const doc = plan([volume('created', ['create']), volume('updated', ['update']), volume('kept', ['no-op']), volume('replaced', ['create', 'delete']), volume('deleted', ['delete']), volume('forgotten', ['forget'])]);
    (doc.resource_changes as unknown[]).push({ address: 'data.aws_caller_identity.me', mode: 'data', type: 'aws_caller_identity', name: 'me', provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['read'], before: null, after: {}, after_unknown: { account_id: true } } });
    const file = await scratch.write('actions.json', doc);
    const inventory = await importInputs([file]);
    expect(inventory.resources.map((r) => [r.name, r.source.terraform?.action])).toEqual([
      ['aws_ebs_volume.created', 'create'],
      ['aws_ebs_volume.updated', 'update'],
      ['aws_ebs_volume.kept', 'no-op'],
      ['aws_ebs_volume.replaced', 'replace'],
    ]);
    expect(inventory.files[0]?.terraform).toMatchObject({ actions: { create: 1, update: 1, 'no-op': 1, replace: 1, delete: 1, forget: 1 }, notGraded: ['aws_ebs_volume.deleted', 'aws_ebs_volume.forgotten'] });
  });
});

describe('module addresses and links', () => {
  it('keeps instance keys of nested modules in the address, and the module instance apart', () => {
    const doc = plan([{ address: 'module.region["eu"].module.db[0].aws_db_instance.main', values: { storage_encrypted: true, engine: 'postgres' }, unknown: { arn: true } }]);
    const [db] = imported(doc);
    expect(db).toMatchObject({ id: 'module.region["eu"].module.db[0].aws_db_instance.main', name: 'module.region["eu"].module.db[0].aws_db_instance.main', source: { terraform: { module: 'module.region["eu"].module.db[0]' } } });
  });

  it('links counted instances to the bucket with the same index', () => {
    const buckets: PlanResource[] = [0, 1].map((i) => ({ address: `aws_s3_bucket.b[${i}]`, values: { bucket: `b-${i}` }, unknown: { arn: true, id: true, server_side_encryption_configuration: true } }));
    const rules: PlanResource[] = [
      { address: 'aws_s3_bucket_server_side_encryption_configuration.b[0]', values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] }, unknown: { bucket: true }, expressions: { bucket: refs('aws_s3_bucket.b', 'count.index') } },
      { address: 'aws_s3_bucket_server_side_encryption_configuration.b[1]', values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] }, unknown: { bucket: true } },
    ];
    const out = Object.fromEntries(evaluate(imported(plan([...buckets, ...rules])), [s3Encrypted], NONE).findings.map((f) => [f.resource.name, f.evidence.sseAlgorithm]));
    expect(out).toEqual({ 'aws_s3_bucket.b[0]': 'aws:kms', 'aws_s3_bucket.b[1]': 'AES256' });
  });

  it('follows a reference to a module output back to the resource inside the module', () => {
    const doc = plan(
      [
        { address: 'module.storage.aws_s3_bucket.this', values: { bucket: 'phi' }, unknown: { arn: true, id: true, server_side_encryption_configuration: true } },
        { address: 'aws_s3_bucket_server_side_encryption_configuration.phi', values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms:dsse' }] }] }, unknown: { bucket: true }, expressions: { bucket: refs('module.storage.bucket_id', 'module.storage') } },
      ],
      { moduleOutputs: { 'module.storage': { bucket_id: { expression: refs('aws_s3_bucket.this.id', 'aws_s3_bucket.this') } } } },
    );
    const [finding] = evaluate(imported(doc), [s3Encrypted], NONE).findings;
    expect(finding).toMatchObject({ status: 'pass', evidence: { sseAlgorithm: 'aws:kms:dsse' }, resource: { name: 'module.storage.aws_s3_bucket.this' } });
  });

  it('lists a companion whose bucket is not in the plan as unlinked, and grades nothing for it', async () => {
    const doc = plan([{ address: 'aws_s3_bucket_versioning.external', values: { bucket: 'managed-elsewhere', versioning_configuration: [{ status: 'Enabled' }] }, expressions: { bucket: constant('managed-elsewhere') } }]);
    const file = await scratch.write('unlinked.json', doc);
    const inventory = await importInputs([file]);
    expect(inventory.resources).toEqual([]);
    expect(inventory.files[0]?.terraform).toMatchObject({ unlinked: ['aws_s3_bucket_versioning.external'], merged: 0 });
  });
});
