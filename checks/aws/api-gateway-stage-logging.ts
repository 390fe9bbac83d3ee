import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';

const LOGGING_LEVELS = new Set(['ERROR', 'INFO']);

export default defineCheck({
  id: 'aws-api-gateway-stage-logging',
  title: 'API Gateway stage logs its requests',
  provider: 'aws',
  resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
  category: 'audit-logging',
  severity: 'medium',
  rationale:
    'An API in front of ePHI needs a record of who called it and what it answered; API Gateway writes none unless execution logging (ERROR or INFO) or access logging is turned on for the stage.',
  remediation: {
    text: 'Set execution logging to ERROR or INFO for all methods of the stage (REST, WebSocket) and send access logs to a CloudWatch Logs group.',
    cli: 'aws apigateway update-stage --rest-api-id API_ID --stage-name STAGE --patch-operations op=replace,path=/*/*/logging/loglevel,value=ERROR op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN\naws apigatewayv2 update-stage --api-id API_ID --stage-name STAGE --access-log-settings DestinationArn=LOG_GROUP_ARN,Format=\'$context.requestId $context.identity.sourceIp $context.routeKey $context.status\'',
    terraform: 'resource "aws_api_gateway_method_settings" "all" {\n  rest_api_id = aws_api_gateway_rest_api.this.id\n  stage_name  = aws_api_gateway_stage.this.stage_name\n  method_path = "*/*"\n  settings {\n    logging_level = "ERROR"\n  }\n}',
  },
  evaluate(stage) {
    const missing = configurationMissing(stage, 'API stage', 'whether it logs');
    if (missing) return missing;
    const accessLogDestination = anyCaseString(stage.config, 'accessLogSettings.destinationArn') ?? null;
    // REST stages: methodSettings keyed by "resource/method", "*/*" for the whole stage; v2: defaultRouteSettings.
    const methodSettings = anyCase(stage.config, 'methodSettings');
    const stageWide = isRecord(methodSettings) ? methodSettings['*/*'] : undefined;
    const loggingLevel = anyCaseString(stageWide, 'loggingLevel') ?? anyCaseString(stage.config, 'defaultRouteSettings.loggingLevel') ?? null;
    const evidence = { executionLoggingLevel: loggingLevel, accessLogDestination };
    const execution = loggingLevel !== null && LOGGING_LEVELS.has(loggingLevel.toUpperCase());
    if (execution || accessLogDestination) {
      const what = [execution ? `execution logging at ${loggingLevel}` : '', accessLogDestination ? `access logs to ${accessLogDestination}` : ''].filter(Boolean).join(' and ');
      return pass(`The stage has ${what}.`, evidence);
    }
    return fail('The stage has neither execution logging nor access logging: calls to the API leave no record.', evidence);
  },
});
