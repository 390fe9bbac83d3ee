import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWaivers } from '../src/engine/waivers.js';
import { importInputs } from '../src/import/index.js';
import { InputError } from '../src/import/input-error.js';
import { COMMITTED } from './corpus/cases.js';
import { GENERATED } from './corpus/generated.js';

/**
 * Every input in test/corpus (and the big or unrepresentable ones made at test time) through the
 * real CLI: exit 2, one line on stderr naming the file and the place, no stack trace, nothing
 * written to --out; and through the decoders in this process, with no prototype pollution.
 */

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../fixtures/demo', import.meta.url));
/** A hostile input must be refused quickly, not after a hang or a long search. */
const TIME_LIMIT_MS = 60_000;

interface Case {
  id: string;
  what: string;
  option: '--input' | '--waivers';
  path: string;
  /** The path the error names. */
  names: string;
  place: string | null;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** What the run left in its own (initially empty) output parent folder. */
  leftBehind: string[];
}

let scratch: string;
const cases: Case[] = [];
const runs = new Map<string, Run>();

for (const c of COMMITTED) {
  const path = join(CORPUS, c.file);
  cases.push({ id: c.file, what: c.what, option: c.file.startsWith('waivers/') ? '--waivers' : '--input', path, names: path, place: c.place });
}

function runCli(args: string[], cwd: string): Promise<Omit<Run, 'leftBehind'>> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', SAFEGUARD_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'safeguard-hostile-'));
  await mkdir(join(scratch, 'in'));
  for (const g of GENERATED) {
    const path = join(scratch, 'in', g.name);
    await g.make(path);
    cases.push({ id: `generated/${g.name}`, what: g.what, option: g.option, path, names: g.names ? join(scratch, 'in', g.names) : path, place: g.place });
  }
  // A few CLI processes at a time: each is a whole scan start-up.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const parent = join(scratch, 'out', String(cases.indexOf(c)));
      await mkdir(parent, { recursive: true });
      const input = c.option === '--input' ? ['--input', c.path] : ['--input', DEMO, '--waivers', c.path];
      const run = await runCli(['scan', ...input, '--out', join(parent, 'bundle'), '--no-config'], parent);
      runs.set(c.id, { ...run, leftBehind: await readdir(parent) });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}, 600_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the corpus', () => {
  it('holds at least 50 bad inputs, each listed in its README', async () => {
    expect(COMMITTED.length + GENERATED.length).toBeGreaterThanOrEqual(50);
    const readme = await readFile(join(CORPUS, 'README.md'), 'utf8');
    for (const c of COMMITTED) expect(readme, c.file).toContain(`\`${c.file}\``);
    for (const g of GENERATED) expect(readme, g.name).toContain(`\`${g.name}\``);
  });

  it('every committed file is in the table, and every table entry exists', async () => {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(join(CORPUS, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(rel);
        else if (dir) files.push(rel);
      }
    };
    await walk('');
    expect(files.sort()).toEqual(COMMITTED.map((c) => c.file).sort());
  });
});

describe('through the CLI: exit 2, one line naming the file and the place, nothing written', () => {
  it.each(COMMITTED.map((c) => c.file).concat(GENERATED.map((g) => `generated/${g.name}`)))('%s', (id) => {
    const c = cases.find((x) => x.id === id)!;
    const run = runs.get(id)!;
    expect(run.signal, `${id} did not finish within ${TIME_LIMIT_MS} ms`).toBeNull();
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
    // One line, ending in a newline; short enough to read, however big the input.
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.slice(0, -1)).not.toMatch(/[\n\r]/);
    expect(run.stderr.length).toBeLessThan(1600 + c.names.length);
    const prefix = `safeguard: error: ${c.names}: `;
    expect(run.stderr.startsWith(prefix), run.stderr).toBe(true);
    if (c.place !== null) expect(run.stderr.slice(prefix.length).startsWith(c.place), run.stderr).toBe(true);
    // No stack trace, on either stream.
    for (const text of [run.stderr, run.stdout]) {
      expect(text).not.toMatch(/^\s+at .+[:(]\d+/m);
      expect(text).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError): /);
    }
    expect(run.stdout).toBe('');
    expect(run.leftBehind).toEqual([]);
  });
});

describe('through the decoders in-process: an InputError, and no prototype pollution', () => {
  it.each(COMMITTED.map((c) => c.file).concat(GENERATED.map((g) => `generated/${g.name}`)))('%s', async (id) => {
    const c = cases.find((x) => x.id === id)!;
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const error = await (c.option === '--input' ? importInputs([c.path]) : loadWaivers(c.path)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.file).toBe(c.names);
    if (c.place !== null) expect(e.place ?? e.detail).toMatch(new RegExp(`^${c.place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
