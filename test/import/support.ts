import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { decodeFile } from '../../src/import/index.js';
import { InputError } from '../../src/import/input-error.js';
import type { Resource } from '../../src/inventory/resource.js';

/** The shared sample exports (real data written by other projects; see SOURCES.md there). */
export const SAMPLES = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

export function sample(relative: string): string {
  return join(SAMPLES, relative);
}

/** Every file below a sample folder, sorted, as paths relative to SAMPLES. */
export async function sampleFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(join(SAMPLES, dir))).sort()) {
      const rel = `${dir}/${name}`;
      if ((await stat(join(SAMPLES, rel))).isDirectory()) await walk(rel);
      else out.push(rel);
    }
  };
  await walk(folder);
  return out;
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/** A scratch folder per test file; `files` are written into it on demand. */
export class Scratch {
  private dir: string | undefined;

  async path(name = ''): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'safeguard-import-'));
    return join(this.dir, name);
  }

  /** Write text (or bytes, or a value serialised as JSON) and return the file's path. */
  async write(name: string, content: string | Uint8Array | object): Promise<string> {
    const file = await this.path(name);
    const data = typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2);
    await writeFile(file, data);
    return file;
  }

  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/** A configuration item in the history/snapshot envelope, for hand-made AWS inputs. */
export function configItem(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '1.3',
    accountId: '111122223333',
    configurationItemCaptureTime: '2024-05-01T10:00:00.000Z',
    configurationItemStatus: 'OK',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'phi-bucket',
    resourceName: 'phi-bucket',
    arn: 'arn:aws:s3:::phi-bucket',
    awsRegion: 'eu-west-1',
    tags: { team: 'records' },
    configuration: { name: 'phi-bucket' },
    supplementaryConfiguration: {},
    ...over,
  };
}

/** Decode text as if read from `file`, returning every emitted resource (no de-duplication). */
export function decodeAll(text: string, file = 'input.json'): { resources: Resource[]; format: string; records: number } {
  const resources: Resource[] = [];
  const info = decodeFile(text, file, (r) => resources.push(r));
  return { resources, format: info.format, records: info.records };
}

/** A resource without its provenance, for comparing the same resource read from two formats. */
export function withoutSource(r: Resource): Omit<Resource, 'source'> & { observedAt?: string } {
  const { source, ...rest } = r;
  return source.observedAt === undefined ? rest : { ...rest, observedAt: source.observedAt };
}

/**
 * The resources read from the inputs, without the containers the import adds for account-level
 * checks (`related.synthesized: true`: an AWS account, an Azure subscription named only by them).
 */
export function importedOnly(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => r.related.synthesized !== true);
}

/** The containers the import synthesized (`related.synthesized: true`), in inventory order. */
export function synthesizedOnly(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => r.related.synthesized === true);
}

/**
 * The `AWS::::Account` the import adds for an AWS account its resources name but no account fact
 * file describes: `file` is the first such resource's file, `scannedRegions` where they are.
 */
export function synthesizedAwsAccount(id: string, file: string, scannedRegions: string[]): Resource {
  return {
    provider: 'aws',
    type: 'AWS::::Account',
    id,
    name: id,
    account: id,
    region: 'global',
    tags: {},
    config: { accountId: id },
    related: { synthesized: true, scannedRegions },
    source: { format: 'synthesized', file },
  };
}

/**
 * The `microsoft.resources/subscriptions` resource the import adds for a subscription that has
 * resources but no subscription row: `file` is the first such resource's file.
 */
export function synthesizedAzureSubscription(id: string, file: string, tenantId?: string): Resource {
  return {
    provider: 'azure',
    type: 'microsoft.resources/subscriptions',
    id: `/subscriptions/${id}`,
    name: id,
    account: id,
    tags: {},
    config: { subscriptionId: id },
    related: tenantId === undefined ? { synthesized: true } : { synthesized: true, tenantId },
    source: { format: 'synthesized', file },
  };
}

export function byId(resources: readonly Resource[], id: string): Resource {
  const found = resources.find((r) => r.id === id);
  if (!found) throw new Error(`no resource ${id} among ${resources.map((r) => r.id).join(', ')}`);
  return found;
}

export function sortedById(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Await a rejection and check the contract every input error keeps: an `InputError`, one line,
 * naming the file and (when given) the place; returns it for further checks.
 */
export async function inputError(run: Promise<unknown> | (() => unknown), file: string, place?: string | RegExp): Promise<InputError> {
  let err: unknown;
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  const e = err as InputError;
  expect(e.message).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  if (place !== undefined) {
    if (typeof place === 'string') expect(e.place).toBe(place);
    else expect(e.place).toMatch(place);
    expect(e.message).toContain(`: ${oneLine(e.place ?? '')}: `);
  }
  return e;
}

/** How the one-line message shows a place that holds line breaks. */
function oneLine(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Nothing a hostile document carried reached `Object.prototype`. */
export function expectPrototypeClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'hacked']) expect(probe[key]).toBeUndefined();
}

export { InputError };
