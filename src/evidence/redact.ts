/**
 * Secrets never leave in an evidence bundle. A value is replaced by `[REDACTED]` when its key
 * names a password, secret, token, private key, connection string, access key, cookie or
 * authorization header (in any case or spelling: `DB_PASSWORD`, `DB_PASS`, `PGPASS`, `clientSecret`,
 * `aws_secret_access_key`, `PrivateKeyPem`, `session_cookie`, `Authorization`, `HL7_AUTH`), including
 * inside nested objects and arrays, tag lists of `Key`/`Value` pairs and `name`/`value`
 * environment lists. Strings that are themselves secrets are caught by their shape whatever
 * their key: PEM private keys, connection strings holding a password or account key and URLs with a
 * password are replaced whole; in other strings only the secret part is (`Bearer [REDACTED]`, a SAS
 * URL's `sig=`, a Slack webhook's path, a JWT, an AWS access key id, GitHub, GitLab, Slack, npm,
 * Google API and Stripe keys), so the rest stays readable. JSON documents embedded in strings are
 * searched the same way.
 *
 * Booleans, numbers and null are kept: settings such as `passwordReusePrevention: 24` or
 * `requireSymbols: true` are evidence, not secrets. Keys that describe a secret rather than hold
 * one (`passwordLastUsed`, `secretArn`, `minimumPasswordLength`, `httpTokens`, `AuthType`) are kept
 * too, as are a cloud's own `auth` settings (`iamAuth`) and token validity units.
 */

export const REDACTED = '[REDACTED]';

/** Secret names matched at the end of a key with separators and case removed. */
const SECRET_SUFFIXES = [
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'secret',
  'clientsecret',
  'token',
  'privatekey',
  'connectionstring',
  'connstring',
  'connstr',
  'accesskey',
  'accesskeyid',
  'secretkey',
  'apikey',
  'accountkey',
  'sharedkey',
  'sharedaccesskey',
  'sharedaccesssignature',
  'authkey',
  'authheader',
  'authorizationheader',
  'cookie',
  'signingkey',
  // GCP customer-supplied encryption keys: the key material itself.
  'rawkey',
  'rsaencryptedkey',
];

/** Whole words that name a secret but are too short to match as suffixes (`Pwd`, `SAS`). */
const SECRET_WORDS = new Set(['pwd', 'pass', 'pgpass', 'dbpass', 'sas', 'primarykey', 'secondarykey', 'credentials', 'credential']);

/**
 * Words that name a credential in an environment variable (`HL7_AUTH`, `PROXY_AUTHORIZATION`) or an
 * HTTP header (`Authorization`), but a setting in a cloud API's own keys (RDS Proxy `auth` and
 * `iamAuth`, GKE `masterAuth`, `binaryAuthorization`), which are evidence.
 */
const ENV_WORDS = new Set(['auth', 'authorization']);
const HEADER_WORDS = new Set(['authorization']);
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const HEADER_NAME = /^[A-Za-z][a-z0-9]*(?:-[A-Za-z][a-z0-9]*)*$/;

/** Units of a setting (Cognito `TokenValidityUnits: {AccessToken: 'hours'}`): never a secret. */
const TIME_UNITS = new Set(['seconds', 'minutes', 'hours', 'days']);

/** Trailing words that say how a secret is stored, not what it is: `secretString`, `passwordValue`. */
const CARRIER_SUFFIXES = ['value', 'string', 'text', 'plaintext', 'data', 'base64', 'b64', 'pem', 'content', 'material'];

/** Keys that name an encryption key by reference (an ARN, id or URI), which is not secret. */
const REFERENCE_SUFFIXES = ['arn', 'id', 'ids', 'name', 'uri', 'url', 'version', 'versionname', 'source', 'type', 'vaulturi', 'keyname'];

/** Keys whose value names the key of a `Key`/`Value` or `name`/`value` pair. */
const PAIR_NAME_KEYS = ['key', 'name', 'keyname', 'parametername'];
const PAIR_VALUE_KEYS = ['value', 'val', 'parametervalue'];

const memo = new Map<string, boolean>();

/** Does this key name a secret value? */
export function namesSecret(key: string): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const result = judge(key);
  if (memo.size < 10_000) memo.set(key, result);
  return result;
}

function judge(key: string): boolean {
  const words = splitWords(key);
  if (words.length === 0) return false;
  const flat = words.join('');
  // `kmsKeyArn`, `secretArn`, `passwordLastUsed`: a reference to or fact about a secret.
  if (REFERENCE_SUFFIXES.includes(words[words.length - 1]!) && !flat.endsWith('accesskeyid')) return false;
  let candidate = flat;
  let rest = [...words];
  for (;;) {
    if (SECRET_SUFFIXES.some((s) => candidate.endsWith(s))) return true;
    const last = rest[rest.length - 1]!;
    if (SECRET_WORDS.has(last)) return true;
    if (ENV_WORDS.has(last) && ENV_NAME.test(key)) return true;
    if (HEADER_WORDS.has(last) && HEADER_NAME.test(key)) return true;
    if (rest.length > 1 && CARRIER_SUFFIXES.includes(last)) {
      rest = rest.slice(0, -1);
      candidate = rest.join('');
      continue;
    }
    return false;
  }
}

/** `aws_secret_access_key` → aws secret access key; `clientSecret` → client secret; `DBPassword` → db password. */
function splitWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .reduce<string[]>((acc, w) => {
      // Join pairs such as `primary key` → `primarykey` so the word list sees them.
      const prev = acc[acc.length - 1];
      if (prev && SECRET_WORDS.has(prev + w)) acc[acc.length - 1] = prev + w;
      else acc.push(w);
      return acc;
    }, []);
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;
const CONNECTION_SECRET = /(^|;)\s*(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|clientsecret)\s*=/i;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

/**
 * Secrets inside a string that is otherwise evidence (a URL, a script, a header): each pattern's
 * secret part is replaced and what it keeps (`$1`) stays readable.
 */
const SECRET_PARTS: ReadonlyArray<readonly [RegExp, string]> = [
  // A JWT (header and payload are base64url JSON, so both start `eyJ`), signed or not.
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // `Authorization: Bearer …`, `Basic dXNlcjpwYXNz`; a plain word after it is prose ("Basic authentication").
  [/\b((?:[Bb]earer|[Bb]asic|[Tt]oken)\s+)(?![A-Za-z][a-z]*(?![A-Za-z0-9\-._~+/=]))[A-Za-z0-9\-._~+/]{8,}=*/g, `$1${REDACTED}`],
  // Signed URLs (Azure SAS, S3 presigned, GCS signed, CloudFront): the signature is the secret, the
  // resource, permissions and expiry are evidence.
  [/([?&](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature)=)[^&#\s"'<>]+/gi, `$1${REDACTED}`],
  // Slack incoming webhooks and workflow triggers: anyone with the path can post.
  [/(\bhooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'<>?#]+/gi, `$1${REDACTED}`],
  // AWS access key ids (long-term AKIA, temporary ASIA; 16 characters follow, 12 is allowed for
  // truncated copies); AIDA/AROA user and role ids are not keys.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{12,16}\b/g, REDACTED],
  // GitHub (classic and fine-grained), GitLab, Slack and npm tokens.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposre]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{36})/g, REDACTED],
  // Google API keys.
  [/\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, REDACTED],
  // Stripe secret and restricted keys (`pk_` publishable keys are public).
  [/\b[rs]k_(?:live|test)_[0-9A-Za-z]{10,}/g, REDACTED],
];

/** `aws_secret_access_key=…`, `export DB_PASSWORD="…"`, `api_token: …` inside free text (a tag value, a script). */
const ASSIGNMENT = /([A-Za-z][A-Za-z0-9_.-]{1,63})["']?\s*[=:]\s*["']?[^\s"',;&]{4,}/g;

/** A string that is a secret by its shape, whatever its key. */
export function looksSecret(value: string): boolean {
  return isSecretWhole(value) || redactParts(value) !== value;
}

/** Secrets that leave nothing worth keeping around them: a key file, a connection string. */
function isSecretWhole(value: string): boolean {
  return PEM_PRIVATE_KEY.test(value) || CONNECTION_SECRET.test(value) || URL_PASSWORD.test(value);
}

/** Any of SECRET_PARTS, tried once so that the strings holding none (nearly all) cost one scan. */
const ANY_SECRET_PART = new RegExp(SECRET_PARTS.map(([p]) => `(?:${p.source})`).join('|'), 'i');

/** `value` with each secret part replaced, or `value` itself when it holds none. */
function redactParts(value: string): string {
  if (!ANY_SECRET_PART.test(value)) return value;
  let out = value;
  for (const [pattern, replacement] of SECRET_PARTS) out = out.replace(pattern, replacement);
  return out;
}

function assignsSecret(value: string): boolean {
  if (value.length > 1_000_000 || !/[=:]/.test(value)) return false;
  for (const m of value.matchAll(ASSIGNMENT)) if (namesSecret(m[1]!)) return true;
  return false;
}

/** A deep copy of `value` with every secret replaced by `[REDACTED]`. */
export function redact<T>(value: T): T {
  return walk(value, false) as T;
}

function walk(value: unknown, secret: boolean): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (secret) return REDACTED;
    return redactString(value);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, secret));
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const holdsSecret = secretKeys(obj);
    for (const [k, v] of Object.entries(obj)) out[k] = walk(v, secret || holdsSecret(k));
    return out;
  }
  return value;
}

/**
 * `redact(value)`, but `value` itself (not a copy) wherever nothing in it is a secret: the bundle
 * of a large estate then holds no second copy of every finding and resource. What is written from
 * it is the same as from `redact`'s copy; values a copy would change in form (a class instance,
 * an array with holes, an own `__proto__` key) are copied as `redact` copies them.
 */
export function redactShared<T>(value: T): T {
  return share(value, false) as T;
}

function share(value: unknown, secret: boolean): unknown {
  if (value === null || typeof value !== 'object') return walk(value, secret);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return walk(value, secret);
      const v: unknown = value[i];
      const r = share(v, secret);
      if (r !== v && !out) out = value.slice(0, i);
      if (out) out.push(r);
    }
    return out ?? value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Object.hasOwn(value, '__proto__')) return walk(value, secret);
  const obj = value as Record<string, unknown>;
  const holdsSecret = secretKeys(obj);
  const entries = Object.entries(obj);
  let changed = false;
  const results: unknown[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    results[i] = share(v, secret || holdsSecret(k));
    if (results[i] !== v) changed = true;
  }
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i++) out[entries[i]![0]] = results[i];
  return out;
}

/** Which keys of `obj` hold a secret: those that name one, and the value of a pair that names one. */
function secretKeys(obj: Record<string, unknown>): (key: string) => boolean {
  if (onlyUnits(obj)) return () => false;
  const pairSecret = pairNamesSecret(obj);
  return (key) => (pairSecret && PAIR_VALUE_KEYS.includes(key.toLowerCase())) || namesSecret(key);
}

/** `{AccessToken: 'hours', RefreshToken: 'days'}`: a unit per setting, named after the setting. */
function onlyUnits(obj: Record<string, unknown>): boolean {
  let any = false;
  for (const v of Object.values(obj)) {
    if (typeof v !== 'string' || !TIME_UNITS.has(v)) return false;
    any = true;
  }
  return any;
}

/** `{Key: "DB_PASSWORD", Value: "..."}` or `{name: "API_TOKEN", value: "..."}`. */
function pairNamesSecret(obj: Record<string, unknown>): boolean {
  let name: unknown;
  let hasValue = false;
  for (const [k, v] of Object.entries(obj)) {
    const lower = k.toLowerCase();
    if (PAIR_NAME_KEYS.includes(lower) && typeof v === 'string') name = v;
    else if (PAIR_VALUE_KEYS.includes(lower)) hasValue = true;
  }
  return hasValue && typeof name === 'string' && namesSecret(name);
}

function redactString(value: string): string {
  if (isSecretWhole(value)) return REDACTED;
  return redactJson(value) ?? (assignsSecret(value) ? REDACTED : redactParts(value));
}

/** JSON embedded in a string (AWS Config keeps policies and ACLs that way), searched too; undefined when `value` is not JSON. */
function redactJson(value: string): string | undefined {
  const t = value.trimStart();
  if (!(t.startsWith('{') || t.startsWith('[')) || value.length >= 5_000_000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  const cleaned = walk(parsed, false);
  return JSON.stringify(cleaned) === JSON.stringify(parsed) ? value : JSON.stringify(cleaned);
}
