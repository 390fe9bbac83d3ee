import { describe } from 'vitest';
import check from '../../../checks/aws/cloudtrail-trail-log-validation.js';
import { asApiItem, cloudTrailItem, sampleItem, verdictTable } from './items.js';

describe('aws-cloudtrail-trail-log-validation', () => {
  verdictTable(check, [
    { title: 'passes the rdk sample trail (logFileValidationEnabled true)', item: sampleItem('rdk-example-ci/AWS_Cloudtrail_Trail.json'), status: 'pass', evidence: { logFileValidationEnabled: true } },
    { title: 'fails a trail without log file validation', item: cloudTrailItem({ logFileValidationEnabled: false }), status: 'fail', evidence: { logFileValidationEnabled: false } },
    { title: 'fails the API shape of the same trail', item: asApiItem(cloudTrailItem({ logFileValidationEnabled: false })), status: 'fail', evidence: { logFileValidationEnabled: false } },
    { title: 'is undecided when the field is absent', item: cloudTrailItem({ logFileValidationEnabled: undefined }), status: 'error', evidence: { logFileValidationEnabled: null } },
    { title: 'is undecided when Config recorded no configuration', item: cloudTrailItem(null), status: 'error', evidence: { configuration: null } },
  ]);
});
