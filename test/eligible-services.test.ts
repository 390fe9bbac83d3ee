import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMappings, lookupEligibleService } from '../src/mappings/index.js';
import { mappingsWith, testList } from './support/mappings.js';

const { eligibleServices } = loadMappings();
const aws = eligibleServices.aws;

describe('mappings/eligible-services/aws.yaml', () => {
  it('holds the 173 services of the list dated 2026-05-22, with its source', () => {
    expect(aws).toMatchObject({ status: 'transcribed', date: '2026-05-22', count: 173, url: 'https://aws.amazon.com/compliance/hipaa-eligible-services-reference/' });
    expect(aws.services).toHaveLength(173);
    expect(new Set(aws.services.map((s) => s.service)).size).toBe(173);
    expect(aws.caveats.join(' ')).toMatch(/uncertain/);
    expect(aws.caveats.join(' ')).toMatch(/assigned by this project/);
  });

  it('keeps the list\'s exclusions as text', () => {
    const byName = new Map(aws.services.map((s) => [s.service, s]));
    expect(byName.get('Amazon SageMaker AI')?.exclusions).toMatch(/excludes Studio Lab, Ground Truth Plus/);
    expect(byName.get('AWS Directory Service')?.exclusions).toBe('excludes Simple AD');
    expect(byName.get('Kiro')?.exclusions).toBe('excluding Kiro Web');
  });

  it.each([
    ['AWS::S3::Bucket', 'Amazon Simple Storage Service (S3)'],
    ['AWS::S3Express::DirectoryBucket', 'Amazon Simple Storage Service (S3)'],
    ['AWS::EC2::Volume', 'Amazon Elastic Block Store (Amazon EBS)'],
    ['AWS::EC2::Instance', 'Amazon Elastic Compute Cloud (Amazon EC2)'],
    ['AWS::EC2::SecurityGroup', 'Amazon Elastic Compute Cloud (Amazon EC2)'],
    ['AWS::EC2::VPC', 'Amazon Virtual Private Cloud (VPC)'],
    ['AWS::EC2::VerifiedAccessInstance', 'AWS Verified Access'],
    ['AWS::RDS::DBCluster', 'Amazon Aurora'],
    ['AWS::RDS::DBInstance', 'Amazon Relational Database Service (Amazon RDS)'],
    ['AWS::OpenSearch::Domain', 'Amazon OpenSearch Service'],
    ['AWS::Elasticsearch::Domain', 'Amazon OpenSearch Service'],
    ['AWS::WAFRegional::WebACL', 'AWS Web Application Firewall (WAF)'],
    ['AWS::SSMIncidents::ResponsePlan', 'AWS Systems Manager'],
    ['AWS::HealthLake::FHIRDatastore', 'AWS HealthLake'],
    ['AWS::KMS::Key', 'AWS Key Management Service (KMS)'],
  ])('%s is on the list as %s', (type, service) => {
    expect(lookupEligibleService(aws, type)).toMatchObject({ listed: true, service, listDate: '2026-05-22' });
  });

  it.each(['AWS::Lightsail::Bucket', 'AWS::AppRunner::Service', 'AWS::RoboMaker::SimulationApplication', 'AWS::CodeArtifact::Repository', 'AWS::EMRServerless::Application', 'AWS::S3Tables::TableBucket'])(
    '%s is not on the list',
    (type) => {
      const found = lookupEligibleService(aws, type);
      expect(found).toMatchObject({ listed: false, listDate: '2026-05-22' });
      expect(found.service).toBeUndefined();
      expect(found.tool).toBeUndefined();
    },
  );

  it.each([
    ['AWS::IAM::Role', 'AWS Identity and Access Management (IAM)'],
    ['AWS::IAM::User', 'AWS Identity and Access Management (IAM)'],
    ['AWS::AccessAnalyzer::Analyzer', 'IAM Access Analyzer'],
    ['AWS::::Account', 'The AWS account itself'],
  ])('%s is not on the list, but is a tool that holds no PHI (%s)', (type, service) => {
    expect(lookupEligibleService(aws, type)).toMatchObject({ listed: false, service, tool: expect.any(String) });
  });

  it('places every AWS type of the demo estate: on the list or a tool', () => {
    const snapshot = JSON.parse(readFileSync(new URL('../fixtures/demo/aws-config-snapshot.json', import.meta.url), 'utf8')) as { configurationItems: { resourceType: string }[] };
    const unplaced = [...new Set(snapshot.configurationItems.map((i) => i.resourceType))].filter((t) => {
      const found = lookupEligibleService(aws, t);
      return !found.listed && !found.tool;
    });
    expect(unplaced).toEqual([]);
  });
});

describe('mappings/eligible-services/azure.yaml and gcp.yaml', () => {
  it.each(['azure', 'gcp'] as const)('%s is not transcribed: empty, dated, with the reason', (provider) => {
    const list = eligibleServices[provider];
    expect(list).toMatchObject({ status: 'unavailable', date: null, count: 0, services: [], reviewed: '2026-11-25' });
    expect(list.reason).toMatch(/not available in any source consulted/);
    expect(lookupEligibleService(list, provider === 'azure' ? 'Microsoft.Storage/storageAccounts' : 'storage.googleapis.com/Bucket')).toMatchObject({ listed: undefined, listDate: null, unavailable: list.reason });
  });
});

describe('eligible-service list validation', () => {
  it('rejects a transcribed list whose services do not add up to its count', () => {
    const text = testList('gcp', [{ service: 'Cloud Storage', namespaces: ['storage.googleapis.com'] }]).replace('"services":1', '"services":2');
    expect(() => mappingsWith({ 'eligible-services/gcp.yaml': text })).toThrow(/gcp\.yaml: services: lists 1 services, but list\.services says 2/);
  });

  it('rejects a list filed under another cloud', () => {
    expect(() => mappingsWith({ 'eligible-services/azure.yaml': testList('gcp', []) })).toThrow(/azure\.yaml: provider is gcp, expected azure/);
  });

  it('rejects an unavailable list without its reason', () => {
    const text = JSON.stringify({ provider: 'azure', status: 'unavailable', list: { title: 't', url: 'u', date: null, services: 0, transcribedFrom: 't', reviewed: '2026-01-01' }, services: [] });
    expect(() => mappingsWith({ 'eligible-services/azure.yaml': text })).toThrow(/reason: an unavailable list needs the reason/);
  });
});
