import { describe } from 'vitest';
import check from '../../../checks/aws/elbv2-listener-tls.js';
import { asApiItem, elbv2Listener, verdictTable } from './items.js';

const CERT = [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/4f1c0e2a-9b7d-4e3f-8a6c-2d5b1e9f7c30' }];
const forward = [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/portal/73e2d6bc24d8a067', Order: 1 }];
const redirect = [{ Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } }];

describe('aws-elbv2-listener-tls', () => {
  verdictTable(check, [
    {
      title: 'passes an HTTPS listener with ELBSecurityPolicy-TLS13-1-2-2021-06',
      item: elbv2Listener({ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: CERT, DefaultActions: forward }),
      status: 'pass',
      evidence: { Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
    },
    {
      title: 'passes an NLB TLS listener with a newer TLS 1.2 policy recognised by its name',
      item: asApiItem(elbv2Listener({ Protocol: 'TLS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', Certificates: CERT, DefaultActions: forward })),
      status: 'pass',
      evidence: { Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09' },
    },
    {
      title: 'passes an HTTP listener whose only action redirects to HTTPS',
      item: elbv2Listener({ Protocol: 'HTTP', Port: 80, DefaultActions: redirect }),
      status: 'pass',
      evidence: { Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectProtocol: 'HTTPS' }] },
    },
    {
      title: 'fails an HTTPS listener on ELBSecurityPolicy-2016-08 (the CLI/CloudFormation default, TLS 1.0+)',
      item: elbv2Listener({ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: CERT, DefaultActions: forward }),
      status: 'fail',
      evidence: { SslPolicy: 'ELBSecurityPolicy-2016-08' },
    },
    {
      title: 'fails an HTTPS listener on ELBSecurityPolicy-TLS13-1-1-2021-06 (TLS 1.1+)',
      item: elbv2Listener({ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-1-2021-06', Certificates: CERT, DefaultActions: forward }),
      status: 'fail',
      evidence: { SslPolicy: 'ELBSecurityPolicy-TLS13-1-1-2021-06' },
    },
    {
      title: 'fails an HTTP listener that forwards to targets',
      item: elbv2Listener({ Protocol: 'HTTP', Port: 80, DefaultActions: forward }),
      status: 'fail',
      evidence: { Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', RedirectProtocol: null }] },
    },
    {
      title: 'fails a TCP listener, which does not terminate TLS',
      item: elbv2Listener({ Protocol: 'TCP', Port: 5432, DefaultActions: forward }),
      status: 'fail',
      evidence: { Protocol: 'TCP', Port: 5432 },
    },
    {
      title: 'is not applicable to a Gateway Load Balancer listener',
      item: elbv2Listener({ Protocol: 'GENEVE', Port: 6081, DefaultActions: forward }),
      status: 'not_applicable',
      evidence: { Protocol: 'GENEVE' },
    },
    {
      title: 'is undecided for a security policy it does not know',
      item: elbv2Listener({ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-Future-2030', DefaultActions: forward }),
      status: 'error',
      evidence: { SslPolicy: 'ELBSecurityPolicy-Future-2030' },
    },
    {
      title: 'is undecided when the record names no protocol',
      item: elbv2Listener({ Port: 443 }),
      status: 'error',
      evidence: { Protocol: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: elbv2Listener(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
