import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJwtVerifier,
  type JsonWebKey,
  type JwtIssuerOptions,
  JwtVerificationError,
  type JwtVerifier,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { signCompactJwt } from '../../../src/testing/issuer-sign.js';
import {
  expectRejection,
  parts,
  payloadOf,
  segment,
  tamperSignature,
  withPayload,
} from '../../support/jwt-helpers.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;
const now = () => NOW;

let issuer: TestIssuer;
let verifier: JwtVerifier;
let secrets: string[];

function verifierWith(extra: Partial<JwtIssuerOptions> = {}): JwtVerifier {
  return createJwtVerifier({
    issuer: issuer.issuer,
    audience: 'test-client',
    jwksUri: issuer.jwksUri,
    now,
    ...extra,
  });
}

function jwkOf(publicKey: KeyObject, extra: Partial<JsonWebKey>): JsonWebKey {
  return { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), ...extra };
}

beforeAll(async () => {
  issuer = await createTestIssuer({ now });
  verifier = verifierWith();
  secrets = issuer
    .jwks()
    .keys.flatMap((key) => [key.n ?? '', key.x ?? ''].filter((value) => value.length > 0));
});
afterAll(() => issuer.close());

async function reject<T extends JwtVerificationError>(
  token: string,
  errorClass: abstract new (...args: never[]) => T,
  code: string,
  options: { claim?: string; message?: RegExp; using?: JwtVerifier } = {},
): Promise<T> {
  return expectRejection((options.using ?? verifier).verify(token), errorClass, code, {
    ...options,
    token,
    secrets,
  });
}

describe('createJwtVerifier: accepted tokens', () => {
  it('resolves to the claims of a valid token', async () => {
    const claims = await verifier.verify(issuer.sign({ sub: 'user-42', tenant: 'acme' }));
    expect(claims).toMatchObject({ sub: 'user-42', tenant: 'acme', iss: issuer.issuer, aud: 'test-client' });
  });

  it.each([
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
  ] as const)('verifies %s tokens', async (algorithm) => {
    const other = await createTestIssuer({ algorithm, now });
    try {
      const v = createJwtVerifier({ issuer: other.issuer, audience: 'test-client', jwks: other.jwks(), now });
      await expect(v.verify(other.sign({ sub: algorithm }))).resolves.toMatchObject({ sub: algorithm });
      await reject(tamperSignature(other.sign()), JwtVerificationError, 'ERR_JWT_SIGNATURE', { using: v });
    } finally {
      await other.close();
    }
  });

  it('accepts an audience array containing one accepted value, and several accepted values', async () => {
    await expect(verifier.verify(issuer.sign({ aud: ['other', 'test-client'] }))).resolves.toBeDefined();
    const v = verifierWith({ audience: ['a', 'b'] });
    await expect(v.verify(issuer.sign({ aud: 'b' }))).resolves.toBeDefined();
  });

  it('skips the audience check only with audience: null', async () => {
    const v = verifierWith({ audience: null });
    await expect(v.verify(issuer.sign({ aud: 'anything' }))).resolves.toBeDefined();
    await expect(v.verify(issuer.sign({ aud: undefined }))).resolves.toBeDefined();
  });

  it('honours clockToleranceSeconds on exp and nbf, like jose (exp <= now - tolerance is expired)', async () => {
    const v = verifierWith({ clockToleranceSeconds: 30 });
    await expect(v.verify(issuer.sign({ exp: NOW_S - 29 }))).resolves.toBeDefined();
    await expect(v.verify(issuer.sign({ nbf: NOW_S + 30 }))).resolves.toBeDefined();
    await reject(issuer.sign({ exp: NOW_S - 30 }), JwtVerificationError, 'ERR_JWT_EXPIRED', { using: v });
    await reject(issuer.sign({ exp: NOW_S }), JwtVerificationError, 'ERR_JWT_EXPIRED');
    await expect(verifier.verify(issuer.sign({ exp: NOW_S + 1 }))).resolves.toBeDefined();
  });

  it('accepts tokens without exp when requireExpiration is false', async () => {
    const token = issuer.sign({ exp: undefined });
    await reject(token, JwtVerificationError, 'ERR_JWT_CLAIM', { claim: 'exp', message: /never expire/ });
    await expect(verifierWith({ requireExpiration: false }).verify(token)).resolves.toBeDefined();
  });

  it('ignores jku, x5u and an embedded jwk: keys only come from the configured JWKS', async () => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const attackerJwk = jwkOf(attacker.publicKey, { kid: issuer.kid });
    const forged = signCompactJwt(
      {
        alg: 'RS256',
        kid: issuer.kid,
        jwk: attackerJwk,
        jku: 'http://127.0.0.1:1/jwks',
        x5u: 'http://127.0.0.1:1/x5u',
      },
      payloadOf(issuer.sign()),
      attacker.privateKey,
      'RS256',
    );
    await reject(forged, JwtVerificationError, 'ERR_JWT_SIGNATURE');
    const genuine = issuer.sign(
      {},
      { header: { jku: 'http://127.0.0.1:1/jwks', x5u: 'http://127.0.0.1:1/x' } },
    );
    await expect(verifier.verify(genuine)).resolves.toBeDefined();
  });
});

describe('createJwtVerifier: time claims', () => {
  it('refuses an expired token and says how long ago', async () => {
    const error = await reject(issuer.sign({ exp: NOW_S - 300 }), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      claim: 'exp',
      message: /expired 5 minutes ago \(exp 2026-01-15T11:55:00Z, now 2026-01-15T12:00:00Z\)/,
    });
    expect(error).toBeInstanceOf(JwtVerificationError);
    await reject(issuer.sign({ exp: NOW_S - 3 * 86_400 }), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      message: /3 days ago/,
    });
    await reject(issuer.sign({ exp: NOW_S - 45 }), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      message: /45 seconds ago/,
    });
  });

  it('refuses a token not valid yet', async () => {
    await reject(issuer.sign({ nbf: NOW_S + 7200 }), JwtVerificationError, 'ERR_JWT_NOT_YET_VALID', {
      claim: 'nbf',
      message: /2 hours from now.*clockToleranceSeconds/,
    });
  });

  it('refuses non-numeric time claims', async () => {
    for (const claim of ['exp', 'nbf', 'iat']) {
      await reject(issuer.sign({ [claim]: String(NOW_S + 60) }), JwtVerificationError, 'ERR_JWT_CLAIM', {
        claim,
      });
    }
  });

  it('enforces maxTokenAgeSeconds (iat required, not too old, not in the future)', async () => {
    const v = verifierWith({ maxTokenAgeSeconds: 600 });
    await expect(v.verify(issuer.sign({ iat: NOW_S - 600 }))).resolves.toBeDefined();
    await reject(issuer.sign({ iat: NOW_S - 601 }), JwtVerificationError, 'ERR_JWT_TOO_OLD', {
      using: v,
      claim: 'iat',
    });
    await reject(issuer.sign({ iat: undefined }), JwtVerificationError, 'ERR_JWT_CLAIM', {
      using: v,
      claim: 'iat',
    });
    await reject(issuer.sign({ iat: NOW_S + 60 }), JwtVerificationError, 'ERR_JWT_NOT_YET_VALID', {
      using: v,
      claim: 'iat',
    });
  });
});

describe('createJwtVerifier: issuer and audience', () => {
  it('refuses another issuer without fetching anything', async () => {
    const before = issuer.requests.jwks;
    const fresh = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: `${issuer.issuer}/x`,
      now,
    });
    await reject(issuer.sign({ iss: 'https://evil.example.com' }), JwtVerificationError, 'ERR_JWT_ISSUER', {
      using: fresh,
      claim: 'iss',
      message: /"https:\/\/evil\.example\.com", expected "http:\/\/127\.0\.0\.1:\d+"\.$/,
    });
    expect(issuer.requests.jwks).toBe(before);
  });

  it('says when the only difference is a trailing slash', async () => {
    await reject(issuer.sign({ iss: `${issuer.issuer}/` }), JwtVerificationError, 'ERR_JWT_ISSUER', {
      message: /only difference .* is a trailing slash/,
    });
  });

  it('refuses a missing or non-string iss', async () => {
    await reject(issuer.sign({ iss: undefined }), JwtVerificationError, 'ERR_JWT_ISSUER', {
      message: /no "iss" claim/,
    });
    await reject(issuer.sign({ iss: 42 }), JwtVerificationError, 'ERR_JWT_ISSUER', {
      message: /must be a string, got number/,
    });
  });

  it('refuses another audience, naming expected and actual', async () => {
    await reject(issuer.sign({ aud: 'someone-else' }), JwtVerificationError, 'ERR_JWT_AUDIENCE', {
      claim: 'aud',
      message: /"someone-else", expected "test-client".*client id/,
    });
    await reject(issuer.sign({ aud: ['x', 'y'] }), JwtVerificationError, 'ERR_JWT_AUDIENCE', {
      message: /\["x", "y"\]/,
    });
    await reject(issuer.sign({ aud: 7 }), JwtVerificationError, 'ERR_JWT_AUDIENCE', { message: /is number/ });
  });

  it('refuses a missing aud, pointing at client_id when the token has one (Cognito access tokens)', async () => {
    await reject(issuer.sign({ aud: undefined }), JwtVerificationError, 'ERR_JWT_AUDIENCE', {
      message: /no "aud" claim/,
    });
    await reject(
      issuer.sign({ aud: undefined, client_id: 'test-client' }),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      {
        message: /carries "client_id" instead.*audienceClaims/,
      },
    );
    const v = verifierWith({ audienceClaims: ['aud', 'client_id'] });
    await expect(v.verify(issuer.sign({ aud: undefined, client_id: 'test-client' }))).resolves.toBeDefined();
    await reject(
      issuer.sign({ aud: undefined, client_id: 'other' }),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      {
        using: v,
        claim: 'client_id',
      },
    );
  });
});

describe('createJwtVerifier: scopes and claims', () => {
  it('requires every scope, from scope or scp', async () => {
    const v = verifierWith({ requiredScopes: ['orders:read', 'orders:write'] });
    await expect(v.verify(issuer.sign({ scope: 'openid orders:read orders:write' }))).resolves.toBeDefined();
    await expect(v.verify(issuer.sign({ scp: ['orders:read', 'orders:write'] }))).resolves.toBeDefined();
    await reject(issuer.sign({ scope: 'openid orders:read' }), JwtVerificationError, 'ERR_JWT_SCOPE', {
      using: v,
      claim: 'scope',
      message: /lacks the scope "orders:write" \(its scopes: "openid", "orders:read"\)/,
    });
    await reject(issuer.sign({}), JwtVerificationError, 'ERR_JWT_SCOPE', {
      using: v,
      message: /its scopes: none/,
    });
  });

  it('requires present claims and expected values', async () => {
    const v = verifierWith({
      requiredClaims: ['email'],
      expectedClaims: { token_use: 'access', tier: ['gold', 'silver'] },
    });
    await expect(
      v.verify(issuer.sign({ email: 'a@b.c', token_use: 'access', tier: 'gold' })),
    ).resolves.toBeDefined();
    await reject(issuer.sign({ token_use: 'access', tier: 'gold' }), JwtVerificationError, 'ERR_JWT_CLAIM', {
      using: v,
      claim: 'email',
    });
    await reject(
      issuer.sign({ email: 'a', token_use: 'id', tier: 'gold' }),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      {
        using: v,
        claim: 'token_use',
        message: /"id", expected "access".*Cognito/,
      },
    );
    await reject(
      issuer.sign({ email: 'a', token_use: 'access', tier: 'bronze' }),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      {
        using: v,
        message: /one of "gold", "silver"/,
      },
    );
  });

  it('checks typ when asked, like jose (case-insensitive, application/ optional)', async () => {
    const v = verifierWith({ typ: 'at+jwt' });
    await expect(v.verify(issuer.sign({}, { header: { typ: 'AT+JWT' } }))).resolves.toBeDefined();
    await expect(v.verify(issuer.sign({}, { header: { typ: 'application/at+jwt' } }))).resolves.toBeDefined();
    await reject(issuer.sign(), JwtVerificationError, 'ERR_JWT_TYP', { using: v, claim: 'typ' });
  });
});

describe('createJwtVerifier: header and algorithm attacks', () => {
  it('refuses alg none, with or without a signature', async () => {
    const [, payload] = parts(issuer.sign());
    await reject(`${segment({ alg: 'none' })}.${payload}.`, JwtVerificationError, 'ERR_JWT_ALGORITHM', {
      claim: 'alg',
      message: /Unsigned tokens/,
    });
    await reject(
      `${segment({ alg: 'None', kid: issuer.kid })}.${payload}.c2ln`,
      JwtVerificationError,
      'ERR_JWT_ALGORITHM',
    );
  });

  it('refuses HS256 signed with the RSA public key as the secret (RS/HS confusion)', async () => {
    const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    const signingInput = `${segment({ alg: 'HS256', kid: issuer.kid })}.${parts(issuer.sign())[1]}`;
    const mac = createHmac('sha256', publicPem).update(signingInput).digest('base64url');
    await reject(`${signingInput}.${mac}`, JwtVerificationError, 'ERR_JWT_ALGORITHM', {
      message: /shared-secret.*RS256/,
    });
  });

  it('refuses an algorithm outside the allowlist', async () => {
    const v = verifierWith({ algorithms: ['ES256'] });
    await reject(issuer.sign(), JwtVerificationError, 'ERR_JWT_ALGORITHM', {
      using: v,
      message: /Allowed: ES256/,
    });
    await reject(issuer.sign({}, { header: { alg: 'RSA1_5' } }), JwtVerificationError, 'ERR_JWT_ALGORITHM');
  });

  it('refuses a token whose alg does not fit its key (kty/alg mismatch)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = signCompactJwt(
      { alg: 'ES256', kid: issuer.kid },
      payloadOf(issuer.sign()),
      ec.privateKey,
      'ES256',
    );
    await reject(forged, JwtVerificationError, 'ERR_JWT_KEY_MISMATCH', {
      message: /kty is "RSA", ES256 needs "EC"/,
    });
    // The key is published for RS256 only: PS256 with the same RSA key is refused too.
    await reject(
      issuer.sign({}, { header: { alg: 'PS256' } }),
      JwtVerificationError,
      'ERR_JWT_KEY_MISMATCH',
      {
        message: /published for alg "RS256" only/,
      },
    );
  });

  it('refuses unknown crit extensions and malformed crit', async () => {
    await reject(
      issuer.sign({}, { header: { crit: ['exp'], exp: 1 } }),
      JwtVerificationError,
      'ERR_JWT_CRIT',
      {
        claim: 'crit',
      },
    );
    await reject(
      issuer.sign({}, { header: { crit: ['b64'], b64: true } }),
      JwtVerificationError,
      'ERR_JWT_CRIT',
    );
    await reject(issuer.sign({}, { header: { crit: [] } }), JwtVerificationError, 'ERR_JWT_MALFORMED', {
      claim: 'crit',
    });
    await reject(issuer.sign({}, { header: { crit: 'x' } }), JwtVerificationError, 'ERR_JWT_MALFORMED');
  });

  it('refuses a missing alg and a non-string kid', async () => {
    await reject(issuer.sign({}, { header: { alg: undefined } }), JwtVerificationError, 'ERR_JWT_MALFORMED', {
      claim: 'alg',
    });
    await reject(issuer.sign({}, { header: { kid: 5 } }), JwtVerificationError, 'ERR_JWT_MALFORMED', {
      claim: 'kid',
    });
  });

  it('refuses tampered payloads and signatures', async () => {
    const token = issuer.sign({ sub: 'user-42', admin: false });
    await reject(
      withPayload(token, { ...payloadOf(token), admin: true }),
      JwtVerificationError,
      'ERR_JWT_SIGNATURE',
    );
    await reject(tamperSignature(token), JwtVerificationError, 'ERR_JWT_SIGNATURE');
    await reject(`${token.slice(0, token.lastIndexOf('.'))}.AAAA`, JwtVerificationError, 'ERR_JWT_SIGNATURE');
    await reject(`${token.slice(0, token.lastIndexOf('.'))}.`, JwtVerificationError, 'ERR_JWT_SIGNATURE');
  });

  it('refuses tokens signed by a retired key no longer in the JWKS', async () => {
    const rotating = await createTestIssuer({ now, keepPreviousKeys: 0 });
    try {
      const v = createJwtVerifier({
        issuer: rotating.issuer,
        audience: 'test-client',
        jwksUri: rotating.jwksUri,
        now,
      });
      const old = rotating.sign();
      await expect(v.verify(old)).resolves.toBeDefined();
      await rotating.rotateKeys();
      await expect(v.verify(rotating.sign())).resolves.toBeDefined();
      // The old kid is gone from the refetched JWKS.
      await reject(rotating.sign({}, { previousKey: 1 }), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
        using: v,
      });
    } finally {
      await rotating.close();
    }
  });
});

describe('createJwtVerifier: unusable keys in the JWKS', () => {
  async function withKey(jwk: Partial<JsonWebKey>, privateKey: KeyObject, alg: 'RS256' | 'ES256' = 'RS256') {
    const v = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: { keys: [jwk as JsonWebKey] },
      now,
    });
    const token = signCompactJwt({ alg, kid: 'k' }, payloadOf(issuer.sign()), privateKey, alg);
    return { v, token };
  }

  it('refuses RSA keys under 2048 bits', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const { v, token } = await withKey(jwkOf(weak.publicKey, { kid: 'k' }), weak.privateKey);
    await reject(token, JwtVerificationError, 'ERR_JWT_KEY_MISMATCH', {
      using: v,
      message: /1024-bit RSA key; at least 2048/,
    });
  });

  it('refuses keys meant for encryption or without the verify operation', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const enc = await withKey(jwkOf(pair.publicKey, { kid: 'k', use: 'enc' }), pair.privateKey);
    await reject(enc.token, JwtVerificationError, 'ERR_JWT_KEY_MISMATCH', {
      using: enc.v,
      message: /use is "enc"/,
    });
    const ops = await withKey(jwkOf(pair.publicKey, { kid: 'k', key_ops: ['encrypt'] }), pair.privateKey);
    await reject(ops.token, JwtVerificationError, 'ERR_JWT_KEY_MISMATCH', {
      using: ops.v,
      message: /key_ops/,
    });
  });

  it('refuses an EC key on another curve', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const { v, token } = await withKey(jwkOf(p384.publicKey, { kid: 'k' }), p384.privateKey, 'ES256');
    await reject(token, JwtVerificationError, 'ERR_JWT_KEY_MISMATCH', {
      using: v,
      message: /crv is "P-384", ES256 needs "P-256"/,
    });
  });

  it('refuses a JWKS that publishes a private key, as jose does', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateJwk = pair.privateKey.export({ format: 'jwk' }) as JsonWebKey;
    expect(() =>
      createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwks: { keys: [{ ...privateJwk, kid: 'k' }] },
      }),
    ).toThrow(/private key material \("d", "p", "q", "dp", "dq", "qi"\) in key with kid "k"/);
  });

  it('picks the only key for a token without kid, and refuses an ambiguous choice', async () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const payload = payloadOf(issuer.sign());
    const token = signCompactJwt({ alg: 'RS256' }, payload, a.privateKey, 'RS256');
    const one = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: { keys: [jwkOf(a.publicKey, {})] },
      now,
    });
    await expect(one.verify(token)).resolves.toBeDefined();
    const two = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwks: { keys: [jwkOf(a.publicKey, { kid: 'a' }), jwkOf(b.publicKey, { kid: 'b' })] },
      now,
    });
    await reject(token, JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', { using: two, message: /ambiguous/ });
  });

  it('refuses an unknown kid with a static JWKS', async () => {
    const v = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwks: issuer.jwks(), now });
    await reject(issuer.sign({}, { kid: 'nope' }), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
      using: v,
      claim: 'kid',
    });
  });
});

describe('createJwtVerifier: malformed input', () => {
  const cases: [string, () => string, string, RegExp?][] = [
    ['an empty string', () => '', 'ERR_JWT_MALFORMED'],
    ['one segment', () => 'abcdefghijklmnopqrstuvwxyz', 'ERR_JWT_MALFORMED', /opaque access token/],
    ['two segments', () => parts(issuer.sign()).slice(0, 2).join('.'), 'ERR_JWT_MALFORMED'],
    ['four segments', () => `${issuer.sign()}.AAAA`, 'ERR_JWT_MALFORMED'],
    ['a JWE (5 segments)', () => 'a.b.c.d.e', 'ERR_JWT_MALFORMED', /JWE/],
    ['padding', () => `${issuer.sign()}==`, 'ERR_JWT_MALFORMED', /base64url/],
    ['standard base64 characters', () => issuer.sign().replace(/-|_/, '+'), 'ERR_JWT_MALFORMED'],
    [
      'a non-canonical base64url segment',
      () => `${segment({ alg: 'RS256' })}.${segment({ a: 1 }).slice(0, -1)}B.AAAA`,
      'ERR_JWT_MALFORMED',
    ],
    [
      'an impossible segment length',
      () => `${segment({ alg: 'RS256' })}.${segment({ a: 1 })}A.AAAA`,
      'ERR_JWT_MALFORMED',
    ],
    [
      'a header that is not JSON',
      () => `${segment('not json')}.${segment({})}.AAAA`,
      'ERR_JWT_MALFORMED',
      /header/,
    ],
    [
      'a payload that is an array',
      () => `${segment({ alg: 'RS256' })}.${segment([1])}.AAAA`,
      'ERR_JWT_MALFORMED',
      /array/,
    ],
    ['a header that is null', () => `${segment(null)}.${segment({})}.AAAA`, 'ERR_JWT_MALFORMED'],
    [
      'invalid UTF-8',
      () => `${Buffer.from([0xff, 0xfe]).toString('base64url')}.${segment({})}.AAAA`,
      'ERR_JWT_MALFORMED',
    ],
    ['whitespace around the token', () => ` ${issuer.sign()}`, 'ERR_JWT_MALFORMED'],
    [
      'the whole Authorization header',
      () => `Bearer ${issuer.sign()}`,
      'ERR_JWT_MALFORMED',
      /extractBearerToken/,
    ],
    [
      'a huge token',
      () => `${segment({ alg: 'RS256' })}.${'A'.repeat(20_000)}.AAAA`,
      'ERR_JWT_TOO_LARGE',
      /maxTokenBytes \(16384\)/,
    ],
  ];

  it.each(cases)('refuses %s', async (_name, make, code, message) => {
    await reject(make(), JwtVerificationError, code, message === undefined ? {} : { message });
  });

  it('refuses non-string input', async () => {
    for (const value of [undefined, null, 42, {}, ['a.b.c']]) {
      await expectRejection(verifier.verify(value as string), JwtVerificationError, 'ERR_JWT_MALFORMED');
    }
  });

  it('applies maxTokenBytes before decoding', async () => {
    const v = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
      now,
      maxTokenBytes: 100,
    });
    await reject(issuer.sign(), JwtVerificationError, 'ERR_JWT_TOO_LARGE', { using: v });
  });
});
