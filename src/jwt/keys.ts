import { type CryptoKey, importJWK } from 'jose';
import type { AlgorithmSpec } from './algorithms.js';
import { JwtVerificationError } from './errors.js';
import type { JsonWebKey } from './types.js';

/** A public key as jose imports it. */
export type VerificationKey = CryptoKey;

/** The smallest RSA modulus jose (and this library) accept for RS* and PS*, in bits. */
const MIN_RSA_BITS = 2048;

const PUBLIC_MEMBERS = ['kty', 'crv', 'n', 'e', 'x', 'y'] as const;

/** One key of a loaded JWKS: its public members and the KeyObjects imported from it, per algorithm. */
export interface StoredKey {
  readonly kid: string | undefined;
  readonly kty: string;
  readonly alg: string | undefined;
  readonly use: string | undefined;
  readonly keyOps: readonly string[] | undefined;
  readonly crv: string | undefined;
  /** Only the public members, for import: private members of a JWK are never read. */
  readonly publicJwk: Readonly<Record<string, string>>;
}

/** Reads the members of one JWKS entry; `undefined` when it is not a key this verifier can ever use. */
export function readStoredKey(value: unknown): StoredKey | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const jwk = value as JsonWebKey;
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') return undefined;
  // A member of the wrong type (use: 5, alg: ["PS256"]) makes the key unusable, as jose and
  // aws-jwt-verify treat it: never read as if the member were absent.
  for (const member of ['kid', 'alg', 'use', 'crv'] as const) {
    if (jwk[member] !== undefined && typeof jwk[member] !== 'string') return undefined;
  }
  if (
    jwk.key_ops !== undefined &&
    (!Array.isArray(jwk.key_ops) || !jwk.key_ops.every((op: unknown) => typeof op === 'string'))
  ) {
    return undefined;
  }
  const publicJwk: Record<string, string> = {};
  for (const member of PUBLIC_MEMBERS) {
    const memberValue = jwk[member];
    if (typeof memberValue === 'string') publicJwk[member] = memberValue;
  }
  return {
    kid: jwk.kid,
    kty: jwk.kty,
    alg: jwk.alg,
    use: jwk.use,
    keyOps: jwk.key_ops,
    crv: jwk.crv,
    publicJwk,
  };
}

/** The private members of a JWK (RFC 7518 §6.2.2, §6.3.2; RFC 8037), if any are present. */
export function privateMembers(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'].filter((member) => Object.hasOwn(value, member));
}

/** Why `key` may not verify a token signed with `spec.alg`, or `undefined` when it may. */
export function keyMismatch(key: StoredKey, spec: AlgorithmSpec): string | undefined {
  if (key.kty !== spec.kty) return `its kty is "${key.kty}", ${spec.alg} needs "${spec.kty}"`;
  if (spec.crv !== undefined && key.crv !== spec.crv) {
    return `its crv is ${key.crv === undefined ? 'missing' : `"${key.crv}"`}, ${spec.alg} needs "${spec.crv}"`;
  }
  if (key.alg !== undefined && key.alg !== spec.alg) {
    return `it is published for alg "${key.alg}" only, the token uses "${spec.alg}"`;
  }
  if (key.use !== undefined && key.use !== 'sig') return `its use is "${key.use}", not "sig"`;
  if (key.keyOps !== undefined && !key.keyOps.includes('verify'))
    return 'its key_ops do not include "verify"';
  return undefined;
}

function describeKid(kid: string | undefined): string {
  return kid === undefined ? 'without kid' : `with kid ${JSON.stringify(kid.slice(0, 120))}`;
}

/** The Node.js key type and curve a key must have once imported, per JWK kty and crv. */
/**
 * Imports a stored key for one algorithm with jose (`importJWK`): the key type, curve and encoding
 * are jose's to check, and so are, at verification, the public type and the RSA modulus length
 * (2048 bits at least). Only the public members are handed over.
 */
export async function importStoredKey(key: StoredKey, spec: AlgorithmSpec): Promise<VerificationKey> {
  const mismatch = keyMismatch(key, spec);
  let imported: VerificationKey | Uint8Array;
  try {
    if (mismatch !== undefined) throw new TypeError(mismatch);
    imported = await importJWK({ ...key.publicJwk }, spec.alg);
    if (imported instanceof Uint8Array) throw new TypeError('it is a symmetric key');
  } catch (cause) {
    throw new JwtVerificationError(
      'ERR_JWT_KEY_MISMATCH',
      `The JWKS key ${describeKid(key.kid)} cannot be imported for ${spec.alg}: ${
        cause instanceof Error ? cause.message : 'invalid key'
      }. Check the key published by the issuer.`,
      'kid',
      { cause },
    );
  }
  // jose refuses such a key when it verifies; said here, once per key, with the numbers.
  const bits = (imported.algorithm as { modulusLength?: number }).modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    throw new JwtVerificationError(
      'ERR_JWT_KEY_MISMATCH',
      `The JWKS key ${describeKid(key.kid)} is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required.`,
      'kid',
    );
  }
  return imported;
}

export { describeKid };
