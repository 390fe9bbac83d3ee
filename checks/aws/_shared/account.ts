import type { CheckContext, Evidence, Verdict } from '../../../src/engine/check.js';
import { isRecord } from '../../../src/engine/read.js';
import { undecided } from '../../../src/engine/verdict.js';
import type { Resource } from '../../../src/inventory/resource.js';

/**
 * The account resource (`AWS::::Account`, id: the 12-digit account id) and the facts on it that
 * AWS Config does not record. The importer (src/import/aws-account.ts) and the live collector fill
 * the same `related` keys; a key is absent when nothing told the scan, and `collectionErrors`
 * (live) says why a call that should have told it failed.
 */
export const ACCOUNT_TYPE = 'AWS::::Account';

/** What to export so the scan knows each fact (the file the importer reads). */
export const EXPORT = {
  credentialReport: 'the IAM credential report (aws iam get-credential-report --query Content --output text | base64 -d > credential-report.csv)',
  passwordPolicy: 'the password policy (aws iam get-account-password-policy > aws-account-ACCOUNT/iam-password-policy.json)',
  accountSummary: 'the account summary (aws iam get-account-summary > aws-account-ACCOUNT/iam-account-summary.json)',
  s3PublicAccessBlock: 'the account-level S3 Block Public Access (aws s3control get-public-access-block --account-id ACCOUNT > aws-account-ACCOUNT/s3control-public-access-block.json)',
  configRecorders: 'the AWS Config recorder status and recorders (aws configservice describe-configuration-recorder-status --region REGION > aws-account-ACCOUNT/REGION/config-recorder-status.json, and describe-configuration-recorders > …/config-recorders.json)',
  trailStatus: 'the trail status (aws cloudtrail get-trail-status --name TRAIL > aws-account-ACCOUNT/cloudtrail-trail-status.TRAIL.json)',
} as const;

/** The account resource of a resource's account, when the scan has it. */
export function accountOf(resource: Resource, context: CheckContext): Resource | undefined {
  if (resource.type === ACCOUNT_TYPE) return resource;
  if (!resource.account) return undefined;
  const account = context.resourceById('aws', resource.account);
  if (account?.type === ACCOUNT_TYPE) return account;
  // Config's AWS::S3::AccountPublicAccessBlock item also has the account id as its id.
  return context.resourcesOfType('aws', ACCOUNT_TYPE).find((a) => a.id === resource.account);
}

/** The `error` verdict for an account fact the scan lacks: say what to export, or why the live read failed. */
export function missingFact(account: Resource | undefined, key: string, what: string, hint: string, region?: string): Verdict {
  const errors = account && Array.isArray(account.related.collectionErrors) ? account.related.collectionErrors.filter(isRecord) : [];
  const failed = errors.find((e) => e.key === key && (region === undefined || e.region === region || e.region === 'global'));
  const evidence: Evidence = { [key]: null, ...(account?.related.synthesized ? { accountResource: 'synthesized' } : {}) };
  const name = account ? account.id : 'its account';
  const fill = (s: string) => s.replaceAll('ACCOUNT', account?.id ?? 'ACCOUNT').replaceAll('REGION', region ?? 'REGION');
  if (failed) {
    return undecided(`The scan could not read ${what} of account ${name} (${String(failed.operation)}: ${String(failed.error)}), so this is unknown.`, { ...evidence, collectionError: failed });
  }
  return undecided(`The scan holds no ${what} for account ${name}${region ? ` in ${region}` : ''}; export ${fill(hint)} to grade it.`, evidence);
}

/** One region's AWS Config recorders and their status, as `related.configRecorders[region]` holds them. */
export interface RecorderFacts {
  recorders?: Record<string, unknown>[];
  status?: Record<string, unknown>[];
  recording?: boolean;
}

export function recorderFacts(account: Resource | undefined, region: string): RecorderFacts | undefined {
  const all = account?.related.configRecorders;
  const entry = isRecord(all) ? all[region] : undefined;
  if (!isRecord(entry)) return undefined;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isRecord) : undefined);
  const facts: RecorderFacts = {};
  const recorders = list(entry.recorders);
  const status = list(entry.status);
  if (recorders) facts.recorders = recorders;
  if (status) facts.status = status;
  if (typeof entry.recording === 'boolean') facts.recording = entry.recording;
  return facts;
}

/**
 * Whether AWS Config records `type` in `region` (a running recorder whose recording group covers
 * it), so that a resource of that type missing from the scan is missing from the account. `undefined`
 * when the scan does not know the recorders and their status in that region.
 */
export function configRecords(account: Resource | undefined, region: string, type: string): boolean | undefined {
  const facts = recorderFacts(account, region);
  if (!facts?.recorders || !facts.status) return undefined;
  const running = new Set(facts.status.filter((s) => s.recording === true).map((s) => s.name));
  return facts.recorders.some((r) => {
    if (!running.has(r.name)) return false;
    const group = r.recordingGroup;
    if (!isRecord(group)) return true;
    if (group.allSupported === true) return /^AWS::IAM::/.test(type) ? group.includeGlobalResourceTypes !== false : true;
    const strategy = isRecord(group.recordingStrategy) ? group.recordingStrategy.useOnly : undefined;
    const excluded = isRecord(group.exclusionByResourceTypes) && Array.isArray(group.exclusionByResourceTypes.resourceTypes) ? group.exclusionByResourceTypes.resourceTypes : [];
    if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return !excluded.includes(type);
    return Array.isArray(group.resourceTypes) && group.resourceTypes.includes(type);
  });
}

/**
 * The regions the scan covered for an account: where the inventory holds its resources
 * (`related.scannedRegions`, set by the importer) and where the account's regional facts were read
 * (Config recorders, EBS encryption by default: the live collector reads them in every region it scans).
 */
export function scannedRegions(account: Resource): string[] {
  const regions = new Set<string>();
  const listed = account.related.scannedRegions;
  if (Array.isArray(listed)) for (const r of listed) if (typeof r === 'string') regions.add(r);
  for (const key of ['configRecorders', 'ebsEncryptionByDefault']) {
    const map = account.related[key];
    if (isRecord(map)) for (const r of Object.keys(map)) regions.add(r);
  }
  regions.delete('global');
  return [...regions].sort();
}
