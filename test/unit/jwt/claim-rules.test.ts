import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createJwtVerifier,
  InvalidOptionError,
  JwtVerificationError,
  type JwtVerifierOptions,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/index.js';
import { expectRejection } from '../../support/jwt-helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(() => issuer.close());

const verifierWith = (options: Partial<JwtVerifierOptions>) =>
  createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwksUri: issuer.jwksUri, ...options });

describe('anyOfScopes', () => {
  it('passes a token holding one of them, from scope or scp, beside requiredScopes', async () => {
    const verifier = verifierWith({ requiredScopes: ['orders:read'], anyOfScopes: ['orders:admin', 'ops'] });
    await expect(verifier.verify(issuer.sign({ scope: 'orders:read ops' }))).resolves.toBeDefined();
    await expect(
      verifier.verify(issuer.sign({ scp: ['orders:admin', 'orders:read'] })),
    ).resolves.toBeDefined();
  });

  it('refuses a token holding none of them, naming them and the scopes it has', async () => {
    const verifier = verifierWith({ anyOfScopes: ['orders:admin', 'ops'] });
    const token = issuer.sign({ scope: 'orders:read' });
    await expectRejection(verifier.verify(token), JwtVerificationError, 'ERR_JWT_SCOPE', {
      token,
      claim: 'scope',
      message: /none of the scopes "orders:admin", "ops" \(its scopes: "orders:read"\)/,
    });
    await expectRejection(verifier.verify(issuer.sign({})), JwtVerificationError, 'ERR_JWT_SCOPE', {
      message: /its scopes: none/,
    });
  });

  it('is checked when created', () => {
    expect(() => verifierWith({ anyOfScopes: ['a b'] })).toThrow(
      /anyOfScopes: a scope cannot contain whitespace/,
    );
    expect(() => verifierWith({ anyOfScopes: 'ops' as never })).toThrow(InvalidOptionError);
  });
});

describe('claimIncludes', () => {
  const provider = {
    cognito: {
      claims: { 'cognito:groups': ['staff', 'admin'] },
      rule: { claim: 'cognito:groups', anyOf: ['admin'] },
    },
    keycloak: {
      claims: { realm_access: { roles: ['offline_access', 'orders-admin'] } },
      rule: { claim: ['realm_access', 'roles'], anyOf: ['orders-admin'] },
    },
    entra: {
      claims: { roles: ['Orders.Write'] },
      rule: { claim: 'roles', anyOf: ['Orders.Read', 'Orders.Write'] },
    },
    auth0: {
      claims: { permissions: ['read:orders'], 'https://example.com/roles': ['admin'] },
      rule: { claim: 'https://example.com/roles', anyOf: ['admin'] },
    },
    fusionauth: { claims: { roles: 'admin' }, rule: { claim: 'roles', anyOf: ['admin'] } },
  } as const;

  for (const [name, { claims, rule }] of Object.entries(provider)) {
    it(`passes ${name}'s claim shape when it holds a value, refuses it when it does not`, async () => {
      const verifier = verifierWith({ claimIncludes: [rule] });
      await expect(verifier.verify(issuer.sign(claims))).resolves.toMatchObject(claims);
      const other = verifierWith({ claimIncludes: [{ claim: rule.claim, anyOf: ['nobody'] }] });
      const token = issuer.sign(claims);
      await expectRejection(other.verify(token), JwtVerificationError, 'ERR_JWT_CLAIM', {
        token,
        claim: typeof rule.claim === 'string' ? rule.claim : rule.claim.join('.'),
        message: /none of them "nobody"\. Grant the user one of them/,
      });
    });
  }

  it('needs every rule to hold', async () => {
    const verifier = verifierWith({
      claimIncludes: [
        { claim: 'permissions', anyOf: ['read:orders'] },
        { claim: 'roles', anyOf: ['admin'] },
      ],
    });
    await expect(
      verifier.verify(issuer.sign({ permissions: ['read:orders'], roles: ['admin'] })),
    ).resolves.toBeDefined();
    await expectRejection(
      verifier.verify(issuer.sign({ permissions: ['read:orders'] })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      {
        claim: 'roles',
        message: /no "roles" claim/,
      },
    );
  });

  it('refuses a missing claim, an object, and paths that are not own properties of objects', async () => {
    const deep = verifierWith({ claimIncludes: [{ claim: ['realm_access', 'roles'], anyOf: ['admin'] }] });
    await expectRejection(deep.verify(issuer.sign({})), JwtVerificationError, 'ERR_JWT_CLAIM', {
      message: /no "realm_access\.roles" claim; it must contain "admin"/,
    });
    await expectRejection(
      deep.verify(issuer.sign({ realm_access: ['admin'] })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
    );
    await expectRejection(
      deep.verify(issuer.sign({ realm_access: { roles: { admin: true } } })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      { message: /must be an array, got object/ },
    );
    await expectRejection(
      deep.verify(issuer.sign({ 'realm_access.roles': ['admin'] })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
    );
    const proto = verifierWith({ claimIncludes: [{ claim: ['constructor', 'name'], anyOf: ['Object'] }] });
    await expectRejection(proto.verify(issuer.sign({})), JwtVerificationError, 'ERR_JWT_CLAIM');
    const dotted = verifierWith({ claimIncludes: [{ claim: 'realm_access.roles', anyOf: ['admin'] }] });
    await expectRejection(
      dotted.verify(issuer.sign({ realm_access: { roles: ['admin'] } })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
    );
  });

  it('compares values exactly: no type coercion', async () => {
    const verifier = verifierWith({ claimIncludes: [{ claim: 'level', anyOf: [1] }] });
    await expect(verifier.verify(issuer.sign({ level: [1, 2] }))).resolves.toBeDefined();
    await expectRejection(
      verifier.verify(issuer.sign({ level: ['1'] })),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
    );
  });

  it('is checked when created, naming the rule', () => {
    expect(() => verifierWith({ claimIncludes: {} as never })).toThrow(/claimIncludes: expected an array/);
    expect(() => verifierWith({ claimIncludes: [{ claim: '', anyOf: ['a'] }] })).toThrow(
      /claimIncludes\[0\]\.claim/,
    );
    expect(() => verifierWith({ claimIncludes: [{ claim: [], anyOf: ['a'] }] })).toThrow(
      /claimIncludes\[0\]\.claim/,
    );
    expect(() => verifierWith({ claimIncludes: [{ claim: 'roles', anyOf: [] }] })).toThrow(
      /claimIncludes\[0\]\.anyOf/,
    );
    expect(() => verifierWith({ claimIncludes: [{ claim: 'roles', anyOf: [{}] as never }] })).toThrow(
      InvalidOptionError,
    );
  });
});

describe('customCheck', () => {
  it('runs last, awaited, on the verified header and claims', async () => {
    const seen: unknown[] = [];
    const verifier = verifierWith({
      customCheck: async ({ header, claims }) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push([header.alg, claims.sub]);
      },
    });
    await expect(verifier.verify(issuer.sign({ sub: 'user-1' }))).resolves.toMatchObject({ sub: 'user-1' });
    expect(seen).toEqual([['RS256', 'user-1']]);
    // Not asked about a token that failed an earlier check.
    await expect(verifier.verify(issuer.sign({ aud: 'other' }))).rejects.toMatchObject({
      code: 'ERR_JWT_AUDIENCE',
    });
    expect(seen).toHaveLength(1);
  });

  it('refuses with ERR_JWT_CUSTOM_CHECK when it throws or rejects, keeping what it threw as the cause only', async () => {
    const revoked = new Error('token of user-1 revoked');
    for (const customCheck of [
      () => {
        throw revoked;
      },
      async () => Promise.reject(revoked),
    ]) {
      const token = issuer.sign({ sub: 'user-1' });
      const error = await expectRejection(
        verifierWith({ customCheck }).verify(token),
        JwtVerificationError,
        'ERR_JWT_CUSTOM_CHECK',
        {
          token,
          message: /refused by customCheck/,
        },
      );
      expect(error.cause).toBe(revoked);
      expect(error.message).not.toContain('user-1');
    }
  });

  it('never reads an answer as a pass: false, true or anything else refuses', async () => {
    for (const answer of [false, true, 0, '', null, {}, Promise.resolve(false)]) {
      const verifier = verifierWith({ customCheck: (() => answer) as never });
      await expectRejection(verifier.verify(issuer.sign({})), JwtVerificationError, 'ERR_JWT_CUSTOM_CHECK', {
        message: /return nothing to let a token pass, and throw to refuse it/,
      });
    }
  });

  it('generated checks never let a token pass unless they returned nothing without throwing', async () => {
    const token = issuer.sign({ sub: 'user-1' });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          answer: fc.oneof(fc.constant(undefined), fc.anything()),
          throws: fc.boolean(),
          async: fc.boolean(),
        }),
        async ({ answer, throws, async }) => {
          const act = () => {
            if (throws) throw answer;
            return answer;
          };
          const customCheck = (async ? async () => act() : act) as never;
          const passed = await verifierWith({ customCheck })
            .verify(token)
            .then(
              () => true,
              (error: unknown) => {
                expect(error).toBeInstanceOf(JwtVerificationError);
                expect((error as JwtVerificationError).code).toBe('ERR_JWT_CUSTOM_CHECK');
                return false;
              },
            );
          expect(passed).toBe(!throws && answer === undefined);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('must be a function', () => {
    expect(() => verifierWith({ customCheck: true as never })).toThrow(/customCheck: expected a function/);
  });
});

describe('issuer function', () => {
  it('generated issuer functions take a token only when they answer exactly true', async () => {
    const token = issuer.sign({ sub: 'user-1' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(true), fc.anything()), fc.boolean(), async (answer, throws) => {
        const verifier = createJwtVerifier({
          issuer: () => {
            if (throws) throw answer;
            return answer as boolean;
          },
          audience: 'my-client-id',
          jwksUri: issuer.jwksUri,
        });
        const passed = await verifier.verify(token).then(
          () => true,
          (error: unknown) => {
            expect((error as JwtVerificationError).code).toBe('ERR_JWT_ISSUER');
            return false;
          },
        );
        expect(passed).toBe(!throws && answer === true);
      }),
      { numRuns: 200 },
    );
  });
});
