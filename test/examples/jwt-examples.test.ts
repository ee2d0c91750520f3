import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyAuthorizerHandler,
  createCachingGateway,
  createTestIssuer,
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
  webSocketConnectEvent,
} from '../../src/testing/index.js';
import { type Loopback, startLoopback } from '../support/loopback.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
let issuer: TestIssuer;
let statusApi: Loopback;

type Handler = AnyAuthorizerHandler;
const load = async (path: string): Promise<Handler> => ((await import(path)) as { handler: Handler }).handler;

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  statusApi = await startLoopback((request, response, tools) => {
    const sub = decodeURIComponent((request.url ?? '').split('?')[1] ?? '');
    if (sub === 'slow') return tools.hold(response); // never answers: the authorizer's timeout must kick in
    if (sub === 'gold-user') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"gold"}');
    } else {
      response.writeHead(404).end();
    }
  });
  process.env.ISSUER = issuer.issuer;
  process.env.AUDIENCE = 'my-client-id';
  process.env.JWKS_URI = issuer.jwksUri;
  process.env.STATUS_API_URL = `${statusApi.origin}/api/status`;
});

afterAll(async () => {
  await statusApi.close();
  await issuer.close();
});

describe('examples/token-authorizer (FusionAuth / OIDC)', () => {
  it('lets readers GET anything, admins write, and reflects the claims', async () => {
    const handler = await load('../../examples/token-authorizer/handler.js');
    const gateway = createCachingGateway(handler);
    const reader = `Bearer ${issuer.sign({ sub: 'u1', email: 'ehrlich@piedpiper.com', roles: [] })}`;
    const admin = `Bearer ${issuer.sign({ sub: 'u2', roles: ['admin'] })}`;
    const first = await gateway.request(
      tokenAuthorizerEvent({ token: reader, methodArn: `${BASE}/GET/pets` }),
    );
    expect(first).toMatchObject({
      statusCode: 200,
      principalId: 'u1',
      context: { email: 'ehrlich@piedpiper.com', roles: '[]' },
    });
    expect(
      (await gateway.request(tokenAuthorizerEvent({ token: reader, methodArn: `${BASE}/DELETE/pets/1` })))
        .statusCode,
    ).toBe(403);
    expect(
      (await gateway.request(tokenAuthorizerEvent({ token: admin, methodArn: `${BASE}/GET/pets` })))
        .statusCode,
    ).toBe(200);
    expect(
      await gateway.request(tokenAuthorizerEvent({ token: admin, methodArn: `${BASE}/DELETE/pets/1` })),
    ).toMatchObject({
      statusCode: 200,
      fromCache: true,
    });
  });

  it('answers 401 for expired, wrong-audience and HS256 tokens', async () => {
    const handler = await load('../../examples/token-authorizer/handler.js');
    const now = Math.floor(Date.now() / 1000);
    const expired = issuer.sign({ exp: now - 60, iat: now - 3600 });
    const wrongAudience = issuer.sign({ aud: 'another-app' });
    const [header, payload] = issuer.sign().split('.');
    const hs256Header = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(header ?? '', 'base64url').toString()), alg: 'HS256' }),
    ).toString('base64url');
    for (const token of [expired, wrongAudience, `${hs256Header}.${payload}.c2ln`]) {
      expect(
        (await simulateApiGateway(handler, tokenAuthorizerEvent({ token: `Bearer ${token}` }))).statusCode,
      ).toBe(401);
    }
  });

  it('has a backend that reflects the claims the authorizer passed on', async () => {
    const { handler } = await import('../../examples/token-authorizer/backend.js');
    const response = await handler({
      requestContext: { authorizer: { principalId: 'u1', email: 'a@b.c' } },
    } as never);
    expect(JSON.parse(response.body)).toEqual({ principalId: 'u1', claims: { email: 'a@b.c' } });
  });
});

describe('examples/http-api-authorizer', () => {
  it('answers a simple response with JSON context, and 401 without a token', async () => {
    const handler = await load('../../examples/http-api-authorizer/handler.js');
    const token = issuer.sign({ sub: 'u3', email: 'x@y.z', scope: 'pets:read pets:write' });
    expect(
      await simulateApiGateway(
        handler,
        httpApiAuthorizerEvent({ headers: { authorization: `Bearer ${token}` } }),
      ),
    ).toMatchObject({
      statusCode: 200,
      context: { user: { id: 'u3', email: 'x@y.z', scopes: ['pets:read', 'pets:write'] } },
    });
    expect((await simulateApiGateway(handler, httpApiAuthorizerEvent())).statusCode).toBe(401);
  });
});

describe('examples/websocket-authorizer', () => {
  it('accepts $connect with a valid token in the query string and refuses others', async () => {
    const handler = await load('../../examples/websocket-authorizer/handler.js');
    const ok = webSocketConnectEvent({ queryStringParameters: { token: issuer.sign({ sub: 'ws1' }) } });
    expect(await simulateApiGateway(handler, ok)).toMatchObject({ statusCode: 200, principalId: 'ws1' });
    expect(
      (await simulateApiGateway(handler, webSocketConnectEvent({ queryStringParameters: { token: 'nope' } })))
        .statusCode,
    ).toBe(401);
    expect((await simulateApiGateway(handler, webSocketConnectEvent())).statusCode).toBe(401);
  });
});

describe('examples/session-authorizer (session cookies)', () => {
  it('allows a verified session with its cookies, and anonymous callers with principal ""', async () => {
    const handler = await load('../../examples/session-authorizer/handler.js');
    const token = issuer.sign({ sub: 's1', email_verified: true });
    const session = await simulateApiGateway(
      handler,
      requestAuthorizerEvent({ headers: { Cookie: `sAccessToken=${token}` } }),
    );
    expect(session).toMatchObject({ statusCode: 200, principalId: 's1' });
    expect(String(session.context?.setCookie)).toMatch(/^sAccessToken=.*HttpOnly/);
    expect(await simulateApiGateway(handler, requestAuthorizerEvent())).toMatchObject({
      statusCode: 200,
      principalId: '',
    });
  });

  it('answers 401 for an expired session and 403 with a JSON body for invalid claims', async () => {
    const handler = await load('../../examples/session-authorizer/handler.js');
    const now = Math.floor(Date.now() / 1000);
    const expired = issuer.sign({ sub: 's1', exp: now - 1, iat: now - 100 });
    expect(
      (
        await simulateApiGateway(
          handler,
          requestAuthorizerEvent({ headers: { Cookie: `sAccessToken=${expired}` } }),
        )
      ).statusCode,
    ).toBe(401);
    const unverified = issuer.sign({ sub: 's2', email_verified: false });
    const outcome = await simulateApiGateway(
      handler,
      requestAuthorizerEvent({ headers: { Cookie: `sAccessToken=${unverified}` } }),
    );
    expect(outcome.statusCode).toBe(403);
    const result = outcome.result as { context: { body: string; setCookie: string } };
    expect(JSON.parse(result.context.body)).toMatchObject({
      message: 'invalid claim',
      claimValidationErrors: [{ id: 'st-ev' }],
    });
    expect(result.context.setCookie).toContain('sAccessToken=');
  });
});

describe('examples/context-enrichment (HTTP connect)', () => {
  it('adds the status from the API, and falls back to basic on 404 or timeout', async () => {
    const handler = await load('../../examples/context-enrichment/handler.js');
    const run = (sub: string) =>
      simulateApiGateway(handler, tokenAuthorizerEvent({ token: `Bearer ${issuer.sign({ sub })}` }));
    expect((await run('gold-user')).context).toEqual({ sub: 'gold-user', status: 'gold' });
    expect((await run('someone')).context).toEqual({ sub: 'someone', status: 'basic' });
    const before = statusApi.paths.length;
    const slow = await run('slow');
    expect(slow).toMatchObject({ statusCode: 200, context: { sub: 'slow', status: 'basic' } });
    expect(statusApi.paths.length).toBe(before + 1);
  });
});
