import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, JwtVerificationError, type JwtVerifier } from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { expectRejection, parts } from '../../support/jwt-helpers.js';

let a: TestIssuer;
let b: TestIssuer;
let verifier: JwtVerifier;

beforeAll(async () => {
  [a, b] = await Promise.all([
    createTestIssuer({ algorithm: 'ES256', path: '/a', audience: 'client-a' }),
    createTestIssuer({ algorithm: 'EdDSA', path: '/b', audience: 'client-b' }),
  ]);
  verifier = createJwtVerifier({
    issuers: [
      { issuer: a.issuer, audience: 'client-a', jwksUri: a.jwksUri },
      { issuer: b.issuer, audience: 'client-b', requiredScopes: ['admin'] },
    ],
  });
});
afterAll(() => Promise.all([a.close(), b.close()]));

describe('createJwtVerifier with several issuers', () => {
  it('lists its issuers', () => {
    expect(verifier.issuers).toEqual([a.issuer, b.issuer]);
  });

  it('verifies each issuer with its own keys and rules', async () => {
    await expect(verifier.verify(a.sign({ sub: 'from-a' }))).resolves.toMatchObject({ sub: 'from-a' });
    await expect(verifier.verify(b.sign({ sub: 'from-b', scope: 'admin' }))).resolves.toMatchObject({
      sub: 'from-b',
    });
    await expectRejection(verifier.verify(b.sign()), JwtVerificationError, 'ERR_JWT_SCOPE');
    await expectRejection(
      verifier.verify(a.sign({ aud: 'client-b' })),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
    );
  });

  it('refuses a token of issuer A signed with the key of issuer B', async () => {
    const [header, payload] = parts(a.sign());
    const [, , signature] = parts(b.sign());
    await expectRejection(
      verifier.verify(`${header}.${payload}.${signature}`),
      JwtVerificationError,
      'ERR_JWT_SIGNATURE',
    );
  });

  it('refuses an unknown issuer without any request', async () => {
    const before = { a: { ...a.requests }, b: { ...b.requests } };
    const fresh = createJwtVerifier({
      issuers: [
        { issuer: `${a.issuer}/other`, audience: 'client-a', jwksUri: a.jwksUri },
        { issuer: 'https://c.example.com', audience: 'client-c' },
      ],
    });
    await expectRejection(fresh.verify(a.sign()), JwtVerificationError, 'ERR_JWT_ISSUER', {
      claim: 'iss',
      message: /not one of|expected one of the 2 configured issuers/,
    });
    expect({ a: a.requests, b: b.requests }).toEqual(before);
  });
});
