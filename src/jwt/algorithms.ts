/**
 * The asymmetric JWS algorithms a verifier can accept.
 *
 * See the example of {@link createJwtVerifier}.
 */
export type JwtAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  /** Ed25519 under its fully-specified name (RFC 9864); the same signatures as `EdDSA` with an Ed25519 key. */
  | 'Ed25519';

/**
 * Every algorithm accepted by default: all asymmetric JWS algorithms, never `none` or `HS*`.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, DEFAULT_ALGORITHMS } from 'lambda-authorizer-kit/jwt';
 *
 * const verifier = createJwtVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'my-client-id',
 *   algorithms: DEFAULT_ALGORITHMS.filter((alg) => alg.startsWith('RS')),
 * });
 * export const handler = async (event: { authorizationToken: string }) => verifier.verify(event.authorizationToken);
 * ```
 */
export const DEFAULT_ALGORITHMS: readonly JwtAlgorithm[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** What an algorithm needs from a key. */
export interface AlgorithmSpec {
  readonly alg: JwtAlgorithm;
  readonly kty: 'RSA' | 'EC' | 'OKP';
  /** The JWK `crv` required, for EC and OKP keys. */
  readonly crv: string | undefined;
}

/**
 * The key each algorithm takes, for picking a key from the JWKS and for saying why one does not fit.
 * Signatures are jose's to check.
 */
const SPECS: ReadonlyMap<string, AlgorithmSpec> = new Map(
  (
    [
      ['RS256', 'RSA'],
      ['RS384', 'RSA'],
      ['RS512', 'RSA'],
      ['PS256', 'RSA'],
      ['PS384', 'RSA'],
      ['PS512', 'RSA'],
      ['ES256', 'EC', 'P-256'],
      ['ES384', 'EC', 'P-384'],
      ['ES512', 'EC', 'P-521'],
      ['EdDSA', 'OKP', 'Ed25519'],
      ['Ed25519', 'OKP', 'Ed25519'],
    ] as const
  ).map(([alg, kty, crv]) => [alg, { alg, kty, crv } as AlgorithmSpec]),
);

/** The spec of a supported asymmetric algorithm, or `undefined` for anything else. */
export function algorithmSpec(alg: string): AlgorithmSpec | undefined {
  return SPECS.get(alg);
}

/** Whether `alg` is a symmetric (shared-secret) JWS algorithm. */
export function isSymmetricAlgorithm(alg: string): boolean {
  return /^HS(?:256|384|512)$/.test(alg);
}
