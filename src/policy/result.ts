import { checkAuthorizerContext } from './context.js';
import type { AuthorizerContext, AuthorizerResult, PolicyEffect, ResultOptions } from './types.js';
import { checkPrincipalId, checkResources, checkUsageIdentifierKey } from './validate.js';

/** Builds a one-statement result after checking every input. @internal */
export function buildResult(
  effect: PolicyEffect,
  principalId: string,
  resource: string | readonly string[],
  context: AuthorizerContext | undefined,
  options: ResultOptions | undefined,
): AuthorizerResult {
  const result: AuthorizerResult = {
    principalId: checkPrincipalId(principalId),
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: checkResources(resource) }],
    },
  };
  if (context !== undefined) result.context = checkAuthorizerContext(context);
  const usageIdentifierKey = checkUsageIdentifierKey(options?.usageIdentifierKey);
  if (usageIdentifierKey !== undefined) result.usageIdentifierKey = usageIdentifierKey;
  return result;
}

/**
 * An authorizer result that allows the caller to invoke `resource`.
 *
 * Prefer a cache-safe resource such as `anyRouteInStage(event.methodArn)`: with authorizer caching
 * on, API Gateway reuses this result for every route called with the same token.
 *
 * @param principalId - who the caller is (e.g. the token's `sub`); a string (`""` for anonymous callers).
 * @param resource - one execute-api ARN or several; `*` and `?` wildcards allowed.
 * @param context - optional flat map of strings, numbers and booleans passed to the integration;
 * `undefined` values are dropped.
 * @param options - optional `usageIdentifierKey` for usage plans.
 * @throws {@link InvalidPolicyError} for a principal that is not a string or a resource that is not an execute-api ARN.
 * @throws {@link InvalidPolicyError} for a context value API Gateway would reject (object, array,
 * null, function, symbol, bigint, non-finite number), naming the key.
 *
 * @example
 * ```ts
 * import { anyRouteInStage } from 'lambda-authorizer-kit/arn';
 * import { allow } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) =>
 *   allow('user-42', anyRouteInStage(event.methodArn), { tenant: 'acme', admin: false });
 * ```
 */
export function allow<TContext extends AuthorizerContext = AuthorizerContext>(
  principalId: string,
  resource: string | readonly string[],
  context?: TContext,
  options?: ResultOptions,
): AuthorizerResult<TContext> {
  return buildResult('Allow', principalId, resource, context, options) as AuthorizerResult<TContext>;
}

/**
 * An authorizer result that denies the caller `resource`: API Gateway answers 403.
 *
 * @param principalId - who the caller is; a string.
 * @param resource - one execute-api ARN or several; `*` and `?` wildcards allowed.
 * @param context - optional flat map of strings, numbers and booleans (available to gateway responses
 * as `$context.authorizer.<key>`); `undefined` values are dropped.
 * @param options - optional `usageIdentifierKey`.
 * @throws {@link InvalidPolicyError} for a principal that is not a string or a resource that is not an execute-api ARN.
 * @throws {@link InvalidPolicyError} for a context value API Gateway would reject, naming the key.
 *
 * @example
 * ```ts
 * import { anyRouteInStage } from 'lambda-authorizer-kit/arn';
 * import { deny } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) =>
 *   deny('user-42', anyRouteInStage(event.methodArn), { reason: 'account suspended' });
 * ```
 */
export function deny<TContext extends AuthorizerContext = AuthorizerContext>(
  principalId: string,
  resource: string | readonly string[],
  context?: TContext,
  options?: ResultOptions,
): AuthorizerResult<TContext> {
  return buildResult('Deny', principalId, resource, context, options) as AuthorizerResult<TContext>;
}
