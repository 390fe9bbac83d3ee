import { describe, expect, it } from 'vitest';
import check, { SENSITIVE_PORTS } from '../../../checks/aws/security-group-no-public-db-ports.js';
import { asApiItem, configItem, verdictTable } from './items.js';

// AWS::EC2::SecurityGroup as Config records it: ipPermissions with ipv4Ranges[].cidrIp,
// ipv6Ranges[].cidrIpv6 and the older ipRanges strings (as in fixtures/demo).
function securityGroup(ipPermissions: unknown[] | null) {
  return configItem({
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-008b28e01e10bbdca',
    resourceName: 'imaging-worker',
    arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-008b28e01e10bbdca',
    availabilityZone: 'Not Applicable',
    configuration: ipPermissions && { description: 'Imaging workers', groupName: 'imaging-worker', ipPermissions, ownerId: '123456789012', groupId: 'sg-008b28e01e10bbdca', ipPermissionsEgress: [], vpcId: 'vpc-0084930f27dcd9d5e', tags: [] },
  });
}
const tcp = (port: number, cidr: string, v6 = false) => ({
  fromPort: port, toPort: port, ipProtocol: 'tcp', prefixListIds: [], userIdGroupPairs: [],
  ipv4Ranges: v6 ? [] : [{ cidrIp: cidr }], ipRanges: v6 ? [] : [cidr], ipv6Ranges: v6 ? [{ cidrIpv6: cidr }] : [],
});

describe('aws-security-group-no-public-db-ports', () => {
  it('checks the database and admin ports issue 3 lists', () => {
    expect(Object.keys(SENSITIVE_PORTS).map(Number).sort((a, b) => a - b)).toEqual([22, 1433, 1521, 3306, 3389, 5432, 5439, 6379, 9200, 27017]);
  });

  verdictTable(check, [
    { title: 'fails a group that opens SSH to 0.0.0.0/0', item: securityGroup([tcp(22, '0.0.0.0/0'), tcp(443, '10.30.0.0/16')]), status: 'fail', evidence: { exposedPorts: [{ port: 22, service: 'SSH', sources: ['0.0.0.0/0'] }] } },
    { title: 'fails a group that opens MySQL to ::/0', item: securityGroup([tcp(3306, '::/0', true)]), status: 'fail', evidence: { exposedPorts: [{ port: 3306, sources: ['::/0'] }] } },
    {
      title: 'fails a group that allows all traffic from anywhere (protocol -1), listing every sensitive port',
      item: securityGroup([{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] }]),
      status: 'fail',
      evidence: { exposedPorts: expect.arrayContaining([expect.objectContaining({ port: 5432 }), expect.objectContaining({ port: 27017 })]) },
    },
    { title: 'fails a port range that spans PostgreSQL', item: asApiItem(securityGroup([{ ...tcp(5000, '0.0.0.0/0'), toPort: 6000 }])), status: 'fail', evidence: { exposedPorts: [{ port: 5432 }, { port: 5439 }] } },
    { title: 'passes HTTPS open to the internet', item: securityGroup([tcp(443, '0.0.0.0/0')]), status: 'pass', evidence: { exposedPorts: [] } },
    {
      title: 'passes PostgreSQL open only to another security group',
      item: securityGroup([{ fromPort: 5432, toPort: 5432, ipProtocol: 'tcp', ipv4Ranges: [], ipRanges: [], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [{ groupId: 'sg-04580cd91051d33ba', userId: '123456789012' }] }]),
      status: 'pass',
      evidence: { exposedPorts: [] },
    },
    { title: 'is undecided when an open rule has unreadable ports', item: securityGroup([{ ...tcp(22, '0.0.0.0/0'), fromPort: '22' }]), status: 'error', evidence: { rule: { fromPort: '22' } } },
    { title: 'is undecided when Config recorded no configuration', item: securityGroup(null), status: 'error', evidence: { configuration: null } },
  ]);
});
