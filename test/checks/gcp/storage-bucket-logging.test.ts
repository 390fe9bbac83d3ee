import { describe } from 'vitest';
import check from '../../../checks/gcp/storage-bucket-logging.js';
import { apiBucketAsset, bucketAsset, exportAsset, gradesAssets, PROJECT, sampleAssets } from './assets.js';

describe(check.id, () => {
  gradesAssets(check, [
    {
      name: 'usage logs to a log bucket (API envelope)',
      asset: apiBucketAsset(`${PROJECT}-claims`, { logging: { logBucket: `${PROJECT}-logs`, logObjectPrefix: 'claims' } }),
      status: 'pass',
      evidence: { logging: { logBucket: `${PROJECT}-logs`, logObjectPrefix: 'claims' } },
    },
    { name: 'no logging block', asset: bucketAsset(`${PROJECT}-claims`), status: 'fail', evidence: { logging: null } },
    { name: 'an IAM-policy-only record', asset: exportAsset('storage.googleapis.com/Bucket', `//storage.googleapis.com/${PROJECT}-claims`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});

describe(`${check.id} on real asset exports`, () => {
  const cmekAndLogging = sampleAssets('policy-library/storage-buckets-cmek-and-logging.json');
  const uniform = sampleAssets('policy-library/storage-buckets-uniform-access.json');
  gradesAssets(check, [
    { name: 'policy-library my-storage-bucket (logging: {})', asset: cmekAndLogging[0], status: 'fail', evidence: { logging: {} } },
    { name: 'policy-library my-storage-bucket-with-logging', asset: cmekAndLogging[1], status: 'pass', evidence: { logging: { logBucket: 'example-logs-bucket', logObjectPrefix: 'log_object_prefix' } } },
    { name: 'policy-library my-storage-bucket-with-secure-logging', asset: cmekAndLogging[2], status: 'pass', evidence: { logging: { logBucket: 'secure-logs-bucket', logObjectPrefix: 'log_object_prefix' } } },
    { name: 'policy-library bucket-with-bucketpolicyonly', asset: uniform[0], status: 'fail', evidence: { logging: {} } },
    { name: 'policy-library bucketwithuniformbucketlevelaccess', asset: uniform[1], status: 'fail', evidence: { logging: {} } },
    { name: 'policy-library bucket-with-null-bucketpolicyonly', asset: uniform[2], status: 'pass', evidence: { logging: { logBucket: 'example-logs-bucket' } } },
    { name: 'policy-library bucket-with-no-bucketpolicyonly-data', asset: uniform[3], status: 'pass', evidence: { logging: { logBucket: 'secure-logs-bucket' } } },
  ]);
});
