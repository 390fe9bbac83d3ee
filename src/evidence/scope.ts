import type { ImportedFile } from '../import/index.js';
import type { Resource } from '../inventory/resource.js';

/** What a scan covered, in each cloud's words: the manifest's `scope`. */
export interface BundleScope {
  /** AWS account ids. */
  accounts: string[];
  /** Azure subscription (or tenant) ids. */
  subscriptions: string[];
  /** GCP projects (ids, or numbers where the export gives only those). */
  projects: string[];
  regions: string[];
  /** `all`, or `ephi` when only resources tagged as holding ePHI were graded. */
  graded: 'all' | 'ephi';
  ephiTags: { keys: string[]; values: string[] };
  /** The input files, with the SHA-256 and size of their bytes (`null` for a live collection). */
  inputs: (ImportedFile & { sha256: string | null; size: number | null })[];
}

export function scopeOf(resources: readonly Resource[]): Pick<BundleScope, 'accounts' | 'subscriptions' | 'projects' | 'regions'> {
  const sets = { aws: new Set<string>(), azure: new Set<string>(), gcp: new Set<string>() };
  const regions = new Set<string>();
  for (const r of resources) {
    if (r.account) sets[r.provider].add(r.account);
    if (r.region) regions.add(r.region);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { accounts: sorted(sets.aws), subscriptions: sorted(sets.azure), projects: sorted(sets.gcp), regions: sorted(regions) };
}
