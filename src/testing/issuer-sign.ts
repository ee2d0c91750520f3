import { constants, type KeyObject, type SignKeyObjectInput, sign } from 'node:crypto';
import type { JwtAlgorithm } from '../jwt/algorithms.js';

function digestOf(alg: JwtAlgorithm): string | null {
  if (alg === 'EdDSA' || alg === 'Ed25519') return null;
  return `sha${alg.slice(2)}`;
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Signs `header` and `payload` as a compact JWS with a private KeyObject (RSA, RSA-PSS, ECDSA in
 * IEEE P1363 form, Ed25519). `header.alg` is not checked against the key: build broken tokens with it.
 */
export function signCompactJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject,
  alg: JwtAlgorithm,
): string {
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  let key: KeyObject | SignKeyObjectInput = privateKey;
  if (alg.startsWith('PS')) {
    key = { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 };
  } else if (alg.startsWith('ES')) {
    key = { key: privateKey, dsaEncoding: 'ieee-p1363' };
  }
  const signature = sign(digestOf(alg), Buffer.from(signingInput, 'utf8'), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The key generation parameters of an algorithm. */
export function keyTypeOf(
  alg: JwtAlgorithm,
): { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: string } | { type: 'ed25519' } {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return { type: 'rsa', modulusLength: 2048 };
  if (alg === 'ES256') return { type: 'ec', namedCurve: 'P-256' };
  if (alg === 'ES384') return { type: 'ec', namedCurve: 'P-384' };
  if (alg === 'ES512') return { type: 'ec', namedCurve: 'P-521' };
  return { type: 'ed25519' };
}
