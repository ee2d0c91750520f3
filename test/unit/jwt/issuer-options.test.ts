import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJwtVerifier,
  InvalidOptionError,
  type JwtPayload,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/index.js';
import { expectRejection, payloadOf, withPayload } from '../../support/jwt-helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(() => issuer.close());

/** A token of the test issuer's key whose `iss` (and other claims) are replaced, signed again. */
const tokenFor = (claims: Record<string, unknown>) => issuer.sign(claims);

describe('issuer as a list (the same issuer spelt several ways)', () => {
  it('takes any of its names, and still refuses others before any key is fetched', async () => {
    const verifier = createJwtVerifier({
      issuer: ['https://accounts.google.com', 'accounts.google.com'],
      audience: 'my-client-id',
      jwksUri: issuer.jwksUri,
    });
    expect(verifier.issuers).toEqual(['https://accounts.google.com', 'accounts.google.com']);
    for (const iss of ['https://accounts.google.com', 'accounts.google.com']) {
      await expect(verifier.verify(tokenFor({ iss }))).resolves.toMatchObject({ iss });
    }
    const before = issuer.requests.jwks;
    const bad = tokenFor({ iss: 'https://evil.example.com' });
    await expectRejection(verifier.verify(bad), JwtVerificationError, 'ERR_JWT_ISSUER', {
      token: bad,
      message: /"accounts\.google\.com"/,
    });
    expect(issuer.requests.jwks).toBe(before);
  });

  it('discovers from its first https name', async () => {
    const verifier = createJwtVerifier({ issuer: ['not-a-url', issuer.issuer], audience: 'my-client-id' });
    await expect(verifier.verify(tokenFor({}))).resolves.toMatchObject({ iss: issuer.issuer });
    expect(() => createJwtVerifier({ issuer: [], audience: 'x' })).toThrow(InvalidOptionError);
    expect(() => createJwtVerifier({ issuer: ['https://a.example.com', 5 as never], audience: 'x' })).toThrow(
      /issuer\[1\]/,
    );
  });
});

describe('the issuer is judged before the header, the key and the signature', () => {
  it('refuses a foreign iss as ERR_JWT_ISSUER whatever else is wrong, with the keys cached or not, and fetches nothing for it', async () => {
    const foreign = { iss: 'https://evil.example.com' };
    const tokens = {
      'a refused alg': issuer.sign(foreign, { header: { alg: 'HS256' } }),
      'alg none': issuer.sign(foreign, { header: { alg: 'none' } }),
      'a kid of the wrong type': issuer.sign(foreign, { header: { kid: 7 } }),
      'an unknown crit': issuer.sign(foreign, { header: { crit: ['exp'], exp: 1 } }),
      'an unknown kid': issuer.sign(foreign, { kid: 'made-up' }),
      'a broken signature': `${issuer.sign(foreign).slice(0, -4)}AAAA`,
      'a good signature': issuer.sign(foreign),
    };
    const cold = await createTestIssuer();
    try {
      for (const keys of [cold, issuer]) {
        const verifier = createJwtVerifier({
          issuer: issuer.issuer,
          audience: 'my-client-id',
          jwksUri: keys.jwksUri,
        });
        if (keys === issuer) await verifier.warmUp();
        const before = keys.requests.jwks;
        const codes: [string, unknown][] = [];
        for (const [what, token] of Object.entries(tokens)) {
          codes.push([what, await verifier.verify(token).catch((error: JwtVerificationError) => error.code)]);
        }
        expect(Object.fromEntries(codes)).toEqual(
          Object.fromEntries(Object.keys(tokens).map((what) => [what, 'ERR_JWT_ISSUER'])),
        );
        expect(keys.requests.jwks).toBe(before);
      }
    } finally {
      await cold.close();
    }
  });
});

describe('issuer as a function (multi-tenant issuers)', () => {
  const tenants = new Set(['72f988bf-86f1-41af-91ab-2d7cd011db47']);
  const entra = (iss: string, claims: JwtPayload) =>
    typeof claims.tid === 'string' &&
    tenants.has(claims.tid) &&
    iss === `https://login.microsoftonline.com/${claims.tid}/v2.0`;

  it("takes the issuers it returns true for, from the token's own tid", async () => {
    const verifier = createJwtVerifier({ issuer: entra, audience: 'my-client-id', jwksUri: issuer.jwksUri });
    const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const iss = `https://login.microsoftonline.com/${tid}/v2.0`;
    await expect(verifier.verify(tokenFor({ iss, tid }))).resolves.toMatchObject({ tid });
    expect(verifier.issuers).toEqual([]);
  });

  it('refuses, before any key is fetched, a tenant it does not know, a mismatched tid, and when it throws', async () => {
    const throwing = () => {
      throw new Error('tenant directory down');
    };
    for (const accepts of [entra, throwing]) {
      const verifier = createJwtVerifier({
        issuer: accepts,
        audience: 'my-client-id',
        jwksUri: issuer.jwksUri,
      });
      const before = issuer.requests.jwks;
      for (const claims of [
        { iss: 'https://login.microsoftonline.com/other/v2.0', tid: 'other' },
        { iss: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', tid: 'other' },
      ]) {
        const token = tokenFor(claims);
        await expectRejection(verifier.verify(token), JwtVerificationError, 'ERR_JWT_ISSUER', {
          token,
          message: /the issuer function/,
        });
      }
      expect(issuer.requests.jwks).toBe(before);
    }
  });

  it('needs jwksUri or jwks: there is nothing to discover', () => {
    expect(() => createJwtVerifier({ issuer: () => true, audience: 'x' })).toThrow(
      /jwksUri.*function issuer/,
    );
    expect(() => createJwtVerifier({ issuer: () => true, audience: 'x', jwks: issuer.jwks() })).not.toThrow();
  });

  it('cannot be fooled by changing iss after signing: the signature covers it', async () => {
    const verifier = createJwtVerifier({ issuer: entra, audience: 'my-client-id', jwksUri: issuer.jwksUri });
    const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const signed = tokenFor({ iss: 'https://login.microsoftonline.com/other/v2.0', tid: 'other' });
    const altered = withPayload(signed, {
      ...payloadOf(signed),
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      tid,
    });
    await expect(verifier.verify(altered)).rejects.toMatchObject({ code: 'ERR_JWT_SIGNATURE' });
  });
});

describe('the fully-specified Ed25519 algorithm (RFC 9864)', () => {
  it('verifies Ed25519 and EdDSA tokens with the same Ed25519 key, and refuses it when not allowed', async () => {
    const ed = await createTestIssuer({ algorithm: 'Ed25519', audience: 'my-client-id' });
    try {
      const token = ed.sign();
      expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString())).toMatchObject({
        alg: 'Ed25519',
      });
      const verifier = createJwtVerifier({ issuer: ed.issuer, audience: 'my-client-id', jwks: ed.jwks() });
      await expect(verifier.verify(token)).resolves.toBeDefined();
      const eddsaOnly = createJwtVerifier({
        issuer: ed.issuer,
        audience: 'my-client-id',
        jwks: ed.jwks(),
        algorithms: ['EdDSA'],
      });
      await expect(eddsaOnly.verify(token)).rejects.toMatchObject({ code: 'ERR_JWT_ALGORITHM' });
    } finally {
      await ed.close();
    }
  });
});
