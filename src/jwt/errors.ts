import {
  AuthorizerKitError,
  type AuthorizerKitErrorOptions,
  codeOf,
  type ErrorFamily,
  familyOf,
} from '../lib/errors.js';
import { safeUrl } from '../lib/url.js';

/**
 * The `code` of every error `lambda-authorizer-kit/jwt` throws: a {@link JwtVerificationError}'s
 * (the token or the `Authorization` header was refused: 401), a {@link JwksUnavailableError}'s (the
 * issuer's keys could not be obtained: 500) or the {@link InvalidOptionError}'s `ERR_INVALID_OPTION`.
 * See the example of {@link JwtVerificationError} and the table in `docs/jwt.md`.
 */
export type JwtErrorCode = JwtVerificationErrorCode | JwksUnavailableErrorCode | 'ERR_INVALID_OPTION';

/** The codes a {@link JwtVerificationError} carries. @internal */
type JwtVerificationErrorCode =
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
  | 'ERR_JWT_CUSTOM_CHECK'
  // The Authorization header, read by extractBearerToken()
  | 'ERR_BEARER_MISSING'
  | 'ERR_BEARER_EMPTY'
  | 'ERR_BEARER_SCHEME'
  | 'ERR_BEARER_MALFORMED';

/**
 * Thrown for every reason a token is refused: the caller is not authenticated, which an authorizer
 * answers with 401 (`throw new Error('Unauthorized')`). `verify()` throws it for the token (codes
 * `ERR_JWT_*`), `extractBearerToken()` for an `Authorization` header that is missing, empty, of
 * another scheme than `Bearer` or without a token (codes `ERR_BEARER_*`).
 *
 * Switch on `code`; `claim` names the claim or header that failed when one is to blame. Messages
 * never contain the token, its signature or key material.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, extractBearerToken, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: { authorizationToken: string }) => {
 *   try {
 *     return await verifier.verify(extractBearerToken(event.authorizationToken));
 *   } catch (error) {
 *     if (!(error instanceof JwtVerificationError)) throw error; // JwksUnavailableError, bugs: 500
 *     console.warn(error.code, error.claim); // e.g. 'ERR_JWT_EXPIRED', 'exp'
 *     throw new Error('Unauthorized'); // 401
 *   }
 * };
 * ```
 */
export class JwtVerificationError extends AuthorizerKitError<JwtVerificationErrorCode> {
  static override readonly errorName: string = 'JwtVerificationError';
  static override readonly family: ErrorFamily = 'refusal';
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

/** The codes a {@link JwksUnavailableError} carries. @internal */
type JwksUnavailableErrorCode =
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
 * Thrown when the issuer's keys cannot be obtained: the JWKS or discovery endpoint (or an
 * Application Load Balancer's key server) is unreachable, slow, answers non-200, redirects somewhere
 * refused (not https, a loop, more than 3 hops), sends something that is not a JWKS (or not a PEM
 * key), or too much of it; or the discovery document names another issuer.
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
export class JwksUnavailableError extends AuthorizerKitError<JwksUnavailableErrorCode> {
  static override readonly errorName: string = 'JwksUnavailableError';
  /** The JWKS, discovery or ALB key URL that failed. */
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
 * `true` for the errors that mean "these credentials are refused" (answer 401): a
 * {@link JwtVerificationError}, thrown by this copy of the package or by
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
export function isTokenRefusal(error: unknown): error is JwtVerificationError {
  if (familyOf(error) !== 'refusal') return false;
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('ERR_JWT_') || code.startsWith('ERR_BEARER_'));
}
