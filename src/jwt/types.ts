/**
 * The claims of a verified token. Registered claims are typed; any other claim is `unknown` until
 * you check it.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, type JwtPayload } from 'lambda-authorizer-kit/jwt';
 *
 * interface MyClaims extends JwtPayload { tenant?: string }
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });
 *
 * export const handler = async (event: { authorizationToken: string }) => {
 *   const claims = await verifier.verify<MyClaims>(event.authorizationToken);
 *   return { principalId: claims.sub, tenant: claims.tenant };
 * };
 * ```
 */
export interface JwtPayload {
  /** Issuer. */
  iss?: string;
  /** Subject. */
  sub?: string;
  /** Audience: one value or several. */
  aud?: string | string[];
  /** Expiration time, in seconds since the epoch. */
  exp?: number;
  /** Not before, in seconds since the epoch. */
  nbf?: number;
  /** Issued at, in seconds since the epoch. */
  iat?: number;
  /** Token id. */
  jti?: string;
  /** Space-separated scopes (OAuth 2.0). */
  scope?: string;
  /** Scopes as an array (some providers, e.g. Okta, Azure AD `scp`). */
  scp?: string | string[];
  /** The OAuth client (Cognito access tokens carry it instead of `aud`). */
  client_id?: string;
  /** Cognito: `id` or `access`. */
  token_use?: string;
  [claim: string]: unknown;
}

/**
 * The protected header of a token.
 *
 * @example
 * ```ts
 * import type { JwtHeader } from 'lambda-authorizer-kit/jwt';
 *
 * const header: JwtHeader = { alg: 'RS256', kid: 'key-1', typ: 'JWT' };
 * export const handler = async () => header.alg;
 * ```
 */
export interface JwtHeader {
  /** The signature algorithm. */
  alg: string;
  /** The id of the key in the issuer's JWKS. */
  kid?: string;
  /** The media type, e.g. `JWT` or `at+jwt`. */
  typ?: string;
  /** Header parameters the recipient must understand. */
  crit?: string[];
  [parameter: string]: unknown;
}

/**
 * One public key of a JSON Web Key Set (RFC 7517). Only public members are read.
 *
 * @example
 * ```ts
 * import type { JsonWebKey } from 'lambda-authorizer-kit/jwt';
 *
 * const key: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' };
 * export const handler = async () => key.kid;
 * ```
 */
export interface JsonWebKey {
  /** Key type: `RSA`, `EC` or `OKP`. */
  kty: string;
  /** Key id, matched against the token's `kid`. */
  kid?: string;
  /** The one algorithm this key may be used with. */
  alg?: string;
  /** Intended use; only `sig` keys verify tokens. */
  use?: string;
  /** Permitted operations; must include `verify` when present. */
  key_ops?: string[];
  /** Curve of an EC or OKP key. */
  crv?: string;
  /** RSA modulus. */
  n?: string;
  /** RSA public exponent. */
  e?: string;
  /** EC or OKP public coordinate. */
  x?: string;
  /** EC public coordinate. */
  y?: string;
  [member: string]: unknown;
}

/**
 * A JSON Web Key Set, as served at an issuer's `jwks_uri`.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, type JsonWebKeySet } from 'lambda-authorizer-kit/jwt';
 * import bundled from './jwks.json' with { type: 'json' };
 *
 * const verifier = createJwtVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'my-client-id',
 *   jwksUri: 'https://auth.example.com/.well-known/jwks.json',
 *   jwks: bundled as JsonWebKeySet, // no fetch on the first invocation
 * });
 * export const handler = async (event: { authorizationToken: string }) => verifier.verify(event.authorizationToken);
 * ```
 */
export interface JsonWebKeySet {
  /** The keys. */
  keys: JsonWebKey[];
}
