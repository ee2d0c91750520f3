import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { algorithmSpec } from '../../../src/jwt/algorithms.js';
import { clearJwksCache, JwksUnavailableError, JwtVerificationError } from '../../../src/jwt/index.js';
import { parseJwks } from '../../../src/jwt/jwks-cache.js';
import {
  describeKid,
  importStoredKey,
  keyMismatch,
  privateMembers,
  readStoredKey,
  type StoredKey,
} from '../../../src/jwt/keys.js';
import { caught } from '../../support/catch.js';
import { ec, ed, jwkOf, rsa, token, verifierWith } from '../../support/static-jwks.js';

// Reading, checking and importing JWKS keys (src/jwt/keys.ts, src/jwt/jwks-cache.ts), which verify()
// reaches only behind a download; the messages word for word.
afterEach(() => clearJwksCache());

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
    const mismatch = await caught(
      importStoredKey(readStoredKey(jwkOf(ec.publicKey, { kid: 'e' })) as StoredKey, RS256),
      JwtVerificationError,
    );
    expect(mismatch.code).toBe('ERR_JWT_KEY_MISMATCH');
    expect(mismatch.claim).toBe('kid');
    expect(mismatch.message).toBe(
      'The JWKS key with kid "e" cannot be imported for RS256: its kty is "EC", RS256 needs "RSA". Check the key published by the issuer.',
    );
    expect(mismatch.cause).toBeInstanceOf(TypeError);
    const garbage = await caught(
      importStoredKey(readStoredKey({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }) as StoredKey, ES256),
      JwtVerificationError,
    );
    expect(garbage.message).toMatch(
      /^The JWKS key without kid cannot be imported for ES256: .+\. Check the key published by the issuer\.$/,
    );
    const wrongCurve = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const lying = readStoredKey({ ...jwkOf(wrongCurve.publicKey), crv: 'P-384' }) as StoredKey;
    await caught(importStoredKey({ ...lying, crv: 'P-256' }, ES256), JwtVerificationError);
    const okpAsEc = readStoredKey(jwkOf(ed.publicKey)) as StoredKey;
    await caught(importStoredKey({ ...okpAsEc, kty: 'EC', crv: 'P-256' }, ES256), JwtVerificationError);
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
    const error = await caught(importStoredKey(claimed, RS256), JwtVerificationError);
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
    const error = await caught(
      importStoredKey(readStoredKey(jwkOf(weak.publicKey, { kid: 'w' })) as StoredKey, RS256),
      JwtVerificationError,
    );
    expect(error.claim).toBe('kid');
    expect(error.message).toBe(
      'The JWKS key with kid "w" is a 1024-bit RSA key; at least 2048 bits are required.',
    );
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
    const error = await caught(verifierWith().verify(token({ kid: 'nope' })), JwtVerificationError);
    expect(error.message).toBe('No key with kid "nope" for RS256 in the JWKS given in the options.');
  });
});
