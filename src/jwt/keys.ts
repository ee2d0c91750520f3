import { createPublicKey, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import { type AlgorithmSpec, MIN_RSA_BITS } from './algorithms.js';
import { JwtKeyError } from './errors.js';
import type { JsonWebKey } from './types.js';

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
  const publicJwk: Record<string, string> = {};
  for (const member of PUBLIC_MEMBERS) {
    const memberValue = jwk[member];
    if (typeof memberValue === 'string') publicJwk[member] = memberValue;
  }
  const keyOps = Array.isArray(jwk.key_ops) ? jwk.key_ops.filter((op) => typeof op === 'string') : undefined;
  return {
    kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
    kty: jwk.kty,
    alg: typeof jwk.alg === 'string' ? jwk.alg : undefined,
    use: typeof jwk.use === 'string' ? jwk.use : undefined,
    keyOps: jwk.key_ops === undefined ? undefined : (keyOps ?? []),
    crv: typeof jwk.crv === 'string' ? jwk.crv : undefined,
    publicJwk,
  };
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
const NODE_KEY: Readonly<Record<string, { type: string; curve?: string }>> = {
  RSA: { type: 'rsa' },
  'EC/P-256': { type: 'ec', curve: 'prime256v1' },
  'EC/P-384': { type: 'ec', curve: 'secp384r1' },
  'EC/P-521': { type: 'ec', curve: 'secp521r1' },
  'OKP/Ed25519': { type: 'ed25519' },
};

/**
 * Imports `key` for `spec.alg` with Node.js's own JWK import (no WebCrypto round trip) and returns the
 * KeyObject the signature check uses, after checking that the imported key is the kind the algorithm
 * needs. RSA keys under 2048 bits are refused.
 */
export async function importStoredKey(key: StoredKey, spec: AlgorithmSpec): Promise<KeyObject> {
  let keyObject: KeyObject;
  const mismatch = keyMismatch(key, spec);
  const expected = NODE_KEY[spec.kty === 'RSA' ? 'RSA' : `${spec.kty}/${spec.crv}`];
  try {
    if (mismatch !== undefined || expected === undefined)
      throw new TypeError(mismatch ?? 'unsupported key type');
    keyObject = createPublicKey({ key: { ...key.publicJwk }, format: 'jwk' } as JsonWebKeyInput);
    const details = keyObject.asymmetricKeyDetails;
    if (
      keyObject.asymmetricKeyType !== expected.type ||
      (expected.curve !== undefined && details?.namedCurve !== expected.curve)
    ) {
      throw new TypeError(`it imports as a ${keyObject.asymmetricKeyType ?? 'unknown'} key`);
    }
  } catch (cause) {
    throw new JwtKeyError(
      'ERR_JWT_KEY_MISMATCH',
      `The JWKS key ${describeKid(key.kid)} cannot be imported for ${spec.alg}: ${
        cause instanceof Error ? cause.message : 'invalid key'
      }. Check the key published by the issuer.`,
      'kid',
      { cause },
    );
  }
  if (keyObject.type !== 'public') {
    throw new JwtKeyError(
      'ERR_JWT_KEY_MISMATCH',
      `The JWKS key ${describeKid(key.kid)} is not a public key.`,
      'kid',
    );
  }
  if (spec.kty === 'RSA') {
    const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new JwtKeyError(
        'ERR_JWT_KEY_MISMATCH',
        `The JWKS key ${describeKid(key.kid)} is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required.`,
        'kid',
      );
    }
  }
  return keyObject;
}

export { describeKid };
