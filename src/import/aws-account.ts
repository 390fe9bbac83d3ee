import { basename, dirname, sep } from 'node:path';
import { z } from 'zod';
import type { Provenance, Resource } from '../inventory/resource.js';
import {
  ACCOUNT_FACT_TYPE,
  CREDENTIAL_REPORT_FORMAT,
  CREDENTIAL_REPORT_RESPONSE_FORMAT,
  decodeCredentialReportResponse,
  isCredentialReportResponse,
} from './aws-credential-report.js';
import { InputError, type Place } from './input-error.js';
import { assertSafeDocument } from './json.js';
import { parseRecord } from './schema.js';

/**
 * Account-level facts that AWS Config does not record, read offline from the AWS CLI's own JSON
 * output, and the `AWS::::Account` resource they live on (the type AWS Config uses for account-level
 * evaluations; id: the 12-digit account id). One account resource is made for every AWS account the
 * inventory mentions; `related.synthesized: true` marks one that nothing but other resources told
 * us about, and `related.scannedRegions` lists the regions the inventory holds its resources in.
 * The live collector (src/collect/aws/account.ts) fills the same `related` keys:
 *
 * | CLI output (recognised by its top-level key)                 | `related` key                         |
 * |--------------------------------------------------------------|---------------------------------------|
 * | IAM credential report, `<root_account>` row                  | `credentialReportRoot` (+ `credentialReportGeneratedAt`) |
 * | `aws iam get-account-password-policy` `{PasswordPolicy}`     | `passwordPolicy` (`null`: no policy)  |
 * | `aws iam get-account-summary` `{SummaryMap}`                 | `accountSummary`                      |
 * | `aws ec2 get-ebs-encryption-by-default` `{EbsEncryptionByDefault}` | `ebsEncryptionByDefault[region]` |
 * | `aws s3control get-public-access-block` `{PublicAccessBlockConfiguration}` | `s3PublicAccessBlock` (Config's camelCase) |
 * | `aws configservice describe-configuration-recorder-status` `{ConfigurationRecordersStatus}` | `configRecorders[region].status`, `.recording` |
 * | `aws configservice describe-configuration-recorders` `{ConfigurationRecorders}` | `configRecorders[region].recorders` |
 * | `aws cloudtrail get-trail-status` `{IsLogging, …}`           | the trail's `related.trailStatus`     |
 *
 * None of these outputs names its account, region or trail. They are taken from, in order: keys
 * added beside the output (`accountId`, `region`, `trail`); the file's path (a folder or file name
 * holding `account-<12-digit id>`, a region name such as `us-east-1`, or the trail's name, e.g.
 * `aws-account-123456789012/us-east-1/config-recorder-status.json`); and the rest of the scan when
 * it has exactly one candidate. Otherwise the import stops with a one-line error saying how to name it.
 * `{"PasswordPolicy": null}` records an account without a password policy (the CLI then prints
 * NoSuchEntity and nothing on stdout).
 */
export const ACCOUNT_TYPE = 'AWS::::Account';

type FactKind = 'password-policy' | 'account-summary' | 'ebs-encryption-by-default' | 's3-public-access-block' | 'config-recorder-status' | 'config-recorders' | 'trail-status';

interface FactSpec {
  /** The top-level key of the CLI output. */
  key: string;
  format: string;
  /** The `related` key the fact fills (the trail's, for trail status). */
  fact: string;
  /** What the file is, for error messages. */
  what: string;
  regional: boolean;
  value: z.ZodType;
}

const bool = z.boolean().nullish();
const num = z.number().nullish();

const FACTS: Record<FactKind, FactSpec> = {
  'password-policy': {
    key: 'PasswordPolicy', format: 'aws-iam-password-policy', fact: 'passwordPolicy', what: 'IAM password policy', regional: false,
    value: z.looseObject({
      MinimumPasswordLength: num, RequireSymbols: bool, RequireNumbers: bool, RequireUppercaseCharacters: bool, RequireLowercaseCharacters: bool,
      AllowUsersToChangePassword: bool, ExpirePasswords: bool, MaxPasswordAge: num, PasswordReusePrevention: num, HardExpiry: bool,
    }).nullable(),
  },
  'account-summary': { key: 'SummaryMap', format: 'aws-iam-account-summary', fact: 'accountSummary', what: 'IAM account summary', regional: false, value: z.record(z.string(), z.number()) },
  'ebs-encryption-by-default': { key: 'EbsEncryptionByDefault', format: 'aws-ec2-ebs-encryption-by-default', fact: 'ebsEncryptionByDefault', what: 'EBS encryption-by-default setting', regional: true, value: z.boolean() },
  's3-public-access-block': {
    key: 'PublicAccessBlockConfiguration', format: 'aws-s3control-public-access-block', fact: 's3PublicAccessBlock', what: 'S3 account public access block', regional: false,
    value: z.looseObject({ BlockPublicAcls: bool, IgnorePublicAcls: bool, BlockPublicPolicy: bool, RestrictPublicBuckets: bool }),
  },
  'config-recorder-status': {
    key: 'ConfigurationRecordersStatus', format: 'aws-config-recorder-status', fact: 'configRecorders', what: 'AWS Config recorder status', regional: true,
    value: z.array(z.looseObject({ name: z.string().nullish(), recording: bool, lastStatus: z.string().nullish() })),
  },
  'config-recorders': {
    key: 'ConfigurationRecorders', format: 'aws-config-recorders', fact: 'configRecorders', what: 'AWS Config recorder list', regional: true,
    value: z.array(z.looseObject({ name: z.string().nullish(), recordingGroup: z.record(z.string(), z.unknown()).nullish() })),
  },
  'trail-status': { key: 'IsLogging', format: 'aws-cloudtrail-trail-status', fact: 'trailStatus', what: 'CloudTrail trail status', regional: false, value: z.boolean() },
};

/** Keys a user may add beside a CLI output to say what it describes. */
const WRAPPER = z.object({ accountId: z.string().regex(/^\d{12}$/, 'accountId must be 12 digits').optional(), region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'region must be a region name such as us-east-1').optional(), trail: z.string().min(1).optional() });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function factKind(doc: unknown): FactKind | undefined {
  if (!isObject(doc)) return undefined;
  if (typeof doc.IsLogging === 'boolean') return 'trail-status';
  // Other top-level keys may sit beside the fact (`SseType` beside `EbsEncryptionByDefault`).
  const found = (Object.keys(FACTS) as FactKind[]).filter((k) => k !== 'trail-status' && Object.hasOwn(doc, FACTS[k].key));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Decode an AWS CLI output this module knows (and the JSON `aws iam get-credential-report`
 * response); `undefined` when the document is none of them.
 */
export function decodeAwsCliOutput(doc: unknown, file: string, emit: (r: Resource) => void): { file: string; format: string; records: number } | undefined {
  if (isCredentialReportResponse(doc)) return decodeCredentialReportResponse(doc, file, emit);
  const kind = factKind(doc);
  if (!kind) return undefined;
  const spec = FACTS[kind];
  const where: Place = { file, at: spec.key };
  // The walk starts at the document's top, so its paths already begin with the fact's key.
  assertSafeDocument(doc, { file, at: '' });
  const d = doc as Record<string, unknown>;
  const wrapper = parseRecord(WRAPPER, Object.fromEntries(Object.entries(d).filter(([k]) => k in WRAPPER.shape)), { file, at: '' }, `${spec.what} wrapper`);
  let value: unknown = parseRecord(spec.value, kind === 'trail-status' ? d.IsLogging : d[spec.key], where, spec.what);
  if (kind === 'trail-status') value = Object.fromEntries(Object.entries(d).filter(([k]) => !(k in WRAPPER.shape)));
  const account = wrapper.accountId ?? accountFromPath(file);
  const region = wrapper.region ?? (spec.regional ? regionFromPath(file) : undefined);
  const related: Record<string, unknown> = { fact: spec.fact, kind };
  if (wrapper.trail) related.trail = wrapper.trail;
  emit({
    provider: 'aws',
    type: ACCOUNT_FACT_TYPE,
    id: `${file}#${kind}`,
    name: spec.fact,
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    tags: {},
    config: { value },
    related,
    source: { format: spec.format, file },
  });
  return { file, format: spec.format, records: 1 };
}

/**
 * The account id the path names, nearest first: a folder that is the id itself (`AWSLogs/<id>/`),
 * or a folder or file name holding `account-<id>` (`aws-account-<id>/`, `account_<id>.json`). A bare
 * 12-digit number elsewhere in a name (a timestamp, say) does not count.
 */
export function accountFromPath(file: string): string | undefined {
  for (const part of pathParts(file)) {
    if (/^\d{12}$/.test(part)) return part;
    const m = /account[-_ ]?(\d{12})(?!\d)/i.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

const REGION = /(?:^|[^a-z])((?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d+)(?!\d)/;

/** The nearest folder or file name (file name first) that holds a region name. */
export function regionFromPath(file: string): string | undefined {
  for (const part of pathParts(file)) {
    const m = REGION.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

function pathParts(file: string): string[] {
  const parts: string[] = [];
  let current = file;
  for (let i = 0; i < 8; i++) {
    const name = basename(current);
    if (!name || name === current) break;
    parts.push(name);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return parts.filter((p) => p !== '' && p !== sep);
}

interface Fact {
  record: Resource;
  kind: FactKind | 'credential-report-root';
}

/**
 * After import: fold the account facts into one `AWS::::Account` per AWS account, trail statuses
 * into their trails, and mark credential-report users Config did not record. Works in place; a
 * fact that cannot be placed is an `InputError` naming its file.
 */
export function assembleAwsAccounts(resources: Resource[]): void {
  const facts: Fact[] = [];
  for (let i = resources.length - 1; i >= 0; i--) {
    const r = resources[i]!;
    if (r.provider !== 'aws') continue;
    if (r.type === ACCOUNT_FACT_TYPE) {
      facts.unshift({ record: r, kind: r.related.fact === 'credentialReportRoot' ? 'credential-report-root' : (r.related.kind as FactKind) });
      resources.splice(i, 1);
    } else if (r.type === 'AWS::IAM::User' && (r.source.format === CREDENTIAL_REPORT_FORMAT || r.source.format === CREDENTIAL_REPORT_RESPONSE_FORMAT)) {
      // The report knows the user, AWS Config did not record it: no configuration to grade beyond the report.
      r.related.configurationMissing = true;
    }
  }

  const aws = resources.filter((r) => r.provider === 'aws');
  const accounts = new Map<string, Resource>();
  for (const r of aws) if (r.type === ACCOUNT_TYPE) accounts.set(r.id, r);
  const seen = new Set<string>();
  // A Terraform plan previews changes; it does not say the account-level facts should be graded.
  for (const r of aws) if (r.account && /^\d{12}$/.test(r.account) && !r.source.terraform) seen.add(r.account);
  for (const f of facts) if (f.record.account) seen.add(f.record.account);

  const accountFor = (id: string, source: Provenance): Resource => {
    let account = accounts.get(id);
    if (!account) {
      const { format, file } = source;
      account = { provider: 'aws', type: ACCOUNT_TYPE, id, name: id, account: id, region: 'global', tags: {}, config: { accountId: id }, related: {}, source: { format, file } };
      accounts.set(id, account);
      resources.push(account);
    }
    return account;
  };

  for (const f of facts) {
    const r = f.record;
    if (f.kind === 'trail-status') {
      attachTrailStatus(r, aws);
      continue;
    }
    const spec = f.kind === 'credential-report-root' ? undefined : FACTS[f.kind];
    const what = spec?.what ?? 'credential report';
    const id = r.account ?? onlyOne([...seen].sort(), r.source.file, (n, list) =>
      n === 0
        ? `no AWS account in the scan says which account this ${what} describes; put the file in a folder named aws-account-<12-digit account id>/ or add "accountId" to it`
        : `the scan has ${n} AWS accounts (${list}), so which one this ${what} describes is unclear; put the file in a folder named aws-account-<account id>/ or add "accountId" to it`,
    );
    const account = accountFor(id, r.source);
    const sources = (account.related.factSources ??= {}) as Record<string, Provenance>;
    if (f.kind === 'credential-report-root') {
      account.related.credentialReportRoot = r.config;
      for (const k of ['credentialReportGeneratedAt', 'credentialReportGeneratedAtInferred']) if (k in r.related) account.related[k] = r.related[k];
      sources.credentialReportRoot = r.source;
      continue;
    }
    const value = r.config.value;
    if (!spec!.regional) {
      account.related[spec!.fact] = f.kind === 's3-public-access-block' ? camelKeys(value as Record<string, unknown>) : value;
      sources[spec!.fact] = r.source;
      continue;
    }
    const regions = [...new Set(aws.filter((x) => x.account === id && x.region && x.region !== 'global' && x.type !== ACCOUNT_FACT_TYPE).map((x) => x.region!))].sort();
    const region = r.region ?? onlyOne(regions, r.source.file, (n, list) =>
      n === 0
        ? `no AWS resource of account ${id} in the scan says which region this ${what} describes; put the file in a folder named after the region (us-east-1/) or add "region" to it`
        : `account ${id} has resources in ${n} regions (${list}), so which one this ${what} describes is unclear; put the file in a folder named after the region (us-east-1/) or add "region" to it`,
    );
    sources[`${spec!.fact}/${region}`] = r.source;
    if (f.kind === 'ebs-encryption-by-default') {
      const map = (account.related.ebsEncryptionByDefault ??= {}) as Record<string, boolean>;
      map[region] = value as boolean;
      continue;
    }
    const recorders = (account.related.configRecorders ??= {}) as Record<string, Record<string, unknown>>;
    const entry = (recorders[region] ??= {});
    if (f.kind === 'config-recorder-status') {
      entry.status = value;
      entry.recording = (value as { recording?: boolean | null }[]).some((s) => s.recording === true);
    } else {
      entry.recorders = value;
    }
  }

  // Config records the account's S3 Block Public Access as its own type; the CLI file, when given, wins.
  for (const pab of aws.filter((r) => r.type === 'AWS::S3::AccountPublicAccessBlock' && !r.deleted && r.account)) {
    const account = accountFor(pab.account!, pab.source);
    if (account.related.s3PublicAccessBlock === undefined && !pab.related.configurationMissing) account.related.s3PublicAccessBlock = pab.config;
  }
  // Accounts known only because their resources name them: checks on them say what to export.
  for (const id of [...seen].sort()) {
    if (accounts.has(id)) continue;
    const account = accountFor(id, { format: 'synthesized', file: aws.find((r) => r.account === id)?.source.file ?? '' });
    account.related.synthesized = true;
  }
  // Where the inventory holds each account's resources: account-wide checks ("in every region") need it.
  for (const account of accounts.values()) {
    const regions = new Set(aws.filter((r) => r.account === account.id && r.region && r.region !== 'global' && r.type !== ACCOUNT_TYPE).map((r) => r.region!));
    account.related.scannedRegions = [...regions].sort();
  }
}

function attachTrailStatus(r: Resource, aws: Resource[]): void {
  const trails = aws.filter((t) => t.type === 'AWS::CloudTrail::Trail' && !t.deleted && (!r.account || t.account === r.account));
  const names = (t: Resource) => [t.name, String(t.config.name ?? ''), t.id].filter((n) => n !== '');
  const wanted = typeof r.related.trail === 'string' ? r.related.trail : undefined;
  let match = wanted ? trails.filter((t) => names(t).includes(wanted)) : [];
  if (!wanted) {
    // The longest name the path holds wins: trail-status.org-trail-2.json is org-trail-2, not org-trail.
    const parts = pathParts(r.source.file);
    const longest = (t: Resource) => Math.max(0, ...names(t).filter((n) => parts.some((p) => tokenIn(p, n))).map((n) => n.length));
    const best = Math.max(0, ...trails.map(longest));
    const named = best > 0 ? trails.filter((t) => longest(t) === best) : [];
    match = named.length ? named : trails.length === 1 ? trails : [];
  }
  if (match.length !== 1) {
    const detail = wanted
      ? `no CloudTrail trail named ${wanted} is in the scan`
      : trails.length === 0
        ? 'the scan holds no CloudTrail trail this status could belong to; import the AWS Config item of the trail too'
        : `the scan has ${trails.length} trails (${trails.map((t) => t.name).sort().join(', ')}), so which one this status describes is unclear; name the trail in the file name (trail-status.<trail name>.json) or add "trail" to it`;
    throw new InputError(r.source.file, undefined, detail);
  }
  const trail = match[0]!;
  trail.related.trailStatus = r.config.value;
  trail.related.trailStatusSource = r.source;
}

/** `name` appears in `part` delimited by the start, the end or a `.`, `_`, `-`, `+` or space. */
function tokenIn(part: string, name: string): boolean {
  const at = part.indexOf(name);
  if (at < 0) return false;
  const before = part[at - 1];
  const after = part[at + name.length];
  const edge = (c: string | undefined) => c === undefined || /[._\-+ ]/.test(c);
  return edge(before) && edge(after);
}

function onlyOne(candidates: string[], file: string, message: (n: number, list: string) => string): string {
  if (candidates.length === 1) return candidates[0]!;
  throw new InputError(file, undefined, message(candidates.length, candidates.join(', ')));
}

/** `BlockPublicAcls` → `blockPublicAcls`: the API's names as AWS Config records them. */
function camelKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}
