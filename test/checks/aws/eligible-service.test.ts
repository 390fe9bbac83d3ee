import { describe, expect, it } from 'vitest';
import check from '../../../checks/aws/eligible-service.js';
import { ScanContext } from '../../../src/engine/context.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { unreadable } from '../../../src/collect/index.js';
import { loadMappings } from '../../../src/mappings/index.js';
import { fromConfigItem } from '../../support/resources.js';
import { mappingsWith, unavailableList } from '../../support/mappings.js';
import { configItem, sampleItem, verdictTable } from './items.js';

const LIST = { listDate: '2026-05-22', source: 'https://aws.amazon.com/compliance/hipaa-eligible-services-reference/' };

function item(resourceType: string, name: string, configuration: Record<string, unknown> | null, tags: Record<string, string> = {}) {
  const [, service = '', kind = ''] = resourceType.split('::');
  return configItem({
    resourceType,
    resourceId: name,
    resourceName: name,
    arn: `arn:aws:${service.toLowerCase()}:us-east-1:123456789012:${kind.toLowerCase()}/${name}`,
    configuration,
    tags,
  });
}

/** The snapshot AWS's documentation shows: an EBS volume and an EC2 instance. */
const snapshot = sampleItem('awsdocs/configuration-snapshot-file.json') as { configurationItems: Record<string, unknown>[] };
const [docVolume, docInstance] = snapshot.configurationItems;

describe('aws-eligible-service', () => {
  verdictTable(check, [
    {
      title: 'passes an S3 bucket: Amazon S3 is on the list',
      item: item('AWS::S3::Bucket', 'patient-uploads', { name: 'patient-uploads' }),
      status: 'pass',
      evidence: { resourceType: 'AWS::S3::Bucket', service: 'Amazon Simple Storage Service (S3)', matched: 'AWS::S3', ...LIST },
    },
    {
      title: 'passes the EBS volume of AWS documentation\'s snapshot as Amazon EBS, not EC2 (the longer key wins)',
      item: docVolume,
      status: 'pass',
      evidence: { resourceType: 'AWS::EC2::Volume', service: 'Amazon Elastic Block Store (Amazon EBS)', matched: 'AWS::EC2::Volume' },
    },
    {
      title: 'passes the EC2 instance of AWS documentation\'s snapshot as Amazon EC2',
      item: docInstance,
      status: 'pass',
      evidence: { resourceType: 'AWS::EC2::Instance', service: 'Amazon Elastic Compute Cloud (Amazon EC2)' },
    },
    {
      title: 'passes a VPC endpoint as Amazon VPC (a prefix key, AWS::EC2::VPC*)',
      item: item('AWS::EC2::VPCEndpoint', 'vpce-0a1b2c3d4e5f60718', { vpcEndpointType: 'Interface' }),
      status: 'pass',
      evidence: { service: 'Amazon Virtual Private Cloud (VPC)', matched: 'AWS::EC2::VPC*' },
    },
    {
      title: 'passes an RDS instance and cites the engines the list covers',
      item: item('AWS::RDS::DBInstance', 'patients-db', { engine: 'postgres', storageEncrypted: true }),
      status: 'pass',
      evidence: { service: 'Amazon Relational Database Service (Amazon RDS)', exclusions: 'SQL Server, MySQL, Oracle, PostgreSQL, Db2 and MariaDB engines only' },
    },
    {
      title: 'passes an ACM certificate under the namespace AWS Config uses (AWS::ACM, not AWS::CertificateManager)',
      item: item('AWS::ACM::Certificate', 'portal-cert', { domainName: 'portal.example.org' }),
      status: 'pass',
      evidence: { service: 'AWS Certificate Manager', matched: 'AWS::ACM' },
    },
    {
      title: 'passes a listed service even when AWS Config recorded no configuration (the type decides)',
      item: item('AWS::DynamoDB::Table', 'sessions', null),
      status: 'pass',
      evidence: { service: 'Amazon DynamoDB' },
    },
    {
      title: 'fails a Lightsail bucket: Lightsail is not on the list',
      item: item('AWS::Lightsail::Bucket', 'scratch', { name: 'scratch' }),
      status: 'fail',
      evidence: { resourceType: 'AWS::Lightsail::Bucket', service: null, ...LIST },
    },
    {
      title: 'fails an App Runner service: App Runner is not on the list',
      item: item('AWS::AppRunner::Service', 'intake-api', { ServiceName: 'intake-api' }),
      status: 'fail',
      evidence: { resourceType: 'AWS::AppRunner::Service', service: null },
    },
    {
      title: 'fails a RoboMaker application: AWS dropped RoboMaker from the list in 2025-26',
      item: item('AWS::RoboMaker::RobotApplication', 'arm-sim', {}),
      status: 'fail',
      evidence: { resourceType: 'AWS::RoboMaker::RobotApplication' },
    },
    {
      title: 'is not applicable to an IAM role: IAM is not listed, but AWS treats it as a tool that holds no PHI',
      item: item('AWS::IAM::Role', 'lambda-intake-role', { roleName: 'lambda-intake-role' }),
      status: 'not_applicable',
      evidence: { service: 'AWS Identity and Access Management (IAM)', matched: 'AWS::IAM', ...LIST },
    },
    {
      title: 'fails an IAM user tagged as holding ePHI: the BAA does not cover IAM',
      item: item('AWS::IAM::User', 'records-export', { userName: 'records-export' }, { phi: 'true' }),
      status: 'fail',
      evidence: { service: 'AWS Identity and Access Management (IAM)', tool: expect.stringContaining('healthcare SCP') },
    },
  ]);

  it('is undecided on an ePHI-tagged resource, and not applicable on the rest, when the list is not transcribed', () => {
    const mappings = mappingsWith({ 'eligible-services/aws.yaml': unavailableList('aws') });
    const tagged = fromConfigItem(item('AWS::S3::Bucket', 'phi-uploads', {}, { 'data-classification': 'phi' }));
    const untagged = fromConfigItem(item('AWS::S3::Bucket', 'logs', {}));
    const context = new ScanContext([tagged, untagged], 'default', { mappings });
    expect(check.evaluate(tagged, context)).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^The eligible-service list for AWS is not transcribed yet; check the BAA's scope by hand/),
      evidence: { resourceType: 'AWS::S3::Bucket', listStatus: 'unavailable' },
    });
    expect(check.evaluate(untagged, context)).toMatchObject({ status: 'not_applicable', evidence: { listStatus: 'unavailable' } });
  });

  it('is undecided on a stand-in for resources a failed listing left unread, even of a tool type and with no list', () => {
    const error = { operation: 'config:ListDiscoveredResources', region: 'us-east-1', error: 'AccessDenied' };
    const standIns = [unreadable({ provider: 'aws', type: '*', account: '123456789012', region: 'us-east-1', error, idPrefix: 'unread/' }), unreadable({ provider: 'aws', type: 'AWS::IAM::User', account: '123456789012', region: 'us-east-1', error, idPrefix: 'unread/' })];
    for (const mappings of [loadMappings(), mappingsWith({ 'eligible-services/aws.yaml': unavailableList('aws') })]) {
      const context = new ScanContext(standIns, 'default', { mappings });
      for (const r of standIns) expect(check.evaluate(r, context), r.type).toMatchObject({ status: 'error', evidence: { resourceType: r.type, unread: true } });
    }
  });

  it('reads ePHI tags through the scan\'s own scope, and the engine raises the severity one step', () => {
    const user = fromConfigItem(item('AWS::IAM::User', 'analyst', {}, { sensitivity: 'restricted' }));
    const lightsail = fromConfigItem(item('AWS::Lightsail::Disk', 'scratch-disk', {}, { sensitivity: 'restricted' }));
    const scope = { keys: ['sensitivity'], values: ['restricted'] };
    const { findings } = evaluate([user, lightsail], [check], loadMappings(), { ephiScope: scope });
    expect(findings.map((f) => [f.resource.name, f.status, f.severity, f.safeguards])).toEqual([
      ['analyst', 'fail', 'high', ['164.308(b)(1)']],
      ['scratch-disk', 'fail', 'high', ['164.308(b)(1)']],
    ]);
    const unscoped = evaluate([user, lightsail], [check], loadMappings()).findings;
    expect(unscoped.map((f) => [f.status, f.severity])).toEqual([['not_applicable', 'medium'], ['fail', 'medium']]);
  });
});
