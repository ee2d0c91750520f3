import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';

/**
 * The asymmetric JWS algorithms a verifier can accept.
 *
 * @example
 * ```ts
 * import { createJwtVerifier, type JwtAlgorithm } from 'lambda-authorizer-kit/jwt';
 *
 * const algorithms: JwtAlgorithm[] = ['ES256', 'EdDSA'];
 * const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id', algorithms });
 * export const handler = async (event: { authorizationToken: string }) => verifier.verify(event.authorizationToken);
 * ```
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
  | 'EdDSA';

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
]);

/** The smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

/** What an algorithm needs from a key, and how to check a signature with it. */
export interface AlgorithmSpec {
  readonly alg: JwtAlgorithm;
  readonly kty: 'RSA' | 'EC' | 'OKP';
  /** The JWK `crv` required, for EC and OKP keys. */
  readonly crv: string | undefined;
  /** The byte length of an ECDSA (r || s) or Ed25519 signature; `undefined` for RSA. */
  readonly signatureBytes: number | undefined;
  /** Checks `signature` over `data` with an already imported public key. */
  readonly verify: (data: Buffer, signature: Buffer, key: KeyObject) => boolean;
}

function rsa(alg: JwtAlgorithm, bits: 256 | 384 | 512, pss: boolean): AlgorithmSpec {
  const digest = `sha${bits}`;
  const saltLength = bits / 8;
  return {
    alg,
    kty: 'RSA',
    crv: undefined,
    signatureBytes: undefined,
    verify: pss
      ? (data, signature, key) =>
          cryptoVerify(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature)
      : (data, signature, key) => cryptoVerify(digest, data, key, signature),
  };
}

function ecdsa(
  alg: JwtAlgorithm,
  bits: 256 | 384 | 512,
  crv: string,
  coordinateBytes: number,
): AlgorithmSpec {
  const digest = `sha${bits}`;
  return {
    alg,
    kty: 'EC',
    crv,
    signatureBytes: coordinateBytes * 2,
    verify: (data, signature, key) =>
      cryptoVerify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature),
  };
}

const SPECS: ReadonlyMap<string, AlgorithmSpec> = new Map(
  [
    rsa('RS256', 256, false),
    rsa('RS384', 384, false),
    rsa('RS512', 512, false),
    rsa('PS256', 256, true),
    rsa('PS384', 384, true),
    rsa('PS512', 512, true),
    ecdsa('ES256', 256, 'P-256', 32),
    ecdsa('ES384', 384, 'P-384', 48),
    ecdsa('ES512', 512, 'P-521', 66),
    {
      alg: 'EdDSA',
      kty: 'OKP',
      crv: 'Ed25519',
      signatureBytes: 64,
      verify: (data: Buffer, signature: Buffer, key: KeyObject) => cryptoVerify(null, data, key, signature),
    } satisfies AlgorithmSpec,
  ].map((spec) => [spec.alg, spec]),
);

/** The spec of a supported asymmetric algorithm, or `undefined` for anything else. */
export function algorithmSpec(alg: string): AlgorithmSpec | undefined {
  return SPECS.get(alg);
}

/** Whether `alg` is a symmetric (shared-secret) JWS algorithm. */
export function isSymmetricAlgorithm(alg: string): boolean {
  return /^HS(?:256|384|512)$/.test(alg);
}
