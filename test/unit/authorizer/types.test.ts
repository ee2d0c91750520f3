import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AuthorizerRequest,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  type FlatContext,
  type HttpApiAuthorizerOptions,
  type HttpApiContext,
  type TokenAuthorizerOptions,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier, type JwtPayload } from '../../../src/jwt/index.js';
import { allow, type PolicyBuilder } from '../../../src/policy/index.js';

/**
 * The callbacks' types refuse what the runtime refuses: `npm run typecheck` fails if one of the
 * `@ts-expect-error` lines below compiles. They are only type-checked, never called.
 */
const verifier = createJwtVerifier({ issuer: 'https://auth.example.com', audience: 'my-client-id' });

function typeChecksOnly(): void {
  // A nested context: API Gateway answers 500 for it on IAM results, so it does not compile, as for allow().
  // @ts-expect-error an object value in a TOKEN authorizer's context
  createTokenAuthorizer({ verifier, context: () => ({ user: { id: 'u' } }) });
  // @ts-expect-error the same value in allow()
  allow('u', 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/x', { user: { id: 'u' } });
  // @ts-expect-error and in an enrichment
  createTokenAuthorizer({ verifier, enrich: async () => ({ user: ['u'] }) });
  // undefined values are dropped at run time, so they compile.
  createTokenAuthorizer({ verifier, context: (claims) => ({ sub: claims.sub, email: undefined }) });

  // A policy callback adds statements and returns nothing: a promise of a value, or a value, does not compile.
  // @ts-expect-error an async callback that resolves to a boolean
  createTokenAuthorizer({ verifier, policy: async () => true });
  // @ts-expect-error a callback that returns a verdict
  createTokenAuthorizer({ verifier, policy: () => false });
  createTokenAuthorizer({ verifier, policy: async (builder) => void builder.allow('GET', '/*') });
  createTokenAuthorizer({ verifier, policy: (builder) => builder.allowAll() });

  // Simple responses: authorize answers a boolean, and has no builder.
  const withBuilder = (_c: unknown, _r: unknown, builder: PolicyBuilder) => void builder.denyAll();
  // @ts-expect-error no third parameter with response: 'simple'
  createHttpApiAuthorizer({ verifier, response: 'simple', authorize: withBuilder });
  // @ts-expect-error returning nothing is not an answer with response: 'simple'
  createHttpApiAuthorizer({ verifier, response: 'simple', authorize: () => undefined });
  createHttpApiAuthorizer({ verifier, response: 'simple', authorize: async (claims) => claims.sub === 'u' });
  createHttpApiAuthorizer({
    verifier,
    response: 'iam',
    authorize: (_c, _r, builder) => void builder.denyAll(),
  });
  // JSON context values pass with HTTP API results.
  createHttpApiAuthorizer({
    verifier,
    response: 'simple',
    context: (c) => ({ user: { id: c.sub, roles: ['r'] } }),
  });
  // @ts-expect-error a function is not JSON
  createHttpApiAuthorizer({ verifier, response: 'simple', context: () => ({ user: () => 'u' }) });

  // principalId may be looked up (awaited); tokenFrom reads the event and must not be async.
  createTokenAuthorizer({ verifier, principalId: async (claims) => `user#${claims.sub}` });
  // @ts-expect-error a principal that is not a string
  createTokenAuthorizer({ verifier, principalId: () => 42 });
  createHttpApiAuthorizer({
    verifier,
    response: 'simple',
    // @ts-expect-error an async tokenFrom
    tokenFrom: async (request) => request.header('x-token'),
  });

  // @ts-expect-error authorize must answer a decision
  createRequestAuthorizer({ authorize: () => true });
}

describe('callback types', () => {
  it('match what the runtime accepts', () => {
    expect(typeof typeChecksOnly).toBe('function');
    expectTypeOf<NonNullable<TokenAuthorizerOptions['context']>>().returns.toEqualTypeOf<
      FlatContext | Promise<FlatContext>
    >();
    expectTypeOf<Extract<HttpApiAuthorizerOptions, { response: 'simple' }>['authorize']>().toEqualTypeOf<
      ((claims: JwtPayload, request: AuthorizerRequest) => boolean | Promise<boolean>) | undefined
    >();
    expectTypeOf<HttpApiContext>().toExtend<Record<string, unknown>>();
  });
});
