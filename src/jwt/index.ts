/**
 * A JWKS-backed JWT verifier for Lambda authorizers: asymmetric algorithm allowlist, exact issuer,
 * audience (or Cognito `client_id`), scopes and required claims, OIDC discovery, several issuers,
 * a JWKS cache shared across warm invocations, bearer-token extraction, and the verifier of the
 * `x-amzn-oidc-data` header an Application Load Balancer passes to its targets.
 *
 * @packageDocumentation
 */
export {
  AuthorizerKitError,
  type AuthorizerKitErrorOptions,
  type ErrorFamily,
  InvalidOptionError,
} from '../lib/errors.js';
export {
  type AlbJwtHeader,
  type AlbJwtPayload,
  type AlbJwtVerifier,
  type AlbJwtVerifierOptions,
  createAlbJwtVerifier,
  type VerifiedAlbJwt,
} from './alb.js';
export { DEFAULT_ALGORITHMS, type JwtAlgorithm } from './algorithms.js';
export { extractBearerToken } from './bearer.js';
export type { ClaimIncludes, ExpectedClaimValue } from './claims.js';
export { type CognitoUserPoolOptions, cognitoUserPool } from './cognito.js';
export { discoveryUrl } from './discovery.js';
export { isTokenRefusal, JwksUnavailableError, type JwtErrorCode, JwtVerificationError } from './errors.js';
export { clearJwksCache } from './jwks-cache.js';
export type {
  JwtIssuerOptions,
  JwtVerifierOptions,
  JwtVerifierSharedOptions,
  MultiIssuerJwtVerifierOptions,
} from './options.js';
export type { JsonWebKey, JsonWebKeySet, JwtHeader, JwtPayload } from './types.js';
export { createJwtVerifier, type JwtVerifier } from './verifier.js';
