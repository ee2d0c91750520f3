import type { JwtAlgorithm } from './algorithms.js';
import type { ClaimIncludes, ExpectedClaimValue } from './claims.js';
import type { JsonWebKeySet, JwtHeader, JwtPayload } from './types.js';

/** Default of {@link JwtVerifierSharedOptions.timeoutMs}: 3 seconds. */
export const DEFAULT_JWKS_TIMEOUT_MS = 3_000;
/** Default of {@link JwtVerifierSharedOptions.cacheMaxAgeMs}: 10 minutes. */
export const DEFAULT_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Default of {@link JwtVerifierSharedOptions.cooldownMs}: 10 seconds. */
export const DEFAULT_COOLDOWN_MS = 10_000;
/** Default of {@link JwtVerifierSharedOptions.staleIfErrorMs}: 6 hours. */
export const DEFAULT_STALE_IF_ERROR_MS = 6 * 3_600_000;
/** Default of {@link JwtVerifierSharedOptions.maxTokenBytes}: 16 KiB. */
export const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;
/** Default of {@link JwtVerifierSharedOptions.maxJwksBytes}: 256 KiB. */
export const DEFAULT_MAX_JWKS_BYTES = 256 * 1024;
/** Default of {@link JwtVerifierSharedOptions.maxJwksKeys}: 50 keys. */
export const DEFAULT_MAX_JWKS_KEYS = 50;

/**
 * What a token from one issuer must satisfy, and where that issuer's keys are.
 *
 * See the example of {@link createJwtVerifier}.
 */
export interface JwtIssuerOptions {
  /**
   * The issuer, compared exactly with the token's `iss` (a trailing slash matters). Required.
   * Take it from the provider's `/.well-known/openid-configuration`. A list takes any of its names
   * (Google: `['https://accounts.google.com', 'accounts.google.com']`; discovery starts from the
   * first https one). A function `(iss, claims) => boolean` takes the issuers it returns `true` for
   * (multi-tenant Entra ID: `https://login.microsoftonline.com/{tid}/v2.0` with the token's own
   * `tid`); it is asked before any key is fetched, on claims not yet verified (one that throws takes
   * nothing), and needs `jwksUri` or `jwks`.
   */
  issuer: string | readonly string[] | ((iss: string, claims: JwtPayload) => boolean);
  /**
   * The accepted audience(s): the token's `aud` (string or array) must contain one of them. Usually
   * the client id of your application. Pass `null` to skip the check (only when the issuer serves
   * nobody else). Required, so that skipping it is a decision.
   */
  audience: string | readonly string[] | null;
  /**
   * The claims holding the audience, tried in order; the first one present is checked. Cognito access
   * tokens carry `client_id` instead of `aud`. Default: `['aud']`.
   */
  audienceClaims?: readonly ('aud' | 'client_id')[];
  /**
   * The issuer's JWKS URL (https; http only for loopback addresses). Default: the `jwks_uri` of the
   * discovery document at `{issuer}/.well-known/openid-configuration`, whose `issuer` must equal
   * {@link JwtIssuerOptions.issuer}. When omitted while {@link JwtIssuerOptions.jwks} is given, the
   * given JWKS is used alone and never fetched.
   */
  jwksUri?: string;
  /**
   * A JWKS bundled with the function. With `jwksUri`, it stands in for the first fetch (a later
   * refresh or an unknown `kid` fetches `jwksUri`); without, it is the only source of keys.
   * Default: none.
   */
  jwks?: JsonWebKeySet;
  /**
   * The accepted `alg` values: asymmetric ones only. Default: RS256, RS384, RS512, PS256, PS384,
   * PS512, ES256, ES384, ES512, EdDSA and Ed25519 (RFC 9864: the same signatures, fully specified).
   */
  algorithms?: readonly JwtAlgorithm[];
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat`. Default: `0`. */
  clockToleranceSeconds?: number;
  /** Refuse tokens whose `iat` is older than this many seconds (`iat` then required). Default: no limit. */
  maxTokenAgeSeconds?: number;
  /** Refuse tokens without `exp` (they would never expire). Default: `true`. */
  requireExpiration?: boolean;
  /** Claims that must be present, whatever their value. Default: none. */
  requiredClaims?: readonly string[];
  /**
   * Claims that must have a given value, or one of several, e.g. `{ token_use: 'access' }`.
   * Default: none.
   */
  expectedClaims?: Readonly<Record<string, ExpectedClaimValue | readonly ExpectedClaimValue[]>>;
  /** Scopes that must all be granted, read from `scope` (space-separated) and `scp` (array). Default: none. */
  requiredScopes?: readonly string[];
  /** Scopes of which at least one must be granted (read like `requiredScopes`). Default: none. */
  anyOfScopes?: readonly string[];
  /**
   * Array claims that must contain one of some values: Cognito `cognito:groups`, Keycloak
   * `['realm_access', 'roles']`, Entra ID and FusionAuth `roles`, Auth0 `permissions`. Every rule
   * must hold. See {@link ClaimIncludes}. Default: none.
   */
  claimIncludes?: readonly ClaimIncludes[];
  /**
   * Your own check, run last on a token that passed every other one, and awaited: throw (or
   * reject) to refuse the token, which is then refused with `ERR_JWT_CUSTOM_CHECK` and what you
   * threw as its `cause`. Returning anything but nothing refuses the token too (a `false` is never
   * read as a pass). Runs on every call: it may consult a revocation list. Default: none.
   */
  customCheck?: (token: { readonly header: JwtHeader; readonly claims: JwtPayload }) => void | Promise<void>;
  /**
   * The required `typ` header, e.g. `at+jwt` (compared like jose does: case-insensitive,
   * `application/` prefix optional). Default: not checked.
   */
  typ?: string;
}

/**
 * How a verifier fetches and keeps JWKS, and its input limits; shared by all its issuers.
 *
 * See the example of {@link createJwtVerifier}.
 */
export interface JwtVerifierSharedOptions {
  /** Timeout of each JWKS or discovery download, headers and body included, in ms. Default: `3000`. */
  timeoutMs?: number;
  /** How long a fetched JWKS is used before it is refreshed, in ms. Default: `600000` (10 minutes). */
  cacheMaxAgeMs?: number;
  /**
   * After a refetch caused by an unknown `kid` (or a failed refresh), how long before another one,
   * in ms. Default: `10000` (10 seconds).
   */
  cooldownMs?: number;
  /**
   * How long past `cacheMaxAgeMs` the last good JWKS keeps being used while refreshes fail, in ms;
   * beyond it verification fails with `JwksUnavailableError`. Default: `21600000` (6 hours).
   */
  staleIfErrorMs?: number;
  /** Longest token accepted, in characters (bytes), checked before any decoding. Default: `16384`. */
  maxTokenBytes?: number;
  /** Largest JWKS or discovery document read; the download is aborted beyond it. Default: `262144` (256 KiB). */
  maxJwksBytes?: number;
  /** Most keys a JWKS may hold. Default: `50`. */
  maxJwksKeys?: number;
  /** The clock, in milliseconds since the epoch, for time claims and cache ages. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Options of {@link createJwtVerifier} for one issuer.
 */
export interface JwtVerifierOptions extends JwtIssuerOptions, JwtVerifierSharedOptions {}

/**
 * Options of {@link createJwtVerifier} for several issuers (multi-tenant): the token's `iss`
 * selects the issuer configuration; a token from none of them is refused without any fetch.
 */
export interface MultiIssuerJwtVerifierOptions extends JwtVerifierSharedOptions {
  /** One entry per accepted issuer; issuers must be distinct. */
  issuers: readonly JwtIssuerOptions[];
}
