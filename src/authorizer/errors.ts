import { AuthorizerKitError, type AuthorizerKitErrorOptions } from '../lib/errors.js';

/**
 * The `code` values of {@link AuthorizerConfigError}.
 *
 * @example
 * ```ts
 * import {
 *   AuthorizerConfigError,
 *   type AuthorizerConfigErrorCode,
 *   createRequestAuthorizer,
 * } from 'lambda-authorizer-kit/authorizer';
 *
 * function createHandler() {
 *   try {
 *     return createRequestAuthorizer({
 *       identitySource: (process.env.IDENTITY_SOURCE ?? 'method.request.header.x-api-key').split(','),
 *       authorize: (request) => ({ allow: request.header('x-api-key') === process.env.API_KEY, principalId: 'partner' }),
 *     });
 *   } catch (error) {
 *     if (error instanceof AuthorizerConfigError) {
 *       const code: AuthorizerConfigErrorCode = error.code;
 *       switch (code) {
 *         case 'ERR_AUTHORIZER_CONFIG':
 *           console.error(`Fix the authorizer's configuration: ${error.message}`);
 *           break;
 *       }
 *     }
 *     throw error; // the function fails at cold start, before any request
 *   }
 * }
 *
 * export const handler = createHandler();
 * ```
 */
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

/**
 * The `code` values of {@link AuthorizerFailedError}.
 *
 * @example
 * ```ts
 * import {
 *   AuthorizerFailedError,
 *   type AuthorizerFailedErrorCode,
 *   createTokenAuthorizer,
 * } from 'lambda-authorizer-kit/authorizer';
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * const authorize = createTokenAuthorizer({
 *   verifier: createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' }),
 * });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     return await authorize(event);
 *   } catch (error) {
 *     if (error instanceof AuthorizerFailedError) {
 *       const code: AuthorizerFailedErrorCode = error.code;
 *       switch (code) {
 *         case 'ERR_AUTHORIZER_FAILED':
 *           console.error('authorizer failed; API Gateway answers 500', error.cause);
 *           break;
 *       }
 *     }
 *     throw error; // 'Unauthorized' stays a 401
 *   }
 * };
 * ```
 */
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
