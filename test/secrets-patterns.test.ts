import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact, redactShared, REDACTED } from '../src/evidence/redact.js';
import { repoRoot, runCli, type CliRun } from './support/cli.js';

/**
 * Credentials under the names and in the shapes people really use (`DB_PASS`, `HL7_AUTH: Basic …`,
 * a SAS URL, a Slack webhook, a JWT, an AWS access key id) are redacted; the settings an auditor
 * needs (`MinimumPasswordLength`, `kmsKeyId`, `iamAuth`, token validity, a secret's ARN) are not.
 */

const JWT_PAYLOAD = 'eyJzdWIiOiJQTEFOVEVEand0U3ViamVjdDQyIn0';

/** Each planted secret: only letters and digits, so every report writes it as it is. */
const PLANTED = {
  dbPass: 'dbpassPLANTED7Qx2',
  pgPass: 'pgpassPLANTED4Rk9',
  sessionCookie: 'sessPLANTEDcookie8Lm3',
  bearer: 'bearerPLANTED5Tz8wQ',
  authHeader: 'hdrPLANTED6Yp1vN2',
  basic: 'aGw3ZmVlZDpQTEFOVEVEYmFzaWM4V3E', // base64 of hl7feed:PLANTEDbasic8Wq
  sasSig: 'sigPLANTEDk3J9qZ0aV8',
  slack: 'slackPLANTEDxY7pQ2wE9rT4',
  jwtPayload: JWT_PAYLOAD,
  jwtSig: 'PLANTEDjwtSig93kLmN',
  awsKeyId: 'AKIAPLANTEDK7Q2X4Z9W',
  awsTempKeyId: 'ASIAPLANTEDM3K8N1V5R',
  github: 'ghp_PLANTEDgithub0123456789abcdefghijklmn',
  google: 'AIzaSyPLANTEDgoogleKey0123456789abcdefg',
  stripe: 'sk_live_PLANTEDstripe4eC39HqLyjWDarjt',
  containerPass: 'ctrPLANTEDpass2Bd7',
};

const JWT = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${JWT_PAYLOAD}.${PLANTED.jwtSig}`;
const SAS_URL = `https://lumenarchive.blob.core.windows.net/hl7?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-06-01T00:00:00Z&sig=${PLANTED.sasSig}%3D`;
const SLACK_URL = `https://hooks.slack.com/services/T0PLANTED1/B0PLANTED2/${PLANTED.slack}`;

/** The settings that are evidence, with secret-sounding names; each must be kept exactly. */
const EVIDENCE = {
  PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, PasswordReusePrevention: 24, MaxPasswordAge: 90 },
  passwordPolicy: { minimumLength: 14, requireNumbers: true, temporaryPasswordValidityDays: 7 },
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/b3e22a2f-6bbd-48b2-8a60-6f70795dbf93',
  KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/9e2429e5-6507-4c88-a2fc-fe07ff931672',
  sseAlgorithm: 'aws:kms',
  authenticationMode: { type: 'iam' },
  AuthType: 'AWS_IAM',
  masterUsername: 'lumen_admin',
  auth: [{ authScheme: 'SECRETS', iamAuth: 'REQUIRED', clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256', secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/lumen-db-AbCdEf' }],
  master_auth: { username: 'admin', client_certificate_config: [{ issue_client_certificate: false }] },
  binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
  accessTokenValidity: 60,
  refreshTokenValidity: 30,
  tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
  TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-password-AbCdEf',
  passwordParameter: 'arn:aws:ssm:us-east-1:123456789012:parameter/db/password',
  passwordLastUsed: '2026-03-02T06:41:19Z',
  password_last_used: '2026-02-11T09:14:52+00:00',
  password_enabled: 'true',
  userId: 'AIDAJQABLZS4A3QDU576Q',
  roleId: 'AROAJQABLZS4A3QDU576Q',
};

describe('credentials under their everyday names', () => {
  it('redacts DB_PASS, PGPASS, session_cookie, Authorization, AUTH_HEADER and HL7_AUTH, whatever they hold', () => {
    const variables = {
      DB_HOST: 'records.internal',
      DB_PASS: PLANTED.dbPass,
      PGPASS: PLANTED.pgPass,
      session_cookie: PLANTED.sessionCookie,
      Authorization: `Bearer ${PLANTED.bearer}`,
      'Proxy-Authorization': `Bearer ${PLANTED.bearer}`,
      AUTH_HEADER: PLANTED.authHeader,
      HL7_AUTH: PLANTED.basic,
      LOG_LEVEL: 'info',
    };
    expect(redact({ environment: { variables } })).toEqual({
      environment: {
        variables: {
          DB_HOST: 'records.internal',
          DB_PASS: REDACTED,
          PGPASS: REDACTED,
          session_cookie: REDACTED,
          Authorization: REDACTED,
          'Proxy-Authorization': REDACTED,
          AUTH_HEADER: REDACTED,
          HL7_AUTH: REDACTED,
          LOG_LEVEL: 'info',
        },
      },
    });
  });

  it('redacts them in a container name/value environment list too', () => {
    const environment = [
      { name: 'DB_PASS', value: PLANTED.containerPass },
      { name: 'HL7_AUTH', value: PLANTED.basic },
      { name: 'DB_PORT', value: '5432' },
    ];
    expect(redact({ environment })).toEqual({
      environment: [
        { name: 'DB_PASS', value: REDACTED },
        { name: 'HL7_AUTH', value: REDACTED },
        { name: 'DB_PORT', value: '5432' },
      ],
    });
  });

  it('keeps the settings an auditor needs, however secret their names sound', () => {
    expect(redact(EVIDENCE)).toEqual(EVIDENCE);
    // Nothing in it is a secret, so the bundle writes the very object it was given.
    expect(redactShared(EVIDENCE)).toBe(EVIDENCE);
  });
});

/** [what it is, a value under a harmless key, what the bundle must hold instead]. */
const SHAPES: Array<[string, string, string]> = [
  ['a bearer token', `Bearer ${PLANTED.bearer}`, `Bearer ${REDACTED}`],
  ['a bearer JWT', `Bearer ${JWT}`, `Bearer ${REDACTED}`],
  ['basic credentials', `Basic ${PLANTED.basic}=`, `Basic ${REDACTED}`],
  ['a header in a script', `curl -sf -H "X-Feed: Basic ${PLANTED.basic}=" https://feed.internal/`, `curl -sf -H "X-Feed: Basic ${REDACTED}" https://feed.internal/`],
  ['an Azure SAS URL, keeping the resource and permissions', SAS_URL, `https://lumenarchive.blob.core.windows.net/hl7?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-06-01T00:00:00Z&sig=${REDACTED}`],
  ['a short SAS signature', 'https://a.blob.core.windows.net/c?sig=Ab12%3D&sp=r', `https://a.blob.core.windows.net/c?sig=${REDACTED}&sp=r`],
  ['an S3 presigned URL', `https://b.s3.amazonaws.com/k?X-Amz-Date=20260301T000000Z&X-Amz-Expires=900&X-Amz-Signature=${PLANTED.sasSig}`, `https://b.s3.amazonaws.com/k?X-Amz-Date=20260301T000000Z&X-Amz-Expires=900&X-Amz-Signature=${REDACTED}`],
  ['a Slack webhook', SLACK_URL, `https://hooks.slack.com/services/${REDACTED}`],
  ['a JWT', JWT, REDACTED],
  ['an AWS access key id', PLANTED.awsKeyId, REDACTED],
  ['a temporary AWS access key id in text', `key ${PLANTED.awsTempKeyId} expires`, `key ${REDACTED} expires`],
  ['a GitHub token', PLANTED.github, REDACTED],
  ['a fine-grained GitHub token', 'github_pat_11PLANTED0abcdefghij_klmnopqrstuvwxyz0123456789', REDACTED],
  ['a Google API key', PLANTED.google, REDACTED],
  ['a Stripe secret key', PLANTED.stripe, REDACTED],
  ['a Slack bot token', 'xoxb-1234567890-PLANTEDslackBot', REDACTED],
];

/** Values that look a little like a secret and are evidence or prose. */
const NOT_SECRETS = [
  'Basic authentication is disabled; a Bearer token is required.',
  'Token validity: 60 minutes',
  'https://lumenarchive.blob.core.windows.net/hl7?restype=container&comp=list',
  'https://hooks.slack.com/',
  'AIDAJQABLZS4A3QDU576Q',
  'ASIA_PACIFIC',
  'pk_live_publishableKey0123456789',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
  'projects/lumen/secrets/db-password/versions/3',
];

describe('secrets caught by their shape, whatever the key', () => {
  it.each(SHAPES)('%s: the secret part is redacted, the rest kept', (_what, value, expected) => {
    expect(redact({ note: value, list: [value] })).toEqual({ note: expected, list: [expected] });
    // Inside JSON held in a string (as AWS Config keeps some documents) the same, or the whole string.
    expect([JSON.stringify({ v: expected }), REDACTED]).toContain(redact({ doc: JSON.stringify({ v: value }) }).doc);
  });

  it('keeps prose, ids and references that only look like them, while redacting the secret beside them', () => {
    const doc = { notes: NOT_SECRETS, webhook: SLACK_URL };
    expect(redact(doc)).toEqual({ notes: NOT_SECRETS, webhook: `https://hooks.slack.com/services/${REDACTED}` });
  });
});

/** The demo estate with the secrets planted where people put them, and evidence beside them. */
async function plantedEstate(dir: string): Promise<void> {
  await cp(join(repoRoot, 'fixtures/demo'), dir, { recursive: true });
  const file = join(dir, 'aws-config-snapshot.json');
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as { configurationItems: Array<Record<string, unknown> & { resourceType: string; configuration: Record<string, unknown> }> };
  const lambda = snapshot.configurationItems.find((i) => i.resourceType === 'AWS::Lambda::Function')!;
  lambda.configuration.environment = {
    variables: {
      DB_PASS: PLANTED.dbPass,
      PGPASS: PLANTED.pgPass,
      session_cookie: PLANTED.sessionCookie,
      Authorization: `Bearer ${PLANTED.bearer}`,
      AUTH_HEADER: `Bearer ${PLANTED.authHeader}`,
      HL7_AUTH: `Basic ${PLANTED.basic}=`,
      ARCHIVE_URL: SAS_URL,
      ALERT_WEBHOOK: SLACK_URL,
      PARTNER_JWT: JWT,
      UPLOAD_KEY_ID: PLANTED.awsKeyId,
      SESSION_KEY_ID: PLANTED.awsTempKeyId,
      DEPLOY_GH: PLANTED.github,
      MAPS: PLANTED.google,
      BILLING: PLANTED.stripe,
      DB_SECRET_ARN: EVIDENCE.DB_SECRET_ARN,
    },
  };
  const item = (resourceType: string, id: string, configuration: Record<string, unknown>) => ({
    ...lambda, resourceType, resourceId: id, resourceName: id, arn: `arn:aws:${id}`, relationships: [], tags: { phi: 'true' }, configuration,
  });
  snapshot.configurationItems.push(
    item('AWS::ECS::TaskDefinition', 'hl7-feed:3', { family: 'hl7-feed', containerDefinitions: [{ name: 'feed', environment: [{ name: 'DB_PASS', value: PLANTED.containerPass }, { name: 'FEED_AUTH', value: `Basic ${PLANTED.basic}=` }, { name: 'FEED_HEADER', value: `Basic ${PLANTED.basic}=` }, { name: 'DB_PORT', value: '5432' }] }] }),
    item('AWS::RDS::DBProxy', 'lumen-proxy', { dbProxyName: 'lumen-proxy', requireTLS: true, auth: EVIDENCE.auth }),
    item('AWS::Cognito::UserPoolClient', 'portal-client', { accessTokenValidity: 60, refreshTokenValidity: 30, tokenValidityUnits: EVIDENCE.tokenValidityUnits }),
  );
  await writeFile(file, JSON.stringify(snapshot, null, 2));
}

describe('a scan of an estate holding them writes none of them', () => {
  let scratch: string;
  let run: CliRun;
  let out: string;
  let inventory: Array<{ type: string; id: string; config: Record<string, unknown> }>;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'safeguard-secret-shapes-'));
    await plantedEstate(join(scratch, 'estate'));
    out = join(scratch, 'bundle');
    run = runCli(['scan', '--input', join(scratch, 'estate'), '--out', out, '--no-config', '--fail-on', 'none']);
    const text = await readFile(join(out, 'inventory/aws/resources.ndjson'), 'utf8').catch(() => '');
    inventory = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as (typeof inventory)[number]);
  }, 120_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('no planted secret is in any file under --out, nor on stdout or stderr', async () => {
    expect(run.code, run.stderr).toBe(0);
    const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      for (const [name, secret] of Object.entries(PLANTED)) expect(text.includes(secret), `${name} in ${file}`).toBe(false);
    }
    for (const secret of Object.values(PLANTED)) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('the resources holding them were read, with the readable parts kept', () => {
    const byId = (id: string) => inventory.find((r) => r.id.includes(id))?.config;
    const env = (byId('lumen-intake-normalizer')?.environment as { variables: Record<string, string> }).variables;
    expect(env).toMatchObject({
      DB_PASS: REDACTED,
      HL7_AUTH: REDACTED,
      ARCHIVE_URL: expect.stringMatching(/^https:\/\/lumenarchive\.blob\.core\.windows\.net\/hl7\?sv=2022-11-02&.*&sig=\[REDACTED\]$/),
      ALERT_WEBHOOK: `https://hooks.slack.com/services/${REDACTED}`,
      DB_SECRET_ARN: EVIDENCE.DB_SECRET_ARN,
    });
    expect(byId('hl7-feed')).toMatchObject({ containerDefinitions: [{ environment: [{ name: 'DB_PASS', value: REDACTED }, { name: 'FEED_AUTH', value: REDACTED }, { name: 'FEED_HEADER', value: `Basic ${REDACTED}` }, { name: 'DB_PORT', value: '5432' }] }] });
  });

  it('the evidence fields are kept as the estate holds them', () => {
    const text = inventory.map((r) => JSON.stringify(r)).join('\n');
    for (const kept of ['"MinimumPasswordLength":12', '"PasswordReusePrevention":5', '"RequireSymbols":true', '"password_enabled":"true"', '"password_last_used":"2026-02-11T09:14:52+00:00"', '"masterUsername":"lumen_admin"', '"sseAlgorithm":"aws:kms"', '"kmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/b3e22a2f-6bbd-48b2-8a60-6f70795dbf93"']) {
      expect(text).toContain(kept);
    }
    expect(inventory.find((r) => r.id.includes('lumen-proxy'))?.config.auth).toEqual(EVIDENCE.auth);
    expect(inventory.find((r) => r.id.includes('portal-client'))?.config.tokenValidityUnits).toEqual(EVIDENCE.tokenValidityUnits);
  });
});
