import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApiAuthorizer } from '../../../src/authorizer/http-api-authorizer.js';
import { InvalidOptionError } from '../../../src/authorizer/index.js';
import { createTokenAuthorizer } from '../../../src/authorizer/token-authorizer.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { evaluatePolicy } from '../../../src/policy/index.js';
import { createCachingGateway } from '../../../src/testing/cache.js';
import { httpApiAuthorizerEvent, tokenAuthorizerEvent } from '../../../src/testing/events.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { simulateApiGateway } from '../../../src/testing/simulate.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
let issuer: TestIssuer;
const lines: string[] = [];
const logger = {
  error: (message: string, details: object) => lines.push(`${message} ${JSON.stringify(details)}`),
};

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(async () => {
  await issuer.close();
  expect(lines.join('\n')).not.toMatch(/eyJ/);
});

function verifier() {
  return createJwtVerifier({
    issuer: issuer.issuer,
    audience: 'my-client-id',
    jwksUri: issuer.jwksUri,
    timeoutMs: 500,
  });
}

describe('createTokenAuthorizer', () => {
  it('allows a valid token on the whole stage, with sub as principal and flattened claims as context', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier(), logger });
    const token = issuer.sign({ sub: 'user-1', email: 'a@example.com', roles: ['admin'] });
    const outcome = await simulateApiGateway(
      handler,
      tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${BASE}/GET/pets` }),
    );
    expect(outcome).toMatchObject({ statusCode: 200, principalId: 'user-1' });
    expect(outcome.context).toMatchObject({ sub: 'user-1', email: 'a@example.com', iss: issuer.issuer });
    expect(outcome.context).toHaveProperty('roles', '["admin"]');
    expect(evaluatePolicy(outcome.result as never, `${BASE}/DELETE/pets/1`)).toBe('Allow');
  });

  it('answers 401 for missing, malformed, expired and wrong-audience tokens', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier(), logger });
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      '',
      'Basic abc',
      'Bearer not.a.jwt',
      `Bearer ${issuer.sign({ exp: now - 600, iat: now - 1200 })}`,
      `Bearer ${issuer.sign({ aud: 'someone-else' })}`,
    ]) {
      expect(
        (await simulateApiGateway(handler, tokenAuthorizerEvent({ token }))).statusCode,
        token.slice(0, 12),
      ).toBe(401);
    }
  });

  it('narrows or widens the policy per claims with the builder', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      policy: (builder, claims) => {
        builder.allow('GET', '/pets/*');
        if (claims.admin === true) builder.allow('DELETE', '/pets/*');
      },
    });
    const admin = `Bearer ${issuer.sign({ sub: 'a', admin: true })}`;
    const reader = `Bearer ${issuer.sign({ sub: 'r' })}`;
    const gateway = createCachingGateway(handler);
    const del = `${BASE}/DELETE/pets/1`;
    expect(
      (await gateway.request(tokenAuthorizerEvent({ token: admin, methodArn: `${BASE}/GET/pets/1` })))
        .statusCode,
    ).toBe(200);
    expect((await gateway.request(tokenAuthorizerEvent({ token: admin, methodArn: del }))).statusCode).toBe(
      200,
    );
    expect(
      (await gateway.request(tokenAuthorizerEvent({ token: reader, methodArn: `${BASE}/GET/pets/1` })))
        .statusCode,
    ).toBe(200);
    expect(await gateway.request(tokenAuthorizerEvent({ token: reader, methodArn: del }))).toMatchObject({
      statusCode: 403,
      fromCache: true,
    });
  });

  it('answers 500, not 401 and not allow, when the JWKS cannot be fetched', async () => {
    const down = await createTestIssuer({ audience: 'my-client-id' });
    const handler = createTokenAuthorizer({
      verifier: createJwtVerifier({
        issuer: down.issuer,
        audience: 'my-client-id',
        jwksUri: down.jwksUri,
        timeoutMs: 200,
      }),
      logger,
    });
    const token = down.sign();
    down.setJwksFault('status-500');
    const outcome = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: `Bearer ${token}` }));
    await down.close();
    expect(outcome.statusCode).toBe(500);
    expect(lines.some((l) => l.includes('JwksUnavailableError'))).toBe(true);
  });

  it('enriches the context with a timeout and falls back cleanly', async () => {
    const token = `Bearer ${issuer.sign({ sub: 'u' })}`;
    const ok = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      context: () => ({}),
      enrich: async (claims) => ({ status: `gold-${claims.sub}` }),
    });
    expect((await simulateApiGateway(ok, tokenAuthorizerEvent({ token }))).context).toEqual({
      status: 'gold-u',
    });
    const slow = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      context: () => ({}),
      enrich: (_claims, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      enrichTimeoutMs: 30,
      enrichFallback: { status: 'basic' },
    });
    expect(await simulateApiGateway(slow, tokenAuthorizerEvent({ token }))).toMatchObject({
      statusCode: 200,
      context: { status: 'basic' },
    });
    const failing = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      context: () => ({}),
      enrich: () => {
        throw new Error('down');
      },
    });
    expect(await simulateApiGateway(failing, tokenAuthorizerEvent({ token }))).toMatchObject({
      statusCode: 200,
      context: {},
    });
  });

  it('answers 500 for a context API Gateway would reject, and refuses bad options at creation', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      // A compile error too; a JavaScript caller gets the 500.
      context: (() => ({ nested: { a: 1 } })) as never,
    });
    expect(
      (await simulateApiGateway(handler, tokenAuthorizerEvent({ token: `Bearer ${issuer.sign()}` })))
        .statusCode,
    ).toBe(500);
    expect(() => createTokenAuthorizer({} as never)).toThrow(InvalidOptionError);
    expect(() => createTokenAuthorizer({ verifier: verifier(), policy: 'all' as never })).toThrow(
      InvalidOptionError,
    );
  });
});

describe('createHttpApiAuthorizer', () => {
  it('answers simple responses with JSON context', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      context: (claims) => ({ user: { id: claims.sub, roles: claims.roles as string[] } }),
    });
    const token = issuer.sign({ sub: 'u2', roles: ['reader'] });
    const outcome = await simulateApiGateway(
      handler,
      httpApiAuthorizerEvent({ headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(outcome).toMatchObject({ statusCode: 200, context: { user: { id: 'u2', roles: ['reader'] } } });
    expect((await simulateApiGateway(handler, httpApiAuthorizerEvent())).statusCode).toBe(401);
  });

  it('lets authorize() refuse a route (403) and answers IAM policies when asked', async () => {
    const simple = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      authorize: (claims, request) => request.methodArn.includes('/GET/') || claims.admin === true,
    });
    const token = `Bearer ${issuer.sign({ sub: 'u3' })}`;
    const post = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/POST/pets';
    expect(
      (await simulateApiGateway(simple, httpApiAuthorizerEvent({ headers: { authorization: token } })))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await simulateApiGateway(
          simple,
          httpApiAuthorizerEvent({ headers: { authorization: token }, routeArn: post }),
        )
      ).statusCode,
    ).toBe(403);

    const iam = createHttpApiAuthorizer({ verifier: verifier(), logger, response: 'iam' });
    const outcome = await simulateApiGateway(
      iam,
      httpApiAuthorizerEvent({ headers: { authorization: token }, routeArn: post }),
    );
    expect(outcome).toMatchObject({ statusCode: 200, principalId: 'u3' });
    const refusing = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'iam',
      authorize: () => false,
    });
    expect(
      (await simulateApiGateway(refusing, httpApiAuthorizerEvent({ headers: { authorization: token } })))
        .statusCode,
    ).toBe(403);
  });

  it('reads the token where tokenFrom says, and refuses a bad response option', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'simple',
      tokenFrom: (request) => {
        const cookie = request.cookie('access');
        return cookie === undefined ? undefined : `Bearer ${cookie}`;
      },
    });
    const outcome = await simulateApiGateway(
      handler,
      httpApiAuthorizerEvent({ cookies: [`access=${issuer.sign()}`] }),
    );
    expect(outcome.statusCode).toBe(200);
    expect(() => createHttpApiAuthorizer({ verifier: verifier(), response: 'both' as never })).toThrow(
      InvalidOptionError,
    );
  });
});

describe('options checked at creation', () => {
  it('refuses a bad enrichment timeout or fallback before any request', () => {
    expect(() =>
      createTokenAuthorizer({ verifier: verifier(), enrich: async () => ({}), enrichTimeoutMs: -1 }),
    ).toThrow(/enrichTimeoutMs/);
    expect(() =>
      createTokenAuthorizer({
        verifier: verifier(),
        enrich: async () => ({}),
        enrichFallback: { nested: { a: 1 } } as never,
      }),
    ).toThrow(/enrichFallback.*nested/);
    // HTTP API contexts may carry JSON, so the same fallback is fine there.
    expect(() =>
      createHttpApiAuthorizer({
        verifier: verifier(),
        response: 'simple',
        enrichFallback: { nested: { a: 1 } },
      }),
    ).not.toThrow();
  });

  it('passes the claims as JSON by default in HTTP API simple responses', async () => {
    const handler = createHttpApiAuthorizer({ verifier: verifier(), logger, response: 'simple' });
    const token = issuer.sign({ sub: 'u9', roles: ['a', 'b'] });
    const outcome = await simulateApiGateway(
      handler,
      httpApiAuthorizerEvent({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(outcome.context).toMatchObject({ sub: 'u9', roles: ['a', 'b'] });
  });
});
