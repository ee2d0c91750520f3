import { describe, expect, it } from 'vitest';
import {
  type FetchJsonLimits,
  fetchJson,
  MAX_REDIRECTS,
  redirectTarget,
} from '../../../src/jwt/fetch-json.js';
import { clearJwksCache, createJwtVerifier, JwksUnavailableError } from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { expectRejection } from '../../support/jwt-helpers.js';
import { closedAfterEachTest, sendJson, sendRedirect } from '../../support/loopback.js';

const LIMITS: FetchJsonLimits = {
  timeoutMs: 2_000,
  maxBytes: 4_096,
  what: 'JWKS',
  invalidCode: 'ERR_JWKS_INVALID',
};
const DOCUMENT = { keys: [] };
const { server, track } = closedAfterEachTest({ afterEachTest: clearJwksCache });

describe('redirects of JWKS and discovery downloads', () => {
  it.each([301, 302, 303, 307, 308])('follows a %i to another loopback path', async (status) => {
    const target = await server((request, response) => {
      if (request.url === '/old') return sendRedirect(response, '/new', status);
      sendJson(response, DOCUMENT);
    });
    await expect(fetchJson(`${target.origin}/old`, LIMITS)).resolves.toEqual(DOCUMENT);
    expect(target.paths).toEqual(['/old', '/new']);
  });

  it(`follows ${MAX_REDIRECTS} redirects across servers, relative and absolute`, async () => {
    const final = await server((_request, response) => sendJson(response, DOCUMENT));
    const hops = await server((request, response) => {
      const match = /^\/hop-(\d)$/.exec(request.url ?? '');
      const n = Number(match?.[1] ?? 0);
      if (n < MAX_REDIRECTS - 1) return sendRedirect(response, `hop-${n + 1}`, 307);
      sendRedirect(response, `${final.origin}/jwks.json?v=2#frag`, 308);
    });
    await expect(fetchJson(`${hops.origin}/hop-0`, LIMITS)).resolves.toEqual(DOCUMENT);
    expect(hops.paths).toEqual(['/hop-0', '/hop-1', '/hop-2']);
    expect(final.paths).toEqual(['/jwks.json?v=2']);
  });

  it('refuses more than the redirect limit, naming it', async () => {
    const hops = await server((request, response) => {
      const n = Number(/^\/hop-(\d+)$/.exec(request.url ?? '')?.[1] ?? 0);
      sendRedirect(response, `/hop-${n + 1}`);
    });
    const error = await expectRejection(
      fetchJson(`${hops.origin}/hop-0`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_REDIRECT',
      { message: new RegExp(`redirected more than ${MAX_REDIRECTS} times`) },
    );
    expect(error.uri).toBe(`${hops.origin}/hop-0`);
    expect(error.status).toBe(302);
    expect(hops.paths).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('detects a loop, including a redirect to itself', async () => {
    const loop = await server((request, response) => {
      if (request.url === '/self') return sendRedirect(response, '/self');
      sendRedirect(response, request.url === '/a' ? '/b' : '/a');
    });
    await expectRejection(
      fetchJson(`${loop.origin}/self`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_REDIRECT',
      {
        message: /redirects in a loop \(back to "http:\/\/127\.0\.0\.1:\d+\/self"\)/,
      },
    );
    await expectRejection(fetchJson(`${loop.origin}/a`, LIMITS), JwksUnavailableError, 'ERR_JWKS_REDIRECT', {
      message: /redirects in a loop/,
    });
    expect(loop.paths).toEqual(['/self', '/a', '/b']);
  });

  it.each([
    ['http://jwks.example.com/jwks.json', /must use https/],
    ['http://169.254.169.254/latest/meta-data/', /must use https/],
    ['file:///etc/passwd', /must use https.*"file:"/],
    ['ftp://127.0.0.1/jwks.json', /must use https/],
    ['https://user:password-1234@auth.example.com/jwks.json', /with credentials in the URL/],
    ['http://[::2', /not a URL/],
  ])('refuses a redirect to %s without contacting it', async (location, message) => {
    const origin = await server((_request, response) => sendRedirect(response, location));
    const error = await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_REDIRECT',
      { message, secrets: ['password-1234'] },
    );
    expect(error.message).not.toContain('/etc/passwd?');
    expect(origin.paths).toEqual(['/jwks.json']);
  });

  it('never follows a redirect from https down to http, not even to loopback', () => {
    const current = new URL('https://auth.example.com/.well-known/jwks.json');
    const visited = new Set([current.href]);
    expect(() =>
      redirectTarget(302, 'http://127.0.0.1:2773/jwks', current, visited, LIMITS, current.href),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_JWKS_REDIRECT',
        message: expect.stringMatching(
          /redirected from https to "http:\/\/127\.0\.0\.1:2773\/jwks", which is refused/,
        ),
      }),
    );
    expect(redirectTarget(302, '/keys?v=2#x', current, visited, LIMITS, current.href).href).toBe(
      'https://auth.example.com/keys?v=2',
    );
    expect(
      redirectTarget(302, 'https://keys.example.net/jwks', current, visited, LIMITS, current.href).href,
    ).toBe('https://keys.example.net/jwks');
  });

  it('treats a blank Location as none, refuses a password alone, and shortens long URLs in messages', () => {
    const current = new URL('https://auth.example.com/.well-known/jwks.json');
    const visited = new Set([current.href]);
    const attempt = (location: string) => () =>
      redirectTarget(307, location, current, visited, LIMITS, current.href);
    expect(attempt('   ')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/HTTP 307 without a Location header/) }),
    );
    expect(attempt('https://:hunter2-secret@keys.example.net/jwks')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /redirected to "https:\/\/keys\.example\.net\/jwks" with credentials in the URL/,
        ),
      }),
    );
    const long = `http://127.0.0.1/${'a'.repeat(300)}`;
    const shown = `"${long.slice(0, 200)}..."`;
    expect(attempt(long)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(`redirected from https to ${shown}, which is refused`),
      }),
    );
  });

  it('refuses a redirect without Location', async () => {
    const origin = await server((_request, response) => {
      response.writeHead(302);
      response.end();
    });
    await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_REDIRECT',
      {
        message: /answered HTTP 302 without a Location header/,
      },
    );
  });

  it('shows a redirect target without its query string', async () => {
    const origin = await server((request, response) => {
      if (request.url === '/jwks.json') return sendRedirect(response, '/signed?X-Sig=s3cr3t-query-value');
      sendJson(response, {}, 503);
    });
    const error = await expectRejection(
      fetchJson(`${origin.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
      {
        message: /\(redirected to "http:\/\/127\.0\.0\.1:\d+\/signed"\) answered HTTP 503/,
        secrets: ['s3cr3t'],
      },
    );
    expect(error.uri).toBe(`${origin.origin}/jwks.json`);
  });

  it('keeps one timeout over the whole chain', async () => {
    const slow = await server((request, response, tools) => {
      const n = Number(/^\/hop-(\d+)$/.exec(request.url ?? '')?.[1] ?? 0);
      tools.later(response, 120, () =>
        n < 2 ? sendRedirect(response, `/hop-${n + 1}`) : sendJson(response, DOCUMENT),
      );
    });
    // Each hop is well within the timeout; the three together are not.
    const started = Date.now();
    await expectRejection(
      fetchJson(`${slow.origin}/hop-0`, { ...LIMITS, timeoutMs: 250 }),
      JwksUnavailableError,
      'ERR_JWKS_TIMEOUT',
      { message: /redirected to .*did not arrive within timeoutMs \(250 ms\)/ },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetchJson(`${slow.origin}/hop-0`, { ...LIMITS, timeoutMs: 2_000 })).resolves.toEqual(
      DOCUMENT,
    );
  });

  it('keeps the byte cap on the document at the end of the chain', async () => {
    const big = await server((request, response) => {
      if (request.url === '/jwks.json') return sendRedirect(response, '/big');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [], pad: 'x'.repeat(10_000) }));
    });
    await expectRejection(
      fetchJson(`${big.origin}/jwks.json`, LIMITS),
      JwksUnavailableError,
      'ERR_JWKS_TOO_LARGE',
      {
        message: /redirected to .*larger than 4096 bytes/,
      },
    );
  });

  describe('through a verifier', () => {
    let issuer: TestIssuer;

    it('verifies with a JWKS and a discovery document that moved, and answers 500-class errors for bad moves', async () => {
      issuer = await createTestIssuer({ algorithm: 'ES256' });
      track(issuer);
      const front = await server((request, response) => {
        if (request.url === '/jwks') return sendRedirect(response, issuer.jwksUri, 301);
        if (request.url === '/insecure') return sendRedirect(response, 'http://auth.example.com/jwks.json');
        sendJson(response, {}, 404);
      });
      const token = issuer.sign();
      const moved = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: `${front.origin}/jwks`,
      });
      await expect(moved.verify(token)).resolves.toMatchObject({ sub: 'test-user' });

      const refused = createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwksUri: `${front.origin}/insecure`,
      });
      await expectRejection(refused.verify(token), JwksUnavailableError, 'ERR_JWKS_REDIRECT', { token });
      expect(issuer.requests.jwks).toBe(1);
    });

    it('refuses a discovery document that redirects to plain http', async () => {
      const discovery = await server((_request, response) =>
        sendRedirect(response, 'http://auth.example.com/.well-known/openid-configuration'),
      );
      const verifier = createJwtVerifier({ issuer: discovery.origin, audience: 'test-client' });
      const error = await expectRejection(
        verifier.verify(
          `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${Buffer.from(
            JSON.stringify({ iss: discovery.origin }),
          ).toString('base64url')}.c2ln`,
        ),
        JwksUnavailableError,
        'ERR_JWKS_REDIRECT',
        {
          message:
            /discovery document at .* redirected to "http:\/\/auth\.example\.com\/\.well-known\/openid-configuration", which is refused/,
        },
      );
      expect(error.uri).toBe(`${discovery.origin}/.well-known/openid-configuration`);
    });
  });
});
