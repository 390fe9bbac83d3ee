import { describe } from 'vitest';
import check from '../../../checks/aws/api-gateway-tls.js';
import { asApiItem, httpApi, restApi, verdictTable } from './items.js';

describe('aws-api-gateway-tls', () => {
  verdictTable(check, [
    {
      title: 'passes a REST API with an enhanced TLS 1.2+ security policy',
      item: restApi({ endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06', endpointAccessMode: 'STRICT' }),
      status: 'pass',
      evidence: { securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06', endpointTypes: ['REGIONAL'] },
    },
    {
      title: 'passes a REST API with the legacy TLS_1_2 policy (API shape)',
      item: asApiItem(restApi({ endpointConfiguration: { types: ['EDGE'] }, securityPolicy: 'TLS_1_2' })),
      status: 'pass',
      evidence: { securityPolicy: 'TLS_1_2' },
    },
    {
      title: 'passes a private REST API (default TLS_1_2)',
      item: restApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0a1b2c3d4e5f60718'] } }),
      status: 'pass',
      evidence: { securityPolicy: null, endpointTypes: ['PRIVATE'] },
    },
    {
      title: 'passes an HTTP API (API Gateway enforces TLS_1_2)',
      item: httpApi({ protocolType: 'HTTP', apiEndpoint: 'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com' }),
      status: 'pass',
      evidence: { protocolType: 'HTTP' },
    },
    {
      title: 'passes a WebSocket API',
      item: httpApi({ protocolType: 'WEBSOCKET', apiEndpoint: 'wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com', routeSelectionExpression: '$request.body.action' }),
      status: 'pass',
      evidence: { protocolType: 'WEBSOCKET', apiEndpoint: 'wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com' },
    },
    {
      title: 'fails a Regional REST API with no security policy (default TLS_1_0)',
      item: restApi({ endpointConfiguration: { types: ['REGIONAL'] } }),
      status: 'fail',
      evidence: { securityPolicy: null, endpointTypes: ['REGIONAL'] },
    },
    {
      title: 'fails a REST API set to TLS_1_0',
      item: restApi({ endpointConfiguration: { types: ['EDGE'] }, securityPolicy: 'TLS_1_0' }),
      status: 'fail',
      evidence: { securityPolicy: 'TLS_1_0' },
    },
    {
      title: 'is undecided when the default endpoint is disabled (the custom domain policy is not recorded)',
      item: restApi({ endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: true }),
      status: 'error',
      evidence: { disableExecuteApiEndpoint: true },
    },
    {
      title: 'is undecided when the record names no endpoint type',
      item: restApi({}),
      status: 'error',
      evidence: { endpointTypes: [] },
    },
    {
      title: 'is undecided when an HTTP API record has no protocol type',
      item: httpApi({}),
      status: 'error',
      evidence: { protocolType: null },
    },
    {
      title: 'is undecided when the item has no configuration',
      item: restApi(null),
      status: 'error',
      evidence: { configuration: null },
    },
  ]);
});
