import { afterEach, describe, expect, it } from 'vitest';
import { clearJwksCache, createJwtVerifier, JwtVerificationError } from '../../../src/jwt/index.js';
import { caught } from '../../support/catch.js';
import { segment } from '../../support/jwt-helpers.js';
import { ISSUER, JWKS, NOW, token, verifierWith } from '../../support/static-jwks.js';

// What verify() says when it refuses a token for its header or its issuer, word for word.
afterEach(() => clearJwksCache());

describe('verify: header checks', () => {
  it('names the allowed algorithms', async () => {
    const error = await caught(
      verifierWith({ algorithms: ['ES256', 'EdDSA'] }).verify(token()),
      JwtVerificationError,
    );
    expect(error.message).toBe(
      'The token is signed with alg "RS256", which is refused. Allowed: ES256, EdDSA.',
    );
  });

  it('says a missing alg is missing', async () => {
    const bare = `${segment({ kid: 'rsa' })}.${segment({ iss: ISSUER })}.AAAA`;
    const error = await caught(verifierWith().verify(bare), JwtVerificationError);
    expect(error.claim).toBe('alg');
    expect(error.message).toBe('The token\'s header has no "alg" string (got undefined).');
  });

  it('refuses crit lists that are not non-empty lists of names', async () => {
    for (const crit of [[], 'b64', ['b64', 1], ['b64', ''], [1, 'b64']]) {
      const error = await caught(verifierWith().verify(token({ crit })), JwtVerificationError);
      expect(error.claim).toBe('crit');
      expect(error.message).toBe('The token\'s "crit" header must be a non-empty array of names.');
    }
  });

  it('names up to five critical parameters it does not implement', async () => {
    const error = await caught(
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
    const error = await caught(
      verifierWith({ typ: 'application/at+jwt' }).verify(token({ typ: 'JWT' })),
      JwtVerificationError,
    );
    expect(error.code).toBe('ERR_JWT_TYP');
    expect(error.message).toBe('The token\'s "typ" header is "JWT", expected "at+jwt".');
    const odd = await caught(
      verifierWith({ typ: 'vnd/application/jwt' }).verify(token({ typ: 'JWT' })),
      JwtVerificationError,
    );
    expect(odd.message).toBe('The token\'s "typ" header is "JWT", expected "vnd/application/jwt".');
    const asConfigured = await caught(
      verifierWith({ typ: 'JWT' }).verify(token({ typ: 'at+jwt' })),
      JwtVerificationError,
    );
    expect(asConfigured.message).toBe('The token\'s "typ" header is "at+jwt", expected "JWT".');
    await expect(
      verifierWith({ typ: 'AT+JWT' }).verify(token({ typ: 'application/at+jwt' })),
    ).resolves.toBeDefined();
  });

  it('names the type of a kid that is not a string', async () => {
    const error = await caught(verifierWith().verify(token({ kid: 5 })), JwtVerificationError);
    expect(error.claim).toBe('kid');
    expect(error.message).toBe('The token\'s "kid" header must be a string, got number.');
  });

  it('says the signature does not verify, naming the algorithm', async () => {
    const good = token({}, {}, 'ES256');
    const forged = `${good.slice(0, good.lastIndexOf('.'))}.${Buffer.alloc(64, 1).toString('base64url')}`;
    const error = await caught(verifierWith().verify(forged), JwtVerificationError);
    expect(error.code).toBe('ERR_JWT_SIGNATURE');
    expect(error.message).toBe(
      "The token's ES256 signature does not verify with the issuer's key: the token was altered or signed by someone else.",
    );
    for (const length of [0, 63, 65, 72]) {
      const wrong = `${good.slice(0, good.lastIndexOf('.'))}.${Buffer.alloc(length, 1).toString('base64url')}`;
      await caught(verifierWith().verify(wrong), JwtVerificationError);
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
    const missing = await caught(verifierWith().verify(token({}, { iss: undefined })), JwtVerificationError);
    expect(missing.claim).toBe('iss');
    expect(missing.message).toBe('The token has no "iss" claim; expected "https://auth.example.com".');
    const typed = await caught(verifierWith().verify(token({}, { iss: 5 })), JwtVerificationError);
    expect(typed.claim).toBe('iss');
    expect(typed.message).toBe('The token\'s "iss" must be a string, got number.');
    const other = await caught(
      verifierWith().verify(token({}, { iss: 'https://evil.example.com' })),
      JwtVerificationError,
    );
    expect(other.message).toBe(
      'The token\'s issuer is "https://evil.example.com", expected "https://auth.example.com".',
    );
  });

  it('notices a difference of trailing slashes only, however many', async () => {
    const error = await caught(
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
    const many = await caught(six.verify(token({}, { iss: 'https://x.example.com' })), JwtVerificationError);
    expect(many.message).toBe(
      'The token\'s issuer is "https://x.example.com", expected one of the 6 configured issuers ("https://i0.example.com", "https://i1.example.com", "https://i2.example.com", "https://i3.example.com", "https://i4.example.com", ...).',
    );
    const five = createJwtVerifier({ issuers: issuers.slice(0, 5), now: () => NOW });
    expect((await caught(five.verify(token({}, { iss: 'x' })), JwtVerificationError)).message).toMatch(
      /one of the 5 configured issuers \(.*"https:\/\/i4\.example\.com"\)\.$/,
    );
    const two = createJwtVerifier({ issuers: issuers.slice(0, 2), now: () => NOW });
    const none = await caught(two.verify(token({}, { iss: undefined })), JwtVerificationError);
    expect(none.message).toBe('The token has no "iss" claim; expected one of the configured issuers.');
  });
});
