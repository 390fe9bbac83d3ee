import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importInputs, type Inventory } from '../../src/import/index.js';
import { InputError } from '../../src/import/input-error.js';

/**
 * The stream (files above 32 MiB; forced on here with `streamAbove: 0`) refuses what the whole-file
 * path refuses, with the same one-line error naming the file and place: also in the parts of a
 * document it does not import (an array beside the records, the records of a list it does not
 * stream), which it used to step over by counting brackets only.
 */

type Outcome = { ok: Inventory } | { error: string };

async function outcome(file: string, options: { streamAbove: number; streamChunk?: number }): Promise<Outcome> {
  try {
    return { ok: await importInputs([file], options) };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

const scratch = await mkdtemp(join(tmpdir(), 'sg-stream-validation-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));
let n = 0;

async function both(content: string | Buffer): Promise<{ whole: Outcome; streamed: Outcome[] }> {
  const file = join(scratch, `case-${n++}.json`);
  await writeFile(file, content);
  const whole = await outcome(file, { streamAbove: Number.POSITIVE_INFINITY });
  const streamed: Outcome[] = [];
  for (const chunk of content.length < 64 * 1024 ? [1, 7, 1024, 1 << 20] : [4093, 1 << 20]) streamed.push(await outcome(file, { streamAbove: 0, streamChunk: chunk }));
  return { whole, streamed };
}

const item = (i: number) => ({
  version: '1.3', accountId: '111122223333', configurationItemCaptureTime: '2026-11-01T00:00:00.000Z', configurationItemStatus: 'OK', awsRegion: 'us-east-1',
  resourceType: 'AWS::EC2::Volume', resourceId: `vol-${i}`, arn: `arn:aws:ec2:us-east-1:111122223333:volume/vol-${i}`, configuration: { volumeId: `vol-${i}`, encrypted: true },
});
const items = JSON.stringify([item(1), item(2), item(3)]);
/** A snapshot with `raw` as the text of one more member, `key`, before or after the records. */
const withMember = (key: string, raw: string, after = false): string =>
  after ? `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":${items},${JSON.stringify(key)}:${raw}}` : `{"fileVersion":"1.0","configSnapshotId":"x",${JSON.stringify(key)}:${raw},"configurationItems":${items}}`;

describe('the stream refuses what the whole-file path refuses, outside the records it imports', () => {
  const bad: [string, string | Buffer][] = [
    ['a duplicate key in the second element of another array', withMember('extras', '[{"a":1},{"b":1,"b":2}]')],
    ['a duplicate key in another array after the records', withMember('extras', '[{"a":1},{"b":1,"b":2}]', true)],
    ['a duplicate key in a list the format does not import (assets beside configurationItems)', withMember('assets', '[{"a":1},{"b":{"c":1,"c":2}}]', true)],
    ['invalid JSON in the second element of another array', withMember('extras', '[{"a":1},{"b":tru}]')],
    ['a bad escape in a string of another array', withMember('extras', '[1,"\\x"]', true)],
    ['a number that is not JSON in another array', withMember('extras', '[1,01]')],
    ['a control character in a string of another array', withMember('extras', '[1,"a\tb"]')],
    ['bytes that are not UTF-8 in another array', Buffer.concat([Buffer.from(withMember('extras', '[1,"@@"]').split('@@')[0]!), Buffer.from([0xc3, 0x28]), Buffer.from(withMember('extras', '[1,"@@"]').split('@@')[1]!)])],
    ['a 10 MB string with a bad escape in another array (the error does not echo it)', withMember('extras', `[1,"${'A'.repeat(10 * 1024 * 1024)}\\q"]`)],
    ['a duplicate 10 MB key in another array (the error clips it)', withMember('extras', `[1,{"${'K'.repeat(10 * 1024 * 1024)}":1,"${'K'.repeat(10 * 1024 * 1024)}":2}]`)],
  ];
  for (const [what, content] of bad) {
    it(what, async () => {
      const { whole, streamed } = await both(content);
      expect(whole).toHaveProperty('error');
      const message = (whole as { error: string }).error;
      // One line, naming the file and a place, and never the whole 10 MB value.
      expect(message).not.toContain('\n');
      expect(message.length).toBeLessThan(2000);
      expect(message).toMatch(/case-\d+\.json: (line \d+, column \d+|byte \d+): /);
      for (const s of streamed) expect(s).toEqual(whole);
    });
  }

  const good: [string, string][] = [
    ['another array of valid values is read past, as the whole-file path reads it', withMember('extras', '[{"a":1},{"b":[1,2,{"c":"\\u00e9\\"]"}]},null,-0.5e3]')],
    ['the same key in two different objects of another array', withMember('extras', '[{"a":1},{"a":2}]', true)],
  ];
  for (const [what, content] of good) {
    it(what, async () => {
      const { whole, streamed } = await both(content);
      expect(whole).toHaveProperty('ok');
      for (const s of streamed) expect(s).toEqual(whole);
    });
  }
});
