import { afterEach, describe, expect, it } from 'vitest';
import {
  clearJwksCache,
  createJwtVerifier,
  discoveryUrl,
  JwksUnavailableError,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import {
  expectRejection,
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
} from '../../support/jwt-helpers.js';

const open: { close(): Promise<void> }[] = [];

async function track<T extends { close(): Promise<void> }>(value: Promise<T>): Promise<T> {
  const resolved = await value;
  open.push(resolved);
  return resolved;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
  clearJwksCache();
});

describe('OIDC discovery', () => {
  it('builds the discovery URL from the issuer', () => {
    expect(discoveryUrl('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab')).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab/.well-known/openid-configuration',
    );
    expect(discoveryUrl('https://auth.example.com/')).toBe(
      'https://auth.example.com/.well-known/openid-configuration',
    );
  });

  it('finds the JWKS through the discovery document, once for many verifications', async () => {
    const issuer: TestIssuer = await track(createTestIssuer({ algorithm: 'ES256', path: '/tenant-a' }));
    const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client' });
    const tokens = Array.from({ length: 20 }, () => issuer.sign());
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    await verifier.verify(issuer.sign());
    expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  it('refuses a discovery document naming another issuer, with the trailing-slash hint', async () => {
    const issuer = await track(createTestIssuer({ algorithm: 'ES256' }));
    const verifier = createJwtVerifier({ issuer: `${issuer.issuer}/`, audience: 'test-client' });
    await expectRejection(
      verifier.verify(issuer.sign({ iss: `${issuer.issuer}/` })),
      JwksUnavailableError,
      'ERR_JWKS_DISCOVERY',
      {
        message: /names issuer "http:\/\/127\.0\.0\.1:\d+".*differ only by a trailing slash/,
      },
    );
    expect(issuer.requests.jwks).toBe(0);
  });

  it('refuses a discovery document for an impostor issuer, and an unusable jwks_uri', async () => {
    let document: Record<string, unknown> = {};
    const server: LoopbackServer = await track(
      startLoopbackServer((_request, response) => {
        sendJson(response, document);
      }),
    );
    const verifier = createJwtVerifier({ issuer: server.url, audience: 'x', timeoutMs: 1_000 });
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: server.url }),
    ).toString('base64url')}.AAAA`;
    document = { issuer: 'https://evil.example.com', jwks_uri: `${server.url}/jwks` };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /evil/,
    });
    document = { issuer: server.url, jwks_uri: 'http://evil.example.com/jwks' };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /https/,
    });
    document = { issuer: server.url };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /jwks_uri/,
    });
    expect(server.requests.paths.every((path) => path === '/.well-known/openid-configuration')).toBe(true);
    expect(server.requests.count).toBe(3);
  });

  it('reports a discovery document that is not JSON or not found', async () => {
    const server = await track(
      startLoopbackServer((request, response) => {
        if (request.url?.startsWith('/missing')) sendJson(response, { error: 'nope' }, 404);
        else {
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<html></html>');
        }
      }),
    );
    const token = (iss: string) =>
      `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss })).toString('base64url')}.AAAA`;
    await expectRejection(
      createJwtVerifier({ issuer: server.url, audience: 'x' }).verify(token(server.url)),
      JwksUnavailableError,
      'ERR_JWKS_DISCOVERY',
      { message: /not valid JSON/ },
    );
    const missing = `${server.url}/missing`;
    await expectRejection(
      createJwtVerifier({ issuer: missing, audience: 'x' }).verify(token(missing)),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
    );
  });

  it('times out a discovery document that never arrives, then retries', async () => {
    let hang = true;
    const server = await track(
      startLoopbackServer((_request, response, base) => {
        if (!hang) sendJson(response, { issuer: base, jwks_uri: `${base}/jwks` });
      }),
    );
    const verifier = createJwtVerifier({ issuer: server.url, audience: 'x', timeoutMs: 200 });
    await expectRejection(verifier.warmUp(), JwksUnavailableError, 'ERR_JWKS_TIMEOUT', {
      message: /discovery document .* within timeoutMs \(200 ms\)/,
    });
    hang = false;
    // Discovery now succeeds; the JWKS URL it names answers 200 with a discovery-like body: not a JWKS.
    await expectRejection(verifier.warmUp(), JwksUnavailableError, 'ERR_JWKS_INVALID', {
      message: /not a JWKS/,
    });
    expect(server.requests.paths).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/openid-configuration',
      '/jwks',
    ]);
  });
});
