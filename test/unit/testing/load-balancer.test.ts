import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlbJwtVerifier, JwtVerificationError } from '../../../src/jwt/index.js';
import { albTargetEvent, createTestLoadBalancer, type TestLoadBalancer } from '../../../src/testing/index.js';
import { caught } from '../../support/catch.js';

let alb: TestLoadBalancer;
beforeAll(async () => {
  alb = await createTestLoadBalancer();
});
afterAll(() => alb.close());

const decoded = (segment: string) =>
  JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;

describe('createTestLoadBalancer', () => {
  it('signs as a load balancer does: ES256, the ALB header fields, padded segments', () => {
    const token = alb.sign({ name: 'Jane' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const exp = Math.floor(Date.now() / 1000) + 120;
    expect(decoded(header)).toEqual({
      typ: 'JWT',
      kid: alb.kid,
      alg: 'ES256',
      iss: 'https://idp.example.com',
      client: 'test-client',
      signer: alb.albArn,
      exp: expect.toSatisfy((value: number) => value === exp || value === exp - 1),
    });
    expect(decoded(payload)).toMatchObject({
      sub: 'test-user',
      email: 'test-user@example.com',
      name: 'Jane',
    });
    // 64 bytes of r || s are 88 base64 characters, the last two "=": the padding is kept.
    expect(signature).toHaveLength(88);
    expect(signature.endsWith('==')).toBe(true);
    expect(alb.albArn).toBe(
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/test-alb/50dc6c495c0c9188',
    );
    expect(alb.keyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('takes its names and clock from the options, and leaves out what is set to undefined', async () => {
    const fixed = await createTestLoadBalancer({
      albArn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/mine/0123456789abcdef',
      issuer: 'https://login.example.org',
      clientId: 'mine',
      expiresInSeconds: 30,
      now: () => 1_700_000_000_000,
    });
    try {
      const [header, payload] = fixed
        .sign({ email: undefined }, { header: { client: undefined } })
        .split('.') as [string, string];
      expect(decoded(header)).toEqual({
        typ: 'JWT',
        kid: fixed.kid,
        alg: 'ES256',
        iss: 'https://login.example.org',
        signer: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/mine/0123456789abcdef',
        exp: 1_700_000_030,
      });
      expect(decoded(payload)).toEqual({
        sub: 'test-user',
        email_verified: 'true',
        username: 'test-user',
        exp: 1_700_000_030,
        iss: 'https://login.example.org',
      });
      expect(fixed.kid).not.toBe(alb.kid);
    } finally {
      await fixed.close();
    }
  });

  it('serves each key as PEM at /{kid}, 404 for other ids, and keeps previous keys after a rotation', async () => {
    const first = alb.kid;
    const before = alb.requests.keys;
    const pem = await fetch(`${alb.keyUrl}/${first}`);
    expect(pem.status).toBe(200);
    expect(pem.headers.get('content-type')).toBe('application/x-pem-file');
    expect(await pem.text()).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect((await fetch(`${alb.keyUrl}/unknown`)).status).toBe(404);
    expect((await fetch(`${alb.keyUrl}/${first}`, { method: 'POST' })).status).toBe(404);
    expect(alb.requests.keys).toBe(before + 3);

    await alb.rotateKeys();
    expect(alb.kid).not.toBe(first);
    const { albArn, issuer, clientId, keyUrl } = alb;
    const verifier = createAlbJwtVerifier({ albArn, issuer, clientId, keyUrl });
    const old = alb.sign({ sub: 'old' }, { previousKey: 1 });
    await expect(verifier.verify(alb.sign({ sub: 'new' }))).resolves.toMatchObject({
      payload: { sub: 'new' },
    });
    await expect(verifier.verify(old)).resolves.toMatchObject({ payload: { sub: 'old' } });
    expect(() => alb.sign({}, { previousKey: 2 })).toThrow(new RangeError('No key 2 rotations back.'));

    alb.revokeKey(first);
    expect((await fetch(`${alb.keyUrl}/${first}`)).status).toBe(404);
    const fresh = createAlbJwtVerifier({ albArn, issuer, clientId, keyUrl });
    const refusal = await caught(fresh.verify(old), JwtVerificationError);
    expect(refusal.code).toBe('ERR_JWT_KEY_NOT_FOUND');
  });
});

describe('albTargetEvent', () => {
  it('builds a target event with lower-cased headers and the authenticate action’s headers', () => {
    expect(
      albTargetEvent({
        method: 'POST',
        path: '/orders',
        headers: { 'Content-Type': 'application/json', 'X-Skipped': undefined },
        queryStringParameters: { q: 'a%20b', none: undefined },
        oidcData: 'data',
        accessToken: 'access',
        identity: 'user-42',
        body: 'e30=',
        isBase64Encoded: true,
        targetGroupArn:
          'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/mine/0123456789abcdef',
      }),
    ).toEqual({
      requestContext: {
        elb: {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/mine/0123456789abcdef',
        },
      },
      httpMethod: 'POST',
      path: '/orders',
      headers: {
        'content-type': 'application/json',
        'x-amzn-oidc-data': 'data',
        'x-amzn-oidc-accesstoken': 'access',
        'x-amzn-oidc-identity': 'user-42',
      },
      queryStringParameters: { q: 'a%20b' },
      body: 'e30=',
      isBase64Encoded: true,
    });
  });

  it('defaults to GET / with an empty body, and sends only the multi-value maps when asked', () => {
    expect(albTargetEvent()).toEqual({
      requestContext: {
        elb: {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/test-targets/73e2d6bc24d8a067',
        },
      },
      httpMethod: 'GET',
      path: '/',
      headers: {},
      queryStringParameters: {},
      body: '',
      isBase64Encoded: false,
    });
    const multi = albTargetEvent({
      oidcData: 'data',
      queryStringParameters: { page: '2' },
      multiValueHeaders: true,
    });
    expect(multi.headers).toBeUndefined();
    expect(multi.queryStringParameters).toBeUndefined();
    expect(multi.multiValueHeaders).toEqual({ 'x-amzn-oidc-data': ['data'] });
    expect(multi.multiValueQueryStringParameters).toEqual({ page: ['2'] });
  });
});
