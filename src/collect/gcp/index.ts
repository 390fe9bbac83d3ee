import type { Collection, Collector, CollectorContext } from '../index.js';

/**
 * How to reach Google Cloud. Credentials are Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS:
 * a service account key, workload identity federation for GitHub OIDC, or gcloud's user login;
 * the metadata server on Google Cloud), unless a test passes its own.
 */
export interface GcpCollectOptions {
  /** Projects to read (ids or numbers). */
  projects?: string[];
  /** Read everything under this folder (`folders/ID` or `ID`). */
  folder?: string;
  /** Read everything under this organization (`organizations/ID` or `ID`). */
  organization?: string;
  /** An ADC JSON document to use instead of Application Default Credentials (tests). */
  credentials?: Record<string, unknown>;
  /** Let ADC ask the Compute Engine metadata server for credentials (`--gcp-metadata`); off by default. */
  metadata?: boolean;
  /** Cloud Asset API base URL; default `SAFEGUARD_GCP_ASSET_ENDPOINT`, else https://cloudasset.googleapis.com. */
  endpoint?: string;
  /** Calls in flight at once (default 4: ListAssets has a small per-project quota). */
  concurrency?: number;
  /** Retries after the first attempt, for 429 RESOURCE_EXHAUSTED and 5xx (default 5, exponential backoff). */
  maxRetries?: number;
  /** First backoff before a retry (default 100 ms; gaxios then adds 0.5 s, 1.5 s, 3.5 s, ...), each at most `maxRetryDelayMs` (default 32 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Per-attempt timeout of every call, the sign-in's included (default 60 s): an answer that never comes is a failed attempt. */
  requestTimeoutMs?: number;
  /** Assets per ListAssets page (default and maximum 1000). */
  pageSize?: number;
}

/** The GCP collector; google-auth-library is imported only when a scan asks for GCP. */
export const gcpCollector: Collector<GcpCollectOptions> = {
  provider: 'gcp',
  async collect(options: GcpCollectOptions, context: CollectorContext): Promise<Collection> {
    const { collectGcp } = await import('./collector.js');
    return collectGcp(options, context);
  },
};
