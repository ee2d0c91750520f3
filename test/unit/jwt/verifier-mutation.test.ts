import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { algorithmSpec, type JwtAlgorithm } from '../../../src/jwt/algorithms.js';
import { clearDiscoveryCache, discoverJwksUri } from '../../../src/jwt/discovery.js';
import {
  clearJwksCache,
  createJwtVerifier,
  discoveryUrl,
  InvalidOptionError,
  type JsonWebKey,
  JwksUnavailableError,
  type JwtIssuerOptions,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { parseJwks } from '../../../src/jwt/jwks-cache.js';
import {
  describeKid,
  importStoredKey,
  keyMismatch,
  privateMembers,
  readStoredKey,
  type StoredKey,
} from '../../../src/jwt/keys.js';
import { signCompactJwt } from '../../../src/testing/issuer-sign.js';
import { segment, sendJson, startLoopbackServer } from '../../support/jwt-helpers.js';

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
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as T;
  }
  throw new Error('expected a rejection');
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

  it('names the option of a bad issuer entry with its index', () => {
    for (const [entry, option] of [
      [{ typ: '' }, 'issuers[1].typ'],
      [{ requireExpiration: 'yes' }, 'issuers[1].requireExpiration'],
      [{ maxTokenAgeSeconds: -1 }, 'issuers[1].maxTokenAgeSeconds'],
      [{ requiredClaims: 'sub' }, 'issuers[1].requiredClaims'],
      [{ jwks: { keys: 1 } }, 'issuers[1].jwks'],
    ] as const) {
      try {
        createJwtVerifier({
          issuers: [
            { issuer: ISSUER, audience: 'client', jwks: JWKS },
            { issuer: 'https://b.example.com', audience: 'client', jwks: JWKS, ...entry } as JwtIssuerOptions,
          ],
        });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).option).toBe(option);
      }
    }
    try {
      createJwtVerifier({ issuers: [{ issuer: ISSUER, audience: 'client', jwks: { keys: 1 } as never }] });
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^Invalid option issuers\[0\]\.jwks: The document at option issuers\[0\]\.jwks is not a JWKS/,
      );
    }
  });
});

describe('JWKS keys', () => {
  const RS256 = algorithmSpec('RS256');
  const ES256 = algorithmSpec('ES256');
  if (RS256 === undefined || ES256 === undefined) throw new Error('specs');

  it('reads only objects of a known key type', () => {
    for (const value of [
      null,
      'x',
      5,
      [jwkOf(rsa.publicKey)],
      { kty: 'oct', k: 'AAAA' },
      { kty: 'rsa' },
      {},
    ]) {
      expect(readStoredKey(value)).toBeUndefined();
    }
  });

  it('keeps public string members only, and refuses a key with a member of the wrong type', () => {
    const key = readStoredKey({ kty: 'EC', crv: 'P-256', x: 'xx', y: 5, kid: 'k', key_ops: ['verify'] });
    expect(key).toStrictEqual({
      kid: 'k',
      kty: 'EC',
      alg: undefined,
      use: undefined,
      keyOps: ['verify'],
      crv: 'P-256',
      publicJwk: { kty: 'EC', crv: 'P-256', x: 'xx' },
    });
    // As jose and aws-jwt-verify: a member of the wrong type is not read as absent.
    for (const wrong of [
      { kid: 7 },
      { alg: ['PS256'] },
      { use: 5 },
      { crv: 5 },
      { key_ops: 'verify' },
      { key_ops: ['verify', 3] },
    ]) {
      expect(
        readStoredKey({ kty: 'RSA', n: 'x', e: 'AQAB', ...wrong }),
        JSON.stringify(wrong),
      ).toBeUndefined();
    }
    expect(privateMembers({ kty: 'RSA', n: 'x', d: 'y', p: 'z' })).toEqual(['d', 'p']);
    expect(privateMembers({ kty: 'RSA', n: 'x' })).toEqual([]);
  });

  it('says why a key does not fit an algorithm', () => {
    const stored = (jwk: Record<string, unknown>) => readStoredKey(jwk) as StoredKey;
    expect(keyMismatch(stored({ kty: 'RSA', crv: 'P-256' }), RS256)).toBeUndefined();
    expect(keyMismatch(stored({ kty: 'EC' }), ES256)).toBe('its crv is missing, ES256 needs "P-256"');
    expect(keyMismatch(stored({ kty: 'EC', crv: 'P-384' }), ES256)).toBe(
      'its crv is "P-384", ES256 needs "P-256"',
    );
    expect(keyMismatch(stored({ kty: 'RSA', alg: 'RS512' }), RS256)).toBe(
      'it is published for alg "RS512" only, the token uses "RS256"',
    );
    expect(keyMismatch(stored({ kty: 'RSA', use: 'enc' }), RS256)).toBe('its use is "enc", not "sig"');
    expect(keyMismatch(stored({ kty: 'RSA', key_ops: ['sign'] }), RS256)).toBe(
      'its key_ops do not include "verify"',
    );
    expect(
      keyMismatch(stored({ kty: 'RSA', use: 'sig', alg: 'RS256', key_ops: ['verify'] }), RS256),
    ).toBeUndefined();
  });

  it('describes a kid, cut to 120 characters', () => {
    expect(describeKid(undefined)).toBe('without kid');
    expect(describeKid('k1')).toBe('with kid "k1"');
    expect(describeKid('k'.repeat(200))).toBe(`with kid "${'k'.repeat(120)}"`);
  });

  it('refuses to import a key that does not fit, or that is not a key', async () => {
    const mismatch = await rejection(
      importStoredKey(readStoredKey(jwkOf(ec.publicKey, { kid: 'e' })) as StoredKey, RS256),
      JwtVerificationError,
    );
    expect(mismatch.code).toBe('ERR_JWT_KEY_MISMATCH');
    expect(mismatch.claim).toBe('kid');
    expect(mismatch.message).toBe(
      'The JWKS key with kid "e" cannot be imported for RS256: its kty is "EC", RS256 needs "RSA". Check the key published by the issuer.',
    );
    expect(mismatch.cause).toBeInstanceOf(TypeError);
    const garbage = await rejection(
      importStoredKey(readStoredKey({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }) as StoredKey, ES256),
      JwtVerificationError,
    );
    expect(garbage.message).toMatch(
      /^The JWKS key without kid cannot be imported for ES256: .+\. Check the key published by the issuer\.$/,
    );
    const wrongCurve = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const lying = readStoredKey({ ...jwkOf(wrongCurve.publicKey), crv: 'P-384' }) as StoredKey;
    await rejection(importStoredKey({ ...lying, crv: 'P-256' }, ES256), JwtVerificationError);
    const okpAsEc = readStoredKey(jwkOf(ed.publicKey)) as StoredKey;
    await rejection(importStoredKey({ ...okpAsEc, kty: 'EC', crv: 'P-256' }, ES256), JwtVerificationError);
  });

  it('refuses a key whose material imports as another type than it claims', async () => {
    const claimed: StoredKey = {
      kid: 'k',
      kty: 'RSA',
      alg: undefined,
      use: undefined,
      keyOps: undefined,
      crv: undefined,
      publicJwk: jwkOf(ec.publicKey) as Record<string, string>,
    };
    const error = await rejection(importStoredKey(claimed, RS256), JwtVerificationError);
    // jose's importJWK refuses it; the message names the key and the algorithm.
    expect(error.message).toMatch(
      /^The JWKS key with kid "k" cannot be imported for RS256: .+\. Check the key published by the issuer\.$/,
    );
    expect(error.code).toBe('ERR_JWT_KEY_MISMATCH');
  });

  it('names the base verification error class', () => {
    expect(new JwtVerificationError('ERR_JWT_MALFORMED', 'x').name).toBe('JwtVerificationError');
  });

  it('names a small RSA key by kid', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const error = await rejection(
      importStoredKey(readStoredKey(jwkOf(weak.publicKey, { kid: 'w' })) as StoredKey, RS256),
      JwtVerificationError,
    );
    expect(error.claim).toBe('kid');
    expect(error.message).toBe(
      'The JWKS key with kid "w" is a 1024-bit RSA key; at least 2048 bits are required.',
    );
  });
});

describe('OIDC discovery documents', () => {
  afterEach(() => clearDiscoveryCache());

  it('strips every trailing slash of the issuer', () => {
    expect(discoveryUrl('https://auth.example.com///')).toBe(
      'https://auth.example.com/.well-known/openid-configuration',
    );
  });

  async function discoveryWith(document: unknown, issuerPath = '') {
    const server = await startLoopbackServer((_request, response, base) =>
      sendJson(response, typeof document === 'function' ? document(base) : document),
    );
    const issuer = `${server.url}${issuerPath}`;
    try {
      return await rejection(
        discoverJwksUri(issuer, { timeoutMs: 2000, maxBytes: 100_000 }),
        JwksUnavailableError,
      );
    } finally {
      await server.close();
    }
  }

  it.each([null, [], 'x', 5])('refuses a document that is not an object: %j', async (document) => {
    const error = await discoveryWith(document);
    expect(error.code).toBe('ERR_JWKS_DISCOVERY');
    expect(error.message).toMatch(
      /^The discovery document at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration is not a JSON object\.$/,
    );
  });

  it('says when the document names no issuer or another one, cut to 200 characters', async () => {
    const nothing = await discoveryWith({ jwks_uri: 'https://x/' });
    expect(nothing.message).toMatch(
      /names issuer nothing, but the verifier is configured for "http:\/\/127\.0\.0\.1:\d+"\.$/,
    );
    const numeric = await discoveryWith({ issuer: 5 });
    expect(numeric.message).toMatch(/names issuer nothing, but/);
    const long = `https://${'a'.repeat(300)}.example.com`;
    const other = await discoveryWith({ issuer: long });
    expect(other.message).toContain(`names issuer ${JSON.stringify(long.slice(0, 200))}, but`);
    expect(other.message).not.toContain('trailing slash');
  });

  it('gives the trailing-slash hint only when slashes are the only difference', async () => {
    const twin = await discoveryWith((base: string) => ({ issuer: `${base}/t//` }), '/t');
    expect(twin.message).toMatch(
      /They differ only by a trailing slash: set issuer to "http:\/\/127\.0\.0\.1:\d+\/t\/\/"/,
    );
    const near = await discoveryWith((base: string) => ({ issuer: `${base}/u/` }), '/t');
    expect(near.message).not.toContain('trailing slash');
  });

  it('says what is wrong with the jwks_uri', async () => {
    const error = await discoveryWith((base: string) => ({ issuer: base, jwks_uri: 'ftp://x/' }));
    expect(error.message).toMatch(/has no usable jwks_uri: it must use https/);
  });

  it('forgets a failed discovery so that the next call tries again, and clears one issuer or all', async () => {
    let calls = 0;
    const server = await startLoopbackServer((_request, response, base) => {
      calls += 1;
      sendJson(response, calls === 1 ? null : { issuer: base, jwks_uri: `${base}/jwks` });
    });
    const settings = { timeoutMs: 2000, maxBytes: 100_000 };
    try {
      await rejection(discoverJwksUri(server.url, settings), JwksUnavailableError);
      await expect(discoverJwksUri(server.url, settings)).resolves.toBe(`${server.url}/jwks`);
      await discoverJwksUri(server.url, settings);
      expect(calls).toBe(2);
      clearDiscoveryCache('https://other.example.com');
      await discoverJwksUri(server.url, settings);
      expect(calls).toBe(2);
      clearDiscoveryCache(server.url);
      await discoverJwksUri(server.url, settings);
      expect(calls).toBe(3);
      clearDiscoveryCache();
      await discoverJwksUri(server.url, settings);
      expect(calls).toBe(4);
    } finally {
      await server.close();
    }
  });
});

describe('JWKS documents and key sets', () => {
  const RS256 = algorithmSpec('RS256');
  const ES256 = algorithmSpec('ES256');
  if (RS256 === undefined || ES256 === undefined) throw new Error('specs');

  it('refuses documents that are not a JWKS, naming where they came from', () => {
    for (const document of [null, undefined, 'keys', 5, [], { keys: 'x' }, { key: [] }]) {
      try {
        parseJwks(document, 'https://auth.example.com/jwks', 10);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(JwksUnavailableError);
        expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_INVALID');
        expect((error as Error).message).toBe(
          'The document at https://auth.example.com/jwks is not a JWKS (a JSON object with a "keys" array). Is jwksUri the issuer\'s jwks_uri?',
        );
      }
    }
  });

  it('accepts exactly maxJwksKeys keys and refuses one more', () => {
    const keys = [jwkOf(rsa.publicKey, { kid: 'a' }), jwkOf(ec.publicKey, { kid: 'b' })];
    expect(parseJwks({ keys }, 'u', 2).keys).toHaveLength(2);
    try {
      parseJwks({ keys }, 'https://x/jwks', 1);
      expect.unreachable();
    } catch (error) {
      expect((error as JwksUnavailableError).code).toBe('ERR_JWKS_TOO_MANY_KEYS');
      expect((error as Error).message).toBe(
        'The JWKS at https://x/jwks holds 2 keys, more than maxJwksKeys (1).',
      );
    }
  });

  it('skips entries that are not usable keys', () => {
    const set = parseJwks({ keys: [null, { kty: 'oct' }, jwkOf(rsa.publicKey, { kid: 'a' }), 'x'] }, 'u', 10);
    expect(set.keys.map((key) => key.kid)).toEqual(['a']);
    expect(parseJwks({ keys: [] }, 'u', 10).keys).toEqual([]);
  });

  it('picks the one key that fits, ignoring others under the same kid, and caches the import', async () => {
    const set = parseJwks(
      {
        keys: [
          jwkOf(ec.publicKey, { kid: 'k' }),
          jwkOf(rsa.publicKey, { kid: 'k' }),
          jwkOf(ed.publicKey, { kid: 'z' }),
        ],
      },
      'u',
      10,
    );
    const first = await set.resolve('k', RS256);
    expect(first?.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(set.resolve('k', RS256)).toBe(first);
    expect(set.resolve('nope', RS256)).toBeUndefined();
    expect(await set.resolve('k', ES256)).not.toBe(first);
  });

  it('says when the only key under a kid does not fit, and when several do', () => {
    const set = parseJwks({ keys: [jwkOf(ec.publicKey, { kid: 'k' })] }, 'u', 10);
    try {
      set.resolve('k', RS256);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JwtVerificationError);
      expect((error as JwtVerificationError).code).toBe('ERR_JWT_KEY_MISMATCH');
      expect((error as JwtVerificationError).claim).toBe('alg');
    }
    const two = parseJwks(
      { keys: [jwkOf(rsa.publicKey, { kid: 'k' }), jwkOf(rsa.publicKey, { kid: 'k' })] },
      'u',
      10,
    );
    try {
      two.resolve('k', RS256);
      expect.unreachable();
    } catch (error) {
      expect((error as JwtVerificationError).code).toBe('ERR_JWT_KEY_NOT_FOUND');
      expect((error as JwtVerificationError).claim).toBe('kid');
      expect((error as Error).message).toMatch(
        /^2 keys of the JWKS match a RS256 token with kid "k"; the key to use is ambiguous/,
      );
    }
    const one = parseJwks({ keys: [jwkOf(rsa.publicKey, { kid: 'k' })] }, 'u', 10);
    expect(one.resolve('k', RS256)).toBeDefined();
  });

  it('names the static JWKS when a kid is unknown', async () => {
    const error = await rejection(verifierWith().verify(token({ kid: 'nope' })), JwtVerificationError);
    expect(error.message).toBe('No key with kid "nope" for RS256 in the JWKS given in the options.');
  });
});
