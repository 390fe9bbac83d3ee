import { defineCheck } from '../../src/engine/check.js';
import { field, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

export default defineCheck({
  id: 'aws-s3-bucket-secure-transport',
  title: 'S3 bucket policy denies requests that do not use TLS',
  provider: 'aws',
  resourceTypes: ['AWS::S3::Bucket'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'S3 answers plain HTTP as well as HTTPS; only a bucket policy that denies requests with aws:SecureTransport false guarantees that objects holding ePHI are never uploaded or downloaded unencrypted.',
  remediation: {
    text: 'Add a bucket policy statement that denies every action on the bucket and its objects to every principal when aws:SecureTransport is false (and, optionally, when s3:TlsVersion is below 1.2).',
    cli: 'aws s3api put-bucket-policy --bucket BUCKET --policy \'{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}\'',
    terraform:
      'data "aws_iam_policy_document" "tls_only" {\n  statement {\n    sid       = "DenyInsecureTransport"\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\n\nresource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n  policy = data.aws_iam_policy_document.tls_only.json\n}',
  },
  evaluate(bucket) {
    const supplementary = bucket.related.supplementaryConfiguration;
    if (bucket.related.configurationMissing || supplementary === undefined) {
      return undecided('The configuration item carries no supplementaryConfiguration, so the bucket policy is unknown.', { supplementaryConfiguration: supplementary ?? null });
    }
    // Config records the policy as supplementaryConfiguration.BucketPolicy.policyText (decoded at import).
    const bucketPolicy = field(bucket.config, 'BucketPolicy');
    if (!isRecord(bucketPolicy)) return undecided('The configuration item does not include the bucket policy.', { BucketPolicy: bucketPolicy ?? null });
    const policy = bucketPolicy.policyText;
    if (policy === null || policy === undefined) return fail('The bucket has no bucket policy, so it accepts requests over plain HTTP.', { policyText: null });
    const statements = isRecord(policy) ? policy.Statement : undefined;
    const list = Array.isArray(statements) ? statements : isRecord(statements) ? [statements] : undefined;
    if (!list) return undecided('The bucket policy has no readable Statement list.', { policyText: policy });

    const bucketArn = `arn:aws:s3:::${bucketName(bucket.config, bucket.name)}`;
    const denies = list.filter(isRecord).filter((s) => s.Effect === 'Deny' && !('NotPrincipal' in s) && !('NotAction' in s) && !('NotResource' in s) && everyone(s.Principal));
    const insecure = denies.filter((s) => onlyCondition(s.Condition, ['bool', 'boolifexists'], 'aws:securetransport', (v) => v === 'false'));
    const full = insecure.find((s) => allActions(s.Action) && covers(s.Resource, bucketArn) && covers(s.Resource, `${bucketArn}/*`));
    const tls = denies.find((s) => onlyCondition(s.Condition, ['numericlessthan'], 's3:tlsversion', (v) => Number(v) >= 1.2));
    const evidence = { bucketArn, denyInsecureTransport: full !== undefined, statementSid: full?.Sid ?? null, denyTlsBelow: tls ? tlsVersionOf(tls) : null };
    if (full) {
      return pass(`The bucket policy denies every request made without TLS${tls ? ` and every request below TLS ${evidence.denyTlsBelow}` : ''}.`, evidence);
    }
    const partial = insecure[0];
    if (partial) {
      const gap = !allActions(partial.Action) ? 'only some actions' : !covers(partial.Resource, `${bucketArn}/*`) ? 'the bucket but not its objects' : 'only part of the bucket';
      return fail(`The bucket policy denies requests without TLS for ${gap}, so the rest can still be made over plain HTTP.`, { ...evidence, partialStatement: partial });
    }
    return fail('The bucket policy does not deny requests made without TLS (aws:SecureTransport false).', { ...evidence, statements: list.length });
  },
});

/** The bucket name from `configuration.name`, else the Config resource name. */
function bucketName(config: unknown, fallback: string): string {
  const name = field(config, 'name');
  return typeof name === 'string' && name ? name : fallback;
}

function values(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function everyone(principal: unknown): boolean {
  if (principal === '*') return true;
  return isRecord(principal) && Object.keys(principal).length === 1 && values(principal.AWS).includes('*');
}

function allActions(action: unknown): boolean {
  return values(action).some((a) => a === '*' || a === 's3:*');
}

/** A Resource entry covers a target when its IAM wildcards (`*`, `?`) match the target text. */
function covers(resource: unknown, target: string): boolean {
  return values(resource).some((r) => typeof r === 'string' && matches(r, target));
}

/**
 * `pattern` as the regex `wildcard` compiles it would test `target`; without that regex for the
 * shapes bucket policies use (an exact ARN, `ARN/*`), which every bucket of a scan asks about.
 */
function matches(pattern: string, target: string): boolean {
  const star = pattern.indexOf('*');
  if (pattern.indexOf('?') < 0) {
    if (star < 0) return pattern === target;
    // `.*` matches any run of characters but line breaks.
    if (star === pattern.length - 1) return target.startsWith(pattern.slice(0, star)) && !LINE_BREAK.test(target.slice(star));
  }
  let re = compiled.get(pattern);
  if (!re) {
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(pattern, (re = wildcard(pattern)));
  }
  return re.test(target);
}

/** What the regex `.` does not match. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const compiled = new Map<string, RegExp>();

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * True when the Condition is exactly one test: one of `operators` on `key` (both case-insensitive,
 * as IAM compares them) with every value passing `ok`. Any other test would narrow the deny.
 */
function onlyCondition(condition: unknown, operators: string[], key: string, ok: (v: string) => boolean): boolean {
  if (!isRecord(condition)) return false;
  const ops = Object.entries(condition);
  if (ops.length !== 1) return false;
  const [op, tests] = ops[0]!;
  if (!operators.includes(op.toLowerCase()) || !isRecord(tests)) return false;
  const keys = Object.entries(tests);
  if (keys.length !== 1 || keys[0]![0].toLowerCase() !== key) return false;
  const vals = values(keys[0]![1]);
  return vals.length > 0 && vals.every((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && ok(String(v).toLowerCase()));
}

function tlsVersionOf(statement: Record<string, unknown>): string {
  const tests = Object.values(statement.Condition as Record<string, unknown>)[0] as Record<string, unknown>;
  return String(values(Object.values(tests)[0])[0]);
}
