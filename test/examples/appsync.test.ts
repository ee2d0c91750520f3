import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  appSyncAuthorizerEvent,
  createTestIssuer,
  simulateAppSync,
  type TestIssuer,
} from '../../src/testing/index.js';

let issuer: TestIssuer;
let handler: typeof import('../../examples/appsync/authorizer.js').handler;

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  process.env.ISSUER = issuer.issuer;
  process.env.AUDIENCE = 'my-client-id';
  process.env.JWKS_URI = issuer.jwksUri;
  vi.resetModules();
  handler = (await import('../../examples/appsync/authorizer.js')).handler;
});
afterAll(() => issuer.close());

describe('examples/appsync', () => {
  it('authorizes readers with deletePost nulled, admins with everything, and caches for 300 s', async () => {
    const reader = await simulateAppSync(
      handler,
      appSyncAuthorizerEvent({ token: issuer.sign({ sub: 'r1', tenant: 't1' }) }),
    );
    expect(reader).toMatchObject({
      authorized: true,
      deniedFields: ['Mutation.deletePost'],
      resolverContext: { userId: 'r1', tenant: 't1' },
      cachedForSeconds: 300,
    });
    const admin = await simulateAppSync(
      handler,
      appSyncAuthorizerEvent({ token: `Bearer ${issuer.sign({ sub: 'a1', roles: ['admin'] })}` }),
    );
    expect(admin).toMatchObject({ authorized: true, deniedFields: [] });
  });

  it('refuses expired and foreign tokens with UnauthorizedException, not cached', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      issuer.sign({ exp: now - 60, iat: now - 3600 }),
      issuer.sign({ aud: 'another-app' }),
      'garbage',
    ]) {
      expect(await simulateAppSync(handler, appSyncAuthorizerEvent({ token }))).toMatchObject({
        authorized: false,
        errorType: 'UnauthorizedException',
        cachedForSeconds: 0,
      });
    }
  });
});
