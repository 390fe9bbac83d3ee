import { describe } from 'vitest';
import check from '../../../checks/aws/elb-listener-tls.js';
import { asApiItem, classicLoadBalancer, verdictTable } from './items.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/4f1c0e2a-9b7d-4e3f-8a6c-2d5b1e9f7c30';
const https = (policyNames: string[]) => ({
  listener: { protocol: 'HTTPS', loadBalancerPort: 443, instanceProtocol: 'HTTP', instancePort: 8080, sslcertificateId: CERT },
  policyNames,
});
const http = { listener: { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 }, policyNames: [] };
const negotiation = (policyName: string, attributes: Record<string, string>) => ({
  policyName,
  policyTypeName: 'SSLNegotiationPolicyType',
  policyAttributeDescriptions: Object.entries(attributes).map(([attributeName, attributeValue]) => ({ attributeName, attributeValue })),
});
const tls12 = negotiation('ELBSecurityPolicy-TLS-1-2-2017-01', {
  'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
  'Protocol-TLSv1': 'false',
  'Protocol-TLSv1.1': 'false',
  'Protocol-TLSv1.2': 'true',
  'Server-Defined-Cipher-Order': 'true',
  'ECDHE-RSA-AES128-GCM-SHA256': 'true',
});
const legacy = negotiation('AWSConsole-SSLNegotiationPolicy-legacy-portal-1561471234567', {
  'Reference-Security-Policy': 'ELBSecurityPolicy-2016-08',
  'Protocol-TLSv1': 'true',
  'Protocol-TLSv1.1': 'true',
  'Protocol-TLSv1.2': 'true',
});

describe('aws-elb-listener-tls', () => {
  verdictTable(check, [
    {
      title: 'passes an HTTPS-only load balancer whose policy enables only TLS 1.2',
      item: classicLoadBalancer([https(['ELBSecurityPolicy-TLS-1-2-2017-01'])], [tls12]),
      status: 'pass',
      evidence: { listeners: [{ listener: 'HTTPS:443', protocol: 'HTTPS', policy: 'ELBSecurityPolicy-TLS-1-2-2017-01 (ELBSecurityPolicy-TLS-1-2-2017-01)' }] },
    },
    {
      title: 'passes when the policy is named but its attributes are not recorded (API shape)',
      item: asApiItem(classicLoadBalancer([https(['ELBSecurityPolicy-TLS-1-2-2017-01'])], [])),
      status: 'pass',
      evidence: { listeners: [{ policy: 'ELBSecurityPolicy-TLS-1-2-2017-01' }] },
    },
    {
      title: 'fails when a listener serves plain HTTP',
      item: classicLoadBalancer([https(['ELBSecurityPolicy-TLS-1-2-2017-01']), http], [tls12]),
      status: 'fail',
      evidence: { listeners: [{ listener: 'HTTPS:443' }, { listener: 'HTTP:80', protocol: 'HTTP', policy: null }] },
    },
    {
      title: 'fails when the negotiation policy still enables TLS 1.0 and 1.1',
      item: classicLoadBalancer([https([legacy.policyName])], [legacy]),
      status: 'fail',
      evidence: { listeners: [{ policy: 'AWSConsole-SSLNegotiationPolicy-legacy-portal-1561471234567 (ELBSecurityPolicy-2016-08)' }] },
    },
    {
      title: 'is undecided when an HTTPS listener names no negotiation policy the record holds',
      item: classicLoadBalancer([https(['my-custom-policy'])], []),
      status: 'error',
      evidence: { listeners: [{ policy: 'my-custom-policy' }] },
    },
    {
      title: 'is undecided when the record lists no listeners',
      item: classicLoadBalancer([]),
      status: 'error',
      evidence: { listenerDescriptions: [] },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: classicLoadBalancer(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
