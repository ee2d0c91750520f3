import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuthorizerFailedError,
  type AuthorizerLogger,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  UnauthorizedError,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { type PolicyBuilder, unauthorized } from '../../../src/policy/index.js';
import {
  createCachingGateway,
  createTestIssuer,
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
let issuer: TestIssuer;
const errors: Record<string, unknown>[] = [];
const refusals: Record<string, unknown>[] = [];
const logger: AuthorizerLogger = {
  error: (_message, details) => errors.push(details),
  debug: (_message, details) => refusals.push(details),
};
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await issuer.close();
  // No callback's rejection was left unhandled by a factory.
  expect(unhandled).toEqual([]);
});

const verifier = () =>
  createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const bearer = (claims: Record<string, unknown> = {}) =>
  `Bearer ${issuer.sign({ sub: 'user-1', ...claims })}`;
const tokenEvent = (token = bearer()) => tokenAuthorizerEvent({ token, methodArn: `${BASE}/GET/pets` });
const httpEvent = (token = bearer()) =>
  httpApiAuthorizerEvent({ headers: { authorization: token }, routeArn: `${BASE}/GET/pets` });

describe('an async policy callback (finding 1)', () => {
  it('is awaited: a Deny added after an await is in the answer (403, not 200)', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      policy: async (builder, claims) => {
        builder.allow('GET', '/*');
        await tick();
        if (claims.sub === 'banned') builder.denyAll();
      },
    });
    expect((await simulateApiGateway(handler, tokenEvent(bearer({ sub: 'banned' })))).statusCode).toBe(403);
    expect((await simulateApiGateway(handler, tokenEvent(bearer({ sub: 'fine' })))).statusCode).toBe(200);
  });

  it('rejecting after an await is a 500 naming the callback, never Allow, and nothing is left unhandled', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      policy: async (builder) => {
        builder.allowAll();
        await tick();
        throw new Error('ban list unavailable');
      },
    });
    const error = await handler(tokenEvent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizerFailedError);
    expect(error).toMatchObject({ code: 'ERR_AUTHORIZER_CALLBACK', callback: 'policy' });
    expect((error as Error).message).toContain('policy() threw Error');
    expect(await simulateApiGateway(handler, tokenEvent())).toMatchObject({
      statusCode: 500,
      code: 'ERR_AUTHORIZER_CALLBACK',
    });
  });

  it('is read when it settles: statements added later (a dangling timer) are not in the answer', async () => {
    let kept: PolicyBuilder | undefined;
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      enrich: async () => {
        kept?.allowAll(); // the builder changes while the context is still being fetched
        return {};
      },
      policy: (builder) => {
        kept = builder;
        builder.deny('GET', '/*');
      },
    });
    const outcome = await simulateApiGateway(handler, tokenEvent());
    expect(outcome).toMatchObject({ statusCode: 403, code: 'ERR_AUTHORIZER_DENIED' });
    expect(JSON.stringify(outcome.result)).not.toContain('"Allow"');
  });

  it('answers 500 for an answer it does not understand and for a policy with no statement', async () => {
    for (const policy of [() => true, () => ({ allow: true }), async () => 'yes', () => undefined]) {
      const handler = createTokenAuthorizer({ verifier: verifier(), logger, policy: policy as never });
      const error = await handler(tokenEvent()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_AUTHORIZER_CALLBACK', callback: 'policy' });
    }
  });

  it('a REQUEST authorize that resolves late is awaited; one that throws unauthorized() is a 401', async () => {
    const late = createRequestAuthorizer({
      logger,
      authorize: async () => {
        await tick();
        return { allow: false, principalId: 'client-7' };
      },
    });
    const event = requestAuthorizerEvent({ methodArn: `${BASE}/GET/pets` });
    expect(await simulateApiGateway(late, event)).toMatchObject({
      statusCode: 403,
      code: 'ERR_AUTHORIZER_DENIED',
    });
    const refused = createRequestAuthorizer({
      logger,
      authorize: async () => {
        await tick();
        unauthorized();
      },
    });
    const error = await refused(event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ message: 'Unauthorized', code: 'ERR_AUTHORIZER_UNAUTHORIZED' });
  });
});

describe('HTTP API simple responses (finding 2)', () => {
  it('authorize returning nothing is a 500, not isAuthorized: true', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      authorize: (() => undefined) as never,
    });
    expect(await simulateApiGateway(handler, httpEvent())).toMatchObject({
      statusCode: 500,
      code: 'ERR_AUTHORIZER_CALLBACK',
    });
  });

  it('offers no builder, so a builder call from JavaScript is a 500', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      authorize: ((_claims: unknown, _request: unknown, builder: PolicyBuilder) => {
        builder.denyAll();
      }) as never,
    });
    const outcome = await simulateApiGateway(handler, httpEvent());
    expect(outcome.statusCode).toBe(500);
    expect(outcome.result).toBeUndefined();
  });

  it('only an explicit true authorizes; false is a 403 with its code; async verdicts are awaited', async () => {
    const verdicts: [unknown, number][] = [
      [true, 200],
      [false, 403],
      [Promise.resolve(true), 200],
      [Promise.resolve(false), 403],
      [1, 500],
      ['true', 500],
      [{ allow: true }, 500],
      [null, 500],
    ];
    for (const [verdict, status] of verdicts) {
      const handler = createHttpApiAuthorizer({
        verifier: verifier(),
        logger,
        response: 'simple',
        authorize: (() => verdict) as never,
      });
      const outcome = await simulateApiGateway(handler, httpEvent());
      expect(outcome.statusCode, String(verdict)).toBe(status);
      if (status === 403) expect(outcome.code).toBe('ERR_AUTHORIZER_DENIED');
    }
  });

  it('with IAM results, statements decide; nothing returned and no statement is a 500', async () => {
    const iam = (authorize: (c: unknown, r: unknown, b: PolicyBuilder) => unknown) =>
      createHttpApiAuthorizer({
        verifier: verifier(),
        logger,
        response: 'iam',
        authorize: authorize as never,
      });
    expect(
      (
        await simulateApiGateway(
          iam((_c, _r, b) => void b.denyAll()),
          httpEvent(),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await simulateApiGateway(
          iam(() => undefined),
          httpEvent(),
        )
      ).statusCode,
    ).toBe(500);
    expect(
      (
        await simulateApiGateway(
          iam(() => true),
          httpEvent(),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await simulateApiGateway(
          iam(async () => false),
          httpEvent(),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await simulateApiGateway(
          iam(() => 'yes'),
          httpEvent(),
        )
      ).statusCode,
    ).toBe(500);
  });
});

describe('context and enrich (finding 3)', () => {
  it('an async context beside enrich is awaited, and its rejection is a 500 naming it', async () => {
    const ok = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      context: async (claims) => ({ tenant: `t-${claims.sub}` }),
      enrich: async () => ({ plan: 'pro' }),
    });
    expect((await simulateApiGateway(ok, tokenEvent())).context).toEqual({ tenant: 't-user-1', plan: 'pro' });
    const failing = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      context: async () => {
        await tick();
        throw new Error('directory down');
      },
      enrich: async () => ({ plan: 'pro' }),
    });
    const error = await failing(tokenEvent()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_AUTHORIZER_CALLBACK', callback: 'context' });
  });

  it("onEnrichFailure chooses: 'fallback' (default) allows with the fallback, 'deny' 403, 'fail' 500", async () => {
    const down = async (): Promise<Record<string, string>> => {
      throw new Error('status API down');
    };
    const make = (onEnrichFailure?: 'fallback' | 'deny' | 'fail') =>
      createTokenAuthorizer({
        verifier: verifier(),
        logger,
        context: () => ({}),
        enrich: down,
        enrichFallback: { plan: 'basic' },
        ...(onEnrichFailure === undefined ? {} : { onEnrichFailure }),
      });
    expect(await simulateApiGateway(make(), tokenEvent())).toMatchObject({
      statusCode: 200,
      context: { plan: 'basic' },
    });
    expect(await simulateApiGateway(make('fallback'), tokenEvent())).toMatchObject({ statusCode: 200 });
    expect(await simulateApiGateway(make('deny'), tokenEvent())).toMatchObject({
      statusCode: 403,
      code: 'ERR_AUTHORIZER_ENRICH_FAILED',
    });
    expect(await simulateApiGateway(make('fail'), tokenEvent())).toMatchObject({
      statusCode: 500,
      code: 'ERR_AUTHORIZER_CALLBACK',
    });
    const simple = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      enrich: down,
      onEnrichFailure: 'deny',
    });
    expect(await simulateApiGateway(simple, httpEvent())).toMatchObject({
      statusCode: 403,
      result: { isAuthorized: false },
    });
  });

  it('an enrichment that answers a context API Gateway would refuse is a 500 whatever the mode', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      enrich: (async () => ({ plan: { name: 'pro' } })) as never,
    });
    const error = await handler(tokenEvent()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_AUTHORIZER_CALLBACK', callback: 'enrich' });
    expect((error as Error).message).toContain('context["plan"]');
  });

  it('refuses an unknown onEnrichFailure or tokenScheme at creation', () => {
    expect(() => createTokenAuthorizer({ verifier: verifier(), onEnrichFailure: 'ignore' as never })).toThrow(
      /onEnrichFailure must be 'fallback', 'deny' or 'fail'/,
    );
    expect(() => createTokenAuthorizer({ verifier: verifier(), tokenScheme: 'basic' as never })).toThrow(
      /tokenScheme must be 'bearer', 'raw' or 'bearer-or-raw'/,
    );
  });
});

describe('principalId and tokenFrom', () => {
  it('an async principalId is awaited; a non-string one is a 500 naming it', async () => {
    const ok = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      principalId: async (c) => `user#${c.sub}`,
    });
    expect((await simulateApiGateway(ok, tokenEvent())).principalId).toBe('user#user-1');
    const bad = createTokenAuthorizer({ verifier: verifier(), logger, principalId: (() => 42) as never });
    expect(await bad(tokenEvent()).catch((e: unknown) => e)).toMatchObject({ callback: 'principalId' });
  });

  it('a tokenFrom that throws goes through the fail-closed path, its message redacted (finding 4)', async () => {
    const token = bearer();
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      tokenFrom: (request) => {
        throw new Error(`cannot read ${request.header('authorization')}`);
      },
    });
    const error = await handler(httpEvent(token)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_AUTHORIZER_CALLBACK', callback: 'tokenFrom' });
    const cause = (error as { cause: Error }).cause;
    expect(cause.message).toBe('cannot read [redacted]');
    expect(JSON.stringify(errors)).not.toContain(token.slice(7));
  });

  it('a tokenFrom that returns a promise is a 500, and its rejection is not left unhandled', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      tokenFrom: (async () => {
        throw new Error('late');
      }) as never,
    });
    const error = await handler(httpEvent()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('tokenFrom() returned a promise');
    await tick();
  });
});

describe('visible refusals (finding 5)', () => {
  it('a wrong issuer reaches logger.debug and the simulator with its code and the verifier message', async () => {
    const other = createJwtVerifier({
      issuer: 'https://other.example.com',
      audience: 'my-client-id',
      jwks: issuer.jwks(),
    });
    const handler = createTokenAuthorizer({ verifier: other, logger });
    refusals.length = 0;
    const outcome = await simulateApiGateway(handler, tokenEvent());
    expect(outcome).toMatchObject({ statusCode: 401, code: 'ERR_JWT_ISSUER' });
    expect(outcome.reason).toContain('ERR_JWT_ISSUER');
    expect(outcome.reason).toContain('https://other.example.com');
    expect(refusals).toEqual([
      expect.objectContaining({
        status: 401,
        code: 'ERR_JWT_ISSUER',
        reason: expect.stringContaining('iss'),
      }),
    ]);
    const error = await handler(tokenEvent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ message: 'Unauthorized', code: 'ERR_JWT_ISSUER' });
  });

  it('the caching gateway shows the code of a cached 403', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier(), logger, policy: (b) => b.denyAll() });
    const gateway = createCachingGateway(handler);
    await gateway.request(tokenEvent());
    expect(await gateway.request(tokenEvent())).toMatchObject({
      statusCode: 403,
      fromCache: true,
      code: 'ERR_AUTHORIZER_DENIED',
    });
  });

  it('a missing identity source is a 401 that names the expression', async () => {
    const handler = createRequestAuthorizer({
      logger,
      identitySource: ['method.request.header.X-Api-Key'],
      authorize: () => ({ allow: true, principalId: 'p' }),
    });
    const outcome = await simulateApiGateway(
      handler,
      requestAuthorizerEvent({ methodArn: `${BASE}/GET/pets` }),
    );
    expect(outcome).toMatchObject({ statusCode: 401, code: 'ERR_AUTHORIZER_NO_IDENTITY' });
    expect(outcome.reason).toContain('method.request.header.X-Api-Key');
  });

  it('the default logger writes refusals only when Lambda asks for DEBUG', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier() });
    const debug = vi.spyOn(globalThis.console, 'debug').mockImplementation(() => undefined);
    const written = () => debug.mock.calls.map((call) => String(call[0]));
    const saved = process.env.AWS_LAMBDA_LOG_LEVEL;
    try {
      process.env.AWS_LAMBDA_LOG_LEVEL = 'INFO';
      await handler(tokenEvent('Bearer nope')).catch(() => undefined);
      expect(written()).toEqual([]);
      process.env.AWS_LAMBDA_LOG_LEVEL = 'DEBUG';
      await handler(tokenEvent('Bearer nope')).catch(() => undefined);
      expect(written()).toHaveLength(1);
      expect(JSON.parse(written()[0] as string)).toMatchObject({
        level: 'debug',
        status: 401,
        code: 'ERR_JWT_MALFORMED',
      });
    } finally {
      debug.mockRestore();
      if (saved === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
      else process.env.AWS_LAMBDA_LOG_LEVEL = saved;
    }
  });
});

describe('raw tokens (finding 7)', () => {
  it("tokenScheme 'raw' and 'bearer-or-raw' take the bare JWT; the default does not", async () => {
    const raw = issuer.sign({ sub: 'user-1' });
    const strict = createTokenAuthorizer({ verifier: verifier(), logger });
    expect(await simulateApiGateway(strict, tokenEvent(raw))).toMatchObject({
      statusCode: 401,
      code: 'ERR_BEARER_SCHEME',
    });
    for (const tokenScheme of ['raw', 'bearer-or-raw'] as const) {
      const handler = createTokenAuthorizer({ verifier: verifier(), logger, tokenScheme });
      expect((await simulateApiGateway(handler, tokenEvent(raw))).statusCode).toBe(200);
      expect(await simulateApiGateway(handler, tokenEvent(''))).toMatchObject({ statusCode: 401 });
    }
    const either = createTokenAuthorizer({ verifier: verifier(), logger, tokenScheme: 'bearer-or-raw' });
    expect((await simulateApiGateway(either, tokenEvent(`Bearer ${raw}`))).statusCode).toBe(200);
    const onlyRaw = createTokenAuthorizer({ verifier: verifier(), logger, tokenScheme: 'raw' });
    expect((await simulateApiGateway(onlyRaw, tokenEvent(`Bearer ${raw}`))).statusCode).toBe(401);
  });
});

describe('an event whose ARN has the stage "*" (a policy wildcard no request carries)', () => {
  it('is a 500 from every factory, never an allow for every stage', async () => {
    const wildcard = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/GET/pets';
    const token = tokenAuthorizerEvent({ token: bearer(), methodArn: `${BASE}/GET/pets` });
    const request = requestAuthorizerEvent({ methodArn: `${BASE}/GET/pets` });
    const http = httpEvent();
    const cases: [string, () => Promise<unknown>][] = [
      [
        'TOKEN',
        () => createTokenAuthorizer({ verifier: verifier(), logger })({ ...token, methodArn: wildcard }),
      ],
      [
        'REQUEST',
        () =>
          createRequestAuthorizer({ logger, authorize: () => ({ allow: true, principalId: 'p' }) })({
            ...request,
            methodArn: wildcard,
          }),
      ],
      [
        'HTTP API',
        () =>
          createHttpApiAuthorizer({
            verifier: verifier(),
            logger,
            response: 'simple',
            authorize: () => true,
          })({ ...http, routeArn: wildcard }),
      ],
    ];
    for (const [name, run] of cases) {
      const outcome = await run().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect(outcome, name).toEqual({ error: expect.any(AuthorizerFailedError) });
    }
  });
});
