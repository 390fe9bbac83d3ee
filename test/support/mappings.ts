import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../src/engine/check.js';
import { loadMappings, type LoadedMappings } from '../../src/mappings/index.js';
import { mappingsDir } from '../../src/paths.js';

/**
 * The packaged `mappings/` copied to a temporary folder with some files replaced (paths relative
 * to `mappings/`), then loaded: for cases the packaged data cannot show, such as a transcribed
 * Azure list or a broken profile.
 */
export function mappingsWith(files: Record<string, string>, profile: Profile = 'default'): LoadedMappings {
  const dir = mkdtempSync(join(tmpdir(), 'sg-mappings-'));
  cpSync(mappingsDir, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return loadMappings({ dir, profile });
}

/** A transcribed eligible-service list for tests; it names itself a test list. */
export function testList(provider: 'aws' | 'azure' | 'gcp', services: { service: string; namespaces: string[]; exclusions?: string }[], tools: { service: string; namespaces: string[]; basis: string }[] = []): string {
  return JSON.stringify({
    provider,
    status: 'transcribed',
    list: { title: `Test list for ${provider}`, url: `https://example.test/${provider}-eligible`, date: '2026-01-31', services: services.length, transcribedFrom: 'test', reviewed: '2026-02-01' },
    services,
    tools,
  });
}

/** An eligible-service list that is not transcribed, for tests. */
export function unavailableList(provider: 'aws' | 'azure' | 'gcp'): string {
  return JSON.stringify({
    provider,
    status: 'unavailable',
    reason: 'Not transcribed, for a test.',
    list: { title: `Test list for ${provider}`, url: `https://example.test/${provider}-eligible`, date: null, services: 0, transcribedFrom: 'test', reviewed: '2026-02-01' },
    services: [],
  });
}
