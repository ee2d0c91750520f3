/**
 * The claims of a verified token. Registered claims are typed; any other claim is `unknown` until
 * you check it.
 *
 * See the example of {@link createJwtVerifier}.
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
 * See the example of {@link createJwtVerifier}.
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
 * See the example of {@link createJwtVerifier}.
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
 * See the example of {@link createJwtVerifier}.
 */
export interface JsonWebKeySet {
  /** The keys. */
  keys: JsonWebKey[];
}
