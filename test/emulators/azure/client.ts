import { readFileSync } from 'node:fs';
import { ClientSecretCredential } from '@azure/identity';
import { azureCollector, type AzureCollectOptions } from '../../../src/collect/azure/index.js';
import { silentProgress, type Collection } from '../../../src/collect/index.js';
import { loadChecks } from '../../../src/engine/registry.js';
import { DEMO_TENANT, type AzureEmulator } from './arm.js';

/**
 * A real MSAL client-credentials sign-in against the emulator's token endpoint. Instance discovery
 * asks login.microsoftonline.com about the authority, which no test can reach; the option that
 * turns it off exists for private clouds and Azure Stack, as here.
 */
export function emulatorCredential(emu: AzureEmulator, tenant = DEMO_TENANT, retryOptions?: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number }): ClientSecretCredential {
  return new ClientSecretCredential(tenant, '00000000-0000-0000-0000-00000000c11e', 'emulator-secret', {
    authorityHost: emu.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: emu.ca },
    ...(retryOptions ? { retryOptions } : {}),
  });
}

/** Options that point every SDK client at the emulator, with quick retries. */
export function emulatorOptions(emu: AzureEmulator, extra: Partial<AzureCollectOptions> = {}): AzureCollectOptions {
  return {
    credential: emulatorCredential(emu),
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tls: { ca: emu.ca },
    maxRetries: 4,
    retryDelayMs: 50,
    maxRetryDelayMs: 500,
    ...extra,
  };
}

/** The Azure types the shipped checks grade, as scan.ts passes them. */
export async function gradedAzureTypes(): Promise<string[]> {
  return (await loadChecks()).filter((c) => c.provider === 'azure').flatMap((c) => c.resourceTypes);
}

export async function collectAzure(emu: AzureEmulator, extra: Partial<AzureCollectOptions> = {}): Promise<Collection> {
  return azureCollector.collect(emulatorOptions(emu, extra), { progress: silentProgress, resourceTypes: await gradedAzureTypes() });
}

/** The documented permissions (docs/permissions/azure-role.json). */
export function documentedAzureOperations(): { roleActions: string[]; arm: string[]; graph: Map<string, string> } {
  const doc = JSON.parse(readFileSync(new URL('../../../docs/permissions/azure-role.json', import.meta.url), 'utf8')) as {
    azureRole: { actions: string[] };
    armOperations: string[];
    microsoftGraph: { permissions: Record<string, string[]> };
  };
  const graph = new Map(Object.entries(doc.microsoftGraph.permissions).flatMap(([permission, ops]) => ops.map((op) => [op, permission] as const)));
  return { roleActions: doc.azureRole.actions, arm: doc.armOperations, graph };
}

/** Operations a scan made that the documented role and Graph permissions do not cover. */
export function undocumentedAzure(calls: Record<string, number>): string[] {
  const { roleActions, arm, graph } = documentedAzureOperations();
  const byRole = (op: string) => roleActions.some((a) => (a.startsWith('*') ? op.toLowerCase().endsWith(a.slice(1).toLowerCase()) : a.toLowerCase() === op.toLowerCase()));
  return Object.keys(calls).filter((op) => (op.startsWith('graph:') ? !graph.has(op) : !(arm.includes(op) && byRole(op))));
}
