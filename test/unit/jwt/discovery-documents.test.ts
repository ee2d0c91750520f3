import { afterEach, describe, expect, it } from 'vitest';
import { clearDiscoveryCache, discoverJwksUri } from '../../../src/jwt/discovery.js';
import { clearJwksCache, discoveryUrl, JwksUnavailableError } from '../../../src/jwt/index.js';
import { caught } from '../../support/catch.js';
import { sendJson, startLoopback } from '../../support/loopback.js';

// What discovery accepts and refuses in an OpenID configuration document, and how it forgets a failure.
afterEach(() => clearJwksCache());

describe('OIDC discovery documents', () => {
  afterEach(() => clearDiscoveryCache());

  it('strips every trailing slash of the issuer', () => {
    expect(discoveryUrl('https://auth.example.com///')).toBe(
      'https://auth.example.com/.well-known/openid-configuration',
    );
  });

  async function discoveryWith(document: unknown, issuerPath = '') {
    const server = await startLoopback((_request, response, { origin: base }) =>
      sendJson(response, typeof document === 'function' ? document(base) : document),
    );
    const issuer = `${server.origin}${issuerPath}`;
    try {
      return await caught(
        discoverJwksUri(issuer, { timeoutMs: 2000, maxBytes: 100_000 }),
        JwksUnavailableError,
      );
    } finally {
      await server.close();
    }
  }

  it.each([null, [], 'x', 5])('refuses a document that is not an object: %j', async (document) => {
    const error = await discoveryWith(document);
    expect(error.code).toBe('ERR_JWKS_DISCOVERY');
    expect(error.message).toMatch(
      /^The discovery document at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration is not a JSON object\.$/,
    );
  });

  it('says when the document names no issuer or another one, cut to 200 characters', async () => {
    const nothing = await discoveryWith({ jwks_uri: 'https://x/' });
    expect(nothing.message).toMatch(
      /names issuer nothing, but the verifier is configured for "http:\/\/127\.0\.0\.1:\d+"\.$/,
    );
    const numeric = await discoveryWith({ issuer: 5 });
    expect(numeric.message).toMatch(/names issuer nothing, but/);
    const long = `https://${'a'.repeat(300)}.example.com`;
    const other = await discoveryWith({ issuer: long });
    expect(other.message).toContain(`names issuer ${JSON.stringify(long.slice(0, 200))}, but`);
    expect(other.message).not.toContain('trailing slash');
  });

  it('gives the trailing-slash hint only when slashes are the only difference', async () => {
    const twin = await discoveryWith((base: string) => ({ issuer: `${base}/t//` }), '/t');
    expect(twin.message).toMatch(
      /They differ only by a trailing slash: set issuer to "http:\/\/127\.0\.0\.1:\d+\/t\/\/"/,
    );
    const near = await discoveryWith((base: string) => ({ issuer: `${base}/u/` }), '/t');
    expect(near.message).not.toContain('trailing slash');
  });

  it('says what is wrong with the jwks_uri', async () => {
    const error = await discoveryWith((base: string) => ({ issuer: base, jwks_uri: 'ftp://x/' }));
    expect(error.message).toMatch(/has no usable jwks_uri: it must use https/);
  });

  it('forgets a failed discovery so that the next call tries again, and clears one issuer or all', async () => {
    let calls = 0;
    const server = await startLoopback((_request, response, { origin: base }) => {
      calls += 1;
      sendJson(response, calls === 1 ? null : { issuer: base, jwks_uri: `${base}/jwks` });
    });
    const settings = { timeoutMs: 2000, maxBytes: 100_000 };
    try {
      await caught(discoverJwksUri(server.origin, settings), JwksUnavailableError);
      await expect(discoverJwksUri(server.origin, settings)).resolves.toBe(`${server.origin}/jwks`);
      await discoverJwksUri(server.origin, settings);
      expect(calls).toBe(2);
      clearDiscoveryCache('https://other.example.com');
      await discoverJwksUri(server.origin, settings);
      expect(calls).toBe(2);
      clearDiscoveryCache(server.origin);
      await discoverJwksUri(server.origin, settings);
      expect(calls).toBe(3);
      clearDiscoveryCache();
      await discoverJwksUri(server.origin, settings);
      expect(calls).toBe(4);
    } finally {
      await server.close();
    }
  });
});
