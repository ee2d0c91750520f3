import { sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { defaultAlbKeyUrl } from '../../../src/jwt/alb-keys.js';
import {
  type AlbJwtVerifierOptions,
  createAlbJwtVerifier,
  InvalidOptionError,
  isTokenRefusal,
  JwksUnavailableError,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { albKeyPair, paddedSegment, paddingOf, signAlbToken, withPadding } from '../../support/alb.js';
import { caught } from '../../support/catch.js';
import { expectRejection } from '../../support/jwt-helpers.js';
import { closedAfterEachTest, closedPortUrl, type RouteTools } from '../../support/loopback.js';

const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188';
const OTHER_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/0123456789abcdef';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI';
const CLIENT = '1example23456789';
const KID = '12345678-1234-1234-1234-123456789012';
const OTHER_KID = 'abb8289f-e3a4-4a34-9472-c2105e2b2482';
/** 2026-01-15T12:00:00Z, in seconds. */
const NOW = 1_768_478_400;

const loadBalancer = albKeyPair();
const impostor = albKeyPair();

/** The header an ALB writes, in its order. */
function albHeader(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const header: Record<string, unknown> = {
    typ: 'JWT',
    kid: KID,
    alg: 'ES256',
    iss: ISSUER,
    client: CLIENT,
    signer: ARN,
    exp: NOW + 120,
    ...overrides,
  };
  for (const [name, value] of Object.entries(header)) if (value === undefined) delete header[name];
  return header;
}

function userClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: '4b5bef9c-f2b5-40ff-a412-412cba9d0702',
    email_verified: 'true',
    email: 'jane@example.com',
    username: '4b5bef9c-f2b5-40ff-a412-412cba9d0702',
    exp: NOW + 120,
    iss: ISSUER,
    ...overrides,
  };
}

/** A token whose three segments all end with padding. */
function paddedToken(): string {
  const header = withPadding((filler) => albHeader({ x: filler }), 1);
  const payload = withPadding((filler) => userClaims({ name: `Jane ${filler}` }), 2);
  return signAlbToken(loadBalancer.privateKey, header, payload);
}

function albToken(header: Record<string, unknown> = {}, payload: Record<string, unknown> = {}): string {
  return signAlbToken(loadBalancer.privateKey, albHeader(header), userClaims(payload));
}

/** What the key server answers for a known key id; every other path is a 404. */
type KeyServerMode = 'ok' | 'error' | 'hold' | 'huge' | 'garbage';

const { server } = closedAfterEachTest();

/** A key server on loopback serving `pems` (key id → PEM) at `/{kid}`. */
async function keyServer(pems: Record<string, string> = { [KID]: loadBalancer.pem }) {
  const state = { mode: 'ok' as KeyServerMode };
  const loopback = await server((request, response: ServerResponse, tools: RouteTools) => {
    const pem = pems[(request.url ?? '').slice(1)];
    if (pem === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    switch (state.mode) {
      case 'ok':
        response.writeHead(200, { 'content-type': 'application/x-pem-file' });
        response.end(pem);
        return;
      case 'error':
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('Internal Server Error');
        return;
      case 'hold':
        tools.hold(response);
        return;
      case 'huge':
        response.writeHead(200, { 'content-type': 'application/x-pem-file' });
        response.end(`${pem}${'#'.repeat(8192)}`);
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>not a key</html>');
        return;
    }
  });
  return Object.assign(loopback, {
    setMode(mode: KeyServerMode) {
      state.mode = mode;
    },
  });
}

function verifierFor(keyUrl: string, options: Partial<AlbJwtVerifierOptions> = {}) {
  return createAlbJwtVerifier({
    albArn: ARN,
    issuer: ISSUER,
    clientId: CLIENT,
    keyUrl,
    now: () => NOW * 1000,
    ...options,
  });
}

describe('createAlbJwtVerifier: tokens', () => {
  it('verifies a token built as a load balancer builds it (padded segments) and resolves to its header and payload', async () => {
    const keys = await keyServer();
    const token = paddedToken();
    expect(token.split('.').map(paddingOf)).toEqual([1, 2, 2]);
    const { header, payload } = await verifierFor(keys.origin).verify(token);
    expect(header).toMatchObject({
      alg: 'ES256',
      kid: KID,
      signer: ARN,
      iss: ISSUER,
      client: CLIENT,
      exp: NOW + 120,
    });
    expect(payload).toMatchObject({
      email: 'jane@example.com',
      email_verified: 'true',
      sub: expect.any(String),
    });
    expect(keys.requests.map((request) => request.url)).toEqual([`/${KID}`]);
    expect(keys.requests[0]?.headers.accept).toContain('application/x-pem-file');
  });

  it('refuses the same token without its padding: the padded segments are what the load balancer signed', async () => {
    const keys = await keyServer();
    const stripped = paddedToken().replace(/=/g, '');
    await expectRejection(
      verifierFor(keys.origin).verify(stripped),
      JwtVerificationError,
      'ERR_JWT_SIGNATURE',
      {
        token: stripped,
      },
    );
  });

  it('refuses a token whose payload was changed or that another key signed', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const [header, , signature] = paddedToken().split('.');
    const tampered = `${header}.${paddedSegment(userClaims({ sub: 'admin' }))}.${signature}`;
    await expectRejection(verifier.verify(tampered), JwtVerificationError, 'ERR_JWT_SIGNATURE', {
      token: tampered,
    });
    const forged = signAlbToken(impostor.privateKey, albHeader(), userClaims());
    await expectRejection(verifier.verify(forged), JwtVerificationError, 'ERR_JWT_SIGNATURE', {
      token: forged,
    });
  });

  it('refuses a token of another load balancer, or without signer, before any key is fetched', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const other = albToken({ signer: OTHER_ARN });
    const error = await expectRejection(verifier.verify(other), JwtVerificationError, 'ERR_JWT_ISSUER', {
      token: other,
      claim: 'signer',
      message:
        /another load balancer of the same account and region\); expected "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/my-alb\//,
    });
    expect(error.message).not.toContain(OTHER_ARN);
    const elsewhere = albToken({ signer: ARN.replace('eu-west-1', 'us-east-1') });
    await expectRejection(verifier.verify(elsewhere), JwtVerificationError, 'ERR_JWT_ISSUER', {
      message: /another region/,
    });
    const unsigned = albToken({ signer: undefined });
    await expectRejection(verifier.verify(unsigned), JwtVerificationError, 'ERR_JWT_ISSUER', {
      claim: 'signer',
      message: /no "signer" header/,
    });
    expect(keys.requests).toEqual([]);
  });

  it('accepts any of several load balancers', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin, { albArn: [ARN, OTHER_ARN] });
    const { header } = await verifier.verify(albToken({ signer: OTHER_ARN }));
    expect(header.signer).toBe(OTHER_ARN);
    expect(verifier.albArns).toEqual([ARN, OTHER_ARN]);
  });

  it('refuses every algorithm but ES256, before any key is fetched', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const es384 = signAlbToken(albKeyPair('P-384').privateKey, albHeader({ alg: 'ES384' }), userClaims());
    const hs256 = `${paddedSegment(albHeader({ alg: 'HS256' }))}.${paddedSegment(userClaims())}.${Buffer.alloc(32).toString('base64url')}`;
    const none = `${paddedSegment(albHeader({ alg: 'none' }))}.${paddedSegment(userClaims())}.`;
    for (const [token, message] of [
      [es384, /uses another algorithm; an Application Load Balancer signs with ES256 only/],
      [hs256, /shared-secret/],
    ] as const) {
      await expectRejection(verifier.verify(token), JwtVerificationError, 'ERR_JWT_ALGORITHM', {
        token,
        claim: 'alg',
        message,
      });
    }
    // An empty signature segment is not an ALB segment at all.
    await expectRejection(verifier.verify(none), JwtVerificationError, 'ERR_JWT_MALFORMED', { token: none });
    expect(keys.requests).toEqual([]);
  });

  it('refuses an expired token, by its exp header or claim, with the tolerance configured', async () => {
    const keys = await keyServer();
    const expired = albToken({ exp: NOW - 30 }, { exp: NOW - 30 });
    await expectRejection(verifierFor(keys.origin).verify(expired), JwtVerificationError, 'ERR_JWT_EXPIRED', {
      token: expired,
      claim: 'exp',
    });
    const headerOnly = albToken({ exp: NOW - 30 }, { exp: undefined });
    await expectRejection(
      verifierFor(keys.origin).verify(headerOnly),
      JwtVerificationError,
      'ERR_JWT_EXPIRED',
      {
        claim: 'exp',
        message: /expired 30 s ago \(its "exp" header\)/,
      },
    );
    const claimOnly = albToken({}, { exp: NOW - 30 });
    await expectRejection(
      verifierFor(keys.origin).verify(claimOnly),
      JwtVerificationError,
      'ERR_JWT_EXPIRED',
      {
        claim: 'exp',
        message: /"exp" claim says it expired 30 s ago/,
      },
    );
    const tolerant = verifierFor(keys.origin, { clockToleranceSeconds: 60 });
    await expect(tolerant.verify(expired)).resolves.toMatchObject({ header: { exp: NOW - 30 } });
    const noExp = albToken({ exp: undefined });
    await expectRejection(verifierFor(keys.origin).verify(noExp), JwtVerificationError, 'ERR_JWT_MALFORMED', {
      claim: 'exp',
    });
  });

  it('refuses another issuer (header or claim) and another client, unless the check is skipped with null', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const slash = albToken({ iss: `${ISSUER}/` });
    await expectRejection(verifier.verify(slash), JwtVerificationError, 'ERR_JWT_ISSUER', {
      token: slash,
      claim: 'iss',
      message: /"iss" header is not the configured issuer; expected "https:\/\/cognito-idp/,
    });
    const claim = albToken({}, { iss: 'https://issuer.example.com' });
    await expectRejection(verifier.verify(claim), JwtVerificationError, 'ERR_JWT_ISSUER', {
      claim: 'iss',
      message: /"iss" claim/,
    });
    const client = albToken({ client: 'someone-else' });
    const error = await expectRejection(verifier.verify(client), JwtVerificationError, 'ERR_JWT_AUDIENCE', {
      claim: 'client',
    });
    expect(error.message).not.toContain('someone-else');
    const lenient = verifierFor(keys.origin, { issuer: null, clientId: null });
    await expect(lenient.verify(albToken({ iss: undefined, client: undefined }))).resolves.toMatchObject({
      payload: { email: 'jane@example.com' },
    });
    const listed = verifierFor(keys.origin, {
      issuer: ['https://other.example.com', ISSUER],
      clientId: ['x', CLIENT],
    });
    await expect(listed.verify(albToken())).resolves.toMatchObject({ header: { client: CLIENT } });
  });

  it('refuses input that is not an ALB token, without repeating it', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const valid = albToken();
    const [header = '', payload = '', signature = ''] = valid.split('.');
    const cases: [unknown, string, RegExp][] = [
      [undefined, 'ERR_JWT_MALFORMED', /no x-amzn-oidc-data header/],
      [42, 'ERR_JWT_MALFORMED', /must be a string, got number/],
      ['', 'ERR_JWT_MALFORMED', /empty/],
      [`${header}.${payload}`, 'ERR_JWT_MALFORMED', /3 dot-separated segments .* this one has 2/],
      [`${header}.${payload}.${signature}.x`, 'ERR_JWT_MALFORMED', /this one has 4/],
      [
        `${header.replace(/=+$/, '')}===.${payload}.${signature}`,
        'ERR_JWT_MALFORMED',
        /header segment is not base64url/,
      ],
      [`${header}.${payload.replace(/=+$/, '')}=x.${signature}`, 'ERR_JWT_MALFORMED', /payload segment/],
      [`${header}.${payload}.${signature.replace(/-|_/g, '+')}+`, 'ERR_JWT_MALFORMED', /signature segment/],
      [
        `${paddedSegment([1, 2])}.${payload}.${signature}`,
        'ERR_JWT_MALFORMED',
        /header is not a JSON object/,
      ],
      ['a'.repeat(20_000), 'ERR_JWT_TOO_LARGE', /more than maxTokenBytes \(16384\)/],
    ];
    for (const [token, code, message] of cases) {
      await expectRejection(verifier.verify(token as string), JwtVerificationError, code, { token, message });
    }
    expect(keys.requests).toEqual([]);
  });

  it('refuses a hostile kid without putting it in a URL', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    const hostile: unknown[] = [
      '../../etc/passwd',
      `${KID}/../admin`,
      `${KID}?x=1`,
      `${KID}#x`,
      '..',
      '%2e%2e',
      'a.b',
      'clé',
      'a b',
      'x'.repeat(65),
      '',
      42,
      undefined,
    ];
    for (const kid of hostile) {
      const token = albToken({ kid });
      const error = await expectRejection(verifier.verify(token), JwtVerificationError, 'ERR_JWT_MALFORMED', {
        token,
        claim: 'kid',
      });
      if (typeof kid === 'string' && kid.length > 2) expect(error.message).not.toContain(kid);
    }
    expect(keys.requests).toEqual([]);
  });

  it('says why when the signature holds but the payload is not a JSON object', async () => {
    const keys = await keyServer();
    const input = `${paddedSegment(albHeader())}.${paddedSegment(['not', 'claims'])}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: loadBalancer.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const token = `${input}.${signature.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
    await expectRejection(verifierFor(keys.origin).verify(token), JwtVerificationError, 'ERR_JWT_MALFORMED', {
      token,
      message: /not a valid JWS: JWT Claims Set must be a top-level JSON object/,
    });
  });

  it('marks refusals as such, and key server failures as not', async () => {
    const keys = await keyServer();
    keys.setMode('error');
    const refusal = await caught(verifierFor(keys.origin).verify(albToken({ signer: OTHER_ARN })));
    expect(isTokenRefusal(refusal)).toBe(true);
    const outage = await caught(verifierFor(keys.origin).verify(albToken()));
    expect(outage).toBeInstanceOf(JwksUnavailableError);
    expect(isTokenRefusal(outage)).toBe(false);
  });
});

describe('createAlbJwtVerifier: the key server', () => {
  it('refuses a kid the key server does not know (404), and looks up no other new kid during cooldownMs', async () => {
    const keys = await keyServer({ [KID]: loadBalancer.pem, [OTHER_KID]: loadBalancer.pem });
    let clock = NOW * 1000;
    const verifier = verifierFor(keys.origin, { now: () => clock, cooldownMs: 10_000 });
    const unknown = albToken({ kid: '00000000-0000-0000-0000-000000000000' });
    await expectRejection(verifier.verify(unknown), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
      token: unknown,
      claim: 'kid',
      message:
        /has no public key with kid "00000000-0000-0000-0000-000000000000": the token was not signed by a load balancer of this region, or was forged/,
    });
    expect(keys.requests).toHaveLength(1);
    const next = albToken({ kid: OTHER_KID });
    await expectRejection(verifier.verify(next), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
      message:
        /It was not looked up: another unknown key id was refused 0 s ago, and the next lookup of a new key id is allowed in 10 s \(cooldownMs\)/,
    });
    expect(keys.requests).toHaveLength(1);
    clock += 10_000;
    await expect(verifier.verify(next)).resolves.toMatchObject({ header: { kid: OTHER_KID } });
    expect(keys.requests.map((request) => request.url)).toEqual([
      '/00000000-0000-0000-0000-000000000000',
      `/${OTHER_KID}`,
    ]);
  });

  it('reports a key server that answers 500 as unavailable (500, not 401), and tries again on the next call', async () => {
    const keys = await keyServer();
    keys.setMode('error');
    const verifier = verifierFor(keys.origin);
    const token = albToken();
    const error = await expectRejection(
      verifier.verify(token),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
      {
        token,
        message:
          /The ALB public key at http:\/\/127\.0\.0\.1:\d+\/\{kid\} with kid "12345678-1234-1234-1234-123456789012" answered HTTP 500, expected 200/,
      },
    );
    expect(error.status).toBe(500);
    expect(error.uri).toBe(`${keys.origin}/${KID}`);
    keys.setMode('ok');
    await expect(verifier.verify(token)).resolves.toMatchObject({ header: { kid: KID } });
    expect(keys.requests).toHaveLength(2);
  });

  it('reports a key server that is down or does not answer in time as unavailable', async () => {
    const down = verifierFor(await closedPortUrl(''));
    await expectRejection(down.verify(albToken()), JwksUnavailableError, 'ERR_JWKS_FETCH', {
      message: /could not be fetched/,
    });
    const keys = await keyServer();
    keys.setMode('hold');
    await expectRejection(
      verifierFor(keys.origin, { timeoutMs: 200 }).verify(albToken()),
      JwksUnavailableError,
      'ERR_JWKS_TIMEOUT',
      { message: /did not arrive within timeoutMs \(200 ms\)/ },
    );
  });

  it('aborts an oversized answer, and refuses one that is not a P-256 public key', async () => {
    const keys = await keyServer();
    keys.setMode('huge');
    await expectRejection(
      verifierFor(keys.origin).verify(albToken()),
      JwksUnavailableError,
      'ERR_JWKS_TOO_LARGE',
      {
        message: /larger than 4096 bytes/,
      },
    );
    keys.setMode('garbage');
    await expectRejection(
      verifierFor(keys.origin).verify(albToken()),
      JwksUnavailableError,
      'ERR_JWKS_INVALID',
      {
        message: /is not a P-256 public key in PEM \(SPKI\) form \(22 bytes received/,
      },
    );
    const p384 = await keyServer({ [KID]: albKeyPair('P-384').pem });
    await expectRejection(
      verifierFor(p384.origin).verify(albToken()),
      JwksUnavailableError,
      'ERR_JWKS_INVALID',
      {
        message: /not a P-256 public key/,
      },
    );
  });

  it('fetches a key once for consecutive verifications, and once for concurrent ones', async () => {
    const keys = await keyServer();
    const verifier = verifierFor(keys.origin);
    await verifier.verify(albToken());
    await verifier.verify(albToken({}, { sub: 'someone-else' }));
    expect(keys.requests).toHaveLength(1);

    const cold = await keyServer();
    const concurrent = verifierFor(cold.origin);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => concurrent.verify(albToken({}, { sub: `user-${index}` }))),
    );
    expect(results.map((result) => result.payload.sub)).toEqual(
      Array.from({ length: 8 }, (_, i) => `user-${i}`),
    );
    expect(cold.requests).toHaveLength(1);
  });

  it('shares one failed download between concurrent verifications, and keeps nothing of it', async () => {
    const keys = await keyServer();
    keys.setMode('error');
    const verifier = verifierFor(keys.origin);
    const errors = await Promise.all(Array.from({ length: 4 }, () => caught(verifier.verify(albToken()))));
    expect(errors.map((error) => error.code)).toEqual(Array(4).fill('ERR_JWKS_HTTP_STATUS'));
    expect(keys.requests).toHaveLength(1);
    keys.setMode('ok');
    await expect(verifier.verify(albToken())).resolves.toMatchObject({ header: { kid: KID } });
    expect(keys.requests).toHaveLength(2);
  });

  it('fetches a key again after cacheMaxAgeMs, serves the copy held while that fails, until staleIfErrorMs', async () => {
    const keys = await keyServer();
    let clock = NOW * 1000;
    const verifier = verifierFor(keys.origin, {
      now: () => clock,
      clockToleranceSeconds: 86_400,
      cacheMaxAgeMs: 60_000,
      cooldownMs: 10_000,
      staleIfErrorMs: 120_000,
    });
    await verifier.verify(albToken());
    clock += 60_001;
    await verifier.verify(albToken());
    expect(keys.requests).toHaveLength(2);

    keys.setMode('error');
    clock += 60_001;
    await expect(verifier.verify(albToken())).resolves.toMatchObject({ header: { kid: KID } });
    expect(keys.requests).toHaveLength(3);
    // Within cooldownMs of the failure: no new attempt.
    await verifier.verify(albToken());
    expect(keys.requests).toHaveLength(3);

    clock += 120_000;
    const token = albToken();
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_STALE', {
      token,
      message:
        /could not be fetched again and the copy held is 180 s old, beyond cacheMaxAgeMs \+ staleIfErrorMs\. Last error: The ALB public key/,
    });
    expect(keys.requests).toHaveLength(4);
  });

  it('refuses tokens of a key the server withdrew', async () => {
    const pems: Record<string, string> = { [KID]: loadBalancer.pem };
    const keys = await keyServer(pems);
    let clock = NOW * 1000;
    const verifier = verifierFor(keys.origin, { now: () => clock, clockToleranceSeconds: 3_600 });
    await verifier.verify(albToken());
    delete pems[KID];
    clock += 600_001;
    await expectRejection(verifier.verify(albToken()), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
      message: /withdrawn since it was fetched/,
    });
  });

  it('keeps at most maxCachedKeys keys, dropping the least recently used', async () => {
    const keys = await keyServer({ [KID]: loadBalancer.pem, [OTHER_KID]: loadBalancer.pem });
    const verifier = verifierFor(keys.origin, { maxCachedKeys: 1 });
    await verifier.verify(albToken());
    await verifier.verify(albToken({ kid: OTHER_KID }));
    await verifier.verify(albToken({ kid: OTHER_KID }));
    await verifier.verify(albToken());
    expect(keys.requests.map((request) => request.url)).toEqual([`/${KID}`, `/${OTHER_KID}`, `/${KID}`]);
  });

  it('appends the kid to keyUrl, with or without a trailing slash', async () => {
    const keys = await keyServer();
    await verifierFor(`${keys.origin}/`).verify(albToken());
    expect(keys.requests.map((request) => request.url)).toEqual([`/${KID}`]);
  });

  it('knows the key servers AWS documents, and only those', () => {
    expect(defaultAlbKeyUrl('aws', 'eu-west-1')).toBe('https://public-keys.auth.elb.eu-west-1.amazonaws.com');
    expect(defaultAlbKeyUrl('aws', 'ap-southeast-5')).toBe(
      'https://public-keys.auth.elb.ap-southeast-5.amazonaws.com',
    );
    expect(defaultAlbKeyUrl('aws-us-gov', 'us-gov-west-1')).toBe(
      'https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1',
    );
    expect(defaultAlbKeyUrl('aws-us-gov', 'us-gov-east-1')).toBe(
      'https://s3-us-gov-east-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-east-1',
    );
    expect(defaultAlbKeyUrl('aws-cn', 'cn-north-1')).toBeUndefined();
    expect(defaultAlbKeyUrl('aws-iso', 'us-iso-east-1')).toBeUndefined();
  });
});

describe('createAlbJwtVerifier: options', () => {
  const base: AlbJwtVerifierOptions = { albArn: ARN, issuer: ISSUER, clientId: CLIENT };

  it('needs no I/O to be created, and takes GovCloud load balancers without keyUrl', () => {
    expect(createAlbJwtVerifier(base).albArns).toEqual([ARN]);
    const gov =
      'arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/gov/50dc6c495c0c9188';
    expect(createAlbJwtVerifier({ ...base, albArn: gov, region: 'us-gov-west-1' }).albArns).toEqual([gov]);
    const china =
      'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/cn/50dc6c495c0c9188';
    expect(
      createAlbJwtVerifier({ ...base, albArn: china, keyUrl: 'https://keys.example.cn' }).albArns,
    ).toEqual([china]);
  });

  it.each([
    ['no albArn', { albArn: undefined }, 'albArn', /it is required/],
    ['an empty albArn list', { albArn: [] }, 'albArn', /at least one/],
    ['an ARN that is not one', { albArn: 'my-alb' }, 'albArn', /expected an Application Load Balancer ARN/],
    ['a bad ARN in a list', { albArn: [ARN, 42] }, 'albArn[1]', /non-empty string, got number/],
    [
      'a Network Load Balancer',
      { albArn: ARN.replace('/app/', '/net/') },
      'albArn',
      /not an Application Load Balancer/,
    ],
    ['a region that is not one', { region: 'Ireland' }, 'region', /expected a region/],
    ['an ARN of another region', { region: 'us-east-1' }, 'region', /is in eu-west-1, not us-east-1/],
    [
      'a partition without documented key server',
      {
        albArn:
          'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/cn/50dc6c495c0c9188',
      },
      'keyUrl',
      /AWS documents no key server for load balancers in cn-north-1 \(partition aws-cn\)/,
    ],
    ['an http keyUrl', { keyUrl: 'http://keys.example.com' }, 'keyUrl', /must use https/],
    ['a keyUrl with a query', { keyUrl: 'https://keys.example.com/?a=1' }, 'keyUrl', /without query/],
    ['a keyUrl that is not a URL', { keyUrl: 'keys' }, 'keyUrl', /not an absolute URL/],
    ['no issuer', { issuer: undefined }, 'issuer', /it is required: the issuer of the identity provider/],
    ['an empty issuer list', { issuer: [] }, 'issuer', /at least one/],
    ['an issuer with spaces', { issuer: ` ${ISSUER}` }, 'issuer', /whitespace/],
    ['no clientId', { clientId: undefined }, 'clientId', /it is required: the client id/],
    ['a clientId that is not a string', { clientId: [CLIENT, 7] }, 'clientId[1]', /got number/],
    ['a negative clock tolerance', { clockToleranceSeconds: -1 }, 'clockToleranceSeconds', /≥ 0/],
    ['a zero timeout', { timeoutMs: 0 }, 'timeoutMs', /≥ 1/],
    ['a zero maxKeyBytes', { maxKeyBytes: 0 }, 'maxKeyBytes', /≥ 1/],
    ['a zero maxCachedKeys', { maxCachedKeys: 0 }, 'maxCachedKeys', /≥ 1/],
    ['a cacheMaxAgeMs that is not a number', { cacheMaxAgeMs: '1' }, 'cacheMaxAgeMs', /expected a number/],
    ['a clock that is not a function', { now: 5 }, 'now', /expected a function/],
  ])('refuses %s', (_name, overrides, option, message) => {
    const error = (() => {
      try {
        createAlbJwtVerifier({ ...base, ...overrides } as unknown as AlbJwtVerifierOptions);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as InvalidOptionError).message).toMatch(message);
  });
});

interface VectorFile {
  generator: string;
  now: number;
  albArn: string;
  issuer: string;
  clientId: string;
  kid: string;
  pem: string;
  vectors: { name: string; token: string; code: string | null }[];
}

/** Tokens signed by PyJWT's ES256 as a load balancer signs them (scripts/alb-vectors.py). */
const file = JSON.parse(
  readFileSync(new URL('../../vectors/alb-pyjwt.json', import.meta.url), 'utf8'),
) as VectorFile;

describe(`ALB vectors from ${file.generator}`, () => {
  it('covers valid tokens with every padding, and each refusal', () => {
    expect(file.vectors.length).toBeGreaterThanOrEqual(20);
    const valid = file.vectors.filter((vector) => vector.code === null);
    expect(valid.some((vector) => vector.token.split('.').every((part) => paddingOf(part) > 0))).toBe(true);
  });

  it.each(file.vectors.map((vector) => [vector.name, vector] as const))('%s', async (_name, vector) => {
    const keys = await keyServer({ [file.kid]: file.pem });
    const verifier = createAlbJwtVerifier({
      albArn: file.albArn,
      issuer: file.issuer,
      clientId: file.clientId,
      keyUrl: keys.origin,
      now: () => file.now * 1000,
    });
    if (vector.code === null) {
      await expect(verifier.verify(vector.token)).resolves.toMatchObject({
        header: { signer: file.albArn, kid: file.kid },
        payload: { sub: 'vector-user' },
      });
      return;
    }
    await expectRejection(verifier.verify(vector.token), JwtVerificationError, vector.code, {
      token: vector.token,
    });
  });
});
