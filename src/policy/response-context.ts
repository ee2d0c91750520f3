import { describeType } from '../lib/describe.js';
import { checkAuthorizerContext, checkJsonContext } from './context.js';
import { InvalidPolicyError } from './errors.js';
import type { AuthorizerContext, AuthorizerContextValue, JsonValue } from './types.js';

/**
 * What {@link responseContext} puts into an authorizer context for gateway responses.
 */
export interface ResponseContextOptions {
  /**
   * A JSON value for the response body; stored JSON-encoded as `context.body`, for a gateway response
   * template `$context.authorizer.body`. Default: none.
   */
  body?: JsonValue;
  /**
   * Set-Cookie values, joined with `, ` into `context.setCookie`, for a `Set-Cookie` response header
   * mapped from `context.authorizer.setCookie`. Default: none.
   */
  setCookie?: string | readonly string[];
  /** Other flat context values (strings, numbers, booleans). */
  values?: Record<string, AuthorizerContextValue | undefined>;
}

/**
 * Builds a flat authorizer context that carries a JSON response body and `Set-Cookie` values, the
 * session-authorizer pattern: deny with a body the frontend can read, or allow while refreshing
 * cookies, without hand-building JSON strings. Map them in API Gateway:
 * gateway response (ACCESS_DENIED) template `$context.authorizer.body`, header
 * `Set-Cookie: context.authorizer.setCookie`.
 *
 * @throws {@link InvalidPolicyError} for a body JSON cannot carry, a non-string cookie, or a bad value.
 *
 * @example
 * ```ts
 * import { deny, responseContext } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEvent) =>
 *   deny('', event.methodArn, responseContext({
 *     body: { message: 'invalid claim', claimValidationErrors: [{ id: 'st-ev', reason: 'not verified' }] },
 *     setCookie: ['sAccessToken=...; Path=/; HttpOnly'],
 *   }));
 * ```
 */
export function responseContext(options: ResponseContextOptions): AuthorizerContext {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidPolicyError(
      'ERR_CONTEXT_NOT_AN_OBJECT',
      `responseContext() takes { body?, setCookie?, values? }, got ${describeType(options)}.`,
    );
  }
  const context: Record<string, AuthorizerContextValue | undefined> = {
    ...checkAuthorizerContext(options.values ?? {}),
  };
  if (options.body !== undefined) {
    checkJsonContext({ body: options.body });
    context.body = JSON.stringify(options.body);
  }
  if (options.setCookie !== undefined) {
    const cookies = typeof options.setCookie === 'string' ? [options.setCookie] : options.setCookie;
    if (!Array.isArray(cookies) || !Array.from(cookies).every((c) => typeof c === 'string')) {
      throw new InvalidPolicyError(
        'ERR_CONTEXT_INVALID_VALUE',
        `setCookie must be a string or an array of strings, got ${describeType(options.setCookie)}.`,
        'setCookie',
      );
    }
    context.setCookie = cookies.join(', ');
  }
  return checkAuthorizerContext(context);
}
