import { describe } from 'vitest';
import check from '../../../checks/aws/api-gateway-stage-logging.js';
import { configItem, verdictTable } from './items.js';

// AWS::ApiGateway::Stage as Config records it: the GetStage shape, methodSettings keyed "*/*" for the stage.
function restStage(extra: Record<string, unknown> | null) {
  const arn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod';
  return configItem({
    resourceType: 'AWS::ApiGateway::Stage',
    resourceId: arn,
    resourceName: 'prod',
    arn,
    availabilityZone: 'Not Applicable',
    configuration: extra && { deploymentId: 'x7y8z9', stageName: 'prod', cacheClusterEnabled: false, methodSettings: {}, tracingEnabled: false, createdDate: '2024-05-02T11:20:31.000Z', lastUpdatedDate: '2026-01-10T09:00:00.000Z', ...extra },
  });
}
// AWS::ApiGatewayV2::Stage: accessLogSettings and defaultRouteSettings (aws-config-resource-schema).
function httpStage(extra: Record<string, unknown>) {
  const arn = 'arn:aws:apigateway:us-east-1::/apis/f6g7h8i9j0/stages/$default';
  return configItem({
    resourceType: 'AWS::ApiGatewayV2::Stage',
    resourceId: arn,
    resourceName: '$default',
    arn,
    availabilityZone: 'Not Applicable',
    configuration: { stageName: '$default', autoDeploy: true, defaultRouteSettings: { detailedMetricsEnabled: false }, ...extra },
  });
}

describe('aws-api-gateway-stage-logging', () => {
  verdictTable(check, [
    { title: 'passes a REST stage with execution logging at ERROR', item: restStage({ methodSettings: { '*/*': { metricsEnabled: false, loggingLevel: 'ERROR', dataTraceEnabled: false } } }), status: 'pass', evidence: { executionLoggingLevel: 'ERROR', accessLogDestination: null } },
    {
      title: 'passes an HTTP API stage with access logs',
      item: httpStage({ accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:intake-api-access', format: '$context.requestId $context.identity.sourceIp' } }),
      status: 'pass',
      evidence: { accessLogDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:intake-api-access' },
    },
    { title: 'fails a REST stage with execution logging OFF and no access logs', item: restStage({ methodSettings: { '*/*': { loggingLevel: 'OFF' } } }), status: 'fail', evidence: { executionLoggingLevel: 'OFF', accessLogDestination: null } },
    { title: 'fails an HTTP API stage without access logs', item: httpStage({}), status: 'fail', evidence: { executionLoggingLevel: null, accessLogDestination: null } },
    { title: 'is undecided when Config recorded no configuration', item: restStage(null), status: 'error', evidence: { configuration: null } },
  ]);
});
