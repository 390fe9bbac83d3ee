import { describe } from 'vitest';
import check from '../../../checks/aws/load-balancer-access-logs.js';
import { configItem, verdictTable } from './items.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/portal-alb/50dc6c495c0c9188';
// AWS::ElasticLoadBalancingV2::LoadBalancer: DescribeLoadBalancers in configuration (camelCase, per the
// resource schema), DescribeLoadBalancerAttributes as a {key, value} list in supplementaryConfiguration.
function alb(attributes: Record<string, string> | null, type = 'application') {
  return configItem({
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    resourceId: ALB,
    resourceName: 'portal-alb',
    arn: ALB,
    configuration: { loadBalancerArn: ALB, dNSName: 'portal-alb-1234567890.us-east-1.elb.amazonaws.com', loadBalancerName: 'portal-alb', scheme: 'internet-facing', vpcId: 'vpc-0084930f27dcd9d5e', state: { code: 'active' }, type, ipAddressType: 'ipv4' },
    supplementaryConfiguration: attributes ? { LoadBalancerAttributes: Object.entries(attributes).map(([key, value]) => ({ key, value })) } : {},
  });
}
function classic(accessLog: Record<string, unknown> | undefined) {
  return configItem({
    resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
    resourceId: 'legacy-portal',
    resourceName: 'legacy-portal',
    arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/legacy-portal',
    configuration: { loadBalancerName: 'legacy-portal', dnsname: 'legacy-portal-1234567890.us-east-1.elb.amazonaws.com', scheme: 'internet-facing', vpcid: 'vpc-0084930f27dcd9d5e' },
    supplementaryConfiguration: accessLog ? { LoadBalancerAttributes: { accessLog, crossZoneLoadBalancing: { enabled: true } } } : {},
  });
}

describe('aws-load-balancer-access-logs', () => {
  verdictTable(check, [
    {
      title: 'passes an ALB with access_logs.s3.enabled true',
      item: alb({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'acme-elb-logs', 'deletion_protection.enabled': 'true' }),
      status: 'pass',
      evidence: { accessLogsEnabled: true, bucket: 'acme-elb-logs', from: 'LoadBalancerAttributes' },
    },
    { title: 'fails an ALB with access_logs.s3.enabled false', item: alb({ 'access_logs.s3.enabled': 'false', 'access_logs.s3.bucket': '' }), status: 'fail', evidence: { accessLogsEnabled: false, bucket: null } },
    { title: 'passes a Classic ELB whose AccessLog attribute is on', item: classic({ enabled: true, s3BucketName: 'acme-elb-logs', emitInterval: 60 }), status: 'pass', evidence: { accessLogsEnabled: true, bucket: 'acme-elb-logs' } },
    { title: 'fails a Classic ELB whose AccessLog attribute is off', item: classic({ enabled: false }), status: 'fail', evidence: { accessLogsEnabled: false } },
    { title: 'is not applicable to a Gateway Load Balancer', item: alb({}, 'gateway'), status: 'not_applicable', evidence: { type: 'gateway' } },
    { title: 'is undecided when no access-log attribute was recorded', item: alb(null), status: 'error', evidence: { accessLogsEnabled: null } },
  ]);
});
