import { describe } from 'vitest';
import check from '../../../checks/aws/rds-instance-not-public.js';
import { asApiItem, sampleItem, verdictTable } from './items.js';
import { rdsInstance } from './rds-items.js';

describe('aws-rds-instance-not-public', () => {
  verdictTable(check, [
    { title: 'passes a private instance', item: rdsInstance({}), status: 'pass', evidence: { publiclyAccessible: false } },
    { title: 'fails the rdk sample instance (publiclyAccessible true)', item: sampleItem('rdk-example-ci/AWS_RDS_DBInstance.json'), status: 'fail', evidence: { publiclyAccessible: true } },
    { title: 'fails the API shape of a public instance', item: asApiItem(rdsInstance({ publiclyAccessible: true })), status: 'fail', evidence: { publiclyAccessible: true } },
    { title: 'is undecided when publiclyAccessible is absent', item: rdsInstance({ publiclyAccessible: undefined }), status: 'error', evidence: { publiclyAccessible: null } },
    { title: 'is undecided when Config recorded no configuration', item: rdsInstance(null), status: 'error', evidence: { configuration: null } },
  ]);
});
