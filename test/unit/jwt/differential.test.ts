import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseToken } from '../../../src/cli/diagnose.js';
import {
  createJwtVerifier,
  DEFAULT_ALGORITHMS,
  type JsonWebKeySet,
  type JwtAlgorithm,
  JwtVerificationError,
} from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import {
  assertNoLeak,
  parts,
  payloadOf,
  segment,
  tamperSignature,
  withPayload,
} from '../../support/jwt-helpers.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const S = NOW / 1000;
const ALGORITHMS: JwtAlgorithm[] = ['RS256', 'PS384', 'ES256', 'ES512', 'EdDSA'];

interface Case {
  readonly name: string;
  readonly token: string;
  /** `stricter`: a documented case where this verifier refuses what jose accepts. */
  readonly kind?: 'same' | 'stricter';
  readonly tolerance?: number;
}

const issuers = new Map<JwtAlgorithm, TestIssuer>();

beforeAll(async () => {
  for (const algorithm of ALGORITHMS)
    issuers.set(algorithm, await createTestIssuer({ algorithm, now: () => NOW }));
});
afterAll(() => Promise.all([...issuers.values()].map((issuer) => issuer.close())));

async function decisions(issuer: TestIssuer, jwks: JsonWebKeySet, token: string, tolerance = 0) {
  const ours = createJwtVerifier({
    issuer: issuer.issuer,
    audience: ['test-client', 'second-client'],
    jwks,
    now: () => NOW,
    clockToleranceSeconds: tolerance,
  });
  const oursResult = await ours.verify(token).then(
    () => 'accept' as const,
    (error: unknown) => {
      expect(error, String(error)).toBeInstanceOf(JwtVerificationError);
      assertNoLeak((error as Error).message, token);
      return 'reject' as const;
    },
  );
  const joseResult = await jwtVerify(
    token,
    createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]),
    {
      issuer: issuer.issuer,
      audience: ['test-client', 'second-client'],
      algorithms: [...DEFAULT_ALGORITHMS],
      clockTolerance: tolerance,
      currentDate: new Date(NOW),
      requiredClaims: ['exp'],
    },
  ).then(
    () => 'accept' as const,
    () => 'reject' as const,
  );
  return { ours: oursResult, jose: joseResult };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Sets an unused low bit of the last character: other text, same bytes (when the length allows it). */
function nonCanonical(value: string): string {
  const last = ALPHABET.indexOf(value.charAt(value.length - 1));
  return `${value.slice(0, -1)}${ALPHABET.charAt(last | 1)}`;
}

function corpus(issuer: TestIssuer): Case[] {
  const valid = issuer.sign({ sub: 'user' });
  const [header, payload, signature] = parts(valid);
  const hs256 = (() => {
    const input = `${segment({ alg: 'HS256', kid: issuer.kid })}.${payload}`;
    const secret = JSON.stringify(issuer.jwks().keys[0]);
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  })();
  return [
    { name: 'valid', token: valid },
    { name: 'valid, audience array', token: issuer.sign({ aud: ['x', 'second-client'] }) },
    {
      name: 'valid, jku/x5u/jwk headers present',
      token: issuer.sign({}, { header: { jku: 'https://evil', x5u: 'https://evil', jwk: {} } }),
    },
    { name: 'valid, no kid (single key)', token: issuer.sign({}, { kid: null }) },
    { name: 'valid, iat in the future', token: issuer.sign({ iat: S + 3600 }) },
    { name: 'expired', token: issuer.sign({ exp: S - 1 }) },
    { name: 'exp equals now', token: issuer.sign({ exp: S }) },
    { name: 'expired within tolerance', token: issuer.sign({ exp: S - 10 }), tolerance: 30 },
    { name: 'expired beyond tolerance', token: issuer.sign({ exp: S - 31 }), tolerance: 30 },
    { name: 'nbf in the future', token: issuer.sign({ nbf: S + 1 }) },
    { name: 'nbf within tolerance', token: issuer.sign({ nbf: S + 20 }), tolerance: 30 },
    { name: 'nbf in the past', token: issuer.sign({ nbf: S - 1 }) },
    { name: 'exp a string', token: issuer.sign({ exp: String(S + 60) }) },
    { name: 'nbf a string', token: issuer.sign({ nbf: 'soon' }) },
    { name: 'no exp', token: issuer.sign({ exp: undefined }) },
    { name: 'wrong issuer', token: issuer.sign({ iss: 'https://evil.example.com' }) },
    { name: 'issuer with trailing slash', token: issuer.sign({ iss: `${issuer.issuer}/` }) },
    { name: 'no issuer', token: issuer.sign({ iss: undefined }) },
    { name: 'wrong audience', token: issuer.sign({ aud: 'other' }) },
    { name: 'audience array without match', token: issuer.sign({ aud: ['a', 'b'] }) },
    { name: 'no audience', token: issuer.sign({ aud: undefined }) },
    { name: 'audience a number', token: issuer.sign({ aud: 5 }) },
    { name: 'tampered payload', token: withPayload(valid, { ...payloadOf(valid), sub: 'admin' }) },
    { name: 'tampered signature', token: tamperSignature(valid) },
    { name: 'truncated signature', token: `${header}.${payload}.${signature.slice(0, 40)}` },
    { name: 'empty signature', token: `${header}.${payload}.` },
    {
      name: 'signature of another token',
      token: `${header}.${payload}.${parts(issuer.sign({ sub: 'x' }))[2]}`,
    },
    { name: 'alg none', token: `${segment({ alg: 'none', kid: issuer.kid })}.${payload}.` },
    {
      name: 'alg none with signature',
      token: `${segment({ alg: 'none', kid: issuer.kid })}.${payload}.${signature}`,
    },
    { name: 'HS256 with the public JWK as secret', token: hs256 },
    {
      name: 'alg changed in header',
      token: `${segment({ alg: issuer.algorithm === 'RS256' ? 'PS256' : 'RS256', kid: issuer.kid })}.${payload}.${signature}`,
    },
    { name: 'unknown kid', token: issuer.sign({}, { kid: 'unknown' }) },
    { name: 'kid a number', token: issuer.sign({}, { header: { kid: 1 } }) },
    { name: 'crit unknown', token: issuer.sign({}, { header: { crit: ['foo'], foo: 1 } }) },
    { name: 'crit names a missing parameter', token: issuer.sign({}, { header: { crit: ['foo'] } }) },
    { name: 'crit empty', token: issuer.sign({}, { header: { crit: [] } }) },
    {
      name: 'crit b64 true',
      token: issuer.sign({}, { header: { crit: ['b64'], b64: true } }),
      kind: 'stricter',
    },
    { name: 'extra segment', token: `${valid}.${signature}` },
    { name: 'two segments', token: `${header}.${payload}` },
    { name: 'padding on a segment', token: `${header}.${payload}=.${signature}` },
    {
      name: 'standard base64 alphabet',
      token: `${header}.${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`,
    },
    { name: 'whitespace inside', token: `${header}. ${payload}.${signature}` },
    { name: 'payload is an array', token: `${header}.${segment([1, 2])}.${signature}` },
    { name: 'payload not JSON', token: `${header}.${segment('{"sub":')}.${signature}` },
    { name: 'header not JSON', token: `${segment('nope')}.${payload}.${signature}` },
    ...(signature.length % 4 === 0
      ? []
      : [
          {
            name: 'non-canonical base64url signature',
            token: `${header}.${payload}.${nonCanonical(signature)}`,
            kind: 'stricter' as const,
          },
        ]),
    { name: 'huge valid token', token: issuer.sign({ padding: 'x'.repeat(20_000) }), kind: 'stricter' },
    { name: 'empty string', token: '' },
  ];
}

describe('differential: the same decision as jose.jwtVerify', () => {
  it.each(ALGORITHMS)('agrees with jose on the %s corpus', async (algorithm) => {
    const issuer = issuers.get(algorithm) as TestIssuer;
    const jwks = issuer.jwks();
    const disagreements: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const testCase of corpus(issuer)) {
      const { ours, jose } = await decisions(issuer, jwks, testCase.token, testCase.tolerance);
      if (testCase.kind === 'stricter') {
        expect(ours, testCase.name).toBe('reject');
        continue;
      }
      if (ours !== jose) disagreements.push(`${testCase.name}: ours ${ours}, jose ${jose}`);
      if (ours === 'accept') accepted += 1;
      else rejected += 1;
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(8);
    expect(rejected).toBeGreaterThanOrEqual(30);
  });

  it('agrees with jose on random claim sets (property)', async () => {
    const issuer = issuers.get('ES256') as TestIssuer;
    const jwks = issuer.jwks();
    const offset = fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          exp: offset,
          nbf: offset,
          iat: offset,
          iss: fc.constantFrom(issuer.issuer, `${issuer.issuer}/`, 'https://other.example.com', undefined),
          aud: fc.constantFrom(
            'test-client',
            'second-client',
            ['x', 'test-client'],
            ['x'],
            'x',
            undefined,
            3,
          ),
          tolerance: fc.constantFrom(0, 5, 60),
          tamper: fc.boolean(),
        }),
        async ({ exp, nbf, iat, iss, aud, tolerance, tamper }) => {
          const claims = {
            exp: exp === undefined ? undefined : S + exp,
            nbf: nbf === undefined ? undefined : S + nbf,
            iat: iat === undefined ? undefined : S + iat,
            iss,
            aud,
          };
          const signed = issuer.sign(claims);
          const token = tamper ? tamperSignature(signed) : signed;
          const { ours, jose } = await decisions(issuer, jwks, token, tolerance);
          expect(ours).toBe(jose);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("diagnose: its verdict is verify()'s on the same inputs", () => {
  it.each(ALGORITHMS)('on the %s corpus', async (algorithm) => {
    const issuer = issuers.get(algorithm) as TestIssuer;
    const settings = {
      issuer: issuer.issuer,
      audience: 'test-client',
      jwksUri: issuer.jwksUri,
      now: () => NOW,
    };
    const verifier = createJwtVerifier({ ...settings, audience: 'test-client' });
    const differences: string[] = [];
    const verdicts = new Set<string>();
    for (const testCase of corpus(issuer)) {
      if (testCase.tolerance !== undefined) continue;
      const verified = await verifier.verify(testCase.token).then(
        () => 'accepted',
        (error: unknown) => (error instanceof JwtVerificationError ? 'rejected' : 'undecided'),
      );
      const { verdict } = await diagnoseToken({ ...settings, token: testCase.token });
      verdicts.add(verdict);
      if (verdict !== verified) differences.push(`${testCase.name}: diagnose ${verdict}, verify ${verified}`);
    }
    expect(differences).toEqual([]);
    expect([...verdicts].sort()).toEqual(['accepted', 'rejected']);
  });
});
