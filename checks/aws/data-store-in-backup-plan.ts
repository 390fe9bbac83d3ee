import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import type { Resource } from '../../src/inventory/resource.js';
import { accountOf, configRecords, EXPORT } from './_shared/account.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { clusterOf } from './_shared/rds.js';

const SELECTION = 'AWS::Backup::BackupSelection';

export default defineCheck({
  id: 'aws-data-store-in-backup-plan',
  title: 'Data store is covered by an AWS Backup plan',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::EFS::FileSystem', 'AWS::EC2::Volume'],
  category: 'backup',
  severity: 'medium',
  rationale:
    'An AWS Backup plan keeps scheduled copies of the data store in a vault, with their own retention and access policy, apart from the store itself: the retrievable exact copy a data backup plan calls for.',
  remediation: {
    text: 'Assign the data store to a backup plan, by ARN or (better) by a tag such as backup=daily that every ePHI store carries.',
    cli: 'aws backup create-backup-selection --backup-plan-id PLAN_ID --backup-selection \'{"SelectionName":"ephi","IamRoleArn":"arn:aws:iam::ACCOUNT:role/service-role/AWSBackupDefaultServiceRole","Resources":["*"],"Conditions":{"StringEquals":[{"ConditionKey":"aws:ResourceTag/backup","ConditionValue":"daily"}]}}\'',
    terraform: 'resource "aws_backup_selection" "ephi" {\n  name         = "ephi"\n  plan_id      = aws_backup_plan.daily.id\n  iam_role_arn = aws_iam_role.backup.arn\n  resources    = ["*"]\n  condition {\n    string_equals {\n      key   = "aws:ResourceTag/backup"\n      value = "daily"\n    }\n  }\n}',
  },
  evaluate(store, context) {
    const missing = configurationMissing(store, 'data store', 'whether a backup plan covers it');
    if (missing) return missing;
    const cluster = clusterOf(store);
    if (cluster) return notApplicable(`The instance belongs to Aurora cluster ${cluster}; AWS Backup protects the cluster, which is graded.`, { dBClusterIdentifier: cluster });
    // EFS with its backup policy on is in AWS Backup's default plan for the file system.
    if (store.type === 'AWS::EFS::FileSystem' && anyCaseString(store.config, 'BackupPolicy.Status') === 'ENABLED') {
      return pass('Automatic backups are on for the file system (AWS Backup\'s default EFS plan).', { BackupPolicy: { Status: 'ENABLED' } });
    }
    const selections = context.resourcesOfType('aws', SELECTION).filter((s) => !s.deleted && !s.related.configurationMissing && sameHome(s, store));
    const arns = candidateArns(store);
    const matches = selections.filter((s) => selects(s, arns, store.tags));
    const evidence = {
      resourceArns: arns,
      matchingSelections: matches.map((s) => ({ selection: anyCaseString(s.config, 'BackupSelection.SelectionName') ?? s.name, backupPlanId: anyCaseString(s.config, 'BackupPlanId') ?? null })),
      selectionsInRegion: selections.length,
    };
    if (matches.length) return pass(`Backup plan selection ${evidence.matchingSelections.map((m) => m.selection).join(', ')} covers the data store.`, evidence);
    if (selections.length) return fail(`None of the ${selections.length} AWS Backup selections in ${store.region} covers the data store.`, evidence);
    const recorded = configRecords(accountOf(store, context), store.region ?? '', SELECTION);
    if (recorded === true) return fail(`No AWS Backup plan covers the data store: AWS Config records backup selections in ${store.region} and recorded none.`, evidence);
    return undecided(
      `The scan holds no AWS Backup selections for ${store.region ?? 'this region'}; AWS Config records them as AWS::Backup::BackupSelection only where its recorder includes that type. Export them, or ${EXPORT.configRecorders}, to grade this.`,
      evidence,
    );
  },
});

function sameHome(selection: Resource, store: Resource): boolean {
  return (!selection.account || !store.account || selection.account === store.account) && (!selection.region || !store.region || selection.region === store.region);
}

/** The ARNs a selection may name the store by: its own, and for a volume, the instances it is attached to (EC2 backups include their volumes). */
function candidateArns(store: Resource): string[] {
  const arns = [store.id];
  if (store.type === 'AWS::EC2::Volume') {
    const partition = /^arn:(aws[a-z-]*):/.exec(store.id)?.[1] ?? 'aws';
    const attachments = anyCase(store.config, 'attachments');
    for (const a of Array.isArray(attachments) ? attachments : []) {
      const instance = anyCaseString(a, 'instanceId');
      if (instance && store.region && store.account) arns.push(`arn:${partition}:ec2:${store.region}:${store.account}:instance/${instance}`);
    }
  }
  return arns;
}

/**
 * AWS Backup's selection rules: a resource is assigned when an ARN pattern in Resources or a
 * STRINGEQUALS tag in ListOfTags names it, every Conditions entry holds for it, and no NotResources
 * pattern names it.
 */
function selects(selection: Resource, arns: string[], tags: Record<string, string>): boolean {
  const body = anyCase(selection.config, 'BackupSelection');
  const list = (key: string) => {
    const v = anyCase(body, key);
    return Array.isArray(v) ? v : [];
  };
  const patterns = list('Resources').filter((p): p is string => typeof p === 'string');
  const excluded = list('NotResources').filter((p): p is string => typeof p === 'string');
  const byArn = patterns.some((p) => arns.some((arn) => wildcard(p, arn)));
  const byTag = list('ListOfTags').some((t) => anyCaseString(t, 'ConditionType')?.toUpperCase() === 'STRINGEQUALS' && tagValue(tags, anyCaseString(t, 'ConditionKey')) === anyCaseString(t, 'ConditionValue'));
  if (!byArn && !byTag) return false;
  if (excluded.some((p) => arns.some((arn) => wildcard(p, arn)))) return false;
  const conditions = anyCase(body, 'Conditions');
  if (!isRecord(conditions)) return true;
  const each = (key: string, test: (actual: string | undefined, wanted: string) => boolean) => {
    const entries = anyCase(conditions, key);
    return (Array.isArray(entries) ? entries : []).every((c) => test(tagValue(tags, anyCaseString(c, 'ConditionKey')), anyCaseString(c, 'ConditionValue') ?? ''));
  };
  return (
    each('StringEquals', (a, w) => a === w) &&
    each('StringNotEquals', (a, w) => a !== w) &&
    each('StringLike', (a, w) => a !== undefined && wildcard(w, a)) &&
    each('StringNotLike', (a, w) => a === undefined || !wildcard(w, a))
  );
}

/** A tag condition key is `aws:ResourceTag/<key>` (ListOfTags also accepts the bare key). */
function tagValue(tags: Record<string, string>, key: string | undefined): string | undefined {
  if (!key) return undefined;
  const name = key.startsWith('aws:ResourceTag/') ? key.slice('aws:ResourceTag/'.length) : key;
  return Object.hasOwn(tags, name) ? tags[name] : undefined;
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
