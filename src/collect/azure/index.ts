import type { TokenCredential } from '@azure/identity';
import type { Collection, Collector, CollectorContext } from '../index.js';

/**
 * How to reach Azure. Credentials come from `DefaultAzureCredential` (environment, workload
 * identity for GitHub OIDC, managed identity, Azure CLI, ...), unless a test passes its own.
 */
export interface AzureCollectOptions {
  /** Subscriptions to read; default: every subscription the credential sees (ARM `GET /subscriptions`). */
  subscriptions?: string[];
  /** Read every subscription under this management group (Resource Graph's `managementGroups` scope). */
  managementGroup?: string;
  /** The Entra tenant to sign in to and to read; default: the credential's home tenant. */
  tenant?: string;
  /** A credential to use instead of the default chain (tests). */
  credential?: TokenCredential;
  /** Let the default chain use a managed identity, which asks the instance metadata service (`--azure-imds`); off by default. */
  imds?: boolean;
  /** ARM's base URL; default `SAFEGUARD_AZURE_ARM_ENDPOINT`, else https://management.azure.com (sovereign clouds: set it). */
  armEndpoint?: string;
  /** Microsoft Graph's base URL; default `SAFEGUARD_AZURE_GRAPH_ENDPOINT`, else https://graph.microsoft.com. */
  graphEndpoint?: string;
  /** Extra PEM certificate authorities to trust (an emulator's self-signed certificate). */
  tls?: { ca: string };
  /** Read Entra ID's MFA policies and registration from Microsoft Graph (default true). */
  entra?: boolean;
  /** Calls in flight at once (default 8). */
  concurrency?: number;
  /** Retries after the first attempt, for 429 (after Retry-After) and 5xx (default 4). */
  maxRetries?: number;
  /** First backoff for 5xx and network errors (default 2000 ms), doubling up to `maxRetryDelayMs` (default 60 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Per-attempt timeout of every call, the sign-in's token requests included (default 60 s): an answer that never comes is a failed attempt. */
  requestTimeoutMs?: number;
  /** Resource Graph rows per page (default and maximum 1000). */
  pageSize?: number;
  /** Subscriptions per Resource Graph query (default 1000, the most Azure's tools send at once). */
  subscriptionsPerQuery?: number;
}

/** The Azure collector; the SDK is imported only when a scan asks for Azure. */
export const azureCollector: Collector<AzureCollectOptions> = {
  provider: 'azure',
  async collect(options: AzureCollectOptions, context: CollectorContext): Promise<Collection> {
    const { collectAzure } = await import('./collector.js');
    return collectAzure(options, context);
  },
};
