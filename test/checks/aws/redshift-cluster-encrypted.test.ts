import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/redshift-cluster-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, sampleItem, verdictTable } from './items.js';

const SAMPLE = 'rdk-example-ci/AWS_Redshift_Cluster.json';

/** The real rdk sample (2016, `encrypted: true` with a KMS key), with configuration fields changed. */
function cluster(changes: Record<string, unknown> | null) {
  const item = sampleItem(SAMPLE);
  if (changes === null) return { ...item, configuration: null, configurationItemStatus: 'ResourceNotRecorded' };
  const configuration = { ...(item.configuration as Record<string, unknown>), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete configuration[k];
  return { ...item, configuration };
}

describe('aws-redshift-cluster-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes the real rdk sample cluster, encrypted with a KMS key',
      item: sampleItem(SAMPLE),
      status: 'pass',
      evidence: { encrypted: true, kmsKeyId: 'arn:aws:kms:us-west-2:382822795712:key/1734c784-c7d1-443c-8629-aef34db98b30', keyState: 'not in the scan' },
    },
    {
      title: 'passes the same cluster read through the API shape',
      item: asApiItem(sampleItem(SAMPLE)),
      status: 'pass',
      evidence: { encrypted: true, clusterStatus: 'available' },
    },
    {
      title: 'fails an unencrypted cluster',
      item: cluster({ encrypted: false, kmsKeyId: undefined }),
      status: 'fail',
      evidence: { encrypted: false, kmsKeyId: null },
    },
    {
      title: 'is undecided when the record does not say whether the cluster is encrypted',
      item: cluster({ encrypted: undefined }),
      status: 'error',
      evidence: { encrypted: null },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: cluster(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('is the cluster of the sample, in us-west-2', () => {
    const resource = fromConfigItem(sampleItem(SAMPLE));
    expect(resource.region).toBe('us-west-2');
    expect(verdictOf(check, resource).reason).toMatch(/encrypted at rest/);
  });
});
