import { describeType } from '../lib/describe.js';
import { checkJsonContext } from './context.js';
import { InvalidPolicyError } from './errors.js';
import type { JsonValue, SimpleResponse } from './types.js';

/**
 * An HTTP API (payload format 2.0) simple response, for authorizers with simple responses enabled.
 * Unlike IAM results, the context may carry any JSON value (objects and arrays included).
 *
 * @param isAuthorized - `true` lets the request through, `false` gives 403.
 * @param context - optional JSON object passed to the integration as `$context.authorizer.<key>`;
 * top-level `undefined` values are dropped.
 * @throws {@link InvalidPolicyError} when `isAuthorized` is not a boolean.
 * @throws {@link InvalidPolicyError} for a function, symbol, bigint, cycle or non-finite number,
 * naming the key.
 *
 * @example
 * ```ts
 * import { simpleResponse } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEventV2) => {
 *   const ok = event.headers?.['x-api-key'] === process.env.API_KEY;
 *   return simpleResponse(ok, { user: { id: 'user-42', roles: ['reader'] } });
 * };
 * ```
 */
export function simpleResponse<TContext extends Record<string, unknown> = Record<string, JsonValue>>(
  isAuthorized: boolean,
  context?: TContext,
): SimpleResponse<TContext> {
  if (typeof isAuthorized !== 'boolean') {
    throw new InvalidPolicyError(
      'ERR_POLICY_MALFORMED',
      `isAuthorized must be a boolean, got ${describeType(isAuthorized)}. API Gateway answers 500 otherwise.`,
    );
  }
  const response: SimpleResponse<TContext> = { isAuthorized };
  if (context !== undefined) response.context = checkJsonContext(context) as TContext;
  return response;
}
