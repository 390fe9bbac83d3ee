import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/s3-bucket-secure-transport.js';
import { fromConfigItem, verdictOf } from '../../support/resources.js';
import { asApiItem, s3BucketItem, sampleItem, verdictTable } from './items.js';

const ARN = 'arn:aws:s3:::acme-patient-exports';

const denyHttp = (extra: Record<string, unknown> = {}) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});
const denyOldTls = { Sid: 'DenyOldTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [ARN, `${ARN}/*`], Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } };
const allowLogs = { Sid: 'AllowLogDelivery', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `${ARN}/logs/*` };

/** policyText is a JSON string in the item, as AWS Config writes it; the importer decodes it. */
const bucket = (policy: unknown) => s3BucketItem({ BucketPolicy: { policyText: policy === null ? null : JSON.stringify(policy) } });
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('aws-s3-bucket-secure-transport', () => {
  verdictTable(check, [
    {
      title: 'passes when a statement denies s3:* on the bucket and its objects without TLS',
      item: bucket(policy(allowLogs, denyHttp())),
      status: 'pass',
      evidence: { denyInsecureTransport: true, statementSid: 'DenyInsecureTransport', denyTlsBelow: null },
    },
    {
      title: 'passes and records a TLS-version deny as extra evidence',
      item: bucket(policy(denyHttp(), denyOldTls)),
      status: 'pass',
      evidence: { denyInsecureTransport: true, denyTlsBelow: '1.2' },
    },
    {
      title: 'passes a single-statement policy with Action "*", a wildcard resource and a boolean false',
      item: asApiItem(bucket({ Version: '2012-10-17', Statement: denyHttp({ Action: '*', Resource: `${ARN}*`, Condition: { Bool: { 'aws:securetransport': false } } }) })),
      status: 'pass',
      evidence: { denyInsecureTransport: true },
    },
    {
      title: 'fails when the bucket has no policy (policyText null)',
      item: bucket(null),
      status: 'fail',
      evidence: { policyText: null },
    },
    {
      title: 'fails when the policy only denies old TLS versions (plain HTTP has no TLS version to compare)',
      item: bucket(policy(denyOldTls)),
      status: 'fail',
      evidence: { denyInsecureTransport: false, denyTlsBelow: '1.2' },
    },
    {
      title: 'fails when the deny covers only some actions',
      item: bucket(policy(denyHttp({ Action: ['s3:PutObject'] }))),
      status: 'fail',
      evidence: { denyInsecureTransport: false, partialStatement: { Action: ['s3:PutObject'] } },
    },
    {
      title: 'fails when the deny is narrowed by another condition',
      item: bucket(policy(denyHttp({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:PrincipalAccount': '210987654321' } } }))),
      status: 'fail',
      evidence: { denyInsecureTransport: false },
    },
    {
      title: 'fails when the deny names a single principal rather than everyone',
      item: bucket(policy(denyHttp({ Principal: { AWS: 'arn:aws:iam::123456789012:role/etl' } }))),
      status: 'fail',
      evidence: { denyInsecureTransport: false },
    },
    {
      title: 'is undecided when the item does not include the bucket policy',
      item: { ...bucket(null), supplementaryConfiguration: { IsRequesterPaysEnabled: false } },
      status: 'error',
      evidence: { BucketPolicy: null },
    },
    {
      title: 'is undecided when the policy has no readable statements',
      item: bucket({ Version: '2012-10-17' }),
      status: 'error',
      evidence: { policyText: { Version: '2012-10-17' } },
    },
  ]);

  it('fails the real rdk sample: its deny names the bucket ARN but not its objects', () => {
    const verdict = verdictOf(check, fromConfigItem(sampleItem('rdk-example-ci/AWS_S3_Bucket.json')));
    expect(verdict.status).toBe('fail');
    expect(verdict.reason).toMatch(/the bucket but not its objects/);
    expect(verdict.evidence).toMatchObject({ bucketArn: 'arn:aws:s3:::mborch-test-bucket-config-item', partialStatement: { Sid: 'Stmt1478389920384' } });
  });

  it('is undecided when Config did not record the bucket', () => {
    const item = { ...bucket(null), configurationItemStatus: 'ResourceNotRecorded', configuration: null, supplementaryConfiguration: undefined };
    expect(verdictOf(check, fromConfigItem(item)).status).toBe('error');
  });
});
