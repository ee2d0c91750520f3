/**
 * The REQUEST authorizer of the API Gateway documentation, rewritten with lambda-authorizer-kit.
 *
 * A request is authorized when the `HeaderAuth1` header, the `QueryString1` query parameter and the
 * `StageVar1` stage variable equal `headerValue1`, `queryValue1` and `stageValue1`; otherwise the
 * caller gets 401. Configure the authorizer's identity sources as those three values.
 *
 * What changed from the original:
 * - no `methodArn.split(':')`: the ARN is parsed properly (paths with ":" and every partition work);
 * - the policy covers the whole stage, so a cached result does not turn the next route into a 403;
 * - the header is read case-insensitively (clients and proxies change header case);
 * - a missing query string or stage variable map is a 401, not a TypeError (which API Gateway
 *   would answer with 500);
 * - the context is checked: only strings, numbers and booleans reach API Gateway.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { anyRouteInStage } from 'lambda-authorizer-kit/arn';
import { readRequest } from 'lambda-authorizer-kit/authorizer';
import { type AuthorizerResult, allow, unauthorized } from 'lambda-authorizer-kit/policy';

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<AuthorizerResult> => {
  // Headers case-insensitively; a missing map (null in the console's test events) reads as empty.
  const request = readRequest(event);
  const authorized =
    request.header('HeaderAuth1') === 'headerValue1' &&
    request.query('QueryString1') === 'queryValue1' &&
    request.stageVariable('StageVar1') === 'stageValue1';
  if (!authorized) unauthorized();

  return allow('me', anyRouteInStage(event.methodArn), {
    stringKey: 'stringval',
    numberKey: 123,
    booleanKey: true,
  });
};
