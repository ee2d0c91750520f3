import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AuthorizerLogger, createTokenAuthorizer } from '../../../src/authorizer/index.js';
import {
  clearJwksCache,
  createJwtVerifier,
  JwksUnavailableError,
  JwtVerificationError,
  type JwtVerifier,
} from '../../../src/jwt/index.js';
import { tokenAuthorizerEvent } from '../../../src/testing/events.js';
import { createTestIssuer, type TestIssuer, type TestIssuerFault } from '../../../src/testing/issuer.js';
import { simulateApiGateway } from '../../../src/testing/simulate.js';
import { expectRejection } from '../../support/jwt-helpers.js';
import {
  closedAfterEachTest,
  type FrontMode,
  type JwksFront,
  startJwksFront,
} from '../../support/loopback.js';

/**
 * The fault matrix: for every way the JWKS endpoint can fail, what API Gateway answers through a real
 * TOKEN authorizer when nothing is cached (cold), when a good JWKS is cached but past cacheMaxAgeMs
 * (warm), for a token of a key the cache does not hold (unknown kid), once the cached JWKS is older
 * than cacheMaxAgeMs + staleIfErrorMs, and once the endpoint is back.
 *
 * Set FAULT_MATRIX_FILE to write the matrix as a Markdown table.
 */

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = T0;
const now = () => clock;
const SETTINGS = { timeoutMs: 300, cacheMaxAgeMs: 60_000, staleIfErrorMs: 600_000, cooldownMs: 10_000 };
const PAST_MAX_AGE = SETTINGS.cacheMaxAgeMs + 1_000;
const PAST_STALE_LIMIT = SETTINGS.cacheMaxAgeMs + SETTINGS.staleIfErrorMs + 1_000;

/** A JWKS endpoint with a fault that can be switched on and off. */
interface Rig {
  readonly issuer: TestIssuer;
  readonly jwksUri: string;
  on(): Promise<void> | void;
  off(): Promise<void> | void;
  /** Requests that reached the JWKS endpoint, when it can count them. */
  attempts(): number | undefined;
}

interface FaultCase {
  readonly fault: string;
  /** The code of the verifier's JwksUnavailableError when nothing is cached. */
  readonly code: JwksUnavailableError['code'];
  rig(issuer: TestIssuer): Promise<Rig>;
}

const { track } = closedAfterEachTest({
  afterEachTest: () => {
    clearJwksCache();
    clock = T0;
  },
  beforeCheck: () => {
    const file = process.env.FAULT_MATRIX_FILE;
    if (file !== undefined && file !== '') writeFileSync(file, faultMatrixMarkdown(matrix));
  },
});

function issuerFault(fault: TestIssuerFault) {
  return async (issuer: TestIssuer): Promise<Rig> => ({
    issuer,
    jwksUri: issuer.jwksUri,
    on: () => issuer.setJwksFault(fault),
    off: () => issuer.setJwksFault(undefined),
    attempts: () => issuer.requests.jwks,
  });
}

async function front(issuer: TestIssuer): Promise<JwksFront> {
  const started = await startJwksFront(() => issuer.jwks(), 5_000);
  return track(started);
}

function frontFault(mode: FrontMode) {
  return async (issuer: TestIssuer): Promise<Rig> => {
    const server = await front(issuer);
    return {
      issuer,
      jwksUri: server.jwksUri,
      on: () => server.setMode(mode),
      off: () => server.setMode('ok'),
      attempts: server.jwksRequests,
    };
  };
}

const FAULTS: FaultCase[] = [
  {
    fault: 'endpoint down (closed port)',
    code: 'ERR_JWKS_FETCH',
    async rig(issuer) {
      const server = await front(issuer);
      return { issuer, jwksUri: server.jwksUri, on: server.down, off: server.up, attempts: () => undefined };
    },
  },
  { fault: 'connection reset', code: 'ERR_JWKS_FETCH', rig: issuerFault('connection-reset') },
  { fault: 'slow (answers after timeoutMs)', code: 'ERR_JWKS_TIMEOUT', rig: frontFault('slow') },
  { fault: 'hang (never answers)', code: 'ERR_JWKS_TIMEOUT', rig: issuerFault('hang') },
  { fault: 'HTTP 500', code: 'ERR_JWKS_HTTP_STATUS', rig: issuerFault('status-500') },
  { fault: 'truncated body', code: 'ERR_JWKS_FETCH', rig: issuerFault('truncated') },
  { fault: 'invalid JSON', code: 'ERR_JWKS_INVALID', rig: issuerFault('invalid-json') },
  { fault: 'oversize body (4 MB)', code: 'ERR_JWKS_TOO_LARGE', rig: issuerFault('oversize') },
  { fault: 'redirect loop', code: 'ERR_JWKS_REDIRECT', rig: frontFault('redirect-loop') },
  { fault: 'endless redirects', code: 'ERR_JWKS_REDIRECT', rig: frontFault('redirect-chain') },
  { fault: 'redirect to a non-https host', code: 'ERR_JWKS_REDIRECT', rig: frontFault('redirect-insecure') },
];

interface MatrixRow {
  fault: string;
  code: JwksUnavailableError['code'];
  cold: number;
  warm: number;
  unknownKid: number;
  afterStaleLimit: number;
  recovered: number;
}

const matrix: MatrixRow[] = [];
const logged: string[] = [];
const logger: AuthorizerLogger = {
  error: (message, details) => logged.push(JSON.stringify({ message, ...details })),
};

function verifierFor(jwksUri: string, issuer: TestIssuer): JwtVerifier {
  return createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwksUri, now, ...SETTINGS });
}

/** What API Gateway answers for `token` through a TOKEN authorizer over `verifier`. */
async function status(verifier: JwtVerifier, token: string): Promise<number> {
  const handler = createTokenAuthorizer({ verifier, logger });
  const outcome = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: `Bearer ${token}` }));
  for (const line of logged.splice(0)) {
    expect(line).not.toContain(token.split('.')[2]);
    expect(line).not.toContain(token.split('.')[1]);
  }
  // A 500 is the authorizer saying it cannot decide, not a timeout or a malformed result.
  if (outcome.statusCode === 500)
    expect(outcome.reason).toContain('AuthorizerFailedError ERR_AUTHORIZER_FAILED');
  return outcome.statusCode;
}

async function newIssuer(options: { keepPreviousKeys?: number } = {}): Promise<TestIssuer> {
  const issuer = await createTestIssuer({ algorithm: 'ES256', now, ...options });
  return track(issuer);
}

/** The matrix as a Markdown table. */
function faultMatrixMarkdown(rows: readonly MatrixRow[]): string {
  const lines = [
    '| fault | cold (nothing cached) | warm (past cacheMaxAgeMs, known key) | unknown kid (new key) | after staleIfErrorMs | endpoint back | error code (cold) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.fault} | ${row.cold} | ${row.warm} | ${row.unknownKid} | ${row.afterStaleLimit} | ${row.recovered} | \`${row.code}\` |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

describe('fault matrix: the authorizer serves warm traffic from the last good JWKS and answers 500 when it cannot decide', () => {
  it.each(FAULTS)('$fault', async ({ fault, code, rig: makeRig }) => {
    const issuer = await newIssuer();
    const rig = await makeRig(issuer);
    const verifier = verifierFor(rig.jwksUri, issuer);

    // (a) Cold: nothing cached, the endpoint fails → 500, never 401, never allow.
    await rig.on();
    const coldToken = issuer.sign();
    const cold = await status(verifier, coldToken);
    await expectRejection(verifierFor(rig.jwksUri, issuer).verify(coldToken), JwksUnavailableError, code, {
      token: coldToken,
    });

    // A good fetch at T0.
    await rig.off();
    expect(await status(verifier, issuer.sign())).toBe(200);
    const afterGoodFetch = rig.attempts();

    // (b) Warm: the cached JWKS is past cacheMaxAgeMs and the refresh fails → the last good JWKS is used.
    await rig.on();
    clock = T0 + PAST_MAX_AGE;
    const warm = await status(verifier, issuer.sign());
    if (afterGoodFetch !== undefined) expect(rig.attempts()).toBeGreaterThan(afterGoodFetch);

    // A token of a key the cache does not hold (the issuer rotated during the outage): the key may
    // be new, so the authorizer cannot decide → 500, also when asked again within cooldownMs.
    await issuer.rotateKeys();
    const unknownKid = await status(verifier, issuer.sign());
    expect(await status(verifier, issuer.sign({ sub: 'again' }))).toBe(unknownKid);
    await expectRejection(verifier.verify(issuer.sign()), JwksUnavailableError, code);
    // Known keys keep working meanwhile.
    expect(await status(verifier, issuer.sign({}, { previousKey: 1 }))).toBe(warm);

    // (c) Past cacheMaxAgeMs + staleIfErrorMs: the stale copy is no longer used → 500.
    clock = T0 + PAST_STALE_LIMIT;
    const oldKeyToken = issuer.sign({}, { previousKey: 1 });
    const afterStaleLimit = await status(verifier, oldKeyToken);
    await expectRejection(verifier.verify(oldKeyToken), JwksUnavailableError, 'ERR_JWKS_STALE', {
      token: oldKeyToken,
    });

    // The endpoint is back: after the cooldown, the new key is fetched and accepted.
    await rig.off();
    clock += SETTINGS.cooldownMs;
    const recovered = await status(verifier, issuer.sign());

    const row: MatrixRow = { fault, code, cold, warm, unknownKid, afterStaleLimit, recovered };
    matrix.push(row);
    expect(row).toEqual({
      fault,
      code,
      cold: 500,
      warm: 200,
      unknownKid: 500,
      afterStaleLimit: 500,
      recovered: 200,
    });
  });

  it('renders the matrix as a Markdown table', () => {
    const table = faultMatrixMarkdown([
      {
        fault: 'HTTP 500',
        code: 'ERR_JWKS_HTTP_STATUS',
        cold: 500,
        warm: 200,
        unknownKid: 500,
        afterStaleLimit: 500,
        recovered: 200,
      },
    ]);
    expect(table.split('\n')[2]).toBe('| HTTP 500 | 500 | 200 | 500 | 500 | 200 | `ERR_JWKS_HTTP_STATUS` |');
  });
});

describe('keys changing mid-flight', () => {
  it('a refresh under way when the issuer rotates: old-key tokens pass, a new-key token gets one more fetch', async () => {
    const issuer = await newIssuer();
    const server = await front(issuer);
    const verifier = verifierFor(server.jwksUri, issuer);
    expect(await status(verifier, issuer.sign())).toBe(200);

    // The cache expires; the refresh request reaches the endpoint, which holds the answer (the JWKS
    // as it was when asked).
    clock = T0 + PAST_MAX_AGE;
    server.setMode('gated');
    const oldKeyToken = issuer.sign();
    const first = status(verifier, oldKeyToken);
    for (let wait = 0; server.jwksRequests() < 2 && wait < 100; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(server.jwksRequests()).toBe(2);

    // Meanwhile the issuer rotates, and tokens of both keys arrive.
    await issuer.rotateKeys();
    const pending = [
      first,
      ...Array.from({ length: 10 }, (_, index) => status(verifier, issuer.sign({ sub: `new-${index}` }))),
      ...Array.from({ length: 10 }, (_, index) =>
        status(verifier, issuer.sign({ sub: `old-${index}` }, { previousKey: 1 })),
      ),
    ];
    server.setMode('ok');
    server.release();
    expect(await Promise.all(pending)).toEqual(pending.map(() => 200));
    // The held refresh, then one refetch for the new kid: not one per token.
    expect(server.jwksRequests()).toBe(3);
  });

  it('concurrent tokens of a freshly rotated key share one refetch', async () => {
    const issuer = await newIssuer();
    const verifier = verifierFor(issuer.jwksUri, issuer);
    expect(await status(verifier, issuer.sign())).toBe(200);
    await issuer.rotateKeys();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        status(verifier, index % 2 === 0 ? issuer.sign() : issuer.sign({}, { previousKey: 1 })),
      ),
    );
    expect(statuses).toEqual(statuses.map(() => 200));
    expect(issuer.requests.jwks).toBe(2);
  });

  it('a flood of new-key tokens while the endpoint fails: all 500, the endpoint is not hammered', async () => {
    const issuer = await newIssuer();
    const verifier = verifierFor(issuer.jwksUri, issuer);
    expect(await status(verifier, issuer.sign())).toBe(200);
    issuer.setJwksFault('status-500');
    await issuer.rotateKeys();
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => status(verifier, issuer.sign({ sub: `user-${index}` }))),
    );
    expect(statuses).toEqual(statuses.map(() => 500));
    // Within cooldownMs: still 500 (cannot decide), and no new request.
    clock += SETTINGS.cooldownMs - 1;
    expect(await status(verifier, issuer.sign())).toBe(500);
    expect(issuer.requests.jwks).toBe(2);
    // The cached key keeps working: the cache is fresh.
    expect(await status(verifier, issuer.sign({}, { previousKey: 1 }))).toBe(200);
    // The endpoint is back and the cooldown over: the new key is fetched.
    issuer.setJwksFault(undefined);
    clock += 1;
    expect(await status(verifier, issuer.sign())).toBe(200);
    expect(issuer.requests.jwks).toBe(3);
  });

  it('a key the issuer stopped publishing is refused (401) once the refreshed JWKS no longer lists it', async () => {
    const issuer = await newIssuer({ keepPreviousKeys: 0 });
    const verifier = verifierFor(issuer.jwksUri, issuer);
    expect(await status(verifier, issuer.sign())).toBe(200);
    await issuer.rotateKeys();
    clock = T0 + PAST_MAX_AGE;
    const retired = issuer.sign({}, { previousKey: 1 });
    expect(await status(verifier, retired)).toBe(401);
    await expectRejection(verifier.verify(retired), JwtVerificationError, 'ERR_JWT_KEY_NOT_FOUND', {
      token: retired,
    });
    expect(await status(verifier, issuer.sign())).toBe(200);
  });
});
