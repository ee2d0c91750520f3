import type { BearerTokenErrorCode, JwtVerificationErrorCode } from '../jwt/errors.js';
import { AuthorizerKitError, type AuthorizerKitErrorOptions, type ErrorFamily } from '../lib/errors.js';
import { UNAUTHORIZED_MESSAGE } from '../policy/unauthorized.js';

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
 * The `code` values of {@link AuthorizerFailedError}: `ERR_AUTHORIZER_FAILED` when a dependency or
 * the library failed (the JWKS is unreachable, a result would be malformed), `ERR_AUTHORIZER_CALLBACK`
 * when one of your callbacks threw, rejected, or returned something the factory does not understand
 * (its name is in `callback`).
 *
 * @example
 * ```ts
 * import type { AuthorizerFailedError, AuthorizerFailedErrorCode } from 'lambda-authorizer-kit/authorizer';
 *
 * const isYourBug = (error: AuthorizerFailedError) => error.code === ('ERR_AUTHORIZER_CALLBACK' satisfies AuthorizerFailedErrorCode);
 * ```
 */
export type AuthorizerFailedErrorCode = 'ERR_AUTHORIZER_FAILED' | 'ERR_AUTHORIZER_CALLBACK';

/**
 * The names of the callbacks the factories call, as `AuthorizerFailedError.callback` and the log
 * lines name them.
 *
 * @example
 * ```ts
 * import { AuthorizerFailedError, type AuthorizerCallbackName } from 'lambda-authorizer-kit/authorizer';
 *
 * const culprit = (error: unknown): AuthorizerCallbackName | undefined =>
 *   error instanceof AuthorizerFailedError ? error.callback : undefined;
 * ```
 */
export type AuthorizerCallbackName =
  | 'policy'
  | 'authorize'
  | 'context'
  | 'enrich'
  | 'principalId'
  | 'tokenFrom'
  | 'verifier.verify';

/**
 * What the handlers throw when they cannot decide (the JWKS is unreachable, a callback threw, the
 * result would be malformed): API Gateway answers 500, never 401 and never allow. The message names
 * the original error's class and code; `cause` is a copy of the original error with every value the
 * caller sent redacted (message, stack, string properties, nested causes), so logging or inspecting
 * it cannot show a token.
 *
 * @example
 * ```ts
 * import { AuthorizerFailedError, createTokenAuthorizer } from 'lambda-authorizer-kit/authorizer';
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
 *     if (error instanceof AuthorizerFailedError) console.error(error.code, error.callback, error.message);
 *     throw error; // 'Unauthorized' stays a 401, anything else a 500
 *   }
 * };
 * ```
 */
export class AuthorizerFailedError extends AuthorizerKitError {
  static override readonly errorName: string = 'AuthorizerFailedError';
  declare readonly code: AuthorizerFailedErrorCode;
  /** The callback that threw or answered something not understood, for `ERR_AUTHORIZER_CALLBACK`. */
  readonly callback: AuthorizerCallbackName | undefined;

  constructor(
    code: AuthorizerFailedErrorCode,
    message: string,
    callback?: AuthorizerCallbackName,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.callback = callback;
  }
}

/**
 * Why a factory refused a request: the `code` of an {@link UnauthorizedError} (401) and of a refusal
 * logged at debug level or shown by `simulateApiGateway()` (401 and 403).
 *
 * - the verifier's and the bearer parser's codes (`ERR_JWT_EXPIRED`, `ERR_JWT_ISSUER`,
 *   `ERR_BEARER_MISSING`, ...): the token was refused (401);
 * - `ERR_AUTHORIZER_NO_IDENTITY`: an `identitySource` value is missing or empty (401);
 * - `ERR_AUTHORIZER_UNAUTHORIZED`: a callback threw `unauthorized()`, or `authorize` answered
 *   `{ allow: false }` without a principal (401);
 * - `ERR_AUTHORIZER_DENIED`: `authorize` answered `false` or `{ allow: false, principalId }` (403);
 * - `ERR_AUTHORIZER_ENRICH_FAILED`: `enrich` failed and `onEnrichFailure` is `'deny'` (403).
 *
 * @example
 * ```ts
 * import type { AuthorizerRefusalCode } from 'lambda-authorizer-kit/authorizer';
 *
 * const clientShouldLogIn = (code: AuthorizerRefusalCode) => code === 'ERR_JWT_EXPIRED' || code === 'ERR_BEARER_MISSING';
 * ```
 */
export type AuthorizerRefusalCode =
  | JwtVerificationErrorCode
  | BearerTokenErrorCode
  | 'ERR_AUTHORIZER_NO_IDENTITY'
  | 'ERR_AUTHORIZER_UNAUTHORIZED'
  | 'ERR_AUTHORIZER_DENIED'
  | 'ERR_AUTHORIZER_ENRICH_FAILED';

/**
 * The 401 the factories throw: its message is exactly `Unauthorized`, as API Gateway requires, and
 * it says why in `code` and `reason` (the verifier's message, never the token). `isUnauthorized()`
 * is `true` for it.
 *
 * @example
 * ```ts
 * import { createTokenAuthorizer, UnauthorizedError } from 'lambda-authorizer-kit/authorizer';
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
 *     if (error instanceof UnauthorizedError) console.warn(error.code, error.reason);
 *     throw error;
 *   }
 * };
 * ```
 */
export class UnauthorizedError extends AuthorizerKitError {
  static override readonly errorName: string = 'UnauthorizedError';
  static override readonly family: ErrorFamily = 'refusal';
  declare readonly code: AuthorizerRefusalCode;
  /** Why, in words: the verifier's message or the factory's; never a token or a caller value. */
  readonly reason: string;

  constructor(code: AuthorizerRefusalCode, reason: string) {
    super(code, UNAUTHORIZED_MESSAGE);
    this.reason = reason;
  }
}
