import { readFileSync } from 'node:fs';
import { awsCollector, type AwsCollectOptions } from '../../src/collect/aws/index.js';
import { iamActionOf } from '../../src/collect/aws/session.js';
import { silentProgress, type Collection } from '../../src/collect/index.js';

// The SDK's notice that future releases need Node 22 is for maintainers; keep test output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Credentials for emulators only: they are checked by nothing. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

/** The types the default check set grades, as scan.ts passes them. */
export const GRADED_TYPES = ['AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::Volume', 'AWS::EFS::FileSystem', 'AWS::DynamoDB::Table'];

export function collect(endpoint: string, options: Partial<AwsCollectOptions> = {}, resourceTypes = GRADED_TYPES): Promise<Collection> {
  return awsCollector.collect(
    { endpoint, credentials: TEST_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 4, credentialReportPoll: { attempts: 5, intervalMs: 50 }, ...options },
    { progress: silentProgress, resourceTypes },
  );
}

/** The actions of the documented read-only policy (docs/permissions/aws-iam-policy.json). */
export function documentedActions(): Set<string> {
  const url = new URL('../../docs/permissions/aws-iam-policy.json', import.meta.url);
  const policy = JSON.parse(readFileSync(url, 'utf8')) as { Statement: { Effect: string; Action: string | string[] }[] };
  return new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}

/** Operations a scan made that the documented policy does not allow (empty when the policy is complete). */
export function undocumented(calls: Record<string, number>): string[] {
  const allowed = documentedActions();
  return Object.keys(calls).map(iamActionOf).filter((a) => a !== '' && !allowed.has(a));
}
