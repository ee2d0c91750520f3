import {
  AuthorizerKitError,
  type AuthorizerKitErrorOptions,
  codeOf,
  type ErrorFamily,
  familyOf,
} from '../lib/errors.js';
import { safeUrl } from '../lib/url.js';

/**
 * The `code` values a {@link JwtVerificationError} can carry: what was wrong with the token.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, JwtVerificationError, type JwtVerificationErrorCode } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: { authorizationToken: string }) => {
 *   try {
 *     return await verifier.verify(event.authorizationToken.replace(/^Bearer /i, ''));
 *   } catch (error) {
 *     if (!(error instanceof JwtVerificationError)) throw error; // JwksUnavailableError: 500
 *     const code: JwtVerificationErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_JWT_EXPIRED':
 *       case 'ERR_JWT_TOO_OLD':
 *         console.warn('stale token: the client should get a new one');
 *         break;
 *       case 'ERR_JWT_SIGNATURE':
 *       case 'ERR_JWT_ALGORITHM':
 *         console.warn('forged or altered token', error.claim);
 *         break;
 *       default:
 *         console.warn(code, error.message);
 *     }
 *     throw new Error('Unauthorized'); // 401
 *   }
 * };
 * ```
 */
export type JwtVerificationErrorCode =
  // The token itself
  | 'ERR_JWT_MALFORMED'
  | 'ERR_JWT_TOO_LARGE'
  // Its header: algorithm, critical extensions, type
  | 'ERR_JWT_ALGORITHM'
  | 'ERR_JWT_CRIT'
  | 'ERR_JWT_TYP'
  // The key
  | 'ERR_JWT_KEY_NOT_FOUND'
  | 'ERR_JWT_KEY_MISMATCH'
  | 'ERR_JWT_SIGNATURE'
  // Its claims
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_YET_VALID'
  | 'ERR_JWT_TOO_OLD'
  | 'ERR_JWT_ISSUER'
  | 'ERR_JWT_AUDIENCE'
  | 'ERR_JWT_SCOPE'
  | 'ERR_JWT_CLAIM'
  | 'ERR_JWT_CUSTOM_CHECK';

/**
 * The base class of every reason a token is rejected: the caller is not authenticated, which an
 * authorizer answers with 401 (`throw new Error('Unauthorized')`).
 *
 * Switch on `code`; `claim` names the claim or header that failed when one is to blame. Messages
 * never contain the token, its signature or key material.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     return await verifier.verify(event.authorizationToken.replace(/^Bearer /i, ''));
 *   } catch (error) {
 *     if (error instanceof JwtVerificationError) {
 *       console.warn(error.code, error.claim, error.message); // e.g. 'ERR_JWT_EXPIRED', 'exp'
 *       throw new Error('Unauthorized'); // 401
 *     }
 *     throw error; // JwksUnavailableError and bugs: 500
 *   }
 * };
 * ```
 */
export class JwtVerificationError extends AuthorizerKitError {
  static override readonly errorName: string = 'JwtVerificationError';
  static override readonly family: ErrorFamily = 'refusal';
  declare readonly code: JwtVerificationErrorCode;
  /** The claim (`exp`, `aud`, ...) or header parameter (`alg`, `kid`, `crit`, `typ`) at fault, if any. */
  readonly claim: string | undefined;

  constructor(
    code: JwtVerificationErrorCode,
    message: string,
    claim?: string,
    options?: AuthorizerKitErrorOptions,
  ) {
    super(code, message, options);
    this.claim = claim;
  }
}

/**
 * The `code` values a {@link JwksUnavailableError} can carry.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, JwksUnavailableError, type JwksUnavailableErrorCode } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: { authorizationToken: string }) => {
 *   try {
 *     return await verifier.verify(event.authorizationToken.replace(/^Bearer /i, ''));
 *   } catch (error) {
 *     if (error instanceof JwksUnavailableError) {
 *       const code: JwksUnavailableErrorCode = error.code;
 *       switch (code) {
 *         case 'ERR_JWKS_TIMEOUT':
 *         case 'ERR_JWKS_FETCH':
 *           console.error('issuer unreachable: check the egress of the function', error.uri);
 *           break;
 *         case 'ERR_JWKS_HTTP_STATUS':
 *           console.error('the JWKS endpoint answered', error.status);
 *           break;
 *         default:
 *           console.error(code, error.message);
 *       }
 *       throw error; // not 'Unauthorized': API Gateway answers 500
 *     }
 *     throw new Error('Unauthorized');
 *   }
 * };
 * ```
 */
export type JwksUnavailableErrorCode =
  | 'ERR_JWKS_FETCH'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_HTTP_STATUS'
  | 'ERR_JWKS_REDIRECT'
  | 'ERR_JWKS_INVALID'
  | 'ERR_JWKS_TOO_LARGE'
  | 'ERR_JWKS_TOO_MANY_KEYS'
  | 'ERR_JWKS_STALE'
  | 'ERR_JWKS_DISCOVERY';

/**
 * Thrown when the issuer's keys cannot be obtained: the JWKS or discovery endpoint is unreachable,
 * slow, answers non-200, redirects somewhere refused (not https, a loop, more than 3 hops), sends
 * something that is not a JWKS, or too much of it; or the discovery document names another issuer.
 * The token was not judged: an authorizer maps this to 500, not 401.
 *
 * It is deliberately not a {@link JwtVerificationError}.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, JwksUnavailableError } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: { authorizationToken: string }) => {
 *   try {
 *     return await verifier.verify(event.authorizationToken);
 *   } catch (error) {
 *     if (error instanceof JwksUnavailableError) console.error(error.code, error.uri, error.message);
 *     throw error; // anything but 'Unauthorized' is a 500 from API Gateway
 *   }
 * };
 * ```
 */
export class JwksUnavailableError extends AuthorizerKitError {
  static override readonly errorName: string = 'JwksUnavailableError';
  declare readonly code: JwksUnavailableErrorCode;
  /** The JWKS or discovery URL that failed. */
  readonly uri: string;
  /** The HTTP status received, when the server answered. */
  readonly status: number | undefined;

  constructor(
    code: JwksUnavailableErrorCode,
    message: string,
    uri: string,
    status?: number,
    options?: AuthorizerKitErrorOptions,
  ) {
    // The configured URL may carry a password or a secret query parameter: neither is shown.
    const shown = safeUrl(uri);
    super(code, shown === uri ? message : message.split(uri).join(shown), options);
    this.uri = shown;
    this.status = status;
  }
}

/**
 * The `code` values a {@link BearerTokenError} can carry.
 *
 * @example
 * ```ts
 * import {
 *   BearerTokenError,
 *   type BearerTokenErrorCode,
 *   createJwtVerifier,
 *   extractBearerToken,
 *   JwtVerificationError,
 * } from 'lambda-authorizer-kit/jwt';
 * import { allow, unauthorized } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEvent) => {
 *   let token: string;
 *   try {
 *     token = extractBearerToken(event.headers?.authorization);
 *   } catch (error) {
 *     if (!(error instanceof BearerTokenError)) throw error;
 *     const code: BearerTokenErrorCode = error.code;
 *     switch (code) {
 *       case 'ERR_BEARER_MISSING':
 *       case 'ERR_BEARER_EMPTY':
 *         console.warn('no token: the client is not signed in');
 *         break;
 *       case 'ERR_BEARER_SCHEME':
 *       case 'ERR_BEARER_MALFORMED':
 *         console.warn('not a bearer token');
 *         break;
 *     }
 *     unauthorized(); // 401
 *   }
 *   const claims = await verifier.verify(token).catch((error: unknown) => {
 *     if (error instanceof JwtVerificationError) unauthorized();
 *     throw error; // JWKS unavailable: 500
 *   });
 *   return allow(claims.sub ?? '', event.methodArn);
 * };
 * ```
 */
export type BearerTokenErrorCode =
  | 'ERR_BEARER_MISSING'
  | 'ERR_BEARER_EMPTY'
  | 'ERR_BEARER_SCHEME'
  | 'ERR_BEARER_MALFORMED';

/**
 * Thrown by `extractBearerToken()` when the `Authorization` header is missing, empty, uses another
 * scheme than `Bearer`, or carries no token. An authorizer answers it with 401.
 *
 * @example
 * ```ts
 * import { BearerTokenError, extractBearerToken } from 'lambda-authorizer-kit/jwt';
 * import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEvent) => {
 *   try {
 *     return extractBearerToken(event.headers?.authorization);
 *   } catch (error) {
 *     if (error instanceof BearerTokenError) console.warn(error.code); // 'ERR_BEARER_MISSING'
 *     throw new Error('Unauthorized');
 *   }
 * };
 * ```
 */
export class BearerTokenError extends AuthorizerKitError {
  static override readonly errorName: string = 'BearerTokenError';
  static override readonly family: ErrorFamily = 'refusal';
  declare readonly code: BearerTokenErrorCode;

  constructor(code: BearerTokenErrorCode, message: string, options?: AuthorizerKitErrorOptions) {
    super(code, message, options);
  }
}

/**
 * The `code` values an {@link InvalidJwtOptionsError} can carry.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, InvalidJwtOptionsError, type InvalidJwtOptionsErrorCode } from 'lambda-authorizer-kit/jwt';
 *
 * function createVerifier() {
 *   try {
 *     return createJwtVerifier({ issuer: process.env.ISSUER ?? '', audience: process.env.AUDIENCE ?? '' });
 *   } catch (error) {
 *     if (error instanceof InvalidJwtOptionsError) {
 *       const code: InvalidJwtOptionsErrorCode = error.code;
 *       switch (code) {
 *         case 'ERR_JWT_INVALID_OPTION':
 *           console.error(`Check the ${error.option} setting of the function: ${error.message}`);
 *           break;
 *       }
 *     }
 *     throw error; // the function fails at cold start, before any request is judged
 *   }
 * }
 *
 * const verifier = createVerifier();
 * export const handler = async (event: { authorizationToken: string }) => verifier.verify(event.authorizationToken);
 * ```
 */
export type InvalidJwtOptionsErrorCode = 'ERR_JWT_INVALID_OPTION';

/**
 * Thrown by `createJwtVerifier()` and the presets when an option is invalid (a symmetric algorithm
 * in `algorithms`, a missing `audience`, an `http:` JWKS URL that is not loopback, ...). It is a
 * deployment bug, reported when the handler module loads.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, InvalidJwtOptionsError } from 'lambda-authorizer-kit/jwt';
 *
 * try {
 *   createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'x', algorithms: ['HS256' as never] });
 * } catch (error) {
 *   if (error instanceof InvalidJwtOptionsError) console.error(error.message);
 * }
 * export const handler = async () => ({ statusCode: 200 });
 * ```
 */
export class InvalidJwtOptionsError extends AuthorizerKitError {
  static override readonly errorName: string = 'InvalidJwtOptionsError';
  declare readonly code: InvalidJwtOptionsErrorCode;
  /** The option at fault, e.g. `algorithms`. */
  readonly option: string;

  constructor(option: string, message: string, options?: AuthorizerKitErrorOptions) {
    super('ERR_JWT_INVALID_OPTION', message, options);
    this.option = option;
  }
}

/**
 * `true` for the errors that mean "these credentials are refused" (answer 401): a
 * {@link JwtVerificationError} or {@link BearerTokenError}, thrown by this copy of the package or by
 * another one loaded in the same process (a CommonJS dependency beside ESM code), where `instanceof`
 * only knows its own copy's classes. {@link JwksUnavailableError} and bugs are not refusals (500).
 *
 * @example
 * ```ts
 * import { createJwtVerifier, extractBearerToken, isTokenRefusal } from 'lambda-authorizer-kit/jwt';
 * import { allow, unauthorized } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   try {
 *     const claims = await verifier.verify(extractBearerToken(event.authorizationToken));
 *     return allow(claims.sub ?? '', event.methodArn);
 *   } catch (error) {
 *     if (isTokenRefusal(error)) unauthorized(); // 401, whichever copy threw it
 *     throw error; // 500
 *   }
 * };
 * ```
 */
export function isTokenRefusal(error: unknown): error is JwtVerificationError | BearerTokenError {
  if (familyOf(error) !== 'refusal') return false;
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('ERR_JWT_') || code.startsWith('ERR_BEARER_'));
}
