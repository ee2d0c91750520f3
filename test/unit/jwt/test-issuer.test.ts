import { JwtVerifier as AwsJwtVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { parts, payloadOf } from '../../support/jwt-helpers.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => NOW, audience: 'my-client', expiresInSeconds: 600 });
});
afterAll(() => issuer.close());

describe('createTestIssuer', () => {
  it('serves its JWKS and discovery document on 127.0.0.1', async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = (await (await fetch(issuer.discoveryUri)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks).toEqual(issuer.jwks());
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: issuer.kid, alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect((await fetch(`${issuer.issuer}/nope`)).status).toBe(404);
  });

  it('signs tokens with sensible defaults, overrides and removals', () => {
    const token = issuer.sign({ sub: 'user-42', scope: 'a b', aud: undefined });
    expect(payloadOf(token)).toEqual({
      iss: issuer.issuer,
      sub: 'user-42',
      iat: NOW / 1000,
      exp: NOW / 1000 + 600,
      scope: 'a b',
    });
    const header = JSON.parse(Buffer.from(parts(token)[0], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.kid });
    const bare = JSON.parse(
      Buffer.from(
        parts(issuer.sign({}, { kid: null, header: { typ: 'at+jwt' } }))[0],
        'base64url',
      ).toString(),
    );
    expect(bare).toEqual({ alg: 'RS256', typ: 'at+jwt' });
    expect(payloadOf(issuer.sign())).toMatchObject({ aud: 'my-client' });
  });

  it('rotates keys, keeping the previous one published', async () => {
    const rotating = await createTestIssuer({ algorithm: 'EdDSA' });
    try {
      const first = rotating.kid;
      await rotating.rotateKeys();
      expect(rotating.kid).not.toBe(first);
      expect(rotating.jwks().keys.map((key) => key.kid)).toEqual([rotating.kid, first]);
      await rotating.rotateKeys();
      expect(rotating.jwks().keys).toHaveLength(2);
      expect(() => rotating.sign({}, { previousKey: 5 })).toThrow(RangeError);
    } finally {
      await rotating.close();
    }
  });

  it('issues tokens that aws-jwt-verify accepts too', async () => {
    const real = await createTestIssuer({ audience: 'my-client' });
    try {
      const verifier = AwsJwtVerifier.create({
        issuer: real.issuer,
        audience: 'my-client',
        jwksUri: real.jwksUri,
      });
      verifier.cacheJwks(real.jwks() as unknown as Parameters<typeof verifier.cacheJwks>[0]);
      await expect(verifier.verify(real.sign({ sub: 'interop' }))).resolves.toMatchObject({ sub: 'interop' });
    } finally {
      await real.close();
    }
  });
});
