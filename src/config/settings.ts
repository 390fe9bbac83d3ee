import { readFile } from 'node:fs/promises';
import { lineOf, parseYaml } from './yaml-place.js';
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import { PROFILES } from '../engine/check.js';
import { ARCHIVE_FORMATS } from '../evidence/archive.js';
import { GATE_POLICIES } from '../gate/index.js';
import { InputError } from '../import/input-error.js';
import { BAA_FIELDS, BaaRegisterShape } from '../baa/register.js';

/**
 * `safeguard.yaml`: an infra repository's settings for safeguard, read by the CLI (`scan`,
 * `bundle`) and by the GitHub Action alike. Keys are the CLI's flag names, so a flag and its
 * setting read the same; a flag given on the command line (or an Action input) overrides the file.
 */

export const SETTINGS_FILES = ['safeguard.yaml', 'safeguard.yml'] as const;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** An id YAML may read as a number (a GCP organization or folder number): taken as its text. */
const id = z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v), nonEmpty);

/** A list written as a YAML sequence, one string, or a comma-separated string (as the CLI takes it). */
const names = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(id).min(1, 'must list at least one value'),
);

/** Tag keys and values: YAML reads `true` and `1` as boolean and number; tags are text. */
const tagWords = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.union([z.string().trim().min(1, 'must not be empty'), z.number(), z.boolean()]).transform(String)).min(1, 'must list at least one value'),
);

const paths = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(nonEmpty).min(1, 'must list at least one file or folder'));

/** `aws: true` is `aws: {}`; `aws: false` is `aws: {enabled: false}`. */
const cloud = <T extends z.ZodRawShape>(shape: T) =>
  z.preprocess((v) => (v === true ? {} : v === false ? { enabled: false } : v), z.strictObject({ enabled: z.boolean().optional(), ...shape }));

export const SettingsShape = z.strictObject({
  /** The format of this file; only 1 exists. */
  version: z.literal(1).optional(),
  /** Export files or folders, as `--input`; relative to the settings file. */
  input: paths.optional(),
  aws: cloud({ regions: names.optional(), aggregator: nonEmpty.optional(), profile: nonEmpty.optional() }).optional(),
  azure: cloud({ subscriptions: names.optional(), tenant: id.optional(), 'management-group': id.optional() }).optional(),
  gcp: cloud({ projects: names.optional(), folder: id.optional(), organization: id.optional() }).optional(),
  profile: z.enum(PROFILES).optional(),
  scope: z.enum(['all', 'ephi']).optional(),
  'fail-on': z.enum(GATE_POLICIES).optional(),
  'fail-on-error': z.boolean().optional(),
  waivers: nonEmpty.optional(),
  ephi: z.strictObject({ 'tag-keys': tagWords.optional(), 'tag-values': tagWords.optional() }).optional(),
  output: z.strictObject({ dir: nonEmpty.optional(), archive: z.enum(ARCHIVE_FORMATS).optional(), replace: z.boolean().optional() }).optional(),
  /** The gap questionnaire's answers, as `--attestations` (`safeguard assess` writes them); relative to the settings file. */
  attestations: nonEmpty.optional(),
  /** The BAA register: the business associate agreements, cloud providers and vendors (src/baa/register.ts). */
  baas: BaaRegisterShape.optional(),
});

export type SettingsValues = z.infer<typeof SettingsShape>;

/** The settings file as read: its values, and the line each key is on (for messages). */
export interface Settings {
  /** The file as found or given. */
  file: string;
  values: SettingsValues;
  /** 1-based line of a key, by its dotted path (`aws.regions`, `fail-on`). */
  lineOf(path: string): number | undefined;
}

/** The keys each map allows, for "unknown key" messages and hints. */
const KEYS: Record<string, readonly string[]> = {
  '': Object.keys(SettingsShape.shape),
  aws: ['enabled', 'regions', 'aggregator', 'profile'],
  azure: ['enabled', 'subscriptions', 'tenant', 'management-group'],
  gcp: ['enabled', 'projects', 'folder', 'organization'],
  ephi: ['tag-keys', 'tag-values'],
  output: ['dir', 'archive', 'replace'],
  baas: BAA_FIELDS,
};

/**
 * Keys people write for something that lives elsewhere in this file: the CLI's flag names that
 * are nested here, Action input names, and other tools' spellings.
 */
const MOVED: Record<string, Record<string, string>> = {
  '': {
    inputs: 'input',
    regions: 'aws.regions',
    region: 'aws.regions',
    aggregator: 'aws.aggregator',
    'aws-profile': 'aws.profile',
    subscriptions: 'azure.subscriptions',
    subscription: 'azure.subscriptions',
    tenant: 'azure.tenant',
    'management-group': 'azure.management-group',
    folder: 'gcp.folder',
    organization: 'gcp.organization',
    projects: 'gcp.projects',
    project: 'gcp.projects',
    out: 'output.dir',
    'output-dir': 'output.dir',
    archive: 'output.archive',
    force: 'output.replace',
    'ephi-tag-keys': 'ephi.tag-keys',
    'ephi-tag-values': 'ephi.tag-values',
    'tag-keys': 'ephi.tag-keys',
    'tag-values': 'ephi.tag-values',
    policy: 'fail-on',
    gate: 'fail-on',
    waiver: 'waivers',
    'waivers-file': 'waivers',
    attestation: 'attestations',
    baa: 'baas',
    'baa-register': 'baas',
  },
  aws: { region: 'regions', 'aws-profile': 'profile' },
  azure: { subscription: 'subscriptions', 'tenant-id': 'tenant', 'management-group-id': 'management-group' },
  gcp: { project: 'projects', 'folder-id': 'folder', org: 'organization', 'organization-id': 'organization' },
  ephi: { keys: 'tag-keys', values: 'tag-values' },
  output: { out: 'dir', directory: 'dir', path: 'dir', force: 'replace', format: 'archive' },
};

/** Read and validate a settings file; any mistake is an `InputError` naming the file and line. */
export async function loadSettings(file: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, undefined, code === 'ENOENT' ? 'no such settings file' : code === 'EISDIR' ? 'is a folder, not a settings file' : `cannot read the settings file (${code ?? 'error'})`);
  }
  return parseSettings(text, file);
}

/** Parse settings YAML. Exported for tests. */
export function parseSettings(source: string, file: string): Settings {
  const { doc, lc } = parseYaml(source, file);
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(file, lineOf(doc, [], lc) ? `line ${lineOf(doc, [], lc)}` : undefined, 'expected a map of settings (input, aws, profile, fail-on, ...), not a list or a single value');
  }
  const parsed = SettingsShape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const { at, message } = describeIssue(issue, path, raw, doc, lc);
    throw new InputError(file, at ? `line ${at}` : undefined, message);
  }
  return {
    file,
    values: parsed.data,
    lineOf: (dotted) => lineOf(doc, dotted.split('.'), lc),
  };
}

function describeIssue(issue: z.core.$ZodIssue, path: (string | number)[], raw: unknown, doc: Document, lc: LineCounter): { at: number | undefined; message: string } {
  const where = dotted(path);
  const actual = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const parent = path.filter((p): p is string => typeof p === 'string').join('.');
      const allowed = KEYS[parent] ?? [];
      const full = parent ? `${parent}.${key}` : key;
      const hint = suggest(key, allowed, MOVED[parent] ?? {}, parent);
      return {
        at: lineOf(doc, [...path, key], lc),
        message: `unknown key ${JSON.stringify(full)}${hint ? ` (did you mean ${hint}?)` : ` (expected ${allowed.join(', ')})`}`,
      };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const hint = typeof actual === 'string' ? suggest(actual, values, {}, '') : undefined;
      return {
        at: lineOf(doc, path, lc),
        message: `${where}: ${JSON.stringify(actual)} is not one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`,
      };
    }
    case 'invalid_type': {
      if (actual === undefined) return { at: lineOf(doc, path, lc), message: `${where}: missing` };
      const cloudKey = path.length === 1 && ['aws', 'azure', 'gcp'].includes(String(path[0]));
      const expected = cloudKey
        ? `true, false, or a map of ${KEYS[String(path[0])]!.filter((k) => k !== 'enabled').join(', ')}`
        : issue.expected === 'boolean'
          ? 'true or false'
          : issue.expected === 'array'
            ? 'a list'
            : issue.expected === 'object'
              ? `a map of ${(KEYS[where] ?? []).join(', ')}`
              : `a ${issue.expected}`;
      const yaml11 = issue.expected === 'boolean' && typeof actual === 'string' && /^(yes|no|on|off|y|n)$/i.test(actual) ? ' (YAML 1.2 reads yes/no/on/off as text: write true or false)' : '';
      return { at: lineOf(doc, path, lc), message: `${where}: expected ${expected}, got ${describe(actual)}${yaml11}` };
    }
    default:
      return { at: lineOf(doc, path, lc), message: `${where}: ${issue.message}` };
  }
}

/** The closest allowed key: a moved key's new place, the same words spelt otherwise, or a near miss. */
export function suggest(word: string, allowed: readonly string[], moved: Readonly<Record<string, string>>, parent: string): string | undefined {
  const norm = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[_\s]+/g, '-').toLowerCase();
  const n = norm(word);
  const prefix = parent ? `${parent}.` : '';
  if (moved[n]) return moved[n]!.includes('.') ? moved[n] : prefix + moved[n];
  const same = allowed.find((k) => norm(k) === n);
  if (same) return prefix + same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of allowed) {
    const d = distance(n, norm(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  // A near miss: at most 2 edits, and fewer than half the word.
  return best !== undefined && bestDistance <= Math.min(2, Math.floor(n.length / 2)) ? prefix + best : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function dotted(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(top level)';
}

function describe(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

