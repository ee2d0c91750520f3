import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  errors as providerErrors,
  type ResourceServer,
} from 'oidc-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApiAuthorizer, createTokenAuthorizer } from '../../../src/authorizer/index.js';
import {
  clearJwksCache,
  createJwtVerifier,
  type JwtPayload,
  JwtVerificationError,
  type JwtVerifierOptions,
} from '../../../src/jwt/index.js';
import {
  httpApiAuthorizerEvent,
  simulateApiGateway,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';
import { expectRejection, parts, payloadOf, withPayload } from '../../support/jwt-helpers.js';
import { activeResources, resourcesLeftRunning, startLoopback } from '../../support/loopback.js';

/**
 * Tokens issued by a real OpenID provider, oidc-provider (panva), over its real endpoints on
 * 127.0.0.1: access tokens from the client credentials grant (RFC 8707 resource indicators, JWT
 * access tokens of RFC 9068), and an ID token from the authorization code flow.
 */

const CLIENT_ID = 'orders-service';
const CLIENT_SECRET = randomUUID();
const REDIRECT_URI = 'https://app.example.com/callback';
const ES256_API = 'https://api.example.com';
const RS256_API = 'https://reports.example.com';
const ACCESS_TOKEN_TTL = 300;

/** More algorithms, each of its own resource server, `https://<alg>.example.com`. */
const MORE_ALGORITHMS = ['PS256', 'ES384', 'EdDSA', 'Ed25519'] as const;
const algorithmApi = (alg: string) => `https://${alg.toLowerCase()}.example.com`;

const RESOURCE_SERVERS: Readonly<Record<string, ResourceServer>> = {
  ...Object.fromEntries(
    MORE_ALGORITHMS.map((alg) => [
      algorithmApi(alg),
      {
        scope: 'items:read',
        accessTokenFormat: 'jwt',
        accessTokenTTL: ACCESS_TOKEN_TTL,
        jwt: { sign: { alg } },
      } satisfies ResourceServer,
    ]),
  ),
  [ES256_API]: {
    scope: 'orders:read orders:write',
    audience: ES256_API,
    accessTokenFormat: 'jwt',
    accessTokenTTL: ACCESS_TOKEN_TTL,
    jwt: { sign: { alg: 'ES256' } },
  },
  [RS256_API]: {
    scope: 'reports:read',
    audience: RS256_API,
    accessTokenFormat: 'jwt',
    accessTokenTTL: ACCESS_TOKEN_TTL,
    jwt: { sign: { alg: 'RS256' } },
  },
};

type PrivateJwk = Record<string, unknown> & { kid: string };

/** A private signing JWK; without `alg` unless `bound` (an Ed25519 key then signs EdDSA and Ed25519). */
async function signingKey(alg: string, kid: string, bound = true): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, ...(bound ? { alg } : {}), use: 'sig' };
}

/** Storage of the provider's sessions, grants, codes and interactions, for one provider instance. */
function memoryAdapter(): (model: string) => Adapter {
  const store = new Map<string, AdapterPayload>();
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = async (member: 'uid' | 'userCode', value: string) => {
      for (const [name, payload] of store) {
        if (name.startsWith(`${model}:`) && payload[member] === value) return payload;
      }
      return undefined;
    };
    return {
      async upsert(id, payload) {
        store.set(key(id), payload);
      },
      async find(id) {
        return store.get(key(id));
      },
      findByUid: (uid) => findBy('uid', uid),
      findByUserCode: (userCode) => findBy('userCode', userCode),
      async consume(id) {
        const payload = store.get(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [name, payload] of store) if (payload.grantId === grantId) store.delete(name);
      },
    };
  };
}

function providerConfiguration(keys: readonly PrivateJwk[]): Configuration {
  return {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ['client_credentials', 'authorization_code'],
        response_types: ['code'],
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [...keys] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => undefined,
        useGrantedResource: async () => false,
        async getResourceServerInfo(_ctx, resourceIndicator) {
          const server = RESOURCE_SERVERS[resourceIndicator];
          if (server === undefined) throw new providerErrors.InvalidTarget();
          return server;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      ClientCredentials: ACCESS_TOKEN_TTL,
      Grant: 3_600,
      IdToken: ACCESS_TOKEN_TTL,
      Interaction: 600,
      Session: 3_600,
    },
  };
}

/**
 * Signs in as `alice` and consents, as an interaction application of the provider would after a
 * login and a consent form.
 */
async function interact(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(request, response, { login: { accountId: 'alice' } });
    return;
  }
  const grant = new provider.Grant({
    accountId: details.session?.accountId ?? '',
    clientId: String(details.params.client_id),
  });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

/** An oidc-provider on 127.0.0.1, whose instance (configuration, keys) can be replaced on the same port. */
interface RealIssuer {
  /** `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** The path of every request received, in order. */
  readonly paths: string[];
  /** Serves a new provider instance, with `keys` as its JWKS (the first key of an alg signs). */
  restart(keys: readonly PrivateJwk[]): void;
  close(): Promise<void>;
}

async function startRealIssuer(keys: readonly PrivateJwk[]): Promise<RealIssuer> {
  let provider: Provider | undefined;
  let listener: ReturnType<Provider['callback']> | undefined;
  const server = await startLoopback((request, response) => {
    if (provider === undefined || listener === undefined) {
      response.writeHead(503).end();
      return;
    }
    if ((request.url ?? '').startsWith('/interaction/')) {
      interact(provider, request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    listener(request, response);
  });
  const issuer = server.origin;
  const restart = (next: readonly PrivateJwk[]) => {
    provider = new Provider(issuer, providerConfiguration(next));
    listener = provider.callback();
  };
  restart(keys);
  return { issuer, paths: server.paths, restart, close: server.close };
}

const basicAuth = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`;

/** POSTs a form to the token endpoint and returns the JSON answer (failing the test on an error status). */
async function tokenRequest(issuer: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new Error(
      `token endpoint answered ${response.status}: ${String(body.error)} ${String(body.error_description)}`,
    );
  }
  return body;
}

/** An access token of the client credentials grant for `resource`. */
async function clientCredentialsToken(issuer: string, resource: string, scope: string): Promise<string> {
  const body = await tokenRequest(issuer, { grant_type: 'client_credentials', resource, scope });
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe(ACCESS_TOKEN_TTL);
  expect(typeof body.access_token).toBe('string');
  return body.access_token as string;
}

/** An ID token of the authorization code flow, following the provider's redirects with its cookies. */
async function authorizationCodeIdToken(issuer: string, nonce: string): Promise<string> {
  const cookies = new Map<string, string>();
  const state = randomUUID();
  let url = `${issuer}/auth?${new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: REDIRECT_URI,
    state,
    nonce,
  })}`;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    await response.arrayBuffer();
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get('location');
    if (location === null)
      throw new Error(`${new URL(url).pathname} answered ${response.status} without a redirect`);
    const next = new URL(location, url);
    if (`${next.origin}${next.pathname}` === REDIRECT_URI) {
      expect(next.searchParams.get('error')).toBeNull();
      expect(next.searchParams.get('state')).toBe(state);
      const code = next.searchParams.get('code');
      expect(code).toEqual(expect.any(String));
      const body = await tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: REDIRECT_URI,
      });
      expect(typeof body.id_token).toBe('string');
      return body.id_token as string;
    }
    url = next.href;
  }
  throw new Error('the authorization request did not come back to the redirect_uri');
}

interface Discovery {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly token_endpoint: string;
}

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(parts(token)[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}

let baseline: Map<string, number>;
let ecKey: PrivateJwk;
let rsaKey: PrivateJwk;
/** The keys of the other algorithms, behind `ecKey` and `rsaKey` in the provider's JWKS. */
let otherKeys: PrivateJwk[];
let real: RealIssuer;
let discovery: Discovery;
let ordersToken: string;
let readOnlyToken: string;
let reportsToken: string;

beforeAll(async () => {
  baseline = activeResources();
  [ecKey, rsaKey, ...otherKeys] = await Promise.all([
    signingKey('ES256', 'ec-1'),
    signingKey('RS256', 'rsa-1'),
    signingKey('PS256', 'rsa-pss-1'),
    signingKey('ES384', 'ec-384-1'),
    signingKey('Ed25519', 'okp-1', false),
  ]);
  real = await startRealIssuer([ecKey, rsaKey, ...otherKeys]);
  const response = await fetch(`${real.issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  discovery = (await response.json()) as Discovery;
  [ordersToken, readOnlyToken, reportsToken] = await Promise.all([
    clientCredentialsToken(real.issuer, ES256_API, 'orders:read orders:write'),
    clientCredentialsToken(real.issuer, ES256_API, 'orders:read'),
    clientCredentialsToken(real.issuer, RS256_API, 'reports:read'),
  ]);
});

beforeEach(() => clearJwksCache());

afterAll(async () => {
  clearJwksCache();
  await real?.close();
  expect(await resourcesLeftRunning(baseline)).toEqual([]);
});

/** A verifier of the provider's access tokens (for the orders API unless told), its keys found by OIDC discovery. */
function accessTokenVerifier(extra: Partial<JwtVerifierOptions> = {}) {
  return createJwtVerifier({
    issuer: real.issuer,
    audience: ES256_API,
    typ: 'at+jwt',
    ...extra,
  });
}

describe('the provider', () => {
  it('publishes its issuer and a loopback jwks_uri in its discovery document', () => {
    expect(discovery.issuer).toBe(real.issuer);
    expect(discovery.token_endpoint).toBe(`${real.issuer}/token`);
    expect(discovery.jwks_uri).toBe(`${real.issuer}/jwks`);
  });

  it('issues RFC 9068 access tokens: typ at+jwt, the resource server alg, and the kid of its key', () => {
    expect(headerOf(ordersToken)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'ec-1' });
    expect(headerOf(reportsToken)).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: 'rsa-1' });
    expect(payloadOf(ordersToken)).toMatchObject({
      iss: real.issuer,
      aud: ES256_API,
      client_id: CLIENT_ID,
      sub: CLIENT_ID,
      scope: 'orders:read orders:write',
    });
  });
});

describe('access tokens of the client credentials grant', () => {
  it('verifies an ES256 token through OIDC discovery, with issuer, audience, typ and scopes', async () => {
    const verifier = accessTokenVerifier({ requiredScopes: ['orders:read', 'orders:write'] });
    const before = real.paths.length;
    const claims = await verifier.verify(ordersToken);
    expect(claims).toMatchObject({
      iss: real.issuer,
      aud: ES256_API,
      client_id: CLIENT_ID,
      sub: CLIENT_ID,
      scope: 'orders:read orders:write',
    });
    expect(claims.exp).toBe((claims.iat ?? 0) + ACCESS_TOKEN_TTL);
    expect(typeof claims.jti).toBe('string');
    expect(real.paths.slice(before)).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  it('verifies an RS256 token with the jwks_uri of the discovery document, without discovery', async () => {
    const verifier = createJwtVerifier({
      issuer: real.issuer,
      audience: RS256_API,
      jwksUri: discovery.jwks_uri,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      requiredScopes: ['reports:read'],
    });
    const before = real.paths.length;
    const claims = await verifier.verify(reportsToken);
    expect(claims).toMatchObject({
      iss: real.issuer,
      aud: RS256_API,
      client_id: CLIENT_ID,
      scope: 'reports:read',
    });
    expect(real.paths.slice(before)).toEqual(['/jwks']);
  });

  it.each(MORE_ALGORITHMS)(
    'verifies a %s token of its resource server, the key chosen by kid and alg',
    async (alg) => {
      const token = await clientCredentialsToken(real.issuer, algorithmApi(alg), 'items:read');
      const kid = { PS256: 'rsa-pss-1', ES384: 'ec-384-1', EdDSA: 'okp-1', Ed25519: 'okp-1' }[alg];
      expect(headerOf(token)).toEqual({ alg, typ: 'at+jwt', kid });
      const verifier = accessTokenVerifier({
        audience: algorithmApi(alg),
        algorithms: [alg],
        requiredScopes: ['items:read'],
      });
      await expect(verifier.verify(token)).resolves.toMatchObject({
        aud: algorithmApi(alg),
        scope: 'items:read',
      });
      await expectRejection(
        accessTokenVerifier({ audience: algorithmApi(alg) }).verify(
          withPayload(token, { ...payloadOf(token), scope: 'items:write' }),
        ),
        JwtVerificationError,
        'ERR_JWT_SIGNATURE',
      );
    },
  );

  it('takes a token holding one of anyOfScopes, and client_id as the audience claim', async () => {
    const verifier = accessTokenVerifier({
      audience: CLIENT_ID,
      audienceClaims: ['client_id'],
      anyOfScopes: ['orders:write', 'orders:read'],
    });
    await expect(verifier.verify(readOnlyToken)).resolves.toMatchObject({ scope: 'orders:read' });
  });

  it('refuses another audience (ERR_JWT_AUDIENCE)', async () => {
    const verifier = accessTokenVerifier({ audience: 'https://billing.example.com' });
    await expectRejection(verifier.verify(ordersToken), JwtVerificationError, 'ERR_JWT_AUDIENCE', {
      token: ordersToken,
      claim: 'aud',
    });
    // The token of the other resource server is for another audience too.
    await expectRejection(
      accessTokenVerifier().verify(reportsToken),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      {
        token: reportsToken,
        claim: 'aud',
      },
    );
  });

  it('refuses a token without a required scope (ERR_JWT_SCOPE)', async () => {
    const verifier = accessTokenVerifier({ requiredScopes: ['orders:read', 'orders:write'] });
    await expectRejection(verifier.verify(readOnlyToken), JwtVerificationError, 'ERR_JWT_SCOPE', {
      token: readOnlyToken,
      message: /orders:write/,
    });
    await expectRejection(
      accessTokenVerifier({ anyOfScopes: ['orders:admin'] }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_SCOPE',
      { token: ordersToken },
    );
  });

  it('refuses the tokens of another configured issuer (ERR_JWT_ISSUER), before any download', async () => {
    const before = real.paths.length;
    const elsewhere = `${real.issuer}/tenant-b`;
    await expectRejection(
      accessTokenVerifier({ issuer: elsewhere }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_ISSUER',
      { token: ordersToken, claim: 'iss' },
    );
    await expectRejection(
      accessTokenVerifier({ issuer: elsewhere, jwksUri: discovery.jwks_uri }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_ISSUER',
      { token: ordersToken, claim: 'iss' },
    );
    // A trailing slash is another issuer.
    await expectRejection(
      accessTokenVerifier({ issuer: `${real.issuer}/`, jwksUri: discovery.jwks_uri }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_ISSUER',
      { token: ordersToken, claim: 'iss', message: /trailing slash/ },
    );
    expect(real.paths.slice(before)).toEqual([]);
  });

  it('refuses a payload altered after signing (ERR_JWT_SIGNATURE)', async () => {
    const verifier = accessTokenVerifier({ requiredScopes: ['orders:write'] });
    const payload = payloadOf(readOnlyToken);
    const escalated = withPayload(readOnlyToken, { ...payload, scope: 'orders:read orders:write' });
    expect(parts(escalated)[2]).toBe(parts(readOnlyToken)[2]);
    await expectRejection(verifier.verify(escalated), JwtVerificationError, 'ERR_JWT_SIGNATURE', {
      token: escalated,
    });
    const longer = withPayload(ordersToken, { ...payloadOf(ordersToken), exp: Number(payload.exp) + 86_400 });
    await expectRejection(verifier.verify(longer), JwtVerificationError, 'ERR_JWT_SIGNATURE', {
      token: longer,
    });
  });

  it('refuses an expired token by the verifier clock (ERR_JWT_EXPIRED), and takes it one second earlier', async () => {
    const exp = Number(payloadOf(ordersToken).exp);
    const at = (seconds: number) => accessTokenVerifier({ now: () => seconds * 1000 });
    await expect(at(exp - 1).verify(ordersToken)).resolves.toMatchObject({ exp });
    await expectRejection(at(exp).verify(ordersToken), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      token: ordersToken,
      claim: 'exp',
    });
    await expectRejection(at(exp + 3_600).verify(ordersToken), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      token: ordersToken,
      claim: 'exp',
    });
    // Within clockToleranceSeconds of exp, the token is still taken.
    const tolerant = accessTokenVerifier({ now: () => (exp + 30) * 1000, clockToleranceSeconds: 60 });
    await expect(tolerant.verify(ordersToken)).resolves.toMatchObject({ exp });
  });

  it('refuses an algorithm outside the allowlist (ERR_JWT_ALGORITHM), and another typ (ERR_JWT_TYP)', async () => {
    await expectRejection(
      accessTokenVerifier({ algorithms: ['RS256'] }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_ALGORITHM',
      { token: ordersToken, claim: 'alg' },
    );
    await expectRejection(
      accessTokenVerifier({ typ: 'JWT' }).verify(ordersToken),
      JwtVerificationError,
      'ERR_JWT_TYP',
      { token: ordersToken, claim: 'typ' },
    );
  });
});

describe('an ID token of the authorization code flow', () => {
  it('verifies with the client id as audience and the nonce of the request, and is no access token', async () => {
    const nonce = randomUUID();
    const idToken = await authorizationCodeIdToken(real.issuer, nonce);
    expect(headerOf(idToken)).toEqual({ alg: 'RS256', kid: 'rsa-1' });
    const verifier = createJwtVerifier({
      issuer: real.issuer,
      audience: CLIENT_ID,
      algorithms: ['RS256'],
      requiredClaims: ['sub', 'iat'],
      expectedClaims: { nonce },
    });
    const claims = await verifier.verify<JwtPayload & { nonce?: string }>(idToken);
    expect(claims).toMatchObject({ iss: real.issuer, aud: CLIENT_ID, sub: 'alice', nonce });
    // Another request's nonce is refused.
    await expectRejection(
      createJwtVerifier({
        issuer: real.issuer,
        audience: CLIENT_ID,
        expectedClaims: { nonce: 'another' },
      }).verify(idToken),
      JwtVerificationError,
      'ERR_JWT_CLAIM',
      { token: idToken, claim: 'nonce' },
    );
    // An ID token is no access token: no at+jwt typ, and not for the API.
    await expectRejection(accessTokenVerifier().verify(idToken), JwtVerificationError, 'ERR_JWT_TYP', {
      token: idToken,
      claim: 'typ',
    });
    await expectRejection(
      accessTokenVerifier({ typ: undefined }).verify(idToken),
      JwtVerificationError,
      'ERR_JWT_AUDIENCE',
      { token: idToken, claim: 'aud' },
    );
  });
});

describe('key rotation', () => {
  it('verifies a token signed with a new key: the unknown kid refetches the JWKS once', async () => {
    const verifier = accessTokenVerifier({ requiredScopes: ['orders:read'] });
    await verifier.verify(ordersToken);
    const before = real.paths.length;
    const nextKey = await signingKey('ES256', 'ec-2');
    try {
      // The provider restarts with a new EC key in front (it signs), the old one still published.
      real.restart([nextKey, ecKey, rsaKey, ...otherKeys]);
      const rotated = await clientCredentialsToken(real.issuer, ES256_API, 'orders:read');
      expect(headerOf(rotated).kid).toBe('ec-2');

      await expect(verifier.verify(rotated)).resolves.toMatchObject({
        iss: real.issuer,
        scope: 'orders:read',
      });
      await expect(verifier.verify(ordersToken)).resolves.toMatchObject({
        scope: 'orders:read orders:write',
      });
      await expect(verifier.verify(rotated)).resolves.toMatchObject({ scope: 'orders:read' });
      expect(real.paths.slice(before).filter((path) => path === '/jwks')).toEqual(['/jwks']);

      // The old key withdrawn: once the JWKS is fetched again, its tokens have no key.
      real.restart([nextKey, rsaKey, ...otherKeys]);
      clearJwksCache();
      await expect(verifier.verify(rotated)).resolves.toMatchObject({ scope: 'orders:read' });
      await expectRejection(verifier.verify(ordersToken), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
        token: ordersToken,
        claim: 'kid',
      });
    } finally {
      real.restart([ecKey, rsaKey, ...otherKeys]);
    }
  });
});

describe('through the authorizers, as API Gateway would answer', () => {
  const base = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod';
  const quiet = { error() {}, warn() {}, info() {} };

  it('a TOKEN authorizer allows the orders token with its scope, and answers 401 and 403 otherwise', async () => {
    const handler = createTokenAuthorizer({
      verifier: accessTokenVerifier({ requiredScopes: ['orders:read'] }),
      logger: quiet,
      policy: (builder, claims) => {
        builder.allow('GET', '/orders/*');
        if (!String(claims.scope).split(' ').includes('orders:write')) builder.deny('POST', '/orders/*');
      },
    });
    const event = (token: string, route: string) =>
      tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${base}/${route}` });
    expect((await simulateApiGateway(handler, event(ordersToken, 'GET/orders/7'))).statusCode).toBe(200);
    expect((await simulateApiGateway(handler, event(readOnlyToken, 'POST/orders/7'))).statusCode).toBe(403);
    expect((await simulateApiGateway(handler, event(reportsToken, 'GET/orders/7'))).statusCode).toBe(401);
    expect(
      (
        await simulateApiGateway(
          handler,
          event(
            withPayload(ordersToken, {
              ...payloadOf(ordersToken),
              scope: 'orders:read orders:write orders:admin',
            }),
            'GET/orders/7',
          ),
        )
      ).statusCode,
    ).toBe(401);
  });

  it('an HTTP API authorizer with simple responses allows only what its callback allows', async () => {
    const handler = createHttpApiAuthorizer({
      verifier: accessTokenVerifier(),
      logger: quiet,
      response: 'simple',
      authorize: (claims) => String(claims.scope).split(' ').includes('orders:write'),
    });
    const event = (token: string) =>
      httpApiAuthorizerEvent({
        headers: { authorization: `Bearer ${token}` },
        routeArn: `${base}/POST/orders`,
      });
    expect((await simulateApiGateway(handler, event(ordersToken))).statusCode).toBe(200);
    expect((await simulateApiGateway(handler, event(readOnlyToken))).statusCode).toBe(403);
    expect((await simulateApiGateway(handler, event(reportsToken))).statusCode).toBe(401);
  });
});
