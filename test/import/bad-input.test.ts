import { access, chmod, constants, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeFile, importInputs } from '../../src/import/index.js';
import { configItem, decodeAll, expectPrototypeClean, importedOnly, inputError, sample, Scratch, synthesizedAwsAccount, synthesizedOnly } from './support.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
afterEach(() => expectPrototypeClean());

/** A folder and a file with mode 000; root reads through that, so those tests are skipped there. */
const locked = await (async () => {
  const folder = await scratch.path('locked');
  await mkdir(folder);
  await scratch.write('locked/item.json', '{}');
  const file = await scratch.write('locked-file.json', '{}');
  await chmod(folder, 0o000);
  await chmod(file, 0o000);
  const enforced = await access(folder, constants.R_OK).then(
    () => false,
    () => true,
  );
  return { folder, file, enforced };
})();
afterAll(async () => {
  await chmod(locked.folder, 0o755);
  await chmod(locked.file, 0o644);
});

const item = configItem;
const asset = { name: '//storage.googleapis.com/phi', asset_type: 'storage.googleapis.com/Bucket', resource: { data: { name: 'phi' } } };
const row = { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/phi', type: 'microsoft.storage/storageaccounts', name: 'phi', properties: {} };

/** Write `content` to a fresh file, import it, and check the error contract. */
async function rejects(name: string, content: string | Uint8Array | object, place?: string | RegExp) {
  const file = await scratch.write(name, content);
  return inputError(importInputs([file]), file, place);
}

describe('files and folders that cannot be read', () => {
  it('a missing file', async () => {
    const file = await scratch.path('does-not-exist.json');
    const err = await inputError(importInputs([file]), file);
    expect(err.place).toBeUndefined();
    expect(err.detail).toBe('no such file or folder');
    expect(err.message).toBe(`${file}: no such file or folder`);
  });

  describe('permissions', () => {
    it.skipIf(!locked.enforced)('an unreadable folder', async () => {
      const err = await inputError(importInputs([locked.folder]), locked.folder);
      expect(err.detail).toBe('permission denied');
    });

    it.skipIf(!locked.enforced)('an unreadable file', async () => {
      const err = await inputError(importInputs([locked.file]), locked.file);
      expect(err.detail).toBe('permission denied');
    });
  });

  it('a symlink loop inside a folder does not hang; each file is read once', async () => {
    const folder = await scratch.path('loop');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await scratch.write('loop/a.json', item());
    await scratch.write('loop/sub/b.json', item({ resourceId: 'b', arn: 'arn:aws:s3:::b' }));
    await symlink('..', join(folder, 'sub', 'up'));
    await symlink('.', join(folder, 'here'));
    const inventory = await importInputs([folder]);
    expect(inventory.files.map((f) => f.file)).toEqual([join(folder, 'a.json'), join(folder, 'sub', 'b.json')]);
    expect(importedOnly(inventory.resources).map((r) => r.id)).toEqual(['arn:aws:s3:::phi-bucket', 'arn:aws:s3:::b']);
    expect(synthesizedOnly(inventory.resources)).toEqual([synthesizedAwsAccount('111122223333', join(folder, 'a.json'), ['eu-west-1'])]);
  });

  it('a symlink that points at itself fails with its path, not a hang', async () => {
    const folder = await scratch.path('selfloop');
    await mkdir(folder);
    await scratch.write('selfloop/a.json', item());
    const link = join(folder, 'self.json');
    await symlink('self.json', link);
    const err = await inputError(importInputs([folder]), link);
    expect(err.detail).toBe('too many levels of symbolic links');
  });
});

describe('folders', () => {
  it('every file is imported, sorted; hidden files and folders are skipped', async () => {
    const folder = await scratch.path('estate');
    await mkdir(join(folder, 'gcp'), { recursive: true });
    await mkdir(join(folder, '.git'), { recursive: true });
    await scratch.write('estate/b-aws.json', { configurationItems: [item()] });
    await scratch.write('estate/a-azure.json', { data: [row] });
    await scratch.write('estate/gcp/export.ndjson', `${JSON.stringify(asset)}\n${JSON.stringify({ ...asset, name: '//storage.googleapis.com/phi2' })}\n`);
    await scratch.write('estate/.DS_Store', new Uint8Array([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
    await scratch.write('estate/.git/HEAD', 'ref: refs/heads/main\n');
    await scratch.write('estate/.~lock.json#', 'not json');
    const inventory = await importInputs([folder]);
    expect(inventory.files.map((f) => [f.file, f.format])).toEqual([
      [join(folder, 'a-azure.json'), 'azure-resource-graph'],
      [join(folder, 'b-aws.json'), 'aws-config-api'],
      [join(folder, 'gcp', 'export.ndjson'), 'gcp-asset-export'],
    ]);
    expect(importedOnly(inventory.resources).map((r) => r.provider)).toEqual(['azure', 'aws', 'gcp', 'gcp']);
    // The AWS item's account gets its account resource; the Azure row's subscription `s` is no subscription id.
    expect(synthesizedOnly(inventory.resources)).toEqual([synthesizedAwsAccount('111122223333', join(folder, 'b-aws.json'), ['eu-west-1'])]);
  });

  it('a folder with one bad file fails as a whole, naming that file', async () => {
    const folder = await scratch.path('one-bad');
    await mkdir(folder);
    await scratch.write('one-bad/1-good.json', { configurationItems: [item()] });
    const bad = await scratch.write('one-bad/2-bad.json', '{"configurationItems": [');
    await scratch.write('one-bad/3-good.json', { data: [row] });
    const err = await inputError(importInputs([folder]), bad, /^line 1, column \d+$/);
    expect(err.detail).toMatch(/^invalid JSON/);
  });

  it('several inputs are one inventory; one missing input fails the lot', async () => {
    const a = await scratch.write('multi-a.json', { configurationItems: [item()] });
    const b = await scratch.write('multi-b.json', [asset]);
    const both = await importInputs([a, b]);
    expect(importedOnly(both.resources).map((r) => r.provider)).toEqual(['aws', 'gcp']);
    expect(synthesizedOnly(both.resources)).toEqual([synthesizedAwsAccount('111122223333', a, ['eu-west-1'])]);
    const missing = await scratch.path('multi-missing.json');
    await inputError(importInputs([a, missing, b]), missing);
  });
});

describe('format detection is by content, not by file name', () => {
  it('JSON named .csv, NDJSON named .json, JSON named .ndjson', async () => {
    const csv = await scratch.write('really-json.csv', { configurationItems: [item()] });
    const json = await scratch.write('really-ndjson.json', `${JSON.stringify(asset)}\n${JSON.stringify({ ...asset, name: '//storage.googleapis.com/x' })}\n`);
    const ndjson = await scratch.write('really-json.ndjson', [row]);
    const formats = (await importInputs([csv, json, ndjson])).files.map((f) => f.format);
    expect(formats).toEqual(['aws-config-api', 'gcp-asset-export', 'azure-resources-json']);
  });

  it('a UTF-8 byte-order mark and CRLF line ends are accepted', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify({ data: [row] }))]);
    const file = await scratch.write('bom.json', bom);
    expect((await importInputs([file])).resources).toHaveLength(1);
    const crlf = await scratch.write('crlf.ndjson', `${JSON.stringify(item())}\r\n${JSON.stringify(item({ resourceId: 'b', arn: 'arn:aws:s3:::b' }))}\r\n`);
    const lines = await importInputs([crlf]);
    expect(importedOnly(lines.resources).map((r) => r.source.line)).toEqual([1, 2]);
    expect(synthesizedOnly(lines.resources)).toEqual([synthesizedAwsAccount('111122223333', crlf, ['eu-west-1'])]);
  });
});

describe('not JSON, or not anything safeguard reads', () => {
  it('truncated JSON names the line and column where it ends', async () => {
    const text = await readFile(sample('aws-config/awsdocs/configuration-snapshot-file.json'), 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const lastLine = cut.split('\n').length;
    const err = await rejects('truncated.json', cut, new RegExp(`^line ${lastLine}, column \\d+$`));
    expect(err.detail).toMatch(/^invalid JSON \(/);
  });

  it('a bad token in a pretty-printed document names its own line, not line 1', async () => {
    const text = ['{', '  "configurationItems": [', '    {', '      "resourceType": "AWS::S3::Bucket",', '      "arn": tru', '    }', '  ]', '}'].join('\n');
    const err = await rejects('bad-token.json', text, /^line 5, column \d+$/);
    // The offending token is a line break; the message stays on one line all the same.
    expect(err.detail).toContain('Unexpected token');
    const line3 = '    { "id": "/subscriptions/s", "type": "t" } ,,';
    const misplaced = ['{', '  "data": [', line3, '  ]', '}'].join('\n');
    await rejects('bad-comma.json', misplaced, `line 3, column ${line3.indexOf(',,') + 2}`);
  });

  it('an NDJSON file whose line 3 does not parse names line 3', async () => {
    const lines = [JSON.stringify(asset), JSON.stringify({ ...asset, name: '//storage.googleapis.com/b' }), '{"name": "//storage.googleapis.com/c", "asset_type": ', JSON.stringify({ ...asset, name: '//storage.googleapis.com/d' })];
    const err = await rejects('broken.ndjson', lines.join('\n'), /^line 3(, column \d+)?$/);
    expect(err.detail).toMatch(/^invalid JSON/);
    // Nothing of the file is imported: decodeFile stops at the line.
    const emitted: unknown[] = [];
    expect(() => decodeFile(lines.join('\n'), 'broken.ndjson', (r) => emitted.push(r))).toThrow(/^broken\.ndjson: line 3/);
  });

  it('an NDJSON line that is JSON but no known record names its line', async () => {
    await rejects('unknown-line.ndjson', `${JSON.stringify(asset)}\n{"hello": 1}\n`, 'line 2');
    await rejects('array-line.ndjson', `${JSON.stringify(asset)}\n[1, 2]\n`, 'line 2');
  });

  it('an unknown JSON document', async () => {
    const err = await rejects('hello.json', '{"hello":1}');
    expect(err.place).toBeUndefined();
    expect(err.detail).toMatch(/^unknown format/);
    const scalar = await rejects('scalar.json', '[1, 2, 3]', '[0]');
    expect(scalar.detail).toMatch(/unknown record/);
  });

  it('CSV text', async () => {
    const err = await rejects('inventory.csv', 'id,type,name\n/subscriptions/s/x,microsoft.storage/storageaccounts,x\n', 'line 1');
    expect(err.detail).toMatch(/^unknown format/);
  });

  it('a 0-byte file, a whitespace-only file and an empty array', async () => {
    expect((await rejects('empty.json', '')).detail).toBe('the file is empty (0 bytes)');
    expect((await rejects('blank.json', ' \n\t\r\n  ')).detail).toBe('the file is empty');
    expect((await rejects('empty-array.json', '[]')).detail).toMatch(/^an empty JSON array/);
    expect((await rejects('empty-array-spaced.json', '  [ \n ]\n')).detail).toMatch(/^an empty JSON array/);
  });

  it('UTF-16 files, with either byte order, and without a byte-order mark', async () => {
    const text = JSON.stringify({ data: [row] });
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    expect((await rejects('utf16le.json', le)).detail).toMatch(/UTF-16/);
    expect((await rejects('utf16be.json', be)).detail).toMatch(/UTF-16/);
    await rejects('utf16-no-bom.json', new Uint8Array(Buffer.from(text, 'utf16le')), 'byte 1');
  });

  it('a binary file', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const err = await rejects('image.json', bytes, 'byte 10');
    expect(err.detail).toMatch(/binary/);
    const gzip = await rejects('export.json.gz', new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xe3, 0xd2, 0xf1, 0x65]), /^byte \d+$/);
    expect(gzip.detail).toMatch(/binary/);
  });

  it('a Terraform plan of a format version safeguard does not read (test/import/terraform-plan.test.ts has the rest)', async () => {
    const plan = JSON.parse(await readFile(sample('terraform-plans/aws-s3-bucket-sse-inline.tf0.13.tfplan.json'), 'utf8')) as Record<string, unknown>;
    const err = await rejects('plan-v2.json', { ...plan, format_version: '2.0' }, 'format_version');
    expect(err.detail).toMatch(/^Terraform JSON format version 2\.0 is not supported/);
  });
});

describe('records of the wrong shape name the record path', () => {
  it('AWS: resourceType is a number', async () => {
    const err = await rejects('type-42.json', { fileVersion: '1.0', configurationItems: [item(), item({ resourceType: 42 })] }, 'configurationItems[1].resourceType');
    expect(err.detail).toMatch(/^not a valid AWS Config configuration item/);
  });

  it('AWS: other fields of the wrong type, and no id at all', async () => {
    await rejects('account-number.json', [item(), item(), item({ accountId: 111122223333 })], '[2].accountId');
    await rejects('tags-list.json', { configurationItems: [item({ tags: ['a'] })] }, 'configurationItems[0].tags');
    const { arn: _a, resourceId: _r, ...noId } = item();
    const err = await rejects('no-id.json', { configurationItems: [noId] }, 'configurationItems[0]');
    expect(err.detail).toMatch(/neither arn nor resourceId/);
    await rejects('bad-time.json', { configurationItems: [item({ configurationItemCaptureTime: 1e20 })] }, 'configurationItems[0].configurationItemCaptureTime');
  });

  it('AWS: a supplementaryConfiguration JSON string that does not parse', async () => {
    await rejects('bad-acl.json', { configurationItems: [item({ supplementaryConfiguration: { AccessControlList: '{"grantList": [' } })] }, 'configurationItems[0].supplementaryConfiguration.AccessControlList');
    await rejects('bad-policy.json', { configurationItems: [item({ supplementaryConfiguration: { BucketPolicy: { policyText: '{"Statement": nope}' } } })] }, 'configurationItems[0].supplementaryConfiguration.BucketPolicy.policyText');
    await rejects('bad-api-policy.json', { baseConfigurationItems: [item({ configuration: '{}', supplementaryConfiguration: { BucketPolicy: '{"policyText": "{\\"Statement\\": ["}' } })] }, 'baseConfigurationItems[0].supplementaryConfiguration.BucketPolicy.policyText');
    await rejects('bad-configuration.json', { baseConfigurationItems: [item({ configuration: '{"name": ' })] }, 'baseConfigurationItems[0].configuration');
    await rejects('array-configuration.json', { baseConfigurationItems: [item({ configuration: '[1]' })] }, 'baseConfigurationItems[0].configuration');
  });

  it('AWS: select rows and rule events whose JSON strings do not parse', async () => {
    await rejects('bad-select.json', { QueryInfo: {}, Results: [JSON.stringify(item()), '{"resourceType": nope}'] }, 'Results[1]');
    await rejects('select-row-shape.json', { QueryInfo: {}, Results: [JSON.stringify(item()), '5'] }, 'Results[1]');
    await rejects('bad-event.json', { invokingEvent: '{"configurationItem": ', ruleParameters: '{}' }, 'invokingEvent');
    const periodic = await rejects('periodic-event.json', { invokingEvent: JSON.stringify({ awsAccountId: '1', notificationCreationTime: '2024-01-01T00:00:00Z', messageType: 'ScheduledNotification' }) }, 'invokingEvent');
    expect(periodic.detail).toMatch(/no configurationItem/);
    await rejects('event-item-shape.json', { invokingEvent: JSON.stringify({ configurationItem: { ...item(), resourceType: null } }) }, 'invokingEvent.configurationItem.resourceType');
  });

  it('Azure: a row without a type, or with an id that is not an Azure resource id', async () => {
    const { type: _t, ...untyped } = row;
    const err = await rejects('no-type.json', { count: 2, data: [row, untyped] }, 'data[1].type');
    expect(err.detail).toMatch(/^not a valid Azure resource row/);
    await rejects('no-type-array.json', [row, untyped], '[1].type');
    await rejects('no-type-list.json', { value: [row, untyped] }, 'value[1].type');
    await rejects('bad-id.json', { data: [{ ...row, id: 'phi' }] }, 'data[0].id');
    await rejects('no-type.ndjson', `${JSON.stringify(row)}\n${JSON.stringify(untyped)}\n`, 'line 2');
  });

  it('Azure: table results with a bad row or column', async () => {
    const columns = [{ name: 'id', type: 'string' }, { name: 'type', type: 'string' }];
    await rejects('table-null-row.json', { data: { columns, rows: [[row.id, row.type], null] } }, 'data.rows[1]');
    await rejects('table-short-row.json', { data: { columns, rows: [[row.id]] } }, 'data.rows[0].type');
    await rejects('table-bad-column.json', { data: { columns: [columns[0], null], rows: [[row.id, row.type]] } }, 'data.columns[1]');
  });

  it('GCP: an asset whose name is a number', async () => {
    await rejects('name-5.json', [asset, { ...asset, name: 5 }], '[1].name');
    const err = await rejects('name-5-api.json', { assets: [{ name: 5, assetType: 'storage.googleapis.com/Bucket' }] }, 'assets[0].name');
    expect(err.detail).toMatch(/^not a valid Cloud Asset record/);
    await rejects('name-5.ndjson', `${JSON.stringify(asset)}\n${JSON.stringify({ ...asset, name: 5 })}\n`, 'line 2');
    await rejects('data-string.json', [{ ...asset, resource: { data: 'phi' } }], '[0].resource.data');
    await rejects('update-time.json', [{ ...asset, update_time: 20240301 }], /^\[0\]\.(update_time|updateTime)$/);
  });

  it('nesting deeper than a configuration document can be', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { d: deep };
    const err = await rejects('deep.json', [{ ...asset, resource: { data: deep } }], /^\[0\]\.resource\.data(\.d)+$/);
    expect(err.detail).toMatch(/nested deeper than 256 levels/);
  });
});

describe('keys that would reach a prototype', () => {
  const bucket = '{"resourceType": "AWS::S3::Bucket", "resourceId": "b", "arn": "arn:aws:s3:::b"';

  it('__proto__ inside a configuration item, as JSON.parse leaves it (an own key)', async () => {
    const text = `{"configurationItems": [${bucket}, "configuration": {"name": "b", "__proto__": {"polluted": "yes", "isAdmin": true}}}]}`;
    expect(Object.keys((JSON.parse(text) as { configurationItems: Array<{ configuration: object }> }).configurationItems[0]!.configuration)).toContain('__proto__');
    const err = await rejects('proto.json', text, 'configurationItems[0].configuration.__proto__');
    expect(err.detail).toBe('key "__proto__" is not allowed in configuration data');
    expectPrototypeClean();
  });

  it('__proto__ at the top of a record, in tags, and inside JSON-in-string values', async () => {
    await rejects('proto-top.json', `{"configurationItems": [${bucket}, "__proto__": {"polluted": 1}}]}`, 'configurationItems[0].__proto__');
    await rejects('proto-tags.json', `[${bucket}, "tags": {"__proto__": {"polluted": 1}}}]`, '[0].tags.__proto__');
    const acl = JSON.stringify('{"grantList": [], "__proto__": {"polluted": 1}}');
    await rejects('proto-acl.json', `{"configurationItems": [${bucket}, "supplementaryConfiguration": {"AccessControlList": ${acl}}}]}`, 'configurationItems[0].supplementaryConfiguration.AccessControlList.__proto__');
    const configuration = JSON.stringify('{"__proto__": {"polluted": 1}}');
    await rejects('proto-api.json', `{"baseConfigurationItems": [${bucket}, "configuration": ${configuration}}]}`, 'baseConfigurationItems[0].configuration.__proto__');
    const select = JSON.stringify(`${bucket}, "configuration": {"__proto__": {"polluted": 1}}}`);
    await rejects('proto-select.json', `{"Results": [${select}]}`, 'Results[0].configuration.__proto__');
  });

  it('__proto__ in a Cloud Asset and an Azure row', async () => {
    await rejects('proto-asset.ndjson', `{"name": "//storage.googleapis.com/b", "asset_type": "storage.googleapis.com/Bucket", "resource": {"data": {"labels": {"__proto__": {"polluted": 1}}}}}\n{"name": "//storage.googleapis.com/c", "asset_type": "storage.googleapis.com/Bucket"}\n`, 'line 1.resource.data.labels.__proto__');
    await rejects('proto-iam.json', `[{"name": "//storage.googleapis.com/b", "asset_type": "storage.googleapis.com/Bucket", "iam_policy": {"bindings": [{"__proto__": {"polluted": 1}}]}}]`, '[0].iam_policy.bindings[0].__proto__');
    await rejects('proto-row.json', `{"data": [{"id": "/subscriptions/s/x", "type": "t", "properties": {"__proto__": {"polluted": 1}}}]}`, 'data[0].properties.__proto__');
    await rejects('proto-table.json', `{"data": {"columns": [{"name": "id"}, {"name": "type"}, {"name": "__proto__"}], "rows": [["/subscriptions/s/x", "t", {"polluted": 1}]]}}`, 'data.rows[0].__proto__');
  });

  it('constructor and prototype keys', async () => {
    await rejects('constructor.json', `{"configurationItems": [${bucket}, "configuration": {"constructor": {"prototype": {"polluted": 1}}}}]}`, 'configurationItems[0].configuration.constructor');
    await rejects('prototype.json', `{"data": [{"id": "/subscriptions/s/x", "type": "t", "properties": {"a": {"prototype": {"polluted": 1}}}}]}`, 'data[0].properties.a.prototype');
    await rejects('constructor-asset.json', `[{"name": "//x/y", "assetType": "t", "resource": {"data": {"constructor": 1}}}]`, '[0].resource.data.constructor');
  });

  it('a key holding a line break on the way to a hostile key keeps the message on one line', async () => {
    const err = await rejects('newline-key.json', `{"configurationItems": [${bucket}, "configuration": {"a\\nb": {"__proto__": {}}}}]}`, 'configurationItems[0].configuration.a\nb.__proto__');
    expect(err.message).toContain('configuration.a\\nb.__proto__');
  });

  it('a file name holding a line break keeps the message on one line', async () => {
    const file = await scratch.write('two\nlines.json', '{"hello": 1}');
    const err = await importInputs([file]).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toMatch(/\n/);
    expect((err as Error).message).toContain('two\\nlines.json');
  });
});

describe('decodeFile on text', () => {
  it('rejects leading garbage with the file name and line 1', () => {
    expect(() => decodeAll('\u0000{}', 'nul.json')).toThrow(/^nul\.json: line 1: unknown format/);
    expect(() => decodeAll('<?xml version="1.0"?><a/>', 'a.xml')).toThrow(/^a\.xml: line 1: unknown format/);
  });
});
