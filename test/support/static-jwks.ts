import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../../src/jwt/algorithms.js';
import { createJwtVerifier, type JsonWebKey, type JwtIssuerOptions } from '../../src/jwt/index.js';
import { signCompactJwt } from '../../src/testing/issuer-sign.js';

/**
 * A fixed clock, an issuer and one RSA, one P-256 and one Ed25519 key in a static JWKS: for tests
 * that check what a verifier says, word for word, without a key server.
 */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const ISSUER = 'https://auth.example.com';
export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const ed = generateKeyPairSync('ed25519');

/** The public JWK of `publicKey`, with `extra` members. */
export function jwkOf(publicKey: KeyObject, extra: Partial<JsonWebKey> = {}): JsonWebKey {
  return { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), ...extra };
}

/** The three public keys, under the kids `rsa`, `ec` and `ed`. */
export const JWKS = {
  keys: [
    jwkOf(rsa.publicKey, { kid: 'rsa' }),
    jwkOf(ec.publicKey, { kid: 'ec' }),
    jwkOf(ed.publicKey, { kid: 'ed' }),
  ],
};

/** A verifier of {@link ISSUER} for audience `client` on {@link JWKS} at {@link NOW}. */
export function verifierWith(extra: Partial<JwtIssuerOptions> = {}) {
  return createJwtVerifier({ issuer: ISSUER, audience: 'client', jwks: JWKS, now: () => NOW, ...extra });
}

/** A token signed with the key of `alg`'s family, valid for a minute at {@link NOW}. */
export function token(
  header: Record<string, unknown> = {},
  claims: Record<string, unknown> = {},
  alg: JwtAlgorithm = 'RS256',
) {
  const key = alg.startsWith('ES') ? ec.privateKey : alg === 'EdDSA' ? ed.privateKey : rsa.privateKey;
  const kid = alg.startsWith('ES') ? 'ec' : alg === 'EdDSA' ? 'ed' : 'rsa';
  return signCompactJwt(
    { alg, kid, ...header },
    { iss: ISSUER, aud: 'client', exp: NOW / 1000 + 60, ...claims },
    key,
    alg,
  );
}
