import type { JwtVerificationError } from '../jwt/errors.js';
import { AuthorizerKitError, type AuthorizerKitErrorOptions, type ErrorFamily } from '../lib/errors.js';
import { UNAUTHORIZED_MESSAGE } from '../policy/unauthorized.js';

/** The codes an {@link AuthorizerFailedError} carries. @internal */
export type AuthorizerFailedErrorCode =
  | 'ERR_AUTHORIZER_FAILED'
  | 'ERR_AUTHORIZER_CALLBACK'
  | 'ERR_AUTHORIZER_NO_IAM_CALLER';

/**
 * The names of the callbacks the factories call, as `AuthorizerFailedError.callback` and the log
 * lines name them.
 *
 * See the example of {@link AuthorizerFailedError}.
 */
export type AuthorizerCallbackName =
  | 'policy'
  | 'authorize'
  | 'context'
  | 'enrich'
  | 'principalId'
  | 'resolverContext'
  | 'tokenFrom'
  | 'usageIdentifierKey'
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
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 * const authorize = createTokenAuthorizer({ verifier });
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
export class AuthorizerFailedError extends AuthorizerKitError<AuthorizerFailedErrorCode> {
  static override readonly errorName: string = 'AuthorizerFailedError';
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
 * The `code` of every error the factories of `lambda-authorizer-kit/authorizer` throw or log, and of
 * the outcomes `simulateApiGateway()` reports for them:
 *
 * - the verifier's and the bearer parser's codes (`ERR_JWT_EXPIRED`, `ERR_JWT_ISSUER`,
 *   `ERR_BEARER_MISSING`, ...): the token was refused ({@link UnauthorizedError}, 401);
 * - `ERR_AUTHORIZER_NO_IDENTITY`: an `identitySource` value is missing or empty (401);
 * - `ERR_AUTHORIZER_UNAUTHORIZED`: a callback threw `unauthorized()`, or `authorize` answered
 *   `{ allow: false }` without a principal (401);
 * - `ERR_AUTHORIZER_DENIED`: `authorize` answered `false` or `{ allow: false, principalId }` (a Deny
 *   result, 403; logged, not thrown);
 * - `ERR_AUTHORIZER_ENRICH_FAILED`: `enrich` failed and `onEnrichFailure` is `'deny'` (403; logged);
 * - `ERR_AUTHORIZER_CALLER_REFUSED`: a function URL's IAM caller is outside the
 *   `createFunctionUrlCallerGuard()` allowlist (403; logged);
 * - `ERR_AUTHORIZER_FAILED`, `ERR_AUTHORIZER_CALLBACK`: the factory could not decide
 *   ({@link AuthorizerFailedError}, 500);
 * - `ERR_AUTHORIZER_NO_IAM_CALLER`: a function URL event carries no usable IAM identity (the URL's
 *   auth type is not `AWS_IAM`; {@link AuthorizerFailedError}, 500);
 * - `ERR_INVALID_OPTION`: the factory's options are invalid ({@link InvalidOptionError}, at creation).
 *
 * See the example of {@link UnauthorizedError} and the table in `docs/authorizers.md`.
 */
export type AuthorizerErrorCode =
  | AuthorizerRefusalCode
  | AuthorizerDenialCode
  | AuthorizerFailedErrorCode
  | 'ERR_INVALID_OPTION';

/** The codes of the 403 refusals (Deny results), logged at debug level. @internal */
export type AuthorizerDenialCode =
  | 'ERR_AUTHORIZER_DENIED'
  | 'ERR_AUTHORIZER_ENRICH_FAILED'
  | 'ERR_AUTHORIZER_CALLER_REFUSED';

/** The codes of the 401 refusals, carried by an {@link UnauthorizedError}. @internal */
export type AuthorizerRefusalCode =
  | JwtVerificationError['code']
  | 'ERR_AUTHORIZER_NO_IDENTITY'
  | 'ERR_AUTHORIZER_UNAUTHORIZED';

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
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 * const authorize = createTokenAuthorizer({ verifier });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     return await authorize(event);
 *   } catch (error) {
 *     if (error instanceof UnauthorizedError) console.warn(error.code, error.reason); // then 401
 *     throw error;
 *   }
 * };
 * ```
 */
export class UnauthorizedError extends AuthorizerKitError<AuthorizerRefusalCode> {
  static override readonly errorName: string = 'UnauthorizedError';
  static override readonly family: ErrorFamily = 'refusal';
  /** Why, in words: the verifier's message or the factory's; never a token or a caller value. */
  readonly reason: string;

  constructor(code: AuthorizerRefusalCode, reason: string) {
    super(code, UNAUTHORIZED_MESSAGE);
    this.reason = reason;
  }
}
