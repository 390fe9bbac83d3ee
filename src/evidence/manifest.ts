import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { Counts } from '../engine/coverage.js';
import type { WaiverStatus } from '../engine/waivers.js';
import type { BundleScope } from './scope.js';
import type { SbomRecord } from './sbom.js';

/** `manifest.json`: what the bundle is, and the SHA-256 and size of every other file in it. */
export interface Manifest {
  manifestVersion: '1.0';
  tool: { name: string; version: string };
  /** When the bundle was written. */
  createdAt: string;
  scan: { command: 'scan' | 'bundle'; startedAt: string; finishedAt: string; profile: string };
  scope: BundleScope;
  gate: { policy: string; failOnError: boolean; passed: boolean; failing: number; reason: string };
  results: Counts;
  waivers: { file: string | null; copiedAs: string | null; counts: Record<WaiverStatus, number> };
  /** The attestation file (`--attestations`), when one was given. */
  attestations?: { file: string; copiedAs: string; asOf: string; counts: Record<string, number>; results: Record<string, number> };
  /** The BAA register (`safeguard.yaml` `baas:`), when one was given. */
  baaRegister?: { file: string; asOf: string; writtenAs: string; counts: Record<string, number> };
  /** A merged bundle (`safeguard merge`): each bundle it combines, with the SHA-256 of its manifest. */
  mergedFrom?: { bundle: string; manifestSha256: string; createdAt: string | null; scope: { accounts: string[]; subscriptions: string[]; projects: string[] } }[];
  /** The CycloneDX SBOM of the tool's own dependencies (`sbom.cdx.json`), or why the bundle has none. */
  sbom?: SbomRecord;
  hashAlgorithm: 'sha256';
  files: ManifestFile[];
}

export interface ManifestFile {
  /** Relative to the bundle folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
  /** What the file is, for a reader who has never seen the tool. */
  description: string;
}

/** The part of a manifest `verify` relies on, checked before it is trusted. */
export const ManifestShape = z.object({
  manifestVersion: z.string(),
  hashAlgorithm: z.literal('sha256'),
  files: z.array(z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

export const MANIFEST = 'manifest.json';

/** A path a manifest may name: relative, `/`-separated, no `.`/`..` segments, no backslashes. */
export function isSafeBundlePath(p: string): boolean {
  if (p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[a-zA-Z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
