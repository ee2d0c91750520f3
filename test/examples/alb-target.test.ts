import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { albTargetEvent, createTestLoadBalancer, type TestLoadBalancer } from '../../src/testing/index.js';

const KEYS = ['ALB_ARN', 'OIDC_ISSUER', 'OIDC_CLIENT_ID', 'ALB_KEY_URL'];

type Handler = typeof import('../../examples/alb-target/handler.js').handler;
let handler: Handler;
let alb: TestLoadBalancer;
let saved: Record<string, string | undefined>;

/** Loads the handler afresh, as a cold start does: its verifier reads the environment when it loads. */
async function coldStart(env: Record<string, string>): Promise<Handler> {
  Object.assign(process.env, env);
  vi.resetModules();
  return (await import('../../examples/alb-target/handler.js')).handler;
}

beforeAll(async () => {
  alb = await createTestLoadBalancer({
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
  });
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
});
afterAll(async () => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await alb.close();
});
beforeEach(async () => {
  handler = await coldStart({
    ALB_ARN: alb.albArn,
    OIDC_ISSUER: alb.issuer,
    OIDC_CLIENT_ID: alb.clientId,
    ALB_KEY_URL: alb.keyUrl,
  });
});

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as unknown;

describe('examples/alb-target: a Lambda target behind authenticate-oidc', () => {
  it('answers the profile from the verified claims, in the target group’s header shape', async () => {
    const token = alb.sign({ sub: 'user-42', email: 'jane@example.com' });
    const single = await handler(albTargetEvent({ path: '/profile', oidcData: token }));
    expect(single).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false });
    expect(single.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(bodyOf(single)).toEqual({ sub: 'user-42', email: 'jane@example.com' });

    const multi = await handler(
      albTargetEvent({ path: '/profile', oidcData: token, multiValueHeaders: true }),
    );
    expect(multi.headers).toBeUndefined();
    expect(multi.multiValueHeaders).toEqual({
      'content-type': ['application/json'],
      'cache-control': ['no-store'],
    });
    expect(bodyOf(multi)).toEqual({ sub: 'user-42', email: 'jane@example.com' });
    expect(alb.requests.keys).toBe(1);
  });

  it('answers 401 without the header, with a forged or foreign token, or with two headers', async () => {
    const other = await createTestLoadBalancer({
      albArn: alb.albArn.replace('test-alb', 'other-alb'),
      issuer: alb.issuer,
      clientId: alb.clientId,
    });
    try {
      const tokens = [
        undefined,
        other.sign(), // signed by another load balancer
        alb.sign({}, { header: { client: 'another-client' } }),
        alb.sign({}, { header: { exp: Math.floor(Date.now() / 1000) - 600 } }),
        `${alb.sign().slice(0, -8)}AAAAAAA=`,
      ];
      for (const oidcData of tokens) {
        const result = await handler(albTargetEvent({ path: '/profile', oidcData }));
        expect(result).toMatchObject({ statusCode: 401, statusDescription: '401 Unauthorized' });
        expect(bodyOf(result)).toEqual({ message: 'Unauthorized' });
      }
      const twice = albTargetEvent({ path: '/profile', multiValueHeaders: true });
      twice.multiValueHeaders = { 'x-amzn-oidc-data': [alb.sign(), alb.sign()] };
      expect(await handler(twice)).toMatchObject({ statusCode: 401 });
    } finally {
      await other.close();
    }
  });

  it('answers 401 for a key the key server no longer serves, and 500 when it cannot be reached', async () => {
    const retiredKid = alb.kid;
    await alb.rotateKeys();
    const retired = alb.sign({}, { previousKey: 1 });
    alb.revokeKey(retiredKid);
    expect(await handler(albTargetEvent({ path: '/profile', oidcData: alb.sign() }))).toMatchObject({
      statusCode: 200,
    });
    expect(await handler(albTargetEvent({ path: '/profile', oidcData: retired }))).toMatchObject({
      statusCode: 401,
    });

    const unreachable = await coldStart({ ALB_KEY_URL: 'http://127.0.0.1:9' });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await unreachable(albTargetEvent({ path: '/profile', oidcData: alb.sign() }));
      expect(result).toMatchObject({ statusCode: 500, statusDescription: '500 Internal Server Error' });
      expect(errors).toHaveBeenCalledWith(
        JSON.stringify({ message: 'ALB token not verified', code: 'ERR_JWKS_FETCH' }),
      );
    } finally {
      errors.mockRestore();
    }
  });

  it('answers 404 for another route, and only after verifying', async () => {
    expect(await handler(albTargetEvent({ path: '/other', oidcData: alb.sign() }))).toMatchObject({
      statusCode: 404,
    });
    expect(await handler(albTargetEvent({ path: '/other' }))).toMatchObject({ statusCode: 401 });
  });
});
