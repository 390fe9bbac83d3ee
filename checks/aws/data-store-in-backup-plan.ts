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
    const home = selectionsFor(context.resourcesOfType('aws', SELECTION), store);
    const selections = home.selections;
    const arns = candidateArns(store);
    // No ARN holds a line break (the usual case): a `prefix*` pattern is then a prefix test.
    const plain = !arns.some((arn) => LINE_BREAK.test(arn));
    const matchingSelections: SelectionRules['evidence'][] = [];
    for (const rules of home.rules) if (selects(rules, arns, plain, store.tags)) matchingSelections.push(rules.evidence);
    // The first selections that cover the store, and how many do: one store's evidence stays small
    // where one `*` selection after another covers everything.
    const evidence = { resourceArns: arns, matchingSelections: matchingSelections.length > MAX_LISTED ? matchingSelections.slice(0, MAX_LISTED) : matchingSelections, matchingSelectionCount: matchingSelections.length, selectionsInRegion: selections.length };
    if (matchingSelections.length) return pass(`Backup plan selection ${namesOf(home, matchingSelections)} covers the data store.`, evidence);
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

/** The live selections that may cover the stores of one account and region, with their rules. */
interface Home {
  selections: Resource[];
  /** `selections[i]`'s rules. */
  rules: SelectionRules[];
  /** The names of all the home's selections, joined when first every one of them matched a store (a catch-all plan). */
  allNames?: string;
}

const homes = new WeakMap<readonly Resource[], Map<string, Home>>();

/** The scan holds no selections (the context hands out a new empty list each time: nothing to cache). */
const NO_HOME: Home = { selections: [], rules: [] };

/**
 * The live selections of the scan that may cover a store in `store`'s account and region. They
 * depend only on the scan's selections and the store's account and region, so they are worked out
 * once per scan (keyed by the context's list) and home, not once per store.
 */
function selectionsFor(all: readonly Resource[], store: Resource): Home {
  if (all.length === 0) return NO_HOME;
  let byHome = homes.get(all);
  if (!byHome) homes.set(all, (byHome = new Map()));
  // sameHome reads account and region by truthiness, so '' and absent are the same home.
  const key = `${store.account || ''}\u0000${store.region || ''}`;
  let home = byHome.get(key);
  if (!home) {
    const selections = all.filter((s) => !s.deleted && !s.related.configurationMissing && sameHome(s, store));
    byHome.set(key, (home = { selections, rules: selections.map((s) => compile(s)) }));
  }
  return home;
}

function namesOf(home: Home, matches: SelectionRules['evidence'][]): string {
  const names = (list: SelectionRules['evidence'][]) => (list.length > MAX_LISTED ? `${list.slice(0, MAX_LISTED).map((m) => m.selection).join(', ')} and ${list.length - MAX_LISTED} more` : list.map((m) => m.selection).join(', '));
  // `matches` is the home's selections filtered, so the same length is the same list.
  if (matches.length !== home.selections.length) return names(matches);
  return (home.allNames ??= names(matches));
}

/** Selections a store's evidence and reason name; `matchingSelectionCount` says how many cover it. */
const MAX_LISTED = 10;

interface TagTest {
  /** The tag the condition key names (`tagName`). */
  tag: string | undefined;
  value: string;
}

/** A Resources or NotResources pattern, its shape worked out once. */
interface ArnPattern {
  text: string;
  /** No `*`: the pattern is the ARN. */
  exact: boolean;
  /** `prefix*`: the prefix; `undefined` for other shapes. */
  prefix: string | undefined;
}

function arnPattern(text: string): ArnPattern {
  const star = text.indexOf('*');
  if (star < 0) return { text, exact: true, prefix: undefined };
  return { text, exact: false, prefix: star === text.length - 1 ? text.slice(0, star) : undefined };
}

/** `wildcard(pattern.text, arn)`; `plain`: the ARN holds no line break. */
function matchesArn(pattern: ArnPattern, arn: string, plain: boolean): boolean {
  if (pattern.exact) return pattern.text === arn;
  if (pattern.prefix !== undefined) return arn.startsWith(pattern.prefix) && (plain || !LINE_BREAK.test(arn.slice(pattern.prefix.length)));
  return wildcard(pattern.text, arn);
}

/** A selection's rules, read from its configuration once (the store loop asks every selection of the region). */
interface SelectionRules {
  /** How the evidence names the selection (frozen: every store the selection covers cites it). */
  evidence: Readonly<{ selection: string; backupPlanId: string | null }>;
  patterns: ArnPattern[];
  excluded: ArnPattern[];
  listOfTags: { stringEquals: boolean; tag: string | undefined; value: string | undefined }[];
  /** `undefined` when Conditions is absent or not an object. */
  conditions: { stringEquals: TagTest[]; stringNotEquals: TagTest[]; stringLike: TagTest[]; stringNotLike: TagTest[] } | undefined;
}

function compile(selection: Resource): SelectionRules {
  const body = anyCase(selection.config, 'BackupSelection');
  const list = (key: string) => {
    const v = anyCase(body, key);
    return Array.isArray(v) ? v : [];
  };
  const conditions = anyCase(body, 'Conditions');
  const each = (key: string): TagTest[] => {
    const entries = isRecord(conditions) ? anyCase(conditions, key) : undefined;
    return (Array.isArray(entries) ? entries : []).map((c) => ({ tag: tagName(anyCaseString(c, 'ConditionKey')), value: anyCaseString(c, 'ConditionValue') ?? '' }));
  };
  return {
    evidence: Object.freeze({ selection: anyCaseString(selection.config, 'BackupSelection.SelectionName') ?? selection.name, backupPlanId: anyCaseString(selection.config, 'BackupPlanId') ?? null }),
    patterns: list('Resources').filter((p): p is string => typeof p === 'string').map(arnPattern),
    excluded: list('NotResources').filter((p): p is string => typeof p === 'string').map(arnPattern),
    listOfTags: list('ListOfTags').map((t) => ({ stringEquals: anyCaseString(t, 'ConditionType')?.toUpperCase() === 'STRINGEQUALS', tag: tagName(anyCaseString(t, 'ConditionKey')), value: anyCaseString(t, 'ConditionValue') })),
    conditions: isRecord(conditions) ? { stringEquals: each('StringEquals'), stringNotEquals: each('StringNotEquals'), stringLike: each('StringLike'), stringNotLike: each('StringNotLike') } : undefined,
  };
}

/**
 * AWS Backup's selection rules: a resource is assigned when an ARN pattern in Resources or a
 * STRINGEQUALS tag in ListOfTags names it, every Conditions entry holds for it, and no NotResources
 * pattern names it.
 */
function selects(selection: SelectionRules, arns: string[], plain: boolean, tags: Record<string, string>): boolean {
  // Plain loops: the store loop asks this of every selection of the region.
  let byTag = false;
  for (const t of selection.listOfTags) {
    if (t.stringEquals && tagValue(tags, t.tag) === t.value) {
      byTag = true;
      break;
    }
  }
  if (!byTag && !anyMatch(selection.patterns, arns, plain)) return false;
  if (anyMatch(selection.excluded, arns, plain)) return false;
  const conditions = selection.conditions;
  if (!conditions) return true;
  for (const c of conditions.stringEquals) if (tagValue(tags, c.tag) !== c.value) return false;
  for (const c of conditions.stringNotEquals) if (tagValue(tags, c.tag) === c.value) return false;
  for (const c of conditions.stringLike) {
    const a = tagValue(tags, c.tag);
    if (a === undefined || !wildcard(c.value, a)) return false;
  }
  for (const c of conditions.stringNotLike) {
    const a = tagValue(tags, c.tag);
    if (a !== undefined && wildcard(c.value, a)) return false;
  }
  return true;
}

/** Some pattern matches some ARN. */
function anyMatch(patterns: ArnPattern[], arns: string[], plain: boolean): boolean {
  for (const p of patterns) for (const arn of arns) if (matchesArn(p, arn, plain)) return true;
  return false;
}

/** A tag condition key is `aws:ResourceTag/<key>` (ListOfTags also accepts the bare key); no key names no tag. */
function tagName(key: string | undefined): string | undefined {
  if (!key) return undefined;
  return key.startsWith('aws:ResourceTag/') ? key.slice('aws:ResourceTag/'.length) : key;
}

function tagValue(tags: Record<string, string>, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return Object.hasOwn(tags, name) ? tags[name] : undefined;
}

/** `*` matches any run of characters but line breaks (the regex `.*` it compiles to); every other character is literal. */
function wildcard(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  // `prefix*`, the common shape (and `*` alone): a prefix test, no regex.
  if (star === pattern.length - 1) return value.startsWith(pattern.slice(0, star)) && !LINE_BREAK.test(value.slice(star));
  let re = patterns.get(pattern);
  if (!re) {
    if (patterns.size >= 1000) patterns.clear();
    patterns.set(pattern, (re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)));
  }
  return re.test(value);
}

/** What the regex `.` does not match. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const patterns = new Map<string, RegExp>();
