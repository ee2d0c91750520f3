import { describe, expect, it } from 'vitest';
import { allow, deny, simpleResponse } from '../../../src/policy/index.js';
import { createCachingGateway } from '../../../src/testing/cache.js';
import {
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  tokenAuthorizerEvent,
} from '../../../src/testing/events.js';
import { simulateApiGateway } from '../../../src/testing/simulate.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
const event = tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${BASE}/GET/pets` });

describe('simulateApiGateway', () => {
  it('maps allow, deny, implicit deny, Unauthorized and other errors to 200/403/403/401/500', async () => {
    expect(await simulateApiGateway(async (e) => allow('u', e.methodArn, { a: 1 }), event)).toMatchObject({
      statusCode: 200,
      principalId: 'u',
      context: { a: 1 },
      decision: 'Allow',
    });
    expect(await simulateApiGateway(async (e) => deny('u', e.methodArn), event)).toMatchObject({
      statusCode: 403,
      decision: 'Deny',
    });
    expect(await simulateApiGateway(async () => allow('u', `${BASE}/POST/x`), event)).toMatchObject({
      statusCode: 403,
      decision: 'ImplicitDeny',
    });
    expect(
      (await simulateApiGateway(async () => Promise.reject(new Error('Unauthorized')), event)).statusCode,
    ).toBe(401);
    expect(
      (
        await simulateApiGateway(() => {
          throw new Error('boom');
        }, event)
      ).statusCode,
    ).toBe(500);
    expect(
      (await simulateApiGateway(async () => Promise.reject(new Error('unauthorized')), event)).statusCode,
    ).toBe(500);
  });

  it('supports callback-style handlers, as in the AWS documentation', async () => {
    const cbAllow = (e: { methodArn: string }, _c: unknown, cb: (err: unknown, r?: unknown) => void) =>
      cb(null, allow('me', e.methodArn));
    const cbDeny = (_e: unknown, _c: unknown, cb: (err: unknown) => void) => cb('Unauthorized');
    expect((await simulateApiGateway(cbAllow, event)).statusCode).toBe(200);
    expect((await simulateApiGateway(cbDeny, event)).statusCode).toBe(401);
  });

  it('answers 500 for malformed results and for nested context values on REST', async () => {
    const malformed = [
      undefined,
      'Allow',
      { policyDocument: { Version: '2012-10-17', Statement: [] } },
      {
        principalId: 'u',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*', Condition: null }],
        },
      },
      { ...allow('u', '*'), context: { nested: { a: 1 } } },
      { ...allow('u', '*'), usageIdentifierKey: 5 },
    ];
    for (const result of malformed) {
      const outcome = await simulateApiGateway(async () => result, event);
      expect(outcome.statusCode, JSON.stringify(result)).toBe(500);
    }
    const nested = await simulateApiGateway(
      async () => ({ ...allow('u', '*'), context: { roles: ['a'] } }),
      event,
    );
    expect(nested.reason).toMatch(/AuthorizerConfigurationException.*roles/);
  });

  it('answers 500 when the handler exceeds the authorizer timeout', async () => {
    const outcome = await simulateApiGateway(() => new Promise(() => undefined), event, { timeoutMs: 20 });
    expect(outcome).toMatchObject({ statusCode: 500, reason: expect.stringMatching(/within 20 ms/) });
  });

  it('handles HTTP API simple responses, with JSON context', async () => {
    const v2 = httpApiAuthorizerEvent({ headers: { authorization: 'Bearer t' } });
    expect(await simulateApiGateway(async () => simpleResponse(true, { user: { id: 1 } }), v2)).toMatchObject(
      {
        statusCode: 200,
        context: { user: { id: 1 } },
      },
    );
    expect((await simulateApiGateway(async () => simpleResponse(false), v2)).statusCode).toBe(403);
    expect((await simulateApiGateway(async () => ({ isAuthorized: 'yes' }), v2)).statusCode).toBe(500);
    expect((await simulateApiGateway(async (e) => allow('u', e.routeArn), v2)).statusCode).toBe(200);
  });

  it('uses the source IP for conditions', async () => {
    const office = async (e: { methodArn: string }) => ({
      ...allow('u', e.methodArn),
      policyDocument: {
        Version: '2012-10-17' as const,
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow' as const,
            Resource: e.methodArn,
            Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } },
          },
        ],
      },
    });
    expect(
      (await simulateApiGateway(office, requestAuthorizerEvent({ sourceIp: '198.51.100.9' }))).statusCode,
    ).toBe(200);
    expect(
      (await simulateApiGateway(office, requestAuthorizerEvent({ sourceIp: '203.0.113.9' }))).statusCode,
    ).toBe(403);
  });
});

describe('createCachingGateway', () => {
  it('shows the caching pitfall of per-method policies, and that stage-wide policies avoid it', async () => {
    const perMethod = createCachingGateway(async (e: { methodArn: string }) => allow('u', e.methodArn));
    const first = await perMethod.request(
      tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${BASE}/GET/pets` }),
    );
    const second = await perMethod.request(
      tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${BASE}/DELETE/pets/1` }),
    );
    expect(first).toMatchObject({ statusCode: 200, fromCache: false });
    expect(second).toMatchObject({ statusCode: 403, fromCache: true });
    expect(perMethod.invocations).toBe(1);

    const stageWide = createCachingGateway(async () => allow('u', `${BASE}/*/*`));
    await stageWide.request(tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${BASE}/GET/pets` }));
    expect(
      await stageWide.request(
        tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${BASE}/DELETE/pets/1` }),
      ),
    ).toMatchObject({
      statusCode: 200,
      fromCache: true,
    });
  });

  it('expires entries after the TTL, keys by token, and can be cleared', async () => {
    let clock = 0;
    const gateway = createCachingGateway(async () => allow('u', '*'), { ttlSeconds: 300, now: () => clock });
    const a = tokenAuthorizerEvent({ token: 'Bearer a' });
    await gateway.request(a);
    await gateway.request(a);
    await gateway.request(tokenAuthorizerEvent({ token: 'Bearer b' }));
    expect(gateway.invocations).toBe(2);
    clock = 300_001;
    await gateway.request(a);
    expect(gateway.invocations).toBe(3);
    gateway.clear();
    await gateway.request(a);
    expect(gateway.invocations).toBe(4);
  });

  it('keys REQUEST events by identity sources and refuses requests missing them', async () => {
    const gateway = createCachingGateway(async (e: { methodArn: string }) => allow('u', e.methodArn), {
      identitySource: ['method.request.header.X-Key'],
    });
    expect((await gateway.request(requestAuthorizerEvent())).statusCode).toBe(401);
    const withKey = requestAuthorizerEvent({ headers: { 'x-key': 'k' } });
    await gateway.request(withKey);
    expect((await gateway.request(withKey)).fromCache).toBe(true);
    const noOption = createCachingGateway(async () => allow('u', '*'));
    await expect(noOption.request(requestAuthorizerEvent())).rejects.toThrow(/identitySource/);
  });

  it('does not cache 401s and 500s, and runs every time with caching off', async () => {
    let calls = 0;
    const flaky = createCachingGateway(async () => {
      calls++;
      throw new Error('Unauthorized');
    });
    await flaky.request(event);
    await flaky.request(event);
    expect(calls).toBe(2);
    const off = createCachingGateway(async () => allow('u', '*'), { ttlSeconds: 0 });
    await off.request(event);
    await off.request(event);
    expect(off.invocations).toBe(2);
  });
});

describe('createCachingGateway without identity', () => {
  it('answers 401 without calling the authorizer for an empty token or an empty HTTP API identity source', async () => {
    const gateway = createCachingGateway(async () => allow('u', '*'));
    expect((await gateway.request(tokenAuthorizerEvent({ token: '' }))).statusCode).toBe(401);
    const v2 = httpApiAuthorizerEvent({ headers: { authorization: 'Bearer t' } });
    expect((await gateway.request({ ...v2, identitySource: [''] })).statusCode).toBe(401);
    expect(gateway.invocations).toBe(0);
    await expect(gateway.request({ ...v2, identitySource: [] })).rejects.toThrow(/identitySource values/);
  });
});

describe('the simulators read AWS rules of their own', () => {
  const arn = (route: string) => `arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/${route}`;

  it('keys an HTTP API cache per route with $context.routeKey, and refuses a missing source with 401', async () => {
    const gateway = createCachingGateway(async (e: { routeArn: string }) => allow('u', e.routeArn), {
      identitySource: ['$request.header.Authorization', '$context.routeKey'],
    });
    const headers = { authorization: 'Bearer t' };
    await gateway.request(httpApiAuthorizerEvent({ routeArn: arn('GET/pets'), headers }));
    expect(
      await gateway.request(httpApiAuthorizerEvent({ routeArn: arn('DELETE/pets'), headers })),
    ).toMatchObject({ statusCode: 200, fromCache: false });
    expect(
      await gateway.request(httpApiAuthorizerEvent({ routeArn: arn('GET/pets'), headers })),
    ).toMatchObject({ statusCode: 200, fromCache: true });
    expect(await gateway.request(httpApiAuthorizerEvent({ routeArn: arn('GET/pets') }))).toMatchObject({
      statusCode: 401,
      reason: expect.stringContaining('$request.header.Authorization'),
    });
    expect(gateway.invocations).toBe(2);
  });

  it('reads REST context identity sources and case-insensitive headers', async () => {
    const gateway = createCachingGateway(async () => allow('u', '*'), {
      identitySource: ['method.request.header.x-key', 'context.identity.sourceIp'],
    });
    await gateway.request(requestAuthorizerEvent({ headers: { 'X-KEY': 'k' }, sourceIp: '198.51.100.1' }));
    await gateway.request(requestAuthorizerEvent({ headers: { 'x-key': 'k' }, sourceIp: '198.51.100.1' }));
    await gateway.request(requestAuthorizerEvent({ headers: { 'x-key': 'k' }, sourceIp: '198.51.100.2' }));
    expect(gateway.invocations).toBe(2);
    expect(() => createCachingGateway(async () => null, { identitySource: ['header.X'] })).toThrow(
      /not an API Gateway identity source/,
    );
  });

  it('keys TOKEN events by their token, and answers 401 for an empty token with caching off too', async () => {
    const gateway = createCachingGateway(async () => allow('u', '*'), {
      identitySource: ['method.request.header.Authorization'],
      ttlSeconds: 0,
    });
    expect((await gateway.request(tokenAuthorizerEvent({ token: 'Bearer a' }))).statusCode).toBe(200);
    expect((await gateway.request(tokenAuthorizerEvent({ token: '' }))).statusCode).toBe(401);
    expect(gateway.invocations).toBe(1);
  });

  it('passes JSON context on HTTP API IAM results, and refuses a condition it cannot evaluate with 500', async () => {
    const v2 = httpApiAuthorizerEvent({ headers: { authorization: 'Bearer t' } });
    expect(
      await simulateApiGateway(async (e) => ({ ...allow('u', e.routeArn), context: { roles: ['a'] } }), v2),
    ).toMatchObject({ statusCode: 200, context: { roles: ['a'] } });
    const dated = async (e: { methodArn: string }) => ({
      principalId: 'u',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: e.methodArn,
            Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
          },
        ],
      },
    });
    expect(await simulateApiGateway(dated, event)).toMatchObject({
      statusCode: 500,
      reason: expect.stringMatching(/^cannot decide: condition operator "DateLessThan"/),
    });
  });
});
