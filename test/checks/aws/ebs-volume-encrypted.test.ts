import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/ebs-volume-encrypted.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, configItem, sampleItem, verdictTable } from './items.js';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/4e9a7c21-0d3b-4f68-b5a2-9c1e8d7f6a05';

function volume(configuration: Record<string, unknown> | null) {
  return configItem({
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0a1b2c3d4e5f60718',
    arn: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0a1b2c3d4e5f60718',
    availabilityZone: 'us-east-1b',
    configuration: configuration && {
      volumeId: 'vol-0a1b2c3d4e5f60718',
      size: 100,
      snapshotId: '',
      availabilityZone: 'us-east-1b',
      state: 'in-use',
      createTime: '2024-11-18T09:02:11.000Z',
      attachments: [
        { volumeId: 'vol-0a1b2c3d4e5f60718', instanceId: 'i-0f9e8d7c6b5a49382', device: '/dev/xvdf', state: 'attached', attachTime: '2024-11-18T09:03:40.000Z', deleteOnTermination: false },
      ],
      volumeType: 'gp3',
      iops: 3000,
      tags: [],
      ...configuration,
    },
  });
}

describe('aws-ebs-volume-encrypted', () => {
  verdictTable(check, [
    {
      title: 'passes when encrypted is true',
      item: volume({ encrypted: true, kmsKeyId: KEY }),
      status: 'pass',
      evidence: { encrypted: true, kmsKeyId: KEY, attachedTo: ['i-0f9e8d7c6b5a49382'] },
    },
    {
      title: 'fails when encrypted is false',
      item: volume({ encrypted: false }),
      status: 'fail',
      evidence: { encrypted: false, kmsKeyId: null, attachedTo: ['i-0f9e8d7c6b5a49382'] },
    },
    {
      title: 'fails when the API shape says encrypted is false',
      item: asApiItem(volume({ encrypted: false })),
      status: 'fail',
      evidence: { encrypted: false },
    },
    {
      title: 'is undecided when encrypted is absent',
      item: volume({}),
      status: 'error',
      evidence: { encrypted: null },
    },
    {
      title: 'is undecided when encrypted is a number',
      item: volume({ encrypted: 1 }),
      status: 'error',
      evidence: { encrypted: 1 },
    },
    {
      title: 'is undecided when AWS Config did not record the configuration',
      item: volume(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);

  it('passes the real rdk sample volume (KMS-encrypted)', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_EC2_Volume.json')));
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toMatchObject({ encrypted: true, attachedTo: ['i-29e75b19'] });
  });

  it('is undecided on the volumes in AWS documentation history files, which predate the encrypted field', () => {
    const history = sampleItem('awsdocs/configuration-history-file-ec2-volumes.json').configurationItems as unknown[];
    expect(history.length).toBeGreaterThan(0);
    for (const item of history) {
      const verdict = verdictOf(check, fromConfigItem(item));
      expect(verdict.status).toBe('error');
      expect(verdict.evidence).toMatchObject({ encrypted: null });
    }
  });
});
