import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseArray, anyCaseBoolean, anyCaseString, configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-api-gateway-tls',
  title: 'API Gateway endpoint accepts only TLS 1.2 or newer',
  provider: 'aws',
  resourceTypes: ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale:
    'API Gateway serves every API over HTTPS, but the default endpoint of a Regional or edge-optimized REST API uses the TLS_1_0 security policy, which still negotiates TLS 1.0 and 1.1 for requests that carry ePHI.',
  remediation: {
    text: 'Give the REST API a TLS 1.2 security policy (SecurityPolicy_TLS13_1_2_2021_06 or newer, with an endpoint access mode), or disable its default endpoint and serve it through a custom domain with a TLS 1.2 policy.',
    cli: 'aws apigateway update-rest-api --rest-api-id API-ID --patch-operations \'[{"op":"replace","path":"/securityPolicy","value":"SecurityPolicy_TLS13_1_2_2021_06"},{"op":"replace","path":"/endpointAccessMode","value":"STRICT"}]\'',
    terraform:
      'resource "aws_api_gateway_rest_api" "this" {\n  # ...\n  security_policy      = "SecurityPolicy_TLS13_1_2_2021_06"\n  endpoint_access_mode = "STRICT"\n}',
  },
  evaluate(api) {
    const missing = configurationMissing(api, 'API', 'its TLS policy');
    if (missing) return missing;
    if (api.type === 'AWS::ApiGatewayV2::Api') {
      const protocolType = anyCaseString(api.config, 'protocolType') ?? null;
      const evidence = { protocolType, apiEndpoint: anyCaseString(api.config, 'apiEndpoint') ?? null };
      // API Gateway enforces the TLS_1_2 policy on every HTTP and WebSocket API endpoint.
      if (protocolType === 'HTTP' || protocolType === 'WEBSOCKET') return pass(`API Gateway serves this ${protocolType} API over TLS 1.2 or newer only.`, evidence);
      return undecided('The API record does not say whether it is an HTTP or a WebSocket API.', evidence);
    }
    const securityPolicy = anyCaseString(api.config, 'securityPolicy') ?? null;
    const types = (anyCaseArray(api.config, 'endpointConfiguration.types') ?? []).filter((t): t is string => typeof t === 'string');
    const evidence = {
      securityPolicy,
      endpointTypes: types,
      disableExecuteApiEndpoint: anyCase(api.config, 'disableExecuteApiEndpoint') ?? null,
    };
    if (securityPolicy !== null) {
      if (securityPolicy === 'TLS_1_0') return fail('The API uses the TLS_1_0 security policy, which accepts TLS 1.0 and 1.1.', evidence);
      // TLS_1_2 and the enhanced SecurityPolicy_TLS12_* / SecurityPolicy_TLS13_* policies accept TLS 1.2 or newer only.
      if (securityPolicy === 'TLS_1_2' || /^SecurityPolicy_TLS1[23]_/.test(securityPolicy)) return pass(`The API accepts TLS 1.2 or newer only (${securityPolicy}).`, evidence);
      return undecided(`The security policy ${securityPolicy} is not one this check knows, so the minimum TLS version is unknown.`, evidence);
    }
    // Without a security policy, API Gateway uses TLS_1_2 for private APIs and TLS_1_0 for Regional and edge-optimized ones.
    if (types.includes('PRIVATE')) return pass('The private API uses the default TLS_1_2 security policy.', evidence);
    if (types.length === 0) return undecided('The API record names neither a security policy nor an endpoint type.', evidence);
    if (anyCaseBoolean(api.config, 'disableExecuteApiEndpoint') === true) {
      return undecided('The default endpoint is disabled, so clients use a custom domain name, whose TLS policy AWS Config does not record.', evidence);
    }
    return fail(`The ${types.join('/')} API's default endpoint uses API Gateway's default TLS_1_0 policy, which accepts TLS 1.0 and 1.1.`, evidence);
  },
});
