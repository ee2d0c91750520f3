import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/** The `code` values of {@link AuthorizerConfigError}. */
export type AuthorizerConfigErrorCode = 'ERR_AUTHORIZER_CONFIG';

/**
 * Thrown when an authorizer factory is given options it cannot work with (at cold start, not per
 * request), e.g. an identity source expression it does not understand.
 *
 * @example
 * ```ts
 * import { AuthorizerConfigError, createRequestAuthorizer } from 'lambda-authorizer-kit/authorizer';
 *
 * try {
 *   createRequestAuthorizer({ identitySource: ['header.Auth'], authorize: () => ({ allow: false }) });
 * } catch (error) {
 *   if (error instanceof AuthorizerConfigError) console.error(error.message);
 * }
 * ```
 */
export class AuthorizerConfigError extends AuthorizerKitError {
  static override readonly errorName: string = 'AuthorizerConfigError';
  declare readonly code: AuthorizerConfigErrorCode;

  constructor(message: string, options?: AuthorizerKitErrorOptions) {
    super('ERR_AUTHORIZER_CONFIG', message, options);
  }
}

/** The `code` values of {@link AuthorizerFailedError}. */
export type AuthorizerFailedErrorCode = 'ERR_AUTHORIZER_FAILED';

/**
 * What the handlers throw when they cannot decide (the JWKS is unreachable, the `authorize` callback
 * threw, the result would be malformed): API Gateway answers 500, never 401 and never allow.
 * The message names the original error's class and code, never token data; the original error is
 * kept as `cause`.
 *
 * @example
 * ```ts
 * import { AuthorizerFailedError } from 'lambda-authorizer-kit/authorizer';
 * import { simulateApiGateway, tokenAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { handler } from './authorizer.js';
 *
 * const outcome = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: 'Bearer x' }));
 * // outcome.statusCode === 500 when the JWKS endpoint is down
 * console.log(AuthorizerFailedError.name, outcome.statusCode);
 * ```
 */
export class AuthorizerFailedError extends AuthorizerKitError {
  static override readonly errorName: string = 'AuthorizerFailedError';
  declare readonly code: AuthorizerFailedErrorCode;

  constructor(message: string, options?: AuthorizerKitErrorOptions) {
    super('ERR_AUTHORIZER_FAILED', message, options);
  }
}
