import { describe, expect, it } from 'vitest';
import {
  clearJwksCache,
  createJwtVerifier,
  discoveryUrl,
  JwksUnavailableError,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { expectRejection } from '../../support/jwt-helpers.js';
import { closedAfterEachTest, sendJson } from '../../support/loopback.js';

const { server: startServer, track } = closedAfterEachTest({ afterEachTest: clearJwksCache });

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
    const issuer: TestIssuer = track(await createTestIssuer({ algorithm: 'ES256', path: '/tenant-a' }));
    const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client' });
    const tokens = Array.from({ length: 20 }, () => issuer.sign());
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    await verifier.verify(issuer.sign());
    expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  it('refuses a discovery document naming another issuer, with the trailing-slash hint', async () => {
    const issuer = track(await createTestIssuer({ algorithm: 'ES256' }));
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
    const server = await startServer((_request, response) => sendJson(response, document));
    const verifier = createJwtVerifier({ issuer: server.origin, audience: 'x', timeoutMs: 1_000 });
    const token = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: server.origin }),
    ).toString('base64url')}.AAAA`;
    document = { issuer: 'https://evil.example.com', jwks_uri: `${server.origin}/jwks` };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /evil/,
    });
    document = { issuer: server.origin, jwks_uri: 'http://evil.example.com/jwks' };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /https/,
    });
    document = { issuer: server.origin };
    await expectRejection(verifier.verify(token), JwksUnavailableError, 'ERR_JWKS_DISCOVERY', {
      message: /jwks_uri/,
    });
    expect(server.paths).toEqual(Array(3).fill('/.well-known/openid-configuration'));
  });

  it('reports a discovery document that is not JSON or not found', async () => {
    const server = await startServer((request, response) => {
      if (request.url?.startsWith('/missing')) return sendJson(response, { error: 'nope' }, 404);
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html></html>');
    });
    const token = (iss: string) =>
      `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss })).toString('base64url')}.AAAA`;
    await expectRejection(
      createJwtVerifier({ issuer: server.origin, audience: 'x' }).verify(token(server.origin)),
      JwksUnavailableError,
      'ERR_JWKS_DISCOVERY',
      { message: /not valid JSON/ },
    );
    const missing = `${server.origin}/missing`;
    await expectRejection(
      createJwtVerifier({ issuer: missing, audience: 'x' }).verify(token(missing)),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
    );
  });

  it('times out a discovery document that never arrives, then retries', async () => {
    let hang = true;
    const server = await startServer((_request, response, { origin }) => {
      if (!hang) sendJson(response, { issuer: origin, jwks_uri: `${origin}/jwks` });
    });
    const verifier = createJwtVerifier({ issuer: server.origin, audience: 'x', timeoutMs: 200 });
    await expectRejection(verifier.warmUp(), JwksUnavailableError, 'ERR_JWKS_TIMEOUT', {
      message: /discovery document .* within timeoutMs \(200 ms\)/,
    });
    hang = false;
    // Discovery now succeeds; the JWKS URL it names answers 200 with a discovery-like body: not a JWKS.
    await expectRejection(verifier.warmUp(), JwksUnavailableError, 'ERR_JWKS_INVALID', {
      message: /not a JWKS/,
    });
    expect(server.paths).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/openid-configuration',
      '/jwks',
    ]);
  });
});
