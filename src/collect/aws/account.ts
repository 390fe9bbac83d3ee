import type { DescribeTrailsCommandOutput, GetTrailStatusCommandOutput, Trail } from '@aws-sdk/client-cloudtrail';
import type { GetEbsEncryptionByDefaultCommandOutput } from '@aws-sdk/client-ec2';
import type { GenerateCredentialReportCommandOutput, GetAccountPasswordPolicyCommandOutput, GetAccountSummaryCommandOutput, GetCredentialReportCommandOutput } from '@aws-sdk/client-iam';
import { ACCOUNT_TYPE, assembleAwsAccounts, decodeAwsCliOutput } from '../../import/aws-account.js';
import { ACCOUNT_FACT_TYPE, decodeCredentialReportResponse, FACTS_ONLY } from '../../import/aws-credential-report.js';
import type { Resource } from '../../inventory/resource.js';
import type { RecorderState } from './config.js';
import { configShape, configurationItem, decodeLiveItem, plain, SERVICE_API_FORMAT } from './items.js';
import { errorCode, type AwsSession } from './session.js';

/**
 * Account-level facts that AWS Config does not record: the IAM credential report, the account
 * summary (root MFA), the password policy, EBS encryption by default per region, whether Config
 * itself records in each region, and each trail's logging status. The APIs answer with exactly
 * what the AWS CLI prints, so each answer goes through the offline importer's own decoder
 * (src/import/aws-account.ts, aws-credential-report.ts) with its account and region named beside
 * it, and the importer's assembly folds them into the `AWS::::Account` resource: one shape, live
 * or offline.
 */
export class AccountFacts {
  /** Intermediate records in the importer's format, assembled by `assembleAccount`. */
  readonly records: Resource[] = [];
  /** Calls that failed: the facts they would have given are absent, and the account says why. */
  readonly errors: { key: string; operation: string; region: string; error: string }[] = [];

  constructor(private readonly session: AwsSession) {}

  /**
   * A CLI-shaped document for the importer; `operation` is its `source.file`. An answer the
   * importer cannot read is a failed call (the fact stays absent), never an input error.
   */
  add(doc: Record<string, unknown>, operation: string): void {
    try {
      const decoded = decodeAwsCliOutput({ ...doc, accountId: this.session.account }, operation, (r) => this.records.push(r));
      if (!decoded) throw new Error('the answer is not in the shape the AWS CLI prints');
    } catch (err) {
      const region = typeof doc.region === 'string' ? doc.region : 'global';
      this.failed(operation, operation, region, err, ['AWS::::Account']);
    }
  }

  failed(key: string, operation: string, region: string, err: unknown, covers: string[]): void {
    const error = this.session.failed(operation, region, covers, err);
    this.errors.push({ key, operation, region, error });
  }
}

export async function readIdentityFacts(session: AwsSession, region: string, facts: AccountFacts): Promise<void> {
  const account = ['AWS::::Account'];
  // The coverage names the step that failed: generating the report or reading it.
  const step = { operation: 'iam:GenerateCredentialReport' };
  await Promise.all([
    credentialReport(session, region, facts, step).then(
      (users) => session.ok('iam:GetCredentialReport', 'global', ['AWS::IAM::User', ...account], users),
      (err) => facts.failed('credentialReportRoot', step.operation, 'global', err, ['AWS::IAM::User', ...account]),
    ),
    session.iam<GetAccountSummaryCommandOutput>(region, (m) => new m.GetAccountSummaryCommand({})).then(
      (out) => {
        facts.add({ SummaryMap: out.SummaryMap ?? {} }, 'iam:GetAccountSummary');
        session.ok('iam:GetAccountSummary', 'global', account, 1);
      },
      (err) => facts.failed('accountSummary', 'iam:GetAccountSummary', 'global', err, account),
    ),
    session.iam<GetAccountPasswordPolicyCommandOutput>(region, (m) => new m.GetAccountPasswordPolicyCommand({})).then(
      (out) => {
        facts.add({ PasswordPolicy: plain(out.PasswordPolicy ?? {}) }, 'iam:GetAccountPasswordPolicy');
        session.ok('iam:GetAccountPasswordPolicy', 'global', account, 1);
      },
      (err) => {
        // NoSuchEntity (404) is IAM's answer for an account without a password policy: a fact, not a gap.
        if (errorCode(err) === 'NoSuchEntityException' || errorCode(err) === 'NoSuchEntity') {
          facts.add({ PasswordPolicy: null }, 'iam:GetAccountPasswordPolicy');
          session.ok('iam:GetAccountPasswordPolicy', 'global', account, 0, 'no password policy is set (NoSuchEntity)');
          return;
        }
        facts.failed('passwordPolicy', 'iam:GetAccountPasswordPolicy', 'global', err, account);
      },
    ),
  ]);
}

/** GenerateCredentialReport, poll until COMPLETE, GetCredentialReport; the importer decodes it. Returns the rows read. */
async function credentialReport(session: AwsSession, region: string, facts: AccountFacts, step: { operation: string }): Promise<number> {
  const { attempts = 20, intervalMs = 2_000 } = session.options.credentialReportPoll ?? {};
  for (let i = 0; ; i++) {
    const state = await session.iam<GenerateCredentialReportCommandOutput>(region, (m) => new m.GenerateCredentialReportCommand({}));
    if (state.State === 'COMPLETE') break;
    if (i >= attempts - 1) throw new Error(`the credential report was still ${state.State ?? 'not ready'} after ${attempts} polls`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  step.operation = 'iam:GetCredentialReport';
  const out = await session.iam<GetCredentialReportCommandOutput>(region, (m) => new m.GetCredentialReportCommand({}));
  // The API sends base64, which the SDK decodes to bytes; the importer reads the CLI's base64 text.
  const doc = { Content: Buffer.from(out.Content ?? new Uint8Array()).toString('base64'), ...(out.GeneratedTime ? { GeneratedTime: out.GeneratedTime.toISOString() } : {}) };
  return decodeCredentialReportResponse(doc, 'iam:GetCredentialReport', (r) => facts.records.push(r)).records;
}

export async function readEbsDefault(session: AwsSession, region: string, facts: AccountFacts): Promise<void> {
  try {
    const out = await session.ec2<GetEbsEncryptionByDefaultCommandOutput>(region, (m) => new m.GetEbsEncryptionByDefaultCommand({}));
    facts.add({ EbsEncryptionByDefault: out.EbsEncryptionByDefault === true, region }, 'ec2:GetEbsEncryptionByDefault');
    session.ok('ec2:GetEbsEncryptionByDefault', region, ['AWS::::Account'], 1);
  } catch (err) {
    facts.failed('ebsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault', region, err, ['AWS::::Account']);
  }
}

/** Whether Config records in a region is itself a fact (audit logging): both CLI answers, per region. */
export function recordRecorders(facts: AccountFacts, state: RecorderState): void {
  facts.add({ ConfigurationRecordersStatus: plain(state.status), region: state.region }, 'config:DescribeConfigurationRecorderStatus');
  facts.add({ ConfigurationRecorders: plain(state.recorders), region: state.region }, 'config:DescribeConfigurationRecorders');
}

/**
 * CloudTrail trails homed in a region, with their logging status (GetTrailStatus: Config records a
 * trail's settings, not whether it logs). A trail Config did not return is added in Config's shape.
 */
export async function readTrails(session: AwsSession, region: string, resources: readonly Resource[], facts: AccountFacts): Promise<Resource[]> {
  let trails: Trail[];
  try {
    const out = await session.cloudtrail<DescribeTrailsCommandOutput>(region, (m) => new m.DescribeTrailsCommand({ includeShadowTrails: false }));
    trails = (out.trailList ?? []).filter((t) => !t.HomeRegion || t.HomeRegion === region);
    session.ok('cloudtrail:DescribeTrails', region, ['AWS::CloudTrail::Trail'], trails.length);
  } catch (err) {
    session.failed('cloudtrail:DescribeTrails', region, ['AWS::CloudTrail::Trail'], err);
    return [];
  }
  const added: Resource[] = [];
  const now = new Date();
  await Promise.all(trails.map(async (trail) => {
    const arn = trail.TrailARN ?? `arn:${session.partition}:cloudtrail:${region}:${session.account}:trail/${trail.Name}`;
    const known = resources.find((r) => r.type === 'AWS::CloudTrail::Trail' && r.id === arn && !r.deleted);
    if (!known) {
      const item = configurationItem({
        resourceType: 'AWS::CloudTrail::Trail',
        resourceId: trail.Name ?? arn,
        resourceName: trail.Name ?? arn,
        arn,
        account: session.account,
        region,
        capturedAt: now,
        configuration: configShape(trail, 'iso') as Record<string, unknown>,
        tags: {},
      });
      try {
        added.push(decodeLiveItem(item, 'cloudtrail:DescribeTrails', `${region} ${trail.Name}`, SERVICE_API_FORMAT));
      } catch (err) {
        session.failed('cloudtrail:DescribeTrails', region, ['AWS::CloudTrail::Trail'], err, `${trail.Name} could not be decoded`);
        return;
      }
    }
    try {
      const status = await session.cloudtrail<GetTrailStatusCommandOutput>(region, (m) => new m.GetTrailStatusCommand({ Name: arn }));
      // As `aws cloudtrail get-trail-status` prints it (IsLogging, LatestDeliveryTime, …), naming its trail.
      facts.add({ ...(plain(status) as Record<string, unknown>), trail: arn }, 'cloudtrail:GetTrailStatus');
      session.ok('cloudtrail:GetTrailStatus', region, ['AWS::CloudTrail::Trail'], 1);
    } catch (err) {
      session.failed('cloudtrail:GetTrailStatus', region, ['AWS::CloudTrail::Trail'], err, trail.Name);
    }
  }));
  return added;
}

/**
 * Fold the facts into the inventory as the importer does: credential-report rows into their
 * `AWS::IAM::User` (a user Config did not return stays, marked `configurationMissing`), the rest
 * into one `AWS::::Account` per account. Failed calls are listed on the caller's account.
 */
export function assembleAccount(session: AwsSession, facts: AccountFacts, inventory: Resource[]): void {
  const byId = new Map(inventory.map((r) => [r.id, r]));
  for (const r of facts.records) {
    if (!r.related[FACTS_ONLY]) {
      inventory.push(r);
      continue;
    }
    delete r.related[FACTS_ONLY];
    const existing = byId.get(r.id);
    if (existing && existing.type === r.type) Object.assign(existing.related, r.related);
    else inventory.push(r);
  }
  try {
    assembleAwsAccounts(inventory);
  } catch (err) {
    // A fact the importer's assembly cannot place (it names its file: here, the operation) is dropped and recorded.
    session.failed('assemble account facts', 'global', ['AWS::::Account'], err);
    for (let i = inventory.length - 1; i >= 0; i--) if (inventory[i]!.type === ACCOUNT_FACT_TYPE) inventory.splice(i, 1);
  }
  let account = inventory.find((r) => r.type === ACCOUNT_TYPE && r.id === session.account);
  if (!account) {
    account = { provider: 'aws', type: ACCOUNT_TYPE, id: session.account, name: session.account, account: session.account, region: 'global', tags: {}, config: { accountId: session.account }, related: {}, source: { format: SERVICE_API_FORMAT, file: 'sts:GetCallerIdentity' } };
    inventory.push(account);
  }
  account.source.observedAt ??= new Date().toISOString();
  if (facts.errors.length) account.related.collectionErrors = facts.errors;
}
