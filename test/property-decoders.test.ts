import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConfigurationItem } from '../src/import/aws-config.js';
import { decodeAwsCliOutput } from '../src/import/aws-account.js';
import { decodeAzureRow } from '../src/import/azure-graph.js';
import { decodeCredentialReport } from '../src/import/aws-credential-report.js';
import { decodeGraphExport, graphExportKind } from '../src/import/entra.js';
import { decodeAsset } from '../src/import/gcp-asset.js';
import { decodeFile } from '../src/import/index.js';
import { InputError } from '../src/import/input-error.js';
import { duplicateKey } from '../src/import/json.js';
import type { Resource } from '../src/inventory/resource.js';

/**
 * Properties of the decoders that turn each cloud's wire shapes into one Resource: AWS Config's
 * JSON-in-strings, gcloud's snake_case envelope, and "bad input is an InputError, never a crash".
 */

const RUNS = Number(process.env.FC_RUNS ?? 200);
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
});

const HOSTILE = new Set(['__proto__', 'constructor', 'prototype']);
/** A value as it exists after JSON.parse: no -0, no undefined, no hostile keys. */
const jsonSafe = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const key = fc.string({ maxLength: 12 }).filter((k) => !HOSTILE.has(k));
const leaf = fc.oneof(fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 20 }), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
})).value;
const jsonObject = fc.dictionary(key, json, { maxKeys: 6, noNullPrototype: true }).map(jsonSafe);

function decodeOne(text: string, file = 'input.json'): Resource {
  const out: Resource[] = [];
  decodeFile(text, file, (r) => out.push(r));
  expect(out).toHaveLength(1);
  return out[0]!;
}

function withoutFormat(r: Resource): Resource {
  const { format: _format, ...source } = r.source;
  return { ...r, source: source as Resource['source'] };
}

describe('AWS Config: the API shape (JSON strings) decodes to the same Resource as the delivered object shape', () => {
  /** What the API writes for one supplementary value: JSON text; a value that is already JSON text stays as it is. */
  const toApiText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  /** Supplementary values as S3 delivery writes them: objects, lists, scalars, and JSON text (an ACL, a key policy). */
  const plainString = fc.string({ maxLength: 20 }).filter((s) => !/^\s*[[{]/.test(s) && !/^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/.test(s.trim()));
  const supplementaryValue = fc.oneof(jsonObject, fc.array(json, { maxLength: 3 }).map(jsonSafe), fc.boolean(), fc.integer(), fc.constant(null), jsonObject.map((o) => JSON.stringify(o)), plainString);
  const supplementary = fc.dictionary(key.filter((k) => k !== 'Tags' && k !== 'TagList'), supplementaryValue, { maxKeys: 4, noNullPrototype: true });
  const tags = fc.dictionary(key, fc.string({ maxLength: 10 }), { maxKeys: 3, noNullPrototype: true });

  it('for arbitrary JSON-safe configurations and supplementary values', () => {
    fc.assert(
      fc.property(jsonObject, supplementary, tags, fc.constantFrom('configurationItems', 'baseConfigurationItems'), (configuration, supp, itemTags, container) => {
        const envelope = { version: '1.3', accountId: '111122223333', configurationItemCaptureTime: '2024-05-01T10:00:00.000Z', configurationItemStatus: 'OK', resourceType: 'AWS::RDS::DBInstance', resourceId: 'db-1', resourceName: 'phi', arn: 'arn:aws:rds:us-east-1:111122223333:db:phi', awsRegion: 'us-east-1', tags: itemTags };
        const delivered = decodeOne(JSON.stringify({ fileVersion: '1.0', configSnapshotId: 's', configurationItems: [{ ...envelope, configuration, supplementaryConfiguration: supp }] }));
        const api = decodeOne(JSON.stringify({ [container]: [{ ...envelope, configuration: JSON.stringify(configuration), supplementaryConfiguration: Object.fromEntries(Object.entries(supp).map(([k, v]) => [k, toApiText(v)])) }] }));
        expect(withoutFormat(api)).toEqual(withoutFormat(delivered));
      }),
      { numRuns: RUNS },
    );
  });

  it('an S3 bucket policy nested one level deeper (BucketPolicy.policyText) decodes alike', () => {
    fc.assert(
      fc.property(jsonObject, (policy) => {
        const base = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', arn: 'arn:aws:s3:::b', configurationItemCaptureTime: '2024-05-01T10:00:00.000Z' };
        const supp = { BucketPolicy: { policyText: JSON.stringify(policy) } };
        const delivered = decodeOne(JSON.stringify({ configurationItems: [{ ...base, configuration: {}, supplementaryConfiguration: supp }] }));
        const api = decodeOne(JSON.stringify({ configurationItems: [{ ...base, configuration: '{}', supplementaryConfiguration: { BucketPolicy: JSON.stringify(supp.BucketPolicy) } }] }));
        expect(withoutFormat(api)).toEqual(withoutFormat(delivered));
        expect((api.config.BucketPolicy as { policyText: unknown }).policyText).toEqual(policy);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('GCP: gcloud export (snake_case, numeric enums) and the API (camelCase, string enums) decode alike', () => {
  const LOG_TYPES = ['LOG_TYPE_UNSPECIFIED', 'ADMIN_READ', 'DATA_WRITE', 'DATA_READ'] as const;
  const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const ident = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
  const member = ident.map((s) => `user:${s}@example.org`);
  const binding = fc.record({ role: ident.map((s) => `roles/${s}`), members: fc.array(member, { maxLength: 3 }) }, { requiredKeys: ['role', 'members'] });
  const auditConfig = fc.record({
    service: fc.constantFrom('allServices', 'storage.googleapis.com', 'sqladmin.googleapis.com'),
    auditLogConfigs: fc.array(fc.record({ logType: fc.constantFrom(...LOG_TYPES), exemptedMembers: fc.array(member, { maxLength: 2 }) }, { requiredKeys: ['logType'] }), { maxLength: 3 }),
  });
  const iamPolicy = fc.record({ version: fc.constantFrom(1, 3), etag: ident, bindings: fc.array(binding, { maxLength: 3 }), auditConfigs: fc.array(auditConfig, { maxLength: 2 }) }, { requiredKeys: [] });
  /** The API's camelCase asset; `resource.data` is the service's own document in both shapes. */
  const apiAsset = fc.record(
    {
      name: ident.map((s) => `//storage.googleapis.com/${s}`),
      assetType: fc.constant('storage.googleapis.com/Bucket'),
      updateTime: fc.constant('2024-05-01T10:00:00Z'),
      ancestors: fc.constant(['projects/123456789012', 'organizations/42']),
      resource: fc.record({
        version: fc.constant('v1'),
        discoveryDocumentUri: fc.constant('https://www.googleapis.com/discovery/v1/apis/storage/v1/rest'),
        discoveryName: fc.constant('Bucket'),
        parent: fc.constant('//cloudresourcemanager.googleapis.com/projects/123456789012'),
        location: fc.constantFrom('us', 'europe-west1'),
        data: jsonObject,
      }),
      iamPolicy,
    },
    { requiredKeys: ['name', 'assetType', 'resource'] },
  );

  /** camelCase → gcloud's export: snake_case keys above `data`, log types as enum numbers. */
  function toExport(asset: Record<string, unknown>): Record<string, unknown> {
    const convert = (v: unknown, k: string): unknown => {
      if (Array.isArray(v)) return v.map((x) => convert(x, k));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([ck, x]) => [snake(ck), ck === 'data' ? x : convert(x, ck)]));
      if (k === 'logType') return LOG_TYPES.indexOf(v as (typeof LOG_TYPES)[number]);
      return v;
    };
    return convert(asset, '') as Record<string, unknown>;
  }

  /** gcloud's export → camelCase, the other way round (what `gcloud asset list --format=json` prints). */
  function toApi(asset: Record<string, unknown>): Record<string, unknown> {
    const convert = (v: unknown, k: string): unknown => {
      if (Array.isArray(v)) return v.map((x) => convert(x, k));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([sk, x]) => [camel(sk), sk === 'data' ? x : convert(x, camel(sk))]));
      if (k === 'logType' && typeof v === 'number') return LOG_TYPES[v];
      return v;
    };
    return convert(asset, '') as Record<string, unknown>;
  }

  it('snake_case export ↔ camelCase API round trip decodes identically, log types as strings', () => {
    fc.assert(
      fc.property(apiAsset, (asset) => {
        const exported = toExport(asset);
        expect(toApi(exported)).toEqual(asset);
        const fromExport = decodeAsset(exported, { file: 'export.ndjson', at: 'line 1', line: 1 }, 'gcp-asset-export');
        const fromApi = decodeAsset(asset, { file: 'export.ndjson', at: 'line 1', line: 1 }, 'gcp-asset-export');
        const roundTrip = decodeAsset(toApi(exported), { file: 'export.ndjson', at: 'line 1', line: 1 }, 'gcp-asset-export');
        expect(fromExport).toEqual(fromApi);
        expect(roundTrip).toEqual(fromApi);
        // The enum numbers became the API's names; resource.data was not touched.
        const configs = ((fromExport.related.iamPolicy as { auditConfigs?: Array<{ auditLogConfigs?: Array<{ logType: unknown }> }> } | undefined)?.auditConfigs ?? []).flatMap((c) => c.auditLogConfigs ?? []);
        for (const c of configs) expect(LOG_TYPES).toContain(c.logType);
        expect(fromExport.config).toEqual(asset.resource.data);
      }),
      { numRuns: RUNS },
    );
  });

  it('numeric log_type n maps to the API enum name', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), (n) => {
        const asset = { name: '//storage.googleapis.com/b', asset_type: 'storage.googleapis.com/Bucket', iam_policy: { audit_configs: [{ service: 'allServices', audit_log_configs: [{ log_type: n }] }] } };
        const r = decodeAsset(asset, { file: 'f', at: 'line 1' }, 'gcp-asset-export');
        expect(r.related.iamPolicy).toEqual({ auditConfigs: [{ service: 'allServices', auditLogConfigs: [{ logType: LOG_TYPES[n] }] }] });
      }),
    );
  });
});

describe('decoders throw nothing but InputError, whatever JSON they are given', () => {
  /** Keys the decoders look for, hostile ones, and random ones, so records reach deep into each decoder. */
  const known = fc.constantFrom(
    'resourceType', 'resourceId', 'arn', 'configuration', 'supplementaryConfiguration', 'tags', 'configurationItemCaptureTime', 'configurationItems', 'Results',
    'name', 'asset_type', 'assetType', 'resource', 'data', 'iam_policy', 'ancestors', 'update_time',
    'id', 'type', 'properties', 'value', 'columns', 'rows', 'location', 'subscriptionId',
    'format_version', 'planned_values', 'resource_changes', 'root_module', 'resources', 'child_modules', 'values', 'address', 'mode', 'change', 'actions', 'after', 'prior_state', 'terraform_version', 'configuration',
    '@odata.context', 'isEnabled', 'state', 'conditions', 'grantControls', 'userPrincipalName', 'isMfaRegistered',
    'PasswordPolicy', 'SummaryMap', 'EbsEncryptionByDefault', 'IsLogging', 'Content', 'GeneratedTime', 'accountId', 'region',
    '__proto__', 'constructor', 'prototype',
  );
  const anyKey = fc.oneof(known, fc.string({ maxLength: 8 }));
  const scalar = fc.oneof(
    fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.string({ maxLength: 12 }),
    fc.constantFrom('AWS::S3::Bucket', '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a', 'microsoft.storage/storageaccounts', '//storage.googleapis.com/b', 'storage.googleapis.com/Bucket', '1.2', '0.1', 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies', '{"a":1}', '[]', 'managed', 'create', 'aws_s3_bucket'),
  );
  /** JSON text, built as text so that own `__proto__` keys and duplicate keys appear as they would in a file. */
  const text = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar.map((s) => JSON.stringify(s) ?? 'null'), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    object: fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 6 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  })).object;

  const onlyInputErrors = (run: () => unknown): void => {
    try {
      run();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      expect(err.message).not.toMatch(/[\r\n\u2028\u2029]/);
    }
  };

  it('whole documents through decodeFile (every importer, chosen by shape)', () => {
    fc.assert(
      fc.property(text, (t) => onlyInputErrors(() => decodeFile(t, 'input.json', () => undefined))),
      { numRuns: RUNS * 5 },
    );
  });

  it('records wrapped in each container, so every decoder sees them', () => {
    const wrap = fc.constantFrom(
      (x: string) => `{"configurationItems":[${x}]}`, (x: string) => `{"baseConfigurationItems":[${x}]}`, (x: string) => `{"Results":[${JSON.stringify(x)}]}`,
      (x: string) => `{"assets":[${x}]}`, (x: string) => `{"data":[${x}]}`, (x: string) => `{"value":[${x}]}`, (x: string) => `[${x}]`, (x: string) => `${x}\n${x}\n`,
      (x: string) => `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":[${x}]}},"resource_changes":[${x}]}`,
      (x: string) => `{"format_version":"1.2","terraform_version":"1.9.0","prior_state":{"values":{"root_module":${x}}},"planned_values":${x}}`,
      (x: string) => `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies","value":[${x}]}`,
      (x: string) => `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails","value":[${x}]}`,
      (x: string) => `{"PasswordPolicy":${x}}`, (x: string) => `{"ConfigurationRecordersStatus":[${x}]}`, (x: string) => `{"invokingEvent":${JSON.stringify(`{"configurationItem":${x}}`)}}`,
      (x: string) => `{"configurationItems":[{"resourceType":"AWS::S3::Bucket","arn":"arn:aws:s3:::b","configuration":${JSON.stringify(x)},"supplementaryConfiguration":{"BucketPolicy":${JSON.stringify(x)}}}]}`,
    );
    fc.assert(
      fc.property(text, wrap, (t, w) => onlyInputErrors(() => decodeFile(w(t), 'input.json', () => undefined))),
      { numRuns: RUNS * 5 },
    );
  });

  it('each record decoder, given any JSON value', () => {
    const where = { file: 'f.json', at: 'x' };
    fc.assert(
      fc.property(text, (t) => {
        const v: unknown = JSON.parse(t);
        onlyInputErrors(() => decodeConfigurationItem(v, where, 'aws-config-item'));
        onlyInputErrors(() => decodeAsset(v, where, 'gcp-asset-json'));
        onlyInputErrors(() => decodeAzureRow(v, where, 'azure-resource'));
        onlyInputErrors(() => decodeAwsCliOutput(v, 'f.json', () => undefined));
        if (graphExportKind(v)) onlyInputErrors(() => decodeGraphExport(v, 'f.json', () => undefined));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('credential reports: any text after a real header', () => {
    const header = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
    const cell = fc.oneof(fc.constantFrom('<root_account>', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/a', 'true', 'false', 'N/A', 'not_supported', '2024-01-01T00:00:00+00:00', '"', '""', ''), fc.string({ maxLength: 6 }));
    const row = fc.array(cell, { minLength: 0, maxLength: 24 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 4 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => onlyInputErrors(() => decodeCredentialReport([header, ...rows].join(eol), 'report.csv', () => undefined))),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('duplicate keys', () => {
  it('are found in any object of any JSON text JSON.stringify would not write', () => {
    fc.assert(
      fc.property(jsonObject, key, json, fc.nat(), (obj, k, v, at) => {
        const text = JSON.stringify(obj);
        expect(duplicateKey(text)).toBeUndefined();
        // Write `k` twice into the same object: a fresh one placed somewhere in the document.
        const dup = `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'},${JSON.stringify(k)}:1}`;
        const keys = Object.keys(obj);
        const doc = keys.length ? text.replace(`${JSON.stringify(keys[at % keys.length])}:`, (m) => `${m}${dup},"_":`) : dup;
        expect(JSON.parse(doc)).toBeTruthy();
        expect(duplicateKey(doc)?.key).toBe(k);
      }),
      { numRuns: RUNS },
    );
  });

  it('escaped spellings of one key are the same key', () => {
    expect(duplicateKey('{"a\\"":1,"a\\u0022":2}')?.key).toBe('a"');
    expect(duplicateKey('{"x":"\\\\","y":{"x":1},"z":[{"x":1},{"x":2}]}')).toBeUndefined();
  });
});
