import { generateKeyPair, type KeyObject, sign as signBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { ALBEvent } from 'aws-lambda';

const generateEcKey = promisify(generateKeyPair) as (
  type: 'ec',
  options: { namedCurve: string },
) => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>;

/** The load balancer ARN a {@link createTestLoadBalancer} signs as when none is given. */
const DEFAULT_ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/test-alb/50dc6c495c0c9188';
const DEFAULT_TARGET_GROUP_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/test-targets/73e2d6bc24d8a067';

/**
 * Options of {@link createTestLoadBalancer}; every field is optional.
 */
export interface TestLoadBalancerOptions {
  /** The ARN put in the `signer` header. Default: a `test-alb` load balancer in `us-east-1`. */
  albArn?: string;
  /** The identity provider's issuer, put in the `iss` header and claim. Default: `https://idp.example.com`. */
  issuer?: string;
  /** The OIDC client id, put in the `client` header. Default: `test-client`. */
  clientId?: string;
  /** Lifetime of signed tokens, in seconds. Default: `120`. */
  expiresInSeconds?: number;
  /** The clock used for `exp`, in milliseconds since the epoch. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Options of {@link TestLoadBalancer.sign}.
 *
 * See the example of {@link createTestLoadBalancer}.
 */
export interface TestLoadBalancerSignOptions {
  /** Header fields added to (or replacing) `typ`, `kid`, `alg`, `iss`, `client`, `signer` and `exp`; `undefined` removes one. */
  header?: Record<string, unknown>;
  /** Sign with a previous key (1 = the one before the current key). Default: `0`. */
  previousKey?: number;
}

/**
 * A stand-in Application Load Balancer for tests of `authenticate-oidc` targets: it signs
 * `x-amzn-oidc-data` tokens as a load balancer does and serves their public keys as PEM on 127.0.0.1.
 *
 * See the example of {@link createTestLoadBalancer}.
 */
export interface TestLoadBalancer {
  /** The `signer` of its tokens: put it in the verifier's `albArn`. */
  readonly albArn: string;
  /** The `iss` of its tokens. */
  readonly issuer: string;
  /** The `client` of its tokens. */
  readonly clientId: string;
  /** `http://127.0.0.1:<port>`, serving each key at `/{kid}`: put it in the verifier's `keyUrl`. */
  readonly keyUrl: string;
  /** The key id of the current signing key. */
  readonly kid: string;
  /** How many key requests the server answered, 404s included. */
  readonly requests: { readonly keys: number };
  /**
   * Signs an `x-amzn-oidc-data` token: ES256, base64url segments with `=` padding. Default claims:
   * `sub: 'test-user'`, `email`, `username`, `iss` and `exp`; `claims` go over them, and one set to
   * `undefined` is left out.
   */
  sign(claims?: Record<string, unknown>, options?: TestLoadBalancerSignOptions): string;
  /** Generates a new current key with a new `kid`; the previous ones stay served. */
  rotateKeys(): Promise<void>;
  /** Stops serving the key `kid` (its URL answers 404, as the key server does for an unknown id). */
  revokeKey(kid: string): void;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

interface LoadBalancerKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly pem: string;
}

let loadBalancerCount = 0;

async function generateKey(kid: string): Promise<LoadBalancerKey> {
  const { publicKey, privateKey } = await generateEcKey('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** base64url that keeps its `=` padding, as the load balancer writes its segments. */
function paddedSegment(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Starts a test load balancer: an ES256 key pair, and a key server on 127.0.0.1 (a free port) that
 * answers the PEM public key at `/{kid}` and 404 for any other id. Close it in `afterAll`.
 *
 * @param options - see {@link TestLoadBalancerOptions}.
 * @returns the running load balancer.
 *
 * @example
 * ```ts
 * import { createAlbJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import { createTestLoadBalancer } from 'lambda-authorizer-kit/testing';
 * import { afterAll, expect, it } from 'vitest';
 *
 * const alb = await createTestLoadBalancer();
 * afterAll(() => alb.close());
 *
 * it('accepts the user claims the load balancer signed', async () => {
 *   const { albArn, issuer, clientId, keyUrl } = alb;
 *   const verifier = createAlbJwtVerifier({ albArn, issuer, clientId, keyUrl });
 *   await expect(verifier.verify(alb.sign({ sub: 'user-42' }))).resolves.toMatchObject({ payload: { sub: 'user-42' } });
 * });
 * ```
 */
export async function createTestLoadBalancer(
  options: TestLoadBalancerOptions = {},
): Promise<TestLoadBalancer> {
  const albArn = options.albArn ?? DEFAULT_ALB_ARN;
  const issuer = options.issuer ?? 'https://idp.example.com';
  const clientId = options.clientId ?? 'test-client';
  const expiresIn = options.expiresInSeconds ?? 120;
  const now = options.now ?? Date.now;
  loadBalancerCount += 1;
  const kidPrefix = `00000000-0000-4000-8000-${String(loadBalancerCount).padStart(6, '0')}`;
  let generation = 1;
  const keyId = () => `${kidPrefix}${String(generation).padStart(6, '0')}`;
  const keys: LoadBalancerKey[] = [await generateKey(keyId())];
  const served = new Map(keys.map((key) => [key.kid, key.pem]));
  const requests = { keys: 0 };

  const server: Server = createServer((request, response) => {
    requests.keys += 1;
    const pem = request.method === 'GET' ? served.get((request.url ?? '').slice(1)) : undefined;
    const body = pem ?? 'Not Found';
    response.writeHead(pem === undefined ? 404 : 200, {
      'content-type': pem === undefined ? 'text/plain' : 'application/x-pem-file',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    albArn,
    issuer,
    clientId,
    keyUrl: `http://127.0.0.1:${port}`,
    get kid() {
      return (keys[0] as LoadBalancerKey).kid;
    },
    requests,
    sign(claims = {}, signOptions = {}) {
      const key = keys[signOptions.previousKey ?? 0];
      if (key === undefined) throw new RangeError(`No key ${signOptions.previousKey} rotations back.`);
      const exp = Math.floor(now() / 1000) + expiresIn;
      // The header an ALB writes, in its order (Application Load Balancer guide, "Authenticate users").
      const header = withoutUndefined({
        typ: 'JWT',
        kid: key.kid,
        alg: 'ES256',
        iss: issuer,
        client: clientId,
        signer: albArn,
        exp,
        ...signOptions.header,
      });
      const payload = withoutUndefined({
        sub: 'test-user',
        email_verified: 'true',
        email: 'test-user@example.com',
        username: 'test-user',
        exp,
        iss: issuer,
        ...claims,
      });
      const input = `${paddedSegment(Buffer.from(JSON.stringify(header)))}.${paddedSegment(Buffer.from(JSON.stringify(payload)))}`;
      const signature = signBytes('sha256', Buffer.from(input), {
        key: key.privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${input}.${paddedSegment(signature)}`;
    },
    async rotateKeys() {
      generation += 1;
      const key = await generateKey(keyId());
      keys.unshift(key);
      served.set(key.kid, key.pem);
    },
    revokeKey(kid) {
      served.delete(kid);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Options of {@link albTargetEvent}; every field is optional.
 */
export interface AlbTargetEventOptions {
  /** Default: `GET`. */
  method?: string;
  /** Default: `/`. */
  path?: string;
  /** Request headers; names are lower-cased, as the load balancer sends them. Default: none. */
  headers?: Record<string, string | undefined>;
  /** The query string parameters, passed as they are (the load balancer does not decode them). Default: none. */
  queryStringParameters?: Record<string, string | undefined>;
  /** The `x-amzn-oidc-data` header (the signed user claims). Default: none. */
  oidcData?: string;
  /** The `x-amzn-oidc-accesstoken` header. Default: none. */
  accessToken?: string;
  /** The `x-amzn-oidc-identity` header (the `sub`). Default: none. */
  identity?: string;
  /** Default: none. */
  body?: string;
  /** Whether `body` is base64. Default: `false`. */
  isBase64Encoded?: boolean;
  /** The event of a target group with multi-value headers on: `multiValueHeaders` and `multiValueQueryStringParameters`. Default: `false`. */
  multiValueHeaders?: boolean;
  /** Default: a `test-targets` target group in `us-east-1`. */
  targetGroupArn?: string;
}

/**
 * A Lambda target's event from an Application Load Balancer, with the headers its `authenticate-oidc`
 * or `authenticate-cognito` action adds.
 *
 * @example
 * ```ts
 * import { createAlbJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import { albTargetEvent, createTestLoadBalancer } from 'lambda-authorizer-kit/testing';
 *
 * const alb = await createTestLoadBalancer();
 * const verifier = createAlbJwtVerifier({ albArn: alb.albArn, issuer: alb.issuer, clientId: alb.clientId, keyUrl: alb.keyUrl });
 * const event = albTargetEvent({ path: '/profile', oidcData: alb.sign({ sub: 'user-42' }) });
 * const { payload } = await verifier.verify(event.headers?.['x-amzn-oidc-data']); // payload.sub: 'user-42'
 * await alb.close();
 * ```
 */
export function albTargetEvent(options: AlbTargetEventOptions = {}): ALBEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (options.oidcData !== undefined) headers['x-amzn-oidc-data'] = options.oidcData;
  if (options.accessToken !== undefined) headers['x-amzn-oidc-accesstoken'] = options.accessToken;
  if (options.identity !== undefined) headers['x-amzn-oidc-identity'] = options.identity;
  const query = withoutUndefined(options.queryStringParameters ?? {}) as Record<string, string>;
  const event: ALBEvent = {
    requestContext: { elb: { targetGroupArn: options.targetGroupArn ?? DEFAULT_TARGET_GROUP_ARN } },
    httpMethod: options.method ?? 'GET',
    path: options.path ?? '/',
    body: options.body ?? '',
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
  // Lambda functions as targets (Application Load Balancer guide): with multi-value headers on, only the
  // multi-value maps are sent.
  if (options.multiValueHeaders === true) {
    event.multiValueHeaders = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    );
    event.multiValueQueryStringParameters = Object.fromEntries(
      Object.entries(query).map(([name, value]) => [name, [value]]),
    );
  } else {
    event.headers = headers;
    event.queryStringParameters = query;
  }
  return event;
}
