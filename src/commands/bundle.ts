import type { ScanRequest } from './scan.js';

/** The evidence options `scan` and `bundle` share. */
export interface EvidenceOptions {
  waivers?: string;
  force?: boolean;
  archive?: 'zip' | 'tar.gz';
}

/**
 * What `scan --out` and `bundle` ask of the scan besides grading. `bundle` always writes a bundle
 * and exits 0 once it is written: the gate's verdict is recorded in it (manifest.json,
 * safeguards.md) and printed, while `scan --out` keeps the gate as its exit code for pipelines.
 */
export function evidenceRequest(opts: EvidenceOptions, command: 'scan' | 'bundle'): Pick<ScanRequest, 'waivers' | 'force' | 'archive' | 'command'> {
  return {
    command,
    ...(opts.waivers ? { waivers: opts.waivers } : {}),
    ...(opts.force ? { force: true } : {}),
    ...(opts.archive ? { archive: opts.archive } : {}),
  };
}
