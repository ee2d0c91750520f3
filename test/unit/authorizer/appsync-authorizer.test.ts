import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppSyncAuthorizer, InvalidOptionError } from '../../../src/authorizer/index.js';
import { createJwtVerifier, type JwtVerifier } from '../../../src/jwt/index.js';
import { refusalOf } from '../../../src/lib/refusal.js';
import { unauthorized } from '../../../src/policy/index.js';
import { appSyncAuthorizerEvent, createTestIssuer, type TestIssuer } from '../../../src/testing/index.js';
import { caught } from '../../support/catch.js';
import { recordingLogger } from '../../support/logger.js';
import { closedPortUrl } from '../../support/loopback.js';

let issuer: TestIssuer;
let verifier: JwtVerifier;
const { lines, logger } = recordingLogger();

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  // The JWKS is downloaded from the issuer's loopback server.
  verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwksUri: issuer.jwksUri });
});
afterAll(() => issuer.close());

describe('createAppSyncAuthorizer', () => {
  it('allows a verified token, raw or Bearer, with the claims as resolverContext', async () => {
    const handler = createAppSyncAuthorizer({ verifier, logger });
    const token = issuer.sign({ sub: 'user-1', roles: ['admin'] });
    for (const sent of [token, `Bearer ${token}`]) {
      const answer = await handler(appSyncAuthorizerEvent({ token: sent }));
      expect(answer).toMatchObject({
        isAuthorized: true,
        resolverContext: { sub: 'user-1', roles: '["admin"]' },
      });
      expect(answer.ttlOverride).toBeUndefined();
    }
  });

  it('refuses a bad token with isAuthorized false, not cached, and the reason code on the answer', async () => {
    const handler = createAppSyncAuthorizer({ verifier, logger });
    const answer = await handler(appSyncAuthorizerEvent({ token: issuer.sign({ aud: 'someone-else' }) }));
    expect(answer).toEqual({ isAuthorized: false, ttlOverride: 0 });
    expect(refusalOf(answer)?.code).toBe('ERR_JWT_AUDIENCE');
    const cached = createAppSyncAuthorizer({ verifier, logger, refusalTtlSeconds: 30 });
    expect(await cached(appSyncAuthorizerEvent({ token: '' }))).toEqual({
      isAuthorized: false,
      ttlOverride: 30,
    });
  });

  it('passes deniedFields, resolverContext and ttlOverride from authorize, checked', async () => {
    const handler = createAppSyncAuthorizer({
      verifier,
      logger,
      ttlSeconds: 60,
      authorize: (claims) => ({
        allow: true,
        deniedFields: [
          'Mutation.deletePost',
          'arn:aws:appsync:us-east-1:123456789012:apis/abc123/types/Query/fields/secret',
        ],
        resolverContext: { tenant: String(claims.tenant) },
      }),
    });
    const answer = await handler(appSyncAuthorizerEvent({ token: issuer.sign({ sub: 'u', tenant: 't1' }) }));
    expect(answer).toMatchObject({
      isAuthorized: true,
      ttlOverride: 60,
      resolverContext: { sub: 'u', tenant: 't1' },
      deniedFields: ['Mutation.deletePost', expect.stringContaining('/fields/secret')],
    });
  });

  it('fails closed, never cached, on an answer that breaks a limit, naming the field', async () => {
    const token = issuer.sign({ sub: 'u' });
    const cases = [
      { allow: true as const, ttlOverride: 3601 },
      { allow: true as const, deniedFields: ['not a field'] },
      { allow: true as const, resolverContext: { nested: { a: 1 } as never } },
      { allow: true as const, resolverContext: { big: 'x'.repeat(5_000_001) } },
    ];
    for (const decision of cases) {
      lines.length = 0;
      const handler = createAppSyncAuthorizer({ verifier, logger, authorize: () => decision });
      const answer = await handler(appSyncAuthorizerEvent({ token }));
      expect(answer).toEqual({ isAuthorized: false, ttlOverride: 0 });
      expect(refusalOf(answer)?.code).toBe('ERR_AUTHORIZER_CALLBACK');
      expect(lines.join('\n')).toMatch(/ttlOverride|deniedFields\[0\]|resolverContext/);
    }
  });

  it('answers isAuthorized false, not cached, when the JWKS cannot be fetched', async () => {
    const down = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'my-client-id',
      jwksUri: await closedPortUrl(),
    });
    lines.length = 0;
    const answer = await createAppSyncAuthorizer({ verifier: down, logger })(
      appSyncAuthorizerEvent({ token: issuer.sign() }),
    );
    expect(answer).toEqual({ isAuthorized: false, ttlOverride: 0 });
    expect(refusalOf(answer)?.code).toBe('ERR_AUTHORIZER_FAILED');
    expect(lines.join('\n')).toContain('AppSync answers UnauthorizedException (not cached)');
  });

  it('refuses options it cannot use at creation', async () => {
    expect((await caught(() => createAppSyncAuthorizer({} as never), InvalidOptionError)).option).toBe(
      'verifier',
    );
    expect(
      (await caught(() => createAppSyncAuthorizer({ verifier, ttlSeconds: 7200 }), InvalidOptionError))
        .option,
    ).toBe('ttlSeconds');
    expect(
      (
        await caught(
          () => createAppSyncAuthorizer({ verifier, authorize: 'yes' as never }),
          InvalidOptionError,
        )
      ).option,
    ).toBe('authorize');
  });

  it('property: a generated authorize never yields isAuthorized true unless it allowed', async () => {
    const token = issuer.sign({ sub: 'u' });
    const answers = fc.oneof(
      fc.constantFrom<unknown>(
        true,
        false,
        { allow: true },
        { allow: false },
        { allow: true, ttlOverride: 10 },
      ),
      fc.anything(),
      fc.constantFrom<unknown>('true', 1, {}, { isAuthorized: true }, { allow: 'true' }, undefined, null),
    );
    await fc.assert(
      fc.asyncProperty(
        answers,
        fc.constantFrom('return', 'async', 'throw', 'unauthorized'),
        async (value, how) => {
          const handler = createAppSyncAuthorizer({
            verifier,
            logger,
            authorize: (() => {
              if (how === 'throw') throw new Error('boom');
              if (how === 'unauthorized') unauthorized();
              return how === 'async' ? Promise.resolve(value) : value;
            }) as never,
          });
          const answer = await handler(appSyncAuthorizerEvent({ token }));
          const allowed =
            (how === 'return' || how === 'async') &&
            (value === true ||
              (typeof value === 'object' &&
                value !== null &&
                (value as { allow?: unknown }).allow === true &&
                [undefined, 10].includes((value as { ttlOverride?: unknown }).ttlOverride as never) &&
                (value as { deniedFields?: unknown }).deniedFields === undefined &&
                (value as { resolverContext?: unknown }).resolverContext === undefined));
          // Only an explicit allow, answered (not thrown), may allow; a plain allow always does.
          if (answer.isAuthorized) {
            expect(how === 'return' || how === 'async').toBe(true);
            expect(value === true || (value as { allow?: unknown }).allow === true).toBe(true);
          }
          if (allowed) expect(answer.isAuthorized).toBe(true);
          if (!answer.isAuthorized) expect(answer.resolverContext).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });
});
