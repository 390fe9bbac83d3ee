import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import backupPlan from '../../checks/aws/data-store-in-backup-plan.js';
import { kmsKeyFacts } from '../../checks/aws/_shared/kms-key.js';
import { diagnosticSettingsOf } from '../../checks/azure/_shared/diagnostic-settings.js';
import flowLogs from '../../checks/aws/vpc-flow-logs.js';
import { ScanContext } from '../../src/engine/context.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { fingerprintOf } from '../../src/engine/finding.js';
import { DEFAULT_EPHI_SCOPE, ephiTest, holdsEphi, type EphiScope } from '../../src/engine/scope.js';
import type { Mappings } from '../../src/mappings/index.js';
import { configItem, dynamoDbTable, kmsAliasItem, kmsKeyItem } from '../checks/aws/items.js';
import { diagnosticSetting } from '../checks/azure/rows.js';
import { fromArgRow, fromConfigItem } from '../support/resources.js';

// The engine caches lookups per scan (ScanContext), per scope (ephiTest) and per context list
// (check indexes). These pin that the cached answers are the uncached ones, and that one scan's
// caches never leak into the next.

const mappings: Mappings = { safeguards: [], checkSafeguards: new Map() };

describe('fingerprintOf', () => {
  it('is the first 32 hex digits of SHA-256 over check, provider and id (the public contract)', () => {
    const cases: [string, 'aws' | 'azure' | 'gcp', string, string][] = [
      ['aws-s3-bucket-encrypted', 'aws', 'arn:aws:s3:::patients', 'arn:aws:s3:::patients'],
      ['azure-storage-account-https', 'azure', '/subscriptions/A/resourceGroups/RG/x', '/subscriptions/a/resourcegroups/rg/x'],
      ['gcp-sql-instance-ssl', 'gcp', '//sqladmin.googleapis.com/projects/p/instances/Db', '//sqladmin.googleapis.com/projects/p/instances/Db'],
      ['aws-eligible-service', 'aws', 'ünïcødé-id', 'ünïcødé-id'],
    ];
    for (const [check, provider, id, hashed] of cases) {
      const expected = createHash('sha256').update(`${check}\u0000${provider}\u0000${hashed}`).digest('hex').slice(0, 32);
      expect(fingerprintOf(check, { provider, id })).toBe(expected);
    }
  });
});

describe('ephiTest', () => {
  const scopes: EphiScope[] = [DEFAULT_EPHI_SCOPE, { keys: ['Data_Class'], values: ['Secret '] }];
  const tagSets: Record<string, string>[] = [
    {},
    { phi: 'true' },
    { PHI: ' Yes ' },
    { phi: 'false' },
    { data_classification: 'restricted_phi' },
    { env: 'prod', 'data-class': 'secret' },
    { 'data-class': 'public', other: 'secret' },
    { phi: 'true', 'data-class': 'secret' },
  ];
  // The rule as written in scope.ts before the per-scan memo.
  const reference = (tags: Record<string, string>, scope: EphiScope) => {
    const norm = (s: string) => s.trim().toLowerCase().replace(/_/g, '-');
    const keys = new Set(scope.keys.map(norm));
    const values = new Set(scope.values.map(norm));
    return Object.entries(tags).some(([k, v]) => keys.has(norm(k)) && values.has(norm(v)));
  };

  it('answers as holdsEphi does, asked again and again', () => {
    for (const scope of scopes) {
      const test = ephiTest(scope);
      for (let round = 0; round < 2; round++) {
        for (const tags of tagSets) {
          expect(test({ tags })).toBe(reference(tags, scope));
          expect(holdsEphi({ tags }, scope)).toBe(reference(tags, scope));
        }
      }
    }
  });

  it('is a fresh memo per scope: a new scope is not answered from an old one', () => {
    const scope: EphiScope = { keys: ['phi'], values: ['true'] };
    expect(ephiTest(scope)({ tags: { phi: 'yes' } })).toBe(false);
    expect(ephiTest({ keys: ['phi'], values: ['yes'] })({ tags: { phi: 'yes' } })).toBe(true);
  });
});

describe('ScanContext lookups', () => {
  const row = (id: string, type: string) => fromArgRow({ id, name: id.split('/').pop(), type, location: 'eastus', subscriptionId: '3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73', resourceGroup: 'rg', tags: {}, properties: {} });

  it('finds Azure ids and types whatever their casing, AWS ones only as written', () => {
    const vault = row('/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/Kv1', 'Microsoft.KeyVault/vaults');
    const table = fromConfigItem(dynamoDbTable({}));
    const context = new ScanContext([vault, table]);
    expect(context.resourceById('azure', vault.id.toUpperCase())).toBe(vault);
    expect(context.resourcesOfType('azure', 'microsoft.keyvault/VAULTS')).toEqual([vault]);
    expect(context.resourceById('aws', table.id)).toBe(table);
    expect(context.resourceById('aws', table.id.toUpperCase())).toBeUndefined();
    expect(context.resourcesOfType('aws', 'AWS::DynamoDB::Table'.toLowerCase())).toEqual([]);
    expect(context.resourceById('gcp', table.id)).toBeUndefined();
  });

  it('counts unassessed resources under the type as each resource spells it', () => {
    const a = row('/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73/resourceGroups/rg/providers/Microsoft.Foo/bars/a', 'Microsoft.Foo/bars');
    const b = row('/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73/resourceGroups/rg/providers/Microsoft.Foo/bars/b', 'microsoft.foo/BARS');
    const result = evaluate([a, b, a], [], mappings);
    expect(result.unassessed).toEqual({ total: 3, byType: { [`azure:${a.type}`]: 2, [`azure:${b.type}`]: 1 } });
  });
});

describe('per-scan check indexes', () => {
  // AWS::Backup::BackupSelection as Config records it (CloudFormation shape).
  const selection = (body: Record<string, unknown>, name: string) =>
    fromConfigItem(
      configItem({
        resourceType: 'AWS::Backup::BackupSelection',
        resourceId: `plan_${name}`,
        resourceName: name,
        arn: `arn:aws:backup:us-east-1:123456789012:backup-plan:plan/selection/${name}`,
        availabilityZone: 'Not Applicable',
        configuration: { BackupPlanId: 'plan', SelectionId: name, BackupSelection: { SelectionName: name, IamRoleArn: 'arn:aws:iam::123456789012:role/backup', ...body } },
      }),
    );

  it('grades the same store afresh in each scan, and each store of a scan by its own tags and ARN', () => {
    const tagged = fromConfigItem({ ...dynamoDbTable({}), tags: { backup: 'daily' } });
    const untagged = fromConfigItem(dynamoDbTable({}));
    const byTag = selection({ Resources: ['*'], Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' }] } }, 'by-tag');
    const byArn = selection({ Resources: [`${untagged.id.slice(0, -3)}*`], NotResources: ['arn:aws:dynamodb:*:*:table/other'] }, 'by-arn');

    const first = new ScanContext([tagged, untagged, byTag]);
    expect(backupPlan.evaluate(tagged, first)).toMatchObject({ status: 'pass', evidence: { matchingSelections: [{ selection: 'by-tag' }] } });
    expect(backupPlan.evaluate(untagged, first)).toMatchObject({ status: 'fail', evidence: { selectionsInRegion: 1 } });

    const second = new ScanContext([tagged, untagged, byArn]);
    expect(backupPlan.evaluate(untagged, second)).toMatchObject({ status: 'pass', evidence: { matchingSelections: [{ selection: 'by-arn' }] } });
    expect(backupPlan.evaluate(tagged, second)).toMatchObject({ status: 'pass', evidence: { matchingSelections: [{ selection: 'by-arn' }] } });

    const both = new ScanContext([tagged, untagged, byTag, byArn]);
    expect(backupPlan.evaluate(tagged, both).reason).toContain('by-tag, by-arn');
    expect(backupPlan.evaluate(untagged, both).reason).toContain('selection by-arn covers');
  });

  it('finds a VPC’s flow logs in the scan that holds them, not in an earlier one', () => {
    const vpcId = 'vpc-0a1b2c3d4e5f60718';
    const vpc = fromConfigItem(configItem({ resourceType: 'AWS::EC2::VPC', resourceId: vpcId, arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${vpcId}`, configuration: { vpcId, cidrBlock: '10.0.0.0/16' } }));
    const log = fromConfigItem(
      configItem({
        resourceType: 'AWS::EC2::FlowLog',
        resourceId: 'fl-0a1b2c3d4e5f60718',
        arn: 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-0a1b2c3d4e5f60718',
        configuration: { flowLogId: 'fl-0a1b2c3d4e5f60718', flowLogStatus: 'ACTIVE', resourceId: vpcId, trafficType: 'ALL', logDestinationType: 's3' },
      }),
    );
    expect(flowLogs.evaluate(vpc, new ScanContext([vpc, log]))).toMatchObject({ status: 'pass', evidence: { flowLogs: [{ flowLogId: 'fl-0a1b2c3d4e5f60718' }] } });
    expect(flowLogs.evaluate(vpc, new ScanContext([vpc]))).toMatchObject({ evidence: { flowLogs: [] } });
  });

  it('finds a scope’s diagnostic settings as a case-insensitive id prefix, in scan order, per scan', () => {
    const vault = '/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/kv1';
    const settings = [
      fromArgRow(diagnosticSetting(vault, 'b-audit', {})),
      fromArgRow(diagnosticSetting(vault.toUpperCase(), 'a-archive', {})),
      fromArgRow(diagnosticSetting(`${vault}2`, 'other-vault', {})),
      fromArgRow(diagnosticSetting('/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73', 'activity', {})),
    ];
    const context = new ScanContext(settings);
    expect(diagnosticSettingsOf(context, `${vault}/`).map((r) => r.name)).toEqual(['b-audit', 'a-archive']);
    expect(diagnosticSettingsOf(context, '/subscriptions/3f8a2c61-5d4e-4b7a-9c1f-2e6d8b0a4c73').map((r) => r.name)).toEqual(['activity']);
    expect(diagnosticSettingsOf(new ScanContext(settings.slice(2)), vault)).toEqual([]);
  });

  it('finds KMS keys by key id and alias in each scan, the first live one of the home', () => {
    const table = fromConfigItem(dynamoDbTable({}));
    const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
    const customer = fromConfigItem(kmsKeyItem(keyId, 'CUSTOMER'));
    const elsewhere = fromConfigItem(kmsKeyItem(keyId, 'AWS', 'Enabled', 'eu-west-1'));
    const gone = { ...fromConfigItem(kmsKeyItem(keyId, 'AWS')), deleted: true };
    const alias = fromConfigItem(kmsAliasItem('alias/ephi', keyId));

    const scan = new ScanContext([table, gone, elsewhere, customer, alias]);
    expect(kmsKeyFacts(keyId, table, scan)).toMatchObject({ keyManager: 'CUSTOMER', keyArn: customer.id });
    expect(kmsKeyFacts('alias/ephi', table, scan)).toMatchObject({ keyManager: 'CUSTOMER', keyArn: customer.id });
    expect(kmsKeyFacts(`arn:aws:kms:eu-west-1:123456789012:key/${keyId}`, table, scan)).toMatchObject({ keyManager: 'AWS', keyArn: elsewhere.id });

    const without = new ScanContext([table, gone]);
    expect(kmsKeyFacts(keyId, table, without)).toMatchObject({ keyArn: null });
    expect(kmsKeyFacts('alias/ephi', table, without)).toMatchObject({ keyArn: null, keyManager: 'CUSTOMER' });
  });
});
