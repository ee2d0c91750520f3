/**
 * The backend behind the TOKEN authorizer: reflects the claims the authorizer passed on
 * (`event.requestContext.authorizer`), as the FusionAuth guide's backend does.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { principalId, integrationLatency: _latency, ...claims } = event.requestContext.authorizer ?? {};
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ principalId, claims }),
  };
};
