/**
 * Secrets never leave in an evidence bundle. A value is replaced by `[REDACTED]` when its key
 * names a password, secret, token, private key, connection string or access key (in any case or
 * spelling: `DB_PASSWORD`, `clientSecret`, `aws_secret_access_key`, `PrivateKeyPem`), including
 * inside nested objects and arrays, tag lists of `Key`/`Value` pairs and `name`/`value`
 * environment lists. Strings that are themselves secrets are caught by their shape whatever
 * their key: PEM private keys, connection strings holding a password or account key, URLs with a
 * password, and JSON documents embedded in strings are searched the same way.
 *
 * Booleans, numbers and null are kept: settings such as `passwordReusePrevention: 24` or
 * `requireSymbols: true` are evidence, not secrets. Keys that describe a secret rather than hold
 * one (`passwordLastUsed`, `secretArn`, `minimumPasswordLength`, `httpTokens`) are kept too.
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
  'signingkey',
  // GCP customer-supplied encryption keys: the key material itself.
  'rawkey',
  'rsaencryptedkey',
];

/** Whole words that name a secret but are too short to match as suffixes (`Pwd`, `SAS`). */
const SECRET_WORDS = new Set(['pwd', 'sas', 'primarykey', 'secondarykey', 'credentials', 'credential']);

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
const SAS_SIGNATURE = /[?&]sig=[^&\s]{16,}/i;

/** `aws_secret_access_key=…`, `export DB_PASSWORD="…"`, `api_token: …` inside free text (a tag value, a script). */
const ASSIGNMENT = /([A-Za-z][A-Za-z0-9_.-]{1,63})["']?\s*[=:]\s*["']?[^\s"',;&]{4,}/g;

/** A string that is a secret by its shape, whatever its key. */
export function looksSecret(value: string): boolean {
  return PEM_PRIVATE_KEY.test(value) || CONNECTION_SECRET.test(value) || URL_PASSWORD.test(value) || SAS_SIGNATURE.test(value);
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
    const pairSecret = pairNamesSecret(obj);
    for (const [k, v] of Object.entries(obj)) {
      const lower = k.toLowerCase();
      const isPairValue = pairSecret && PAIR_VALUE_KEYS.includes(lower);
      out[k] = walk(v, secret || isPairValue || namesSecret(k));
    }
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
  const pairSecret = pairNamesSecret(obj);
  const entries = Object.entries(obj);
  let changed = false;
  const results: unknown[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    const isPairValue = pairSecret && PAIR_VALUE_KEYS.includes(k.toLowerCase());
    results[i] = share(v, secret || isPairValue || namesSecret(k));
    if (results[i] !== v) changed = true;
  }
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i++) out[entries[i]![0]] = results[i];
  return out;
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
  if (looksSecret(value)) return REDACTED;
  // JSON embedded in a string (AWS Config keeps policies and ACLs that way): search it too.
  const t = value.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && value.length < 5_000_000) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return assignsSecret(value) ? REDACTED : value;
    }
    const cleaned = walk(parsed, false);
    return JSON.stringify(cleaned) === JSON.stringify(parsed) ? value : JSON.stringify(cleaned);
  }
  return assignsSecret(value) ? REDACTED : value;
}
