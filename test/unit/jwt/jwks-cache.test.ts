import { afterEach, describe, expect, it } from 'vitest';
import {
  clearJwksCache,
  createJwtVerifier,
  JwksUnavailableError,
  JwtVerificationError,
  type JwtVerifierSharedOptions,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer, type TestIssuerFault } from '../../../src/testing/issuer.js';
import { expectRejection } from '../../support/jwt-helpers.js';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = START;
const now = () => clock;
const open: TestIssuer[] = [];

async function issuerFor(options: { keepPreviousKeys?: number } = {}): Promise<TestIssuer> {
  clock = START;
  const issuer = await createTestIssuer({ algorithm: 'ES256', now, ...options });
  open.push(issuer);
  return issuer;
}

function verifierFor(issuer: TestIssuer, shared: JwtVerifierSharedOptions = {}) {
  return createJwtVerifier({
    issuer: issuer.issuer,
    audience: 'test-client',
    jwksUri: issuer.jwksUri,
    now,
    ...shared,
  });
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((issuer) => issuer.close()));
  clearJwksCache();
});

describe('JWKS cache', () => {
  it('fetches once for 50 parallel cold verifications', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer);
    const tokens = Array.from({ length: 50 }, (_, index) => issuer.sign({ sub: `user-${index}` }));
    const claims = await Promise.all(tokens.map((token) => verifier.verify(token)));
    expect(claims.map((claim) => claim.sub)).toEqual(tokens.map((_, index) => `user-${index}`));
    expect(issuer.requests.jwks).toBe(1);
  });

  it('shares the JWKS between verifiers of the same URI (warm invocations)', async () => {
    const issuer = await issuerFor();
    await verifierFor(issuer).verify(issuer.sign());
    await verifierFor(issuer).verify(issuer.sign());
    await Promise.all([verifierFor(issuer).verify(issuer.sign()), verifierFor(issuer).warmUp()]);
    expect(issuer.requests.jwks).toBe(1);
  });

  it('warmUp() loads the keys before the first verification', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer);
    await verifier.warmUp();
    expect(issuer.requests.jwks).toBe(1);
    await verifier.verify(issuer.sign());
    expect(issuer.requests.jwks).toBe(1);
  });

  it('refreshes after cacheMaxAgeMs', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer, { cacheMaxAgeMs: 60_000 });
    await verifier.verify(issuer.sign());
    clock += 60_000;
    await verifier.verify(issuer.sign());
    expect(issuer.requests.jwks).toBe(1);
    clock += 1;
    await verifier.verify(issuer.sign());
    expect(issuer.requests.jwks).toBe(2);
  });

  it('follows a key rotation with one refetch', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer);
    await verifier.verify(issuer.sign());
    await issuer.rotateKeys();
    const rotated = issuer.sign();
    await Promise.all([verifier.verify(rotated), verifier.verify(rotated), verifier.verify(rotated)]);
    expect(issuer.requests.jwks).toBe(2);
    // The previous key is still published: its tokens keep working without any fetch.
    await verifier.verify(issuer.sign({}, { previousKey: 1 }));
    expect(issuer.requests.jwks).toBe(2);
  });

  it('refetches for unknown kids at most once per cooldown', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer, { cooldownMs: 30_000 });
    await verifier.verify(issuer.sign());
    for (let index = 0; index < 20; index += 1) {
      await expectRejection(
        verifier.verify(issuer.sign({}, { kid: `bogus-${index}` })),
        JwtVerificationError,
        'ERR_JWT_KEY_NOT_FOUND',
        {
          claim: 'kid',
        },
      );
    }
    expect(issuer.requests.jwks).toBe(2);
    const error = await expectRejection(
      verifier.verify(issuer.sign({}, { kid: 'bogus' })),
      JwtVerificationError,
      'ERR_JWT_KEY_NOT_FOUND',
    );
    expect(error.message).toMatch(/next refetch is allowed in 30 s/);
    // A real rotation during the cooldown is picked up once the cooldown is over.
    await issuer.rotateKeys();
    await expectRejection(verifier.verify(issuer.sign()), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND');
    clock += 30_000;
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
    expect(issuer.requests.jwks).toBe(3);
  });

  it('uses a pre-loaded JWKS without fetching, and fetches for an unknown kid', async () => {
    const issuer = await issuerFor();
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
      jwks: issuer.jwks(),
      now,
    });
    await verifier.verify(issuer.sign());
    expect(issuer.requests.jwks).toBe(0);
    await issuer.rotateKeys();
    await verifier.verify(issuer.sign());
    expect(issuer.requests.jwks).toBe(1);
  });
});

describe('JWKS outages', () => {
  const faults: [TestIssuerFault, string][] = [
    ['connection-reset', 'ERR_JWKS_FETCH'],
    ['status-500', 'ERR_JWKS_HTTP_STATUS'],
    ['hang', 'ERR_JWKS_TIMEOUT'],
    ['invalid-json', 'ERR_JWKS_INVALID'],
    ['truncated', 'ERR_JWKS_FETCH'],
    ['oversize', 'ERR_JWKS_TOO_LARGE'],
  ];

  it.each(faults)(
    'a cold verifier facing %s throws JwksUnavailableError %s, then recovers',
    async (fault, code) => {
      const issuer = await issuerFor();
      const verifier = verifierFor(issuer, { timeoutMs: 300 });
      issuer.setJwksFault(fault);
      const token = issuer.sign();
      const error = await expectRejection(verifier.verify(token), JwksUnavailableError, code, { token });
      expect(error.uri).toBe(issuer.jwksUri);
      expect(error).not.toBeInstanceOf(JwtVerificationError);
      // The failure is not cached as a success: the next verification fetches again and succeeds.
      issuer.setJwksFault(undefined);
      await expect(verifier.verify(token)).resolves.toBeDefined();
      expect(issuer.requests.jwks).toBe(2);
    },
  );

  it('reports the HTTP status', async () => {
    const issuer = await issuerFor();
    issuer.setJwksFault('status-500');
    const error = await expectRejection(
      verifierFor(issuer).verify(issuer.sign()),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
      {
        message: /answered HTTP 500/,
      },
    );
    expect(error.status).toBe(500);
  });

  it('refuses a JWKS with too many keys or of the wrong shape', async () => {
    const issuer = await issuerFor({ keepPreviousKeys: 5 });
    await issuer.rotateKeys();
    await issuer.rotateKeys();
    await expectRejection(
      verifierFor(issuer, { maxJwksKeys: 2 }).verify(issuer.sign()),
      JwksUnavailableError,
      'ERR_JWKS_TOO_MANY_KEYS',
    );
    const small = await issuerFor();
    await expectRejection(
      verifierFor(small, { maxJwksBytes: 100 }).verify(small.sign()),
      JwksUnavailableError,
      'ERR_JWKS_TOO_LARGE',
      {
        message: /announced/,
      },
    );
  });

  it('keeps serving the last good JWKS when a refresh fails, until staleIfErrorMs', async () => {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer, {
      cacheMaxAgeMs: 60_000,
      staleIfErrorMs: 3_600_000,
      cooldownMs: 10_000,
    });
    await verifier.verify(issuer.sign());
    issuer.setJwksFault('status-500');
    clock += 120_000;
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
    expect(issuer.requests.jwks).toBe(2);
    // Within the cooldown after a failure, no new attempt.
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
    expect(issuer.requests.jwks).toBe(2);
    clock += 10_000;
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
    expect(issuer.requests.jwks).toBe(3);
    // Beyond cacheMaxAgeMs + staleIfErrorMs, the stale copy is no longer used.
    clock = START + 60_000 + 3_600_000 + 1;
    await expectRejection(verifier.verify(issuer.sign()), JwksUnavailableError, 'ERR_JWKS_STALE', {
      message: /could not be refreshed.*HTTP 500/,
    });
    issuer.setJwksFault(undefined);
    clock += 10_000;
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
  });

  /** A verifier that cached the keys, then the endpoint failing (500) while the issuer signs with a new key. */
  async function rotatedDuringOutage() {
    const issuer = await issuerFor();
    const verifier = verifierFor(issuer);
    await verifier.verify(issuer.sign());
    issuer.setJwksFault('status-500');
    await issuer.rotateKeys();
    await expectRejection(verifier.verify(issuer.sign()), JwksUnavailableError, 'ERR_JWKS_HTTP_STATUS');
    return { issuer, verifier };
  }

  it('reports an unknown kid during an outage as JwksUnavailableError (the key may be new)', async () => {
    const { issuer, verifier } = await rotatedDuringOutage();
    // The old key keeps working from the cache.
    await expect(verifier.verify(issuer.sign({}, { previousKey: 1 }))).resolves.toBeDefined();
  });

  it('answers an unknown kid with JwksUnavailableError within the cooldown too, while the endpoint fails', async () => {
    const { issuer, verifier } = await rotatedDuringOutage();
    // No new request within the cooldown, and still "cannot decide" rather than "unknown key".
    const error = await expectRejection(
      verifier.verify(issuer.sign()),
      JwksUnavailableError,
      'ERR_JWKS_HTTP_STATUS',
      {
        message: /no key .*cannot be refetched \(the key may be new\)\. Last error: .*answered HTTP 500/i,
      },
    );
    expect(error.status).toBe(500);
    expect(error.uri).toBe(issuer.jwksUri);
    expect(error.cause).toBeInstanceOf(JwksUnavailableError);
    expect(issuer.requests.jwks).toBe(2);
    // The endpoint is back and the cooldown over: the new key is fetched.
    issuer.setJwksFault(undefined);
    clock += 10_000;
    await expect(verifier.verify(issuer.sign())).resolves.toBeDefined();
    expect(issuer.requests.jwks).toBe(3);
    // Right after a good refetch, a made-up kid is refused (401), not reported as an outage.
    await expectRejection(
      verifier.verify(issuer.sign({}, { kid: 'made-up' })),
      JwtVerificationError,
      'ERR_JWT_KEY_NOT_FOUND',
      {
        message: /next refetch is allowed in 10 s/,
      },
    );
  });

  it('fails with ERR_JWKS_FETCH when nothing listens', async () => {
    const issuer = await issuerFor();
    const { jwksUri } = issuer;
    await issuer.close();
    open.splice(open.indexOf(issuer), 1);
    const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwksUri, now });
    await expectRejection(verifier.verify(issuer.sign()), JwksUnavailableError, 'ERR_JWKS_FETCH', {
      message: /could not be fetched/,
    });
  });
});

describe('key cache entries per kid', () => {
  it('does not let a token without kid open the way for a token with kid ""', async () => {
    const issuer = await createTestIssuer({ audience: 'aud-1' });
    try {
      const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'aud-1', jwks: issuer.jwks() });
      const emptyKid = issuer.sign({}, { kid: '' });
      const first = await verifier.verify(emptyKid).then(
        () => 'accepted',
        (error: { code?: string }) => error.code,
      );
      await verifier.verify(issuer.sign({}, { kid: null }));
      const second = await verifier.verify(emptyKid).then(
        () => 'accepted',
        (error: { code?: string }) => error.code,
      );
      expect(first).toBe('ERR_JWT_KEY_NOT_FOUND');
      expect(second).toBe(first);
    } finally {
      await issuer.close();
    }
  });
});
