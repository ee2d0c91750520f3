import { describe, expectTypeOf, it } from 'vitest';
import {
  type CognitoUserPoolOptions,
  cognitoUserPool,
  createJwtVerifier,
  type JwksUnavailableError,
  type JwtErrorCode,
  type JwtIssuerOptions,
  type JwtPayload,
  type JwtVerificationError,
  type JwtVerifier,
  type JwtVerifierOptions,
} from '../../../src/jwt/index.js';

describe('types', () => {
  it('requires issuer and audience, and types verify()', () => {
    expectTypeOf<JwtVerifierOptions>()
      .toHaveProperty('audience')
      .toEqualTypeOf<string | readonly string[] | null>();
    // @ts-expect-error audience is required
    const missing: JwtIssuerOptions = { issuer: 'https://a.example.com' };
    expectTypeOf(missing).toEqualTypeOf<JwtIssuerOptions>();
    const verifier = createJwtVerifier({ issuer: 'https://a.example.com', audience: null });
    expectTypeOf(verifier).toEqualTypeOf<JwtVerifier>();
    interface Custom extends JwtPayload {
      tenant: string;
    }
    expectTypeOf(verifier.verify<Custom>).returns.resolves.toEqualTypeOf<Custom>();
    expectTypeOf(verifier.verify).returns.resolves.toEqualTypeOf<JwtPayload>();
  });

  it('narrows error codes and claims', () => {
    expectTypeOf<JwtVerificationError['claim']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<'ERR_JWT_EXPIRED'>().toExtend<JwtVerificationError['code']>();
    expectTypeOf<'ERR_BEARER_MISSING'>().toExtend<JwtVerificationError['code']>();
    expectTypeOf<'ERR_JWKS_FETCH'>().not.toExtend<JwtVerificationError['code']>();
    // The module's one code union is the union of its classes' codes and the options error's.
    expectTypeOf<JwtErrorCode>().toEqualTypeOf<
      JwtVerificationError['code'] | JwksUnavailableError['code'] | 'ERR_INVALID_OPTION'
    >();
    expectTypeOf<CognitoUserPoolOptions['tokenUse']>().toEqualTypeOf<'access' | 'id'>();
    expectTypeOf(cognitoUserPool).returns.toEqualTypeOf<JwtIssuerOptions>();
  });
});
