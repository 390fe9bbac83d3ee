import type { GcpCollectOptions } from '../../src/collect/gcp/index.js';
import { DEMO_PROJECT, demoGcpRecords, generatedBuckets, STS_OPERATION, type CloudAssetEmulator, type GcpFaultKind, type GcpInjection, type Json } from '../emulators/gcp/cloud-asset.js';
import { emulatorOptions } from '../emulators/gcp/client.js';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, scanLive, type JudgeRules, type ScanResult } from './azure-harness.js';

/**
 * One fault scenario on the Cloud Asset emulator: a scan with the real collector, engine and gate,
 * the fault injected by the emulator. The invariants are the Azure suite's (`judgeScan` in
 * azure-harness.ts); only the estate, the options and which faults may stop the scan differ.
 */

/** Assets per ListAssets page here, so that RESOURCE and IAM_POLICY take several pages to repeat. */
export const PAGE_SIZE = 40;

export const PERSISTENT: GcpFaultKind[] = ['throttle-429', 'throttle', 'status-500', 'status-503', 'reset', 'hang', 'denied', 'malformed', 'html'];
export const TRANSIENT: GcpFaultKind[] = ['throttle', 'status-500', 'status-503', 'reset', 'hang'];

/** The demo estate plus 120 buckets, half of them with their own IAM policy record. */
export function faultRecords(): Json[] {
  const buckets = generatedBuckets(120);
  const policies = buckets.filter((_, i) => i % 2 === 0).map((b) => ({
    name: b.name,
    assetType: b.assetType,
    iamPolicy: { version: 1, etag: 'BwXyZ1234=', bindings: [{ role: 'roles/storage.objectViewer', members: [`serviceAccount:reader@${DEMO_PROJECT}.iam.gserviceaccount.com`] }] },
    ancestors: b.ancestors,
    updateTime: b.updateTime,
  }));
  return [...demoGcpRecords(), ...buckets, ...policies];
}

export function faultOptions(emu: CloudAssetEmulator): GcpCollectOptions {
  return emulatorOptions(emu, { maxRetries: MAX_ATTEMPTS - 1, retryDelayMs: 20, maxRetryDelayMs: 200, requestTimeoutMs: REQUEST_TIMEOUT_MS, pageSize: PAGE_SIZE });
}

export async function scanGcp(emu: CloudAssetEmulator, fault: GcpInjection | undefined): Promise<ScanResult> {
  emu.knobs = fault ? { inject: fault } : {};
  emu.resetLog();
  try {
    return await scanLive({ gcp: faultOptions(emu) }, emu, fault);
  } finally {
    emu.knobs = {};
  }
}

/** GCP: exit 3 when the token exchange itself fails, or the credential dies before any listing is read. */
export const GCP_RULES: JudgeRules = {
  exit3Allowed: (f) => (f.operation === STS_OPERATION && f.first === undefined && f.kind !== 'repeat-token') || (f.kind === 'expired' && (f.after ?? 0) <= 1),
  tokenOperations: [STS_OPERATION],
  fallbacks: [],
};
