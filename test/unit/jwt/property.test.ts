import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, JwtVerificationError, type JwtVerifier } from '../../../src/jwt/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { assertNoLeak, parts, segment } from '../../support/jwt-helpers.js';

let issuer: TestIssuer;
let verifier: JwtVerifier;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithm: 'ES256' });
  // A static JWKS: no input can cause a network request.
  verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwks: issuer.jwks() });
});
afterAll(() => issuer.close());

async function onlyTypedErrors(token: string): Promise<void> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtVerificationError);
    expect((error as JwtVerificationError).code).toMatch(/^ERR_JWT_[A-Z_]+$/);
    assertNoLeak((error as Error).message, token);
    return;
  }
  throw new Error('a random input was accepted');
}

const base64urlSegment = fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/);
const jsonValue = fc.jsonValue({ maxDepth: 2 });

describe('verify() on random input', () => {
  it('only ever throws a JwtVerificationError for random strings', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300, unit: 'binary' }), onlyTypedErrors), {
      numRuns: 300,
    });
  });

  it('only ever throws a JwtVerificationError for random dot-separated segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(base64urlSegment, { minLength: 1, maxLength: 6 }), (segments) =>
        onlyTypedErrors(segments.join('.')),
      ),
      { numRuns: 300 },
    );
  });

  it('only ever throws a JwtVerificationError for random JSON headers and payloads', async () => {
    const [, , signature] = parts(issuer.sign());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonValue,
          fc.record({
            alg: fc.constantFrom('ES256', 'RS256', 'none', 'HS256'),
            kid: fc.oneof(jsonValue, fc.constant(issuer.kid)),
            crit: fc.option(jsonValue, { nil: undefined }),
          }),
        ),
        fc.oneof(
          jsonValue,
          fc.record({
            iss: fc.oneof(jsonValue, fc.constant(issuer.issuer)),
            aud: jsonValue,
            exp: jsonValue,
            nbf: jsonValue,
          }),
        ),
        fc.constantFrom(signature, '', 'AAAA'),
        (header, payload, sig) =>
          onlyTypedErrors(`${segment(JSON.stringify(header))}.${segment(JSON.stringify(payload))}.${sig}`),
      ),
      { numRuns: 300 },
    );
  });
});
