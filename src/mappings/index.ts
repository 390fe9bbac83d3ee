import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROFILES, type EligibleService, type Profile } from '../engine/check.js';
import type { Provider } from '../inventory/resource.js';
import { mappingsDir } from '../paths.js';
import { catalogueMappings, readCatalogue } from '../engine/prebuilt-catalogue.js';

export const Safeguard = z.object({
  id: z.string().regex(/^164\.3(08|10|12)\(/, 'not a 45 CFR 164.308/310/312 citation'),
  title: z.string().min(1),
  standard: z.string().min(1),
  standardCitation: z.string().min(1),
  section: z.enum(['administrative', 'physical', 'technical']),
  kind: z.enum(['standard', 'specification']),
  status: z.enum(['required', 'addressable']),
  summary: z.string().min(1),
  evidence: z.string().min(1),
});
export type Safeguard = z.infer<typeof Safeguard>;

/**
 * A catalogue entry as a profile reads it: its status may differ, with a note saying why.
 * `hasSpecifications` marks a standard graded through its implementation specifications.
 */
export type CatalogueEntry = Safeguard & { note?: string; hasSpecifications?: boolean };

const day = z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

const SafeguardCatalogue = z.object({
  source: z.object({ title: z.string(), url: z.string(), as_of: day, reviewed: day }),
  safeguards: z.array(Safeguard).min(1),
});

const CheckMap = z.object({
  source: z.object({ basis: z.array(z.string()), reviewed: day }),
  checks: z.record(z.string(), z.array(z.string()).min(1, 'maps to no safeguard')),
});

const ProfileFile = z.object({
  profile: z.enum(PROFILES),
  title: z.string().min(1),
  inForce: z.boolean(),
  description: z.string().min(1),
  banner: z.string().min(1).optional(),
  citation: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  statusNotes: z.array(z.string().min(1)).default([]),
  overrides: z
    .array(
      z.object({
        id: z.string().min(1),
        status: z.enum(['required', 'addressable']),
        note: z.string().min(1).optional(),
        evidence: z.string().min(1).optional(),
      }),
    )
    .default([]),
}).refine((p) => p.inForce || p.banner, { message: 'a profile that is not in force needs a banner saying so', path: ['banner'] });

/** What a profile is: `nprm-2025` is a proposal, and says so. */
export interface ProfileInfo {
  id: Profile;
  title: string;
  inForce: boolean;
  description: string;
  /** One line to print above anything graded under a profile that is not in force. */
  banner?: string;
  citation?: string;
  url?: string;
  statusNotes: string[];
}

const ServiceEntry = z.object({
  service: z.string().min(1),
  namespaces: z.array(z.string().min(1)),
  iamPrefixes: z.array(z.string().min(1)).default([]),
  exclusions: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});

const ToolEntry = z.object({
  service: z.string().min(1),
  namespaces: z.array(z.string().min(1)).min(1),
  iamPrefixes: z.array(z.string().min(1)).default([]),
  basis: z.string().min(1),
});

const EligibleServiceFile = z
  .object({
    provider: z.enum(['aws', 'azure', 'gcp']),
    status: z.enum(['transcribed', 'unavailable']),
    reason: z.string().min(1).optional(),
    list: z.object({
      title: z.string().min(1),
      url: z.string().min(1),
      date: day.nullable(),
      services: z.number().int().nonnegative(),
      transcribedFrom: z.string().min(1),
      reviewed: day,
    }),
    caveats: z.array(z.string().min(1)).default([]),
    services: z.array(ServiceEntry),
    tools: z.array(ToolEntry).default([]),
  })
  .superRefine((f, ctx) => {
    if (f.status === 'transcribed') {
      if (!f.list.date) ctx.addIssue({ code: 'custom', path: ['list', 'date'], message: 'a transcribed list needs the date it carries' });
      if (f.services.length !== f.list.services) {
        ctx.addIssue({ code: 'custom', path: ['services'], message: `lists ${f.services.length} services, but list.services says ${f.list.services}` });
      }
    } else {
      if (!f.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an unavailable list needs the reason' });
      if (f.services.length) ctx.addIssue({ code: 'custom', path: ['services'], message: 'an unavailable list must be empty' });
    }
  });

type EligibleServiceFile = z.infer<typeof EligibleServiceFile>;

/** One cloud's HIPAA-eligible service list, with its source and date (`mappings/eligible-services/`). */
export interface EligibleServiceList {
  provider: Provider;
  status: 'transcribed' | 'unavailable';
  /** Why the list is not transcribed. */
  reason?: string;
  title: string;
  url: string;
  /** The date the list carries; `null` when it is not transcribed. */
  date: string | null;
  /** How many services the list has. */
  count: number;
  /** When the project last checked the file against its source. */
  reviewed: string;
  caveats: string[];
  services: EligibleServiceFile['services'];
  tools: EligibleServiceFile['tools'];
  /** Every pattern, most specific first (see `lookupEligibleService`). */
  patterns: { pattern: string; service: string; exclusions?: string; tool?: string }[];
}

export interface Mappings {
  /** The catalogue with the profile's statuses. */
  safeguards: CatalogueEntry[];
  /** check id → citations, in catalogue order. */
  checkSafeguards: Map<string, string[]>;
  /** The profile the statuses are read under. */
  profile?: ProfileInfo;
  /** Each cloud's HIPAA-eligible service list. */
  eligibleServices?: Record<Provider, EligibleServiceList>;
}

/** Mappings as `loadMappings` returns them: every part present. */
export type LoadedMappings = Required<Mappings>;

export interface LoadOptions {
  profile?: Profile;
  /** The mappings folder; the packaged one by default. */
  dir?: string;
  /** Parse and validate the YAML even when the prebuilt catalogue (dist/catalogue.json) holds it. */
  live?: boolean;
}

const cached = new Map<Profile, LoadedMappings>();

/**
 * Load and validate `mappings/` under a profile (the catalogue's statuses are the profile's);
 * a malformed mapping is a bug in the package, so it throws. A string is the folder (default
 * profile).
 */
export function loadMappings(options: LoadOptions | string = {}): LoadedMappings {
  const { profile = 'default', dir = mappingsDir, live = false } = typeof options === 'string' ? { dir: options } : options;
  const packaged = dir === mappingsDir && !live;
  const hit = packaged ? cached.get(profile) : undefined;
  if (hit) return hit;
  // The built CLI reads the mappings `npm run build` validated, if they are still what is on disk.
  const prebuilt = packaged ? readCatalogue() : undefined;
  if (prebuilt) {
    const result = catalogueMappings(prebuilt, profile);
    cached.set(profile, result);
    return result;
  }
  const catalogue = readYaml(join(dir, 'safeguards.yaml'), SafeguardCatalogue);
  const known = new Set(catalogue.safeguards.map((s) => s.id));
  const order = new Map(catalogue.safeguards.map((s, i) => [s.id, i]));
  const checkSafeguards = new Map<string, string[]>();
  // The map is split by topic (one file per area of checks) so reviews stay small.
  const mapDir = join(dir, 'check-safeguards');
  for (const name of readdirSync(mapDir).filter((n) => n.endsWith('.yaml')).sort()) {
    const map = readYaml(join(mapDir, name), CheckMap);
    for (const [check, citations] of Object.entries(map.checks)) {
      const where = `mappings/check-safeguards/${name}`;
      if (checkSafeguards.has(check)) throw new Error(`${where}: ${check} is mapped in more than one file`);
      for (const c of citations) {
        if (!known.has(c)) throw new Error(`${where}: ${check} cites ${c}, which is not in mappings/safeguards.yaml`);
      }
      checkSafeguards.set(check, [...new Set(citations)].sort((a, b) => order.get(a)! - order.get(b)!));
    }
  }
  const { info, safeguards } = applyProfile(dir, profile, catalogue.safeguards, known);
  const eligibleServices = {
    aws: loadEligibleServices(dir, 'aws'),
    azure: loadEligibleServices(dir, 'azure'),
    gcp: loadEligibleServices(dir, 'gcp'),
  };
  const result: LoadedMappings = { safeguards, checkSafeguards, profile: info, eligibleServices };
  if (packaged) cached.set(profile, result);
  return result;
}

/** `mappings/profiles/<profile>.yaml`: what the profile is, and the statuses it changes. */
function applyProfile(dir: string, profile: Profile, base: Safeguard[], known: Set<string>): { info: ProfileInfo; safeguards: CatalogueEntry[] } {
  const where = `mappings/profiles/${profile}.yaml`;
  const spec = readYaml(join(dir, 'profiles', `${profile}.yaml`), ProfileFile);
  if (spec.profile !== profile) throw new Error(`${where}: profile is ${spec.profile}, expected ${profile}`);
  const overrides = new Map<string, (typeof spec.overrides)[number]>();
  for (const o of spec.overrides) {
    if (!known.has(o.id)) throw new Error(`${where}: overrides ${o.id}, which is not in mappings/safeguards.yaml`);
    if (overrides.has(o.id)) throw new Error(`${where}: overrides ${o.id} twice`);
    overrides.set(o.id, o);
  }
  const withSpecifications = new Set(base.filter((s) => s.kind === 'specification').map((s) => s.standardCitation));
  const safeguards = base.map((s): CatalogueEntry => {
    const o = overrides.get(s.id);
    const graded = s.kind === 'standard' && withSpecifications.has(s.id) ? { hasSpecifications: true } : {};
    if (!o) return { ...s, ...graded };
    return { ...s, ...graded, status: o.status, ...(o.evidence ? { evidence: o.evidence } : {}), ...(o.note ? { note: o.note } : {}) };
  });
  const info: ProfileInfo = {
    id: profile,
    title: spec.title,
    inForce: spec.inForce,
    description: spec.description,
    statusNotes: spec.statusNotes,
    ...(spec.banner ? { banner: spec.banner } : {}),
    ...(spec.citation ? { citation: spec.citation } : {}),
    ...(spec.url ? { url: spec.url } : {}),
  };
  return { info, safeguards };
}

function loadEligibleServices(dir: string, provider: Provider): EligibleServiceList {
  const file = readYaml(join(dir, 'eligible-services', `${provider}.yaml`), EligibleServiceFile);
  if (file.provider !== provider) throw new Error(`mappings/eligible-services/${provider}.yaml: provider is ${file.provider}, expected ${provider}`);
  const patterns: EligibleServiceList['patterns'] = [];
  for (const s of file.services) {
    for (const pattern of s.namespaces) patterns.push({ pattern, service: s.service, ...(s.exclusions ? { exclusions: s.exclusions } : {}) });
  }
  for (const t of file.tools) for (const pattern of t.namespaces) patterns.push({ pattern, service: t.service, tool: t.basis });
  // Most specific first; a stable sort keeps the file's order among equals.
  patterns.sort((a, b) => b.pattern.length - a.pattern.length);
  return {
    provider,
    status: file.status,
    ...(file.reason ? { reason: file.reason } : {}),
    title: file.list.title,
    url: file.list.url,
    date: file.list.date,
    count: file.list.services,
    reviewed: file.list.reviewed,
    caveats: file.caveats,
    services: file.services,
    tools: file.tools,
    patterns,
  };
}

/**
 * Find a native type in a cloud's list. A pattern matches the type itself, the types below it
 * (`AWS::S3` → `AWS::S3::Bucket`; `Microsoft.Sql/servers` → `Microsoft.Sql/servers/databases`;
 * `storage.googleapis.com` → `storage.googleapis.com/Bucket`), or, ending in `*`, every type that
 * starts with it. The longest pattern wins. Azure types compare case-insensitively.
 */
export function lookupEligibleService(list: EligibleServiceList, type: string): EligibleService {
  const about = { listDate: list.date, listCount: list.count, source: list.url };
  if (list.status === 'unavailable') return { listed: undefined, ...about, unavailable: list.reason ?? 'the list is not transcribed' };
  const fold = (s: string) => (list.provider === 'azure' ? s.toLowerCase() : s);
  const separator = list.provider === 'aws' ? '::' : '/';
  const t = fold(type);
  const hit = list.patterns.find(({ pattern }) => {
    const p = fold(pattern);
    return p.endsWith('*') ? t.startsWith(p.slice(0, -1)) : t === p || t.startsWith(p + separator);
  });
  if (!hit) return { listed: false, ...about };
  const found = { service: hit.service, matched: hit.pattern, ...about };
  if (hit.tool) return { listed: false, ...found, tool: hit.tool };
  return { listed: true, ...found, ...(hit.exclusions ? { exclusions: hit.exclusions } : {}) };
}

function readYaml<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
