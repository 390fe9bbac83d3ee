import { defineCheck } from '../../src/engine/check.js';
import type { Resource } from '../../src/inventory/resource.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-load-balancer-access-logs',
  title: 'Load balancer writes access logs',
  provider: 'aws',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  category: 'audit-logging',
  severity: 'low',
  rationale:
    'Access logs record every request the load balancer passed on, with the client address, path and response: the record of who called the application that serves ePHI.',
  remediation: {
    text: 'Enable access logs to an S3 bucket whose policy lets Elastic Load Balancing write to it.',
    cli: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn LB_ARN --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=LOG_BUCKET\naws elb modify-load-balancer-attributes --load-balancer-name LB --load-balancer-attributes \'{"AccessLog":{"Enabled":true,"S3BucketName":"LOG_BUCKET","EmitInterval":60}}\'',
    terraform: 'resource "aws_lb" "this" {\n  # ...\n  access_logs {\n    bucket  = aws_s3_bucket.lb_logs.id\n    enabled = true\n  }\n}',
  },
  evaluate(lb) {
    const missing = configurationMissing(lb, 'load balancer', 'whether it writes access logs');
    if (missing) return missing;
    if (lb.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && anyCaseString(lb.config, 'type') === 'gateway') {
      return notApplicable('Gateway Load Balancers pass packets through and have no access logs.', { type: 'gateway' });
    }
    const logging = accessLogging(lb);
    const evidence = { accessLogsEnabled: logging.enabled ?? null, bucket: logging.bucket ?? null, from: logging.from };
    if (logging.enabled === undefined) {
      return undecided('The load balancer record carries no access-log attribute (LoadBalancerAttributes), so whether it logs is unknown.', evidence);
    }
    return logging.enabled
      ? pass(`Access logs go to bucket ${logging.bucket ?? '(not named)'}.`, evidence)
      : fail('Access logging is off: requests through the load balancer leave no record.', evidence);
  },
});

/**
 * Where the access-log attribute sits: ELBv2 attributes are a key/value list
 * (`access_logs.s3.enabled`), in supplementaryConfiguration.LoadBalancerAttributes or, CloudFormation-
 * shaped, in the configuration; Classic ELB attributes are an object (`AccessLog.Enabled`).
 */
function accessLogging(lb: Resource): { enabled?: boolean; bucket?: string; from: string | null } {
  const attributes = anyCase(lb.config, 'LoadBalancerAttributes');
  if (Array.isArray(attributes)) {
    const value = (key: string) => {
      const hit = attributes.find((a) => anyCaseString(a, 'key') === key);
      return hit === undefined ? undefined : anyCase(hit, 'value');
    };
    const enabled = value('access_logs.s3.enabled');
    const bool = typeof enabled === 'boolean' ? enabled : typeof enabled === 'string' && /^(true|false)$/i.test(enabled) ? enabled.toLowerCase() === 'true' : undefined;
    const bucket = value('access_logs.s3.bucket');
    return { ...(bool !== undefined ? { enabled: bool } : {}), ...(typeof bucket === 'string' && bucket ? { bucket } : {}), from: 'LoadBalancerAttributes' };
  }
  const enabled = anyCaseBoolean(attributes ?? lb.config, 'AccessLog.Enabled') ?? anyCaseBoolean(attributes ?? lb.config, 'accessLog.enabled');
  const bucket = anyCaseString(attributes ?? lb.config, 'AccessLog.S3BucketName');
  return { ...(enabled !== undefined ? { enabled } : {}), ...(bucket ? { bucket } : {}), from: enabled === undefined ? null : 'AccessLog' };
}
