import { hash } from 'node:crypto';
import type { Provenance, Provider, Resource } from '../inventory/resource.js';
import type { Category, Evidence, Remediation, Severity } from './check.js';
import type { FindingWaiver } from './waivers.js';

export const STATUSES = ['pass', 'fail', 'error', 'waived', 'not_applicable'] as const;
export type Status = (typeof STATUSES)[number];

/** One check's verdict on one resource: the findings contract of DESIGN.md. */
export interface Finding {
  check: string;
  title: string;
  status: Status;
  /** The check's severity, raised one step when the resource holds ePHI. */
  severity: Severity;
  /** The check's own severity, before the ePHI raise. */
  checkSeverity: Severity;
  /** The resource's tags say it holds ePHI. */
  ephi: boolean;
  category: Category;
  resource: {
    provider: Provider;
    type: string;
    id: string;
    name: string;
    account: string | null;
    region: string | null;
  };
  /** Security Rule citations, e.g. `164.312(a)(2)(iv)`. */
  safeguards: string[];
  reason: string;
  evidence: Evidence;
  remediation: Remediation;
  /** Same check + same resource = same value, across scans. */
  fingerprint: string;
  /** How the resource was observed. */
  source: Provenance;
  /** The documented decision that accepted this failure (status `waived`). */
  waiver?: FindingWaiver;
}

export function fingerprintOf(checkId: string, r: Pick<Resource, 'provider' | 'id'>): string {
  const id = r.provider === 'azure' ? r.id.toLowerCase() : r.id;
  // crypto.hash: the same SHA-256 as createHash().update().digest('hex'), one call per finding.
  return hash('sha256', `${checkId}\u0000${r.provider}\u0000${id}`, 'hex').slice(0, 32);
}
