import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  InvalidOptionError,
  type RouteScopes,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { evaluatePolicy } from '../../../src/policy/index.js';
import {
  createCachingGateway,
  createTestIssuer,
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';
import { caught } from '../../support/catch.js';
import { recordingLogger } from '../../support/logger.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
const ROUTES: RouteScopes = {
  'GET /pets/*': ['pets:read', 'pets:admin'],
  'DELETE /pets/*': ['pets:admin'],
  'ANY /admin/*': ['admin'],
};
let issuer: TestIssuer;
const { lines, logger } = recordingLogger();

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
});
afterAll(async () => {
  await issuer.close();
  expect(lines.join('\n')).not.toMatch(/eyJ/);
});

const verifier = () =>
  createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwksUri: issuer.jwksUri });
const tokenEvent = (claims: Record<string, unknown>, route: string) =>
  tokenAuthorizerEvent({ token: `Bearer ${issuer.sign(claims)}`, methodArn: `${BASE}/${route}` });

describe('routes on the TOKEN authorizer', () => {
  it('allows exactly the routes the scopes grant, for the whole stage, and the cache stays right', async () => {
    const gateway = createCachingGateway(
      createTokenAuthorizer({ verifier: verifier(), logger, routes: ROUTES }),
    );
    const reader = issuer.sign({ scope: 'openid pets:read' });
    const event = (token: string, route: string) =>
      tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${BASE}/${route}` });
    expect(await gateway.request(event(reader, 'GET/pets/1'))).toMatchObject({ statusCode: 200 });
    expect(await gateway.request(event(reader, 'DELETE/pets/1'))).toMatchObject({
      statusCode: 403,
      fromCache: true,
    });
    expect(await gateway.request(event(reader, 'POST/admin/users'))).toMatchObject({
      statusCode: 403,
      fromCache: true,
    });
    const admin = issuer.sign({ scp: ['pets:admin', 'admin'] });
    expect(await gateway.request(event(admin, 'DELETE/pets/1'))).toMatchObject({ statusCode: 200 });
    expect(await gateway.request(event(admin, 'POST/admin/users'))).toMatchObject({
      statusCode: 200,
      fromCache: true,
    });
    expect(await gateway.request(event(admin, 'GET/orders'))).toMatchObject({
      statusCode: 403,
      fromCache: true,
    });
    expect(gateway.invocations).toBe(2);
  });

  it('answers a token whose scopes grant no route with an explicit Deny over the stage', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier(), logger, routes: ROUTES });
    const outcome = await simulateApiGateway(handler, tokenEvent({ scope: 'orders:read' }, 'GET/pets/1'));
    expect(outcome).toMatchObject({
      statusCode: 403,
      code: 'ERR_AUTHORIZER_DENIED',
      reason: expect.stringContaining("the token's scopes grant none of the routes"),
    });
    expect((outcome.result as { policyDocument: { Statement: unknown } }).policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${BASE}/*/*`] },
    ]);
  });

  it('sends the usage plan key read from the claims', async () => {
    const handler = createTokenAuthorizer({
      verifier: verifier(),
      logger,
      usageIdentifierKey: (claims) => (typeof claims.plan_key === 'string' ? claims.plan_key : undefined),
    });
    const keyed = await simulateApiGateway(handler, tokenEvent({ plan_key: 'key-of-plan-gold' }, 'GET/pets'));
    expect(keyed.result).toMatchObject({ usageIdentifierKey: 'key-of-plan-gold' });
    const none = await simulateApiGateway(handler, tokenEvent({}, 'GET/pets'));
    expect(none.statusCode).toBe(200);
    expect(none.result).not.toHaveProperty('usageIdentifierKey');
    const empty = await simulateApiGateway(handler, tokenEvent({ plan_key: '' }, 'GET/pets'));
    expect(empty).toMatchObject({ statusCode: 500, code: 'ERR_AUTHORIZER_CALLBACK' });
  });
});

describe('routes on the HTTP API (IAM) and REQUEST authorizers', () => {
  it('HTTP API: the route ARN of payload 2.0 gets the same policy', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: verifier(),
      logger,
      response: 'iam',
      routes: ROUTES,
    });
    const event = (scope: string, route: string) =>
      httpApiAuthorizerEvent({
        headers: { authorization: `Bearer ${issuer.sign({ scope })}` },
        routeArn: `arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/${route}`,
      });
    const reader = await simulateApiGateway(handler, event('pets:read', 'GET/pets/1'));
    expect(reader.statusCode).toBe(200);
    const deleteArn = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/DELETE/pets/1';
    expect(evaluatePolicy(reader.result as never, deleteArn)).not.toBe('Allow');
    expect((await simulateApiGateway(handler, event('nothing', 'GET/pets/1'))).statusCode).toBe(403);
  });

  it('REQUEST: the scopes come from the decision', async () => {
    const handler = createRequestAuthorizer({
      logger,
      routes: ROUTES,
      authorize: (request) => ({
        allow: true,
        principalId: 'caller',
        scopes: (request.header('x-scopes') ?? '').split(' '),
      }),
    });
    const event = (scopes: string, route: string) =>
      requestAuthorizerEvent({ methodArn: `${BASE}/${route}`, headers: { 'X-Scopes': scopes } });
    expect((await simulateApiGateway(handler, event('pets:admin', 'DELETE/pets/9'))).statusCode).toBe(200);
    expect((await simulateApiGateway(handler, event('pets:read', 'DELETE/pets/9'))).statusCode).toBe(403);
  });

  it('REQUEST: scopes without routes, and resource with routes, are answers it does not understand (500)', async () => {
    const scopesAlone = createRequestAuthorizer({
      logger,
      authorize: () => ({ allow: true, principalId: 'caller', scopes: ['pets:read'] }),
    });
    expect(await simulateApiGateway(scopesAlone, requestAuthorizerEvent())).toMatchObject({
      statusCode: 500,
      code: 'ERR_AUTHORIZER_CALLBACK',
    });
    for (const decision of [
      { allow: true, principalId: 'caller', scopes: ['pets:read'], resource: `${BASE}/*/*` },
      { allow: true, principalId: 'caller' },
      { allow: true, principalId: 'caller', scopes: 'pets:read' },
      { allow: true, principalId: 'caller', scopes: [1] },
    ]) {
      const handler = createRequestAuthorizer({ logger, routes: ROUTES, authorize: () => decision as never });
      expect(
        await simulateApiGateway(handler, requestAuthorizerEvent()),
        JSON.stringify(decision),
      ).toMatchObject({
        statusCode: 500,
        code: 'ERR_AUTHORIZER_CALLBACK',
      });
    }
  });
});

describe('routes: options', () => {
  it('refuses route tables it cannot turn into a policy, at creation', async () => {
    const cases: [unknown, string][] = [
      [[], 'must map'],
      [{}, 'is empty'],
      [{ 'GET/pets': ['a'] }, "must be '<VERB> <path>'"],
      [{ 'FETCH /pets': ['a'] }, 'must be one of GET'],
      [{ 'GET /pets?x=1#': ['a'] }, 'Path'],
      [{ 'GET /pets': [] }, 'non-empty array of scopes, got an empty one'],
      [{ 'GET /pets': 'a' }, 'non-empty array of scopes, got string'],
      [{ 'GET /pets': ['has space'] }, 'not a scope'],
      [{ 'GET /pets': [5] }, 'not a scope'],
      [Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`GET /r${i}`, ['a']])), 'more than 200'],
    ];
    for (const [routes, words] of cases) {
      const error = await caught(
        () => createTokenAuthorizer({ verifier: verifier(), routes: routes as never }),
        InvalidOptionError,
      );
      expect(error.option, JSON.stringify(routes).slice(0, 80)).toBe('routes');
      expect(error.message).toContain(words);
    }
  });

  it('refuses routes beside policy or authorize, and with simple responses', async () => {
    const attempts = [
      () => createTokenAuthorizer({ verifier: verifier(), routes: ROUTES, policy: (b) => b.allowAll() }),
      () =>
        createHttpApiAuthorizer({
          verifier: verifier(),
          response: 'iam',
          routes: ROUTES,
          authorize: () => true,
        }),
      () => createHttpApiAuthorizer({ verifier: verifier(), response: 'simple', routes: ROUTES as never }),
      () => createTokenAuthorizer({ verifier: verifier(), usageIdentifierKey: 'key' as never }),
    ];
    const options = [];
    for (const attempt of attempts) options.push((await caught(attempt, InvalidOptionError)).option);
    expect(options).toEqual(['routes', 'routes', 'routes', 'usageIdentifierKey']);
  });
});

describe('routes: property', () => {
  const scopeNames = ['pets:read', 'pets:admin', 'admin', 'orders:read'];
  const verbs = ['GET', 'DELETE', 'POST'];
  const paths = ['pets/1', 'admin/users', 'orders'];

  it('a route is allowed exactly when the token holds one of the scopes of a route that covers it', async () => {
    const handler = createTokenAuthorizer({ verifier: verifier(), logger, routes: ROUTES });
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(scopeNames),
        fc.constantFrom(...verbs),
        fc.constantFrom(...paths),
        fc.constantFrom(...verbs),
        fc.constantFrom(...paths),
        async (scopes, verb, path, otherVerb, otherPath) => {
          const outcome = await simulateApiGateway(
            handler,
            tokenEvent({ scope: scopes.join(' ') }, `${verb}/${path}`),
          );
          const grants = (v: string, p: string) =>
            Object.entries(ROUTES).some(([key, needed]) => {
              const [routeVerb, routePath] = key.split(' ') as [string, string];
              const verbOk = routeVerb === 'ANY' || routeVerb === v;
              const pathOk = `/${p}`.startsWith(routePath.replace('*', ''));
              return verbOk && pathOk && needed.some((scope) => scopes.includes(scope));
            });
          expect(outcome.statusCode).toBe(grants(verb, path) ? 200 : 403);
          // The same result, cached, answers the token's other routes as a fresh call would.
          const elsewhere = evaluatePolicy(outcome.result as never, `${BASE}/${otherVerb}/${otherPath}`);
          expect(elsewhere === 'Allow').toBe(grants(otherVerb, otherPath));
        },
      ),
      { numRuns: 60 },
    );
  });
});
