import { describe } from 'vitest';
import check from '../../../checks/aws/cloudfront-distribution-https.js';
import { asApiItem, cloudFrontDistribution, verdictTable } from './items.js';

const behavior = (viewerProtocolPolicy: string, extra: Record<string, unknown> = {}) => ({
  targetOriginId: 'portal-alb',
  viewerProtocolPolicy,
  allowedMethods: { quantity: 2, items: ['HEAD', 'GET'], cachedMethods: { quantity: 2, items: ['HEAD', 'GET'] } },
  compress: true,
  ...extra,
});
const customCert = (minimumProtocolVersion: string) => ({
  cloudFrontDefaultCertificate: false,
  acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/4f1c0e2a-9b7d-4e3f-8a6c-2d5b1e9f7c30',
  sslSupportMethod: 'sni-only',
  minimumProtocolVersion,
  certificateSource: 'acm',
});
const defaultCert = { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1', certificateSource: 'cloudfront' };
const albOrigin = (originProtocolPolicy: string) => ({
  quantity: 1,
  items: [{ id: 'portal-alb', domainName: 'portal-alb-1234567890.us-east-1.elb.amazonaws.com', originPath: '', customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols: { quantity: 1, items: ['TLSv1.2'] } }, s3OriginConfig: null }],
});
const s3Origin = { quantity: 1, items: [{ id: 'static', domainName: 'lumen-static.s3.amazonaws.com', originPath: '', customOriginConfig: null, s3OriginConfig: { originAccessIdentity: '' } }] };

describe('aws-cloudfront-distribution-https', () => {
  verdictTable(check, [
    {
      title: 'passes HTTPS-only behaviors, TLSv1.2_2021 and an https-only origin',
      item: cloudFrontDistribution({
        defaultCacheBehavior: behavior('redirect-to-https'),
        cacheBehaviors: { quantity: 1, items: [behavior('https-only', { pathPattern: '/api/*' })] },
        viewerCertificate: customCert('TLSv1.2_2021'),
        origins: albOrigin('https-only'),
      }),
      status: 'pass',
      evidence: { minimumProtocolVersion: 'TLSv1.2_2021', viewerProtocolPolicies: [{ path: 'default', policy: 'redirect-to-https' }, { path: '/api/*', policy: 'https-only' }], customOrigins: [{ id: 'portal-alb', originProtocolPolicy: 'https-only' }] },
    },
    {
      title: 'passes an S3-origin distribution in the API shape',
      item: asApiItem(cloudFrontDistribution({ defaultCacheBehavior: behavior('https-only'), cacheBehaviors: { quantity: 0 }, viewerCertificate: customCert('TLSv1.2_2019'), origins: s3Origin })),
      status: 'pass',
      evidence: { minimumProtocolVersion: 'TLSv1.2_2019', customOrigins: [] },
    },
    {
      title: 'fails when a path-specific cache behavior allows HTTP',
      item: cloudFrontDistribution({
        defaultCacheBehavior: behavior('redirect-to-https'),
        cacheBehaviors: { quantity: 1, items: [behavior('allow-all', { pathPattern: '/legacy/*' })] },
        viewerCertificate: customCert('TLSv1.2_2021'),
        origins: s3Origin,
      }),
      status: 'fail',
      evidence: { viewerProtocolPolicies: [{ path: 'default' }, { path: '/legacy/*', policy: 'allow-all' }] },
    },
    {
      title: 'fails with the default *.cloudfront.net certificate (TLSv1)',
      item: cloudFrontDistribution({ defaultCacheBehavior: behavior('redirect-to-https'), viewerCertificate: defaultCert, origins: s3Origin }),
      status: 'fail',
      evidence: { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1' },
    },
    {
      title: 'fails with the TLSv1.1_2016 security policy',
      item: cloudFrontDistribution({ defaultCacheBehavior: behavior('https-only'), viewerCertificate: customCert('TLSv1.1_2016'), origins: s3Origin }),
      status: 'fail',
      evidence: { minimumProtocolVersion: 'TLSv1.1_2016' },
    },
    {
      title: 'fails when a custom origin is reached over plain HTTP',
      item: cloudFrontDistribution({ defaultCacheBehavior: behavior('https-only'), viewerCertificate: customCert('TLSv1.2_2021'), origins: albOrigin('http-only') }),
      status: 'fail',
      evidence: { customOrigins: [{ id: 'portal-alb', originProtocolPolicy: 'http-only' }] },
    },
    {
      title: 'is undecided when the viewer certificate is not in the record',
      item: cloudFrontDistribution({ defaultCacheBehavior: behavior('https-only'), origins: s3Origin }),
      status: 'error',
      evidence: { cloudFrontDefaultCertificate: null, minimumProtocolVersion: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: cloudFrontDistribution(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
