import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { gcpCollector, type GcpCollectOptions } from '../../../src/collect/gcp/index.js';
import { silentProgress, type Collection } from '../../../src/collect/index.js';
import { loadChecks } from '../../../src/engine/registry.js';
import { DEMO_PROJECT, SUBJECT_TOKEN, type CloudAssetEmulator } from './cloud-asset.js';

/** A subject token file, as GitHub's OIDC action (or a CI system) writes one for workload identity federation. */
export function subjectTokenFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-gcp-oidc-'));
  const file = join(dir, 'token');
  writeFileSync(file, SUBJECT_TOKEN);
  return file;
}

/** Options that sign in through the emulator's STS (an external_account ADC document) and list from it. */
export function emulatorOptions(emu: CloudAssetEmulator, extra: Partial<GcpCollectOptions> = {}): GcpCollectOptions {
  return { credentials: emu.externalAccount(subjectTokenFile()), endpoint: emu.url, projects: [DEMO_PROJECT], maxRetries: 4, ...extra };
}

export async function gradedGcpTypes(): Promise<string[]> {
  return (await loadChecks()).filter((c) => c.provider === 'gcp').flatMap((c) => c.resourceTypes);
}

export async function collectGcp(emu: CloudAssetEmulator, extra: Partial<GcpCollectOptions> = {}): Promise<Collection> {
  return gcpCollector.collect(emulatorOptions(emu, extra), { progress: silentProgress, resourceTypes: await gradedGcpTypes() });
}

/** The permissions of the documented least-privilege custom role (docs/permissions/gcp-role.yaml). */
export function documentedGcpPermissions(): string[] {
  const role = parse(readFileSync(new URL('../../../docs/permissions/gcp-role.yaml', import.meta.url), 'utf8')) as { includedPermissions: string[] };
  return role.includedPermissions;
}

/** Operations a scan made that the documented role does not grant. */
export function undocumentedGcp(calls: Record<string, number>): string[] {
  const allowed = new Set(documentedGcpPermissions());
  return Object.keys(calls).filter((op) => !allowed.has(op));
}
