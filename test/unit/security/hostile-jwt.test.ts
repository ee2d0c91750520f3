import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearJwksCache,
  cognitoUserPool,
  createJwtVerifier,
  discoveryUrl,
  extractBearerToken,
  JwtVerificationError,
  type JwtVerifier,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import {
  expectErrorClass,
  HostileInputError,
  hostileString,
  hostileValue,
  NASTY_CHARS,
  RUNS,
  resolvesOrRejectsTyped,
  returnsOrThrowsTyped,
} from './hostile.js';

let issuer: TestIssuer;
/** Keys given in the options: no input can cause a network request. */
let staticVerifier: JwtVerifier;
/** Keys from the test issuer's loopback JWKS endpoint. */
let remoteVerifier: JwtVerifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithm: 'ES256' });
  staticVerifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwks: issuer.jwks() });
  remoteVerifier = createJwtVerifier({
    issuer: issuer.issuer,
    audience: 'test-client',
    jwksUri: issuer.jwksUri,
  });
});
afterAll(() => issuer.close());

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** JSON values for claims and header parameters, including the extremes JSON can carry. */
const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  hostileString,
  fc.constantFrom(-0, 1e308, -1e308, 2 ** 53 + 1, 0.5, '', [], {}, [null], { __proto__: null }),
);

/** Sometimes adds an own "__proto__" property, as JSON.parse makes for a '{"__proto__": ...}' text. */
function withProtoKey<T extends Record<string, unknown>>(value: T): fc.Arbitrary<T> {
  return fc.boolean().map((add) =>
    add
      ? Object.defineProperty({ ...value }, '__proto__', {
          value: { alg: 'ES256', iss: 'polluted', aud: 'test-client' },
          enumerable: true,
          configurable: true,
          writable: true,
        })
      : value,
  );
}

/** Mostly absent, sometimes `value`: keeps a good share of the signed tokens valid. */
function rarely(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const headerArb = fc
  .record({
    alg: rarely(
      fc.oneof(
        fc.constantFrom('ES256', 'RS256', 'PS256', 'EdDSA', 'none', 'None', 'HS256', 'es256'),
        jsonish,
      ),
    ),
    kid: rarely(fc.oneof(fc.constant('unknown-kid'), jsonish)),
    typ: rarely(fc.oneof(fc.constantFrom('JWT', 'at+jwt', 'JOSE'), jsonish)),
    crit: rarely(fc.oneof(fc.constant(['exp']), jsonish)),
    jku: rarely(fc.constant('https://attacker.example/jwks.json')),
    jwk: rarely(fc.constant({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' })),
    b64: rarely(fc.constant(false)),
  })
  .map(defined)
  .chain(withProtoKey);

function claimsArb(now: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      iss: rarely(
        fc.oneof(
          fc.constantFrom(`${issuer.issuer}/`, issuer.issuer.toUpperCase(), ` ${issuer.issuer}`),
          jsonish,
        ),
      ),
      aud: rarely(
        fc.oneof(
          fc.constantFrom('test-client', ['other', 'test-client'], 'TEST-CLIENT', ['other'], 'test-client '),
          jsonish,
        ),
      ),
      exp: rarely(
        fc.oneof(
          fc.constantFrom(now + 3600, now - 1, now, 1e308, -1e308, 0, '9999999999', Number.MAX_SAFE_INTEGER),
          jsonish,
        ),
      ),
      nbf: rarely(fc.oneof(fc.constantFrom(now + 3600, now - 10, 1e308, -1e308, '0'), jsonish)),
      iat: rarely(fc.oneof(fc.constantFrom(now + 3600, now - 10, 1e308), jsonish)),
      sub: rarely(jsonish),
      scope: rarely(jsonish),
      constructor: rarely(jsonish),
    })
    .map(defined)
    .chain(withProtoKey);
}

/** A resolved verify() must be a token that every configured rule accepts. */
function expectAcceptable(header: Record<string, unknown>, payload: Record<string, unknown>, now: number) {
  expect(payload.iss).toBe(issuer.issuer);
  const aud = payload.aud;
  expect(aud === 'test-client' || (Array.isArray(aud) && aud.includes('test-client'))).toBe(true);
  expect(typeof payload.exp === 'number' && payload.exp > now).toBe(true);
  if (payload.nbf !== undefined) expect(typeof payload.nbf === 'number' && payload.nbf <= now).toBe(true);
  if (payload.iat !== undefined) expect(typeof payload.iat).toBe('number');
  expect(header.alg).toBe('ES256');
  expect(header.crit).toBeUndefined();
}

async function neverResolves(verifier: JwtVerifier, token: unknown): Promise<void> {
  const outcome = await resolvesOrRejectsTyped(() => verifier.verify(token as string));
  expect(outcome.ok, 'a garbage token was accepted').toBe(false);
  if (!outcome.ok && !(outcome.error instanceof HostileInputError)) {
    expect(outcome.error).toBeInstanceOf(JwtVerificationError);
  }
}

describe('extractBearerToken: hostile header values', () => {
  it('returns one whitespace-free token or throws JwtVerificationError', () => {
    const headerValue = fc.oneof(
      hostileValue,
      hostileString.map((s) => `Bearer ${s}`),
      fc.tuple(fc.constantFrom(...NASTY_CHARS), hostileString).map(([a, b]) => `${a}Bearer${a}${b}${a}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer\u0000x',
        'Bearer\u00a0x',
        'Bearer x y',
        'Basic x',
        'Bearer\tx',
      ),
    );
    fc.assert(
      fc.property(headerValue, (value) => {
        const outcome = returnsOrThrowsTyped(() => extractBearerToken(value as string));
        if (!outcome.ok) {
          expectErrorClass(outcome.error, 'JwtVerificationError');
          return;
        }
        expect(typeof outcome.value).toBe('string');
        expect(outcome.value).not.toBe('');
        expect(outcome.value).not.toMatch(/\s/);
        expect(typeof value === 'string' && value.includes(outcome.value)).toBe(true);
      }),
      { numRuns: RUNS.quick },
    );
  });
});

describe('verify: garbage never resolves', () => {
  it('rejects random values of any type with a JwtVerificationError', async () => {
    await fc.assert(
      fc.asyncProperty(hostileValue, (token) => neverResolves(staticVerifier, token)),
      { numRuns: RUNS.quick },
    );
  });

  it('rejects token-shaped strings with random header and payload JSON', async () => {
    const signature = issuer.sign().split('.')[2] as string;
    const segmentText = fc.oneof(
      headerArb.map((h) => JSON.stringify(h)),
      jsonish.map((v) => JSON.stringify(v) ?? 'null'),
      hostileString,
    );
    await fc.assert(
      fc.asyncProperty(
        segmentText,
        fc.oneof(
          claimsArb(Math.floor(Date.now() / 1000)).map((c) => JSON.stringify({ iss: issuer.issuer, ...c })),
          segmentText,
        ),
        fc.oneof(fc.constant(signature), fc.stringMatching(/^[A-Za-z0-9_-]{0,90}$/), hostileString),
        fc.constantFrom('.', '..', '.\u0000'),
        (header, payload, sig, dot) =>
          neverResolves(staticVerifier, `${b64(header)}${dot}${b64(payload)}.${sig}`),
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('rejects hostile tokens against a real loopback JWKS endpoint, refetching at most once per cooldown', async () => {
    clearJwksCache();
    // A cooldown longer than any run, so the bound below does not depend on the machine's speed.
    const verifier = createJwtVerifier({
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
      cooldownMs: 3_600_000,
    });
    const before = issuer.requests.jwks;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileValue,
          headerArb.map(
            (h) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify({ iss: issuer.issuer }))}.AAAA`,
          ),
        ),
        (token) => neverResolves(verifier, token),
      ),
      { numRuns: RUNS.medium },
    );
    // The first fetch, then at most one refetch for unknown kids within the cooldown.
    expect(issuer.requests.jwks - before).toBeLessThanOrEqual(2);
  });
});

describe('verify: tokens signed by the issuer with hostile headers and claims', () => {
  it('resolves only for tokens every rule accepts; altered copies never resolve', async () => {
    const now = Math.floor(Date.now() / 1000);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        claimsArb(now),
        headerArb,
        fc.boolean(),
        fc.nat(),
        async (claims, header, useRemote, at) => {
          let token: string;
          try {
            token = issuer.sign(claims, { header });
          } catch {
            return; // not JSON-serializable: not a token anyone can send
          }
          const [h, p, s] = token.split('.') as [string, string, string];
          const decodedHeader = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<
            string,
            unknown
          >;
          const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
          const verifier = useRemote ? remoteVerifier : staticVerifier;
          const outcome = await resolvesOrRejectsTyped(() => verifier.verify(token));
          if (outcome.ok) {
            accepted += 1;
            expectAcceptable(decodedHeader, payload, Math.floor(Date.now() / 1000));
            expect(outcome.value).toEqual(payload);
          } else {
            expect(outcome.error).toBeInstanceOf(JwtVerificationError);
          }
          // Any single-character change to a segment must be refused.
          const segments = [h, p, s];
          const which = at % 3;
          const target = segments[which] as string;
          const index = target.length === 0 ? 0 : (at >> 2) % target.length;
          const swapped = target[index] === 'A' ? 'B' : 'A';
          segments[which] = `${target.slice(0, index)}${swapped}${target.slice(index + 1)}`;
          await neverResolves(verifier, segments.join('.'));
        },
      ),
      { numRuns: RUNS.medium },
    );
    // The generator keeps a share of the tokens valid, so the oracle above is exercised.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('createJwtVerifier: hostile options', () => {
  it('returns a verifier or throws InvalidOptionError', () => {
    const option = (valid: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          fc.record(
            {
              issuer: option(fc.constantFrom('https://issuer.example', 'http://127.0.0.1:1', 'not a url')),
              audience: option(fc.constantFrom('client', null, ['a', 'b'], [])),
              jwks: option(fc.constant(issuer.jwks())),
              jwksUri: option(
                fc.constantFrom(
                  'https://issuer.example/jwks',
                  'http://example.com/jwks',
                  'file:///etc/passwd',
                ),
              ),
              algorithms: option(fc.constantFrom(['ES256'], ['none'], ['HS256'], [])),
              clockToleranceSeconds: hostileValue,
              maxTokenBytes: hostileValue,
              maxJwksBytes: hostileValue,
              timeoutMs: hostileValue,
              requiredScopes: option(fc.constantFrom(['a b'], ['read'])),
              expectedClaims: hostileValue,
              issuers: option(
                fc.array(fc.constant({ issuer: 'https://a.example', audience: null }), { maxLength: 2 }),
              ),
              now: hostileValue,
              typ: hostileValue,
            },
            { requiredKeys: [] },
          ),
        ),
        (options) => {
          const outcome = returnsOrThrowsTyped(() => createJwtVerifier(options as never));
          if (outcome.ok) expect(typeof outcome.value.verify).toBe('function');
          else expectErrorClass(outcome.error, 'InvalidOptionError');
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});

describe('sparse arrays in the options', () => {
  it('expectedClaims with a hole is refused: a hole would match a missing claim', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the hostile input.
    const expectedClaims = { tenant: ['a', , 'b'] };
    const outcome = returnsOrThrowsTyped(() =>
      createJwtVerifier({
        issuer: issuer.issuer,
        audience: 'test-client',
        jwks: issuer.jwks(),
        expectedClaims,
      } as never),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expectErrorClass(outcome.error, 'InvalidOptionError');
  });
});

describe('cognitoUserPool and discoveryUrl: hostile input', () => {
  it('return a value or throw InvalidOptionError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          fc.record(
            {
              userPoolId: fc.oneof(fc.constantFrom('us-east-1_AbCdEf', 'eu-west-1_x'), hostileValue),
              clientId: hostileValue,
              tokenUse: fc.oneof(fc.constantFrom('access', 'id'), hostileValue),
              requiredScopes: hostileValue,
            },
            { requiredKeys: [] },
          ),
        ),
        hostileValue,
        (options, issuerValue) => {
          const pool = returnsOrThrowsTyped(() => cognitoUserPool(options as never));
          if (pool.ok) {
            for (const name of [pool.value.issuer].flat())
              expect(name).toMatch(/^https:\/\/(issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//);
          } else expectErrorClass(pool.error, 'InvalidOptionError');
          const url = returnsOrThrowsTyped(() => discoveryUrl(issuerValue as string));
          if (url.ok) expect(url.value.endsWith('/.well-known/openid-configuration')).toBe(true);
          else expectErrorClass(url.error, 'InvalidOptionError');
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});
