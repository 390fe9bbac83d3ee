import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checksDir } from '../paths.js';
import { CATEGORIES, PROFILES, SEVERITIES, type Check } from './check.js';

const PROVIDERS = ['aws', 'azure', 'gcp'] as const;

/**
 * Every check under `checks/<cloud>/`, one a file. Folders and files starting with `_` hold
 * shared helpers and are not checks. A check whose file and id disagree, or whose metadata is
 * incomplete, is a packaging bug and stops the program.
 */
export async function loadChecks(dir = checksDir): Promise<Check[]> {
  const checks: Check[] = [];
  const seen = new Set<string>();
  for (const provider of PROVIDERS) {
    let names: string[];
    try {
      names = readdirSync(join(dir, provider));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (name.startsWith('_') || name.endsWith('.d.ts') || name.includes('.test.')) continue;
      const m = /^(.+)\.(js|ts)$/.exec(name);
      if (!m) continue;
      const mod = (await import(pathToFileURL(join(dir, provider, name)).href)) as { default?: unknown };
      const check = mod.default as Check | undefined;
      const where = `checks/${provider}/${name}`;
      if (!check || typeof check !== 'object' || typeof check.evaluate !== 'function') throw new Error(`${where}: no default-exported check`);
      validate(check, provider, m[1]!, where);
      if (seen.has(check.id)) throw new Error(`${where}: duplicate check id ${check.id}`);
      seen.add(check.id);
      checks.push(check);
    }
  }
  return checks;
}

function validate(check: Check, provider: string, basename: string, where: string): void {
  const expectedId = `${provider}-${basename}`;
  if (check.id !== expectedId) throw new Error(`${where}: id is ${check.id}, expected ${expectedId}`);
  if (check.provider !== provider) throw new Error(`${where}: provider is ${check.provider}, expected ${provider}`);
  if (!check.title || !check.rationale || !check.remediation?.text) throw new Error(`${where}: title, rationale and remediation.text are required`);
  if (!Array.isArray(check.resourceTypes) || check.resourceTypes.length === 0) throw new Error(`${where}: resourceTypes is empty`);
  if (!(CATEGORIES as readonly string[]).includes(check.category)) throw new Error(`${where}: unknown category ${check.category}`);
  if (!(SEVERITIES as readonly string[]).includes(check.severity)) throw new Error(`${where}: unknown severity ${check.severity}`);
  for (const p of check.profiles ?? []) if (!(PROFILES as readonly string[]).includes(p)) throw new Error(`${where}: unknown profile ${p}`);
}
