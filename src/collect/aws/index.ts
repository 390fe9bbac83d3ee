import type { Collection, Collector, CollectorContext } from '../index.js';

/** How to reach AWS. Credentials come from the SDK's default chain (env, profile, SSO, web identity). */
export interface AwsCollectOptions {
  /** Regions to read; default: every region enabled for the account (ec2:DescribeRegions). */
  regions?: string[];
  /** Read a whole organisation through this Config aggregator (in the home region). */
  aggregator?: string;
  /** Shared-config profile (`--aws-profile`); `AWS_PROFILE` works as usual when this is unset. */
  profile?: string;
  /** Let the credential chain ask the EC2 instance metadata service (`--aws-imds`); otherwise AWS_EC2_METADATA_DISABLED=true. */
  imds?: boolean;
  /** Region for global calls (STS, IAM, S3 ListBuckets) and the aggregator; default from the environment/profile, else us-east-1. */
  homeRegion?: string;
  /** Send every call to this URL (an emulator). `AWS_ENDPOINT_URL` works too: the SDK reads it. */
  endpoint?: string;
  /** Static credentials (tests); otherwise the default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Calls in flight at once (default 8). */
  concurrency?: number;
  /** SDK attempts per call, retries included (default 8). */
  maxAttempts?: number;
  /** `standard` (default): jittered exponential backoff from 100 ms. `adaptive`: the SDK's client-side rate limiting (the benchmark compares them). */
  retryMode?: 'standard' | 'adaptive';
  requestTimeoutMs?: number;
  /** How long to wait for IAM to generate the credential report (default 20 polls, 2 s apart). */
  credentialReportPoll?: { attempts?: number; intervalMs?: number };
  /** Retries of BatchGetResourceConfig's `unprocessedResourceKeys` (default 4). */
  unprocessedRetries?: number;
}

/** The AWS collector; the SDK is imported only when a scan asks for AWS. */
export const awsCollector: Collector<AwsCollectOptions> = {
  provider: 'aws',
  async collect(options: AwsCollectOptions, context: CollectorContext): Promise<Collection> {
    const { collectAws } = await import('./collector.js');
    return collectAws(options, context);
  },
};
