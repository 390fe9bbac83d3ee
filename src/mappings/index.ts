import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { mappingsDir } from '../paths.js';

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

const SafeguardCatalogue = z.object({
  source: z.object({ title: z.string(), url: z.string(), as_of: z.union([z.string(), z.date()]), reviewed: z.union([z.string(), z.date()]) }),
  safeguards: z.array(Safeguard).min(1),
});

const CheckMap = z.object({
  source: z.object({ basis: z.array(z.string()), reviewed: z.union([z.string(), z.date()]) }),
  checks: z.record(z.string(), z.array(z.string()).min(1, 'maps to no safeguard')),
});

export interface Mappings {
  safeguards: Safeguard[];
  /** check id → citations, in catalogue order. */
  checkSafeguards: Map<string, string[]>;
}

let cached: Mappings | undefined;

/** Load and validate `mappings/`; a malformed mapping is a bug in the package, so it throws. */
export function loadMappings(dir = mappingsDir): Mappings {
  if (cached && dir === mappingsDir) return cached;
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
  const result = { safeguards: catalogue.safeguards, checkSafeguards };
  if (dir === mappingsDir) cached = result;
  return result;
}

function readYaml<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
