import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { JwtAlgorithm } from '../../../src/jwt/algorithms.js';
import {
  clearJwksCache,
  createJwtVerifier,
  type JsonWebKey,
  type JwksUnavailableError,
  type JwtIssuerOptions,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { signCompactJwt } from '../../../src/testing/issuer-sign.js';
import { caught } from '../../support/catch.js';
import { segment } from '../../support/jwt-helpers.js';

// What verify() says when it refuses a token for its header or its issuer, word for word.
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const ISSUER = 'https://auth.example.com';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');

function jwkOf(publicKey: KeyObject, extra: Partial<JsonWebKey> = {}): JsonWebKey {
  return { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), ...extra };
}

const JWKS = {
  keys: [
    jwkOf(rsa.publicKey, { kid: 'rsa' }),
    jwkOf(ec.publicKey, { kid: 'ec' }),
    jwkOf(ed.publicKey, { kid: 'ed' }),
  ],
};

function verifierWith(extra: Partial<JwtIssuerOptions> = {}) {
  return createJwtVerifier({ issuer: ISSUER, audience: 'client', jwks: JWKS, now: () => NOW, ...extra });
}

function token(
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

async function rejection<T extends JwtVerificationError | JwksUnavailableError>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(errorClass);
  return error as T;
}

afterEach(() => clearJwksCache());

describe('verify: header checks', () => {
  it('names the allowed algorithms', async () => {
    const error = await rejection(
      verifierWith({ algorithms: ['ES256', 'EdDSA'] }).verify(token()),
      JwtVerificationError,
    );
    expect(error.message).toBe(
      'The token is signed with alg "RS256", which is refused. Allowed: ES256, EdDSA.',
    );
  });

  it('says a missing alg is missing', async () => {
    const bare = `${segment({ kid: 'rsa' })}.${segment({ iss: ISSUER })}.AAAA`;
    const error = await rejection(verifierWith().verify(bare), JwtVerificationError);
    expect(error.claim).toBe('alg');
    expect(error.message).toBe('The token\'s header has no "alg" string (got undefined).');
  });

  it('refuses crit lists that are not non-empty lists of names', async () => {
    for (const crit of [[], 'b64', ['b64', 1], ['b64', ''], [1, 'b64']]) {
      const error = await rejection(verifierWith().verify(token({ crit })), JwtVerificationError);
      expect(error.claim).toBe('crit');
      expect(error.message).toBe('The token\'s "crit" header must be a non-empty array of names.');
    }
  });

  it('names up to five critical parameters it does not implement', async () => {
    const error = await rejection(
      verifierWith().verify(token({ crit: ['a', 'b', 'c', 'd', 'e', 'f'] })),
      JwtVerificationError,
    );
    expect(error.code).toBe('ERR_JWT_CRIT');
    expect(error.claim).toBe('crit');
    expect(error.message).toBe(
      'The token marks header parameter(s) "a", "b", "c", "d", "e" as critical; this verifier implements no critical extensions, so it must refuse the token.',
    );
  });

  it('says which typ it expected, without the application/ prefix', async () => {
    const error = await rejection(
      verifierWith({ typ: 'application/at+jwt' }).verify(token({ typ: 'JWT' })),
      JwtVerificationError,
    );
    expect(error.code).toBe('ERR_JWT_TYP');
    expect(error.message).toBe('The token\'s "typ" header is "JWT", expected "at+jwt".');
    const odd = await rejection(
      verifierWith({ typ: 'vnd/application/jwt' }).verify(token({ typ: 'JWT' })),
      JwtVerificationError,
    );
    expect(odd.message).toBe('The token\'s "typ" header is "JWT", expected "vnd/application/jwt".');
    const asConfigured = await rejection(
      verifierWith({ typ: 'JWT' }).verify(token({ typ: 'at+jwt' })),
      JwtVerificationError,
    );
    expect(asConfigured.message).toBe('The token\'s "typ" header is "at+jwt", expected "JWT".');
    await expect(
      verifierWith({ typ: 'AT+JWT' }).verify(token({ typ: 'application/at+jwt' })),
    ).resolves.toBeDefined();
  });

  it('names the type of a kid that is not a string', async () => {
    const error = await rejection(verifierWith().verify(token({ kid: 5 })), JwtVerificationError);
    expect(error.claim).toBe('kid');
    expect(error.message).toBe('The token\'s "kid" header must be a string, got number.');
  });

  it('says the signature does not verify, naming the algorithm', async () => {
    const good = token({}, {}, 'ES256');
    const forged = `${good.slice(0, good.lastIndexOf('.'))}.${Buffer.alloc(64, 1).toString('base64url')}`;
    const error = await rejection(verifierWith().verify(forged), JwtVerificationError);
    expect(error.code).toBe('ERR_JWT_SIGNATURE');
    expect(error.message).toBe(
      "The token's ES256 signature does not verify with the issuer's key: the token was altered or signed by someone else.",
    );
    for (const length of [0, 63, 65, 72]) {
      const wrong = `${good.slice(0, good.lastIndexOf('.'))}.${Buffer.alloc(length, 1).toString('base64url')}`;
      await rejection(verifierWith().verify(wrong), JwtVerificationError);
    }
  });

  it('verifies every supported family from a static JWKS', async () => {
    for (const alg of ['RS256', 'PS512', 'ES256', 'EdDSA'] as const) {
      await expect(verifierWith().verify(token({}, {}, alg))).resolves.toMatchObject({ iss: ISSUER });
    }
  });
});

describe('verify: issuer errors', () => {
  it('names the single expected issuer when iss is missing or another', async () => {
    const missing = await rejection(
      verifierWith().verify(token({}, { iss: undefined })),
      JwtVerificationError,
    );
    expect(missing.claim).toBe('iss');
    expect(missing.message).toBe('The token has no "iss" claim; expected "https://auth.example.com".');
    const typed = await rejection(verifierWith().verify(token({}, { iss: 5 })), JwtVerificationError);
    expect(typed.claim).toBe('iss');
    expect(typed.message).toBe('The token\'s "iss" must be a string, got number.');
    const other = await rejection(
      verifierWith().verify(token({}, { iss: 'https://evil.example.com' })),
      JwtVerificationError,
    );
    expect(other.message).toBe(
      'The token\'s issuer is "https://evil.example.com", expected "https://auth.example.com".',
    );
  });

  it('notices a difference of trailing slashes only, however many', async () => {
    const error = await rejection(
      verifierWith().verify(token({}, { iss: `${ISSUER}//` })),
      JwtVerificationError,
    );
    expect(error.message).toContain(`The only difference with "${ISSUER}" is a trailing slash`);
  });

  it('lists up to five configured issuers', async () => {
    const issuers = Array.from({ length: 6 }, (_, i) => ({
      issuer: `https://i${i}.example.com`,
      audience: 'client',
      jwks: JWKS,
    }));
    const six = createJwtVerifier({ issuers, now: () => NOW });
    const many = await rejection(
      six.verify(token({}, { iss: 'https://x.example.com' })),
      JwtVerificationError,
    );
    expect(many.message).toBe(
      'The token\'s issuer is "https://x.example.com", expected one of the 6 configured issuers ("https://i0.example.com", "https://i1.example.com", "https://i2.example.com", "https://i3.example.com", "https://i4.example.com", ...).',
    );
    const five = createJwtVerifier({ issuers: issuers.slice(0, 5), now: () => NOW });
    expect((await rejection(five.verify(token({}, { iss: 'x' })), JwtVerificationError)).message).toMatch(
      /one of the 5 configured issuers \(.*"https:\/\/i4\.example\.com"\)\.$/,
    );
    const two = createJwtVerifier({ issuers: issuers.slice(0, 2), now: () => NOW });
    const none = await rejection(two.verify(token({}, { iss: undefined })), JwtVerificationError);
    expect(none.message).toBe('The token has no "iss" claim; expected one of the configured issuers.');
  });
});
