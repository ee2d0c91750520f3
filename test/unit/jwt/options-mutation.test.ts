import { describe, expect, it } from 'vitest';
import {
  BearerTokenError,
  cognitoUserPool,
  createJwtVerifier,
  extractBearerToken,
  InvalidJwtOptionsError,
  type JwtVerifierOptions,
} from '../../../src/jwt/index.js';
import { invalidOptions } from '../../support/jwt-helpers.js';

const base: JwtVerifierOptions = { issuer: 'https://auth.example.com', audience: 'client' };

describe('createJwtVerifier options: messages', () => {
  it.each<[string, unknown, string, string]>([
    ['options that are not an object', 'x', 'options', 'expected an object, got string.'],
    ['null options', null, 'options', 'expected an object, got null.'],
    [
      'a numeric issuer',
      { ...base, issuer: 5 },
      'issuer',
      'expected the issuer URL as a non-empty string, got number.',
    ],
    [
      'an empty issuer',
      { ...base, issuer: '' },
      'issuer',
      'expected the issuer URL as a non-empty string, got "".',
    ],
    [
      'an issuer with leading whitespace',
      { ...base, issuer: ' https://auth.example.com' },
      'issuer',
      'the issuer has leading or trailing whitespace; it must match "iss" exactly.',
    ],
    ['an empty audience', { ...base, audience: '' }, 'audience', 'expected a non-empty string.'],
    [
      'a numeric audience',
      { ...base, audience: 5 },
      'audience',
      'expected a non-empty array of strings, got number.',
    ],
    [
      'an empty audience list',
      { ...base, audience: [] },
      'audience',
      'expected a non-empty array of strings, got array.',
    ],
    [
      'an audience list with an empty string',
      { ...base, audience: ['a', ''] },
      'audience',
      'expected non-empty strings, got "".',
    ],
    [
      'an audience list with a number',
      { ...base, audience: ['a', 1] },
      'audience',
      'expected non-empty strings, got number.',
    ],
    [
      'alg none',
      { ...base, algorithms: ['none'] },
      'algorithms',
      '"none" (unsigned tokens) can never be accepted.',
    ],
    [
      'an unknown algorithm',
      { ...base, algorithms: ['RS256', 'RS1'] },
      'algorithms',
      'unsupported algorithm "RS1".',
    ],
    [
      'a string of algorithms',
      { ...base, algorithms: 'RS256' },
      'algorithms',
      'expected a non-empty array of strings, got string.',
    ],
    [
      'a bad audience claim',
      { ...base, audienceClaims: ['aud', 'azp'] },
      'audienceClaims',
      'expected "aud" and/or "client_id", got "azp".',
    ],
    [
      'required claims that are not a list',
      { ...base, requiredClaims: 'sub' },
      'requiredClaims',
      'expected an array of strings, got string.',
    ],
    [
      'a scope with a tab',
      { ...base, requiredScopes: ['a\tb'] },
      'requiredScopes',
      'a scope cannot contain whitespace: "a\\tb".',
    ],
    [
      'expected claims as a list',
      { ...base, expectedClaims: ['x'] },
      'expectedClaims',
      'expected an object of claim → value, got array.',
    ],
    [
      'expected claims as null',
      { ...base, expectedClaims: null },
      'expectedClaims',
      'expected an object of claim → value, got null.',
    ],
    ['an empty typ', { ...base, typ: '' }, 'typ', 'expected a non-empty string, got "".'],
    ['a numeric typ', { ...base, typ: 1 }, 'typ', 'expected a non-empty string, got number.'],
    [
      'a string requireExpiration',
      { ...base, requireExpiration: 'no' },
      'requireExpiration',
      'expected a boolean.',
    ],
    [
      'a negative tolerance',
      { ...base, clockToleranceSeconds: -1 },
      'clockToleranceSeconds',
      'expected a number ≥ 0, got number.',
    ],
    [
      'a string tolerance',
      { ...base, clockToleranceSeconds: '5' },
      'clockToleranceSeconds',
      'expected a number ≥ 0, got "5".',
    ],
    [
      'a negative maximum age',
      { ...base, maxTokenAgeSeconds: -1 },
      'maxTokenAgeSeconds',
      'expected a number ≥ 0, got number.',
    ],
    ['a zero timeout', { ...base, timeoutMs: 0 }, 'timeoutMs', 'expected a number ≥ 1, got number.'],
    ['a zero JWKS size', { ...base, maxJwksBytes: 0 }, 'maxJwksBytes', 'expected a number ≥ 1, got number.'],
    ['zero JWKS keys', { ...base, maxJwksKeys: 0 }, 'maxJwksKeys', 'expected a number ≥ 1, got number.'],
    [
      'a zero token size',
      { ...base, maxTokenBytes: 0 },
      'maxTokenBytes',
      'expected a number ≥ 1, got number.',
    ],
    [
      'an infinite cooldown',
      { ...base, cooldownMs: Number.POSITIVE_INFINITY },
      'cooldownMs',
      'expected a number ≥ 0, got Infinity.',
    ],
    [
      'a negative stale window',
      { ...base, staleIfErrorMs: -1 },
      'staleIfErrorMs',
      'expected a number ≥ 0, got number.',
    ],
    ['a numeric JWKS URL', { ...base, jwksUri: 5 }, 'jwksUri', 'it is not a string.'],
    ['a relative JWKS URL', { ...base, jwksUri: '/jwks' }, 'jwksUri', 'it is not an absolute URL.'],
    [
      'an http JWKS URL',
      { ...base, jwksUri: 'http://auth.example.com/jwks' },
      'jwksUri',
      'it must use https (http is accepted for loopback addresses only), got "http:".',
    ],
    [
      'a clock that is not a function',
      { ...base, now: 5 },
      'now',
      'expected a function returning milliseconds since the epoch.',
    ],
    [
      'issuers that are not a list',
      { issuers: base },
      'issuers',
      'expected a non-empty array of issuer options.',
    ],
    [
      'a duplicate issuer',
      { issuers: [base, base] },
      'issuers',
      'issuer "https://auth.example.com" is listed twice.',
    ],
    [
      'an issuer entry that is not an object',
      { issuers: [base, 'x'] },
      'issuers[1]',
      'expected an object, got string.',
    ],
  ])('refuses %s', (_label, options, option, message) => {
    const error = invalidOptions(options);
    expect(error.option).toBe(option);
    expect(error.message).toBe(`Invalid option ${option}: ${message}`);
  });

  it('says the audience is required, and refuses an empty audienceClaims or non-object expectedClaims', () => {
    expect(invalidOptions({ issuer: base.issuer }).message).toBe(
      'Invalid option audience: it is required: pass the client id the tokens are issued for (FusionAuth, Cognito: the app client id), or null to skip the check.',
    );
    expect(invalidOptions({ ...base, audienceClaims: [] }).message).toBe(
      'Invalid option audienceClaims: expected a non-empty array of strings, got array.',
    );
    expect(invalidOptions({ ...base, expectedClaims: 'x' }).message).toBe(
      'Invalid option expectedClaims: expected an object of claim → value, got string.',
    );
  });

  it('names the bad expected claim and what it may be', () => {
    for (const value of [{ y: 1 }, [], [{ y: 1 }], [1, null], null]) {
      const error = invalidOptions({ ...base, expectedClaims: { tier: value } });
      expect(error.option).toBe('expectedClaims.tier');
      expect(error.message).toBe(
        'Invalid option expectedClaims.tier: expected a string, number or boolean, or a non-empty array of them.',
      );
    }
  });

  it('accepts the boundary values of numeric options', () => {
    expect(() =>
      createJwtVerifier({
        ...base,
        clockToleranceSeconds: 0,
        maxTokenAgeSeconds: 0,
        timeoutMs: 1,
        maxJwksBytes: 1,
        maxJwksKeys: 1,
        maxTokenBytes: 1,
        cacheMaxAgeMs: 0,
        cooldownMs: 0,
        staleIfErrorMs: 0,
        requiredClaims: [],
        requiredScopes: [],
        expectedClaims: { a: 'x', b: 1, c: true, d: ['x', 2, false] },
        audience: ['a', 'b'],
        audienceClaims: ['client_id', 'aud'],
        algorithms: ['ES256'],
        typ: 'at+jwt',
        requireExpiration: false,
      }),
    ).not.toThrow();
  });

  it('explains why a shared-secret algorithm is refused', () => {
    expect(invalidOptions({ ...base, algorithms: ['HS384'] }).message).toBe(
      'Invalid option algorithms: "HS384" is a shared-secret algorithm; a JWKS holds public keys, so only asymmetric algorithms (RS256, PS256, ES256, EdDSA, ...) are accepted. Switch the issuer\'s signing key to RS256.',
    );
  });

  it('reads only HS256, HS384 and HS512 as shared-secret algorithms', () => {
    for (const alg of ['HS256x', 'xHS256', 'HS1']) {
      expect(invalidOptions({ ...base, algorithms: [alg] }).message).toBe(
        `Invalid option algorithms: unsupported algorithm "${alg}".`,
      );
    }
  });

  it('requires a JWKS URL when the issuer cannot be discovered, and says why', () => {
    expect(invalidOptions({ ...base, issuer: 'my-issuer' }).message).toMatch(
      /^Invalid option jwksUri: required when the issuer cannot be used for OIDC discovery \(.+\)\. Give the JWKS URL, or a jwks\.$/,
    );
    expect(invalidOptions({ issuers: [{ ...base, issuer: 'my-issuer' }] }).option).toBe('issuers[0].jwksUri');
    expect(() => createJwtVerifier({ ...base, issuer: 'my-issuer', jwks: { keys: [] } })).not.toThrow();
  });

  it('reports a bad JWKS option with the JWKS problem', () => {
    const error = invalidOptions({ ...base, jwks: { keys: 'x' } });
    expect(error.option).toBe('jwks');
    expect(error.message).toMatch(/^Invalid option jwks: The document at option jwks is not a JWKS/);
    expect(invalidOptions({ ...base, maxJwksKeys: 1, jwks: { keys: [{}, {}] } }).message).toMatch(
      /holds 2 keys, more than maxJwksKeys \(1\)/,
    );
  });

  it('lists the issuers it serves, frozen', () => {
    const verifier = createJwtVerifier({
      issuers: [base, { ...base, issuer: 'https://other.example.com' }],
    });
    expect(verifier.issuers).toEqual(['https://auth.example.com', 'https://other.example.com']);
    expect(Object.isFrozen(verifier.issuers)).toBe(true);
  });
});

describe('extractBearerToken: messages', () => {
  function error(value: unknown): BearerTokenError {
    try {
      extractBearerToken(value as string);
    } catch (caught) {
      expect(caught).toBeInstanceOf(BearerTokenError);
      return caught as BearerTokenError;
    }
    throw new Error('expected a BearerTokenError');
  }

  it.each<[unknown, string, string]>([
    [
      null,
      'ERR_BEARER_MISSING',
      'No Authorization header: expected "Bearer <token>". Check the identity source of the authorizer.',
    ],
    [
      'xBearer abc',
      'ERR_BEARER_SCHEME',
      'The Authorization header uses the "xBearer" scheme; expected "Bearer <token>".',
    ],
    [
      undefined,
      'ERR_BEARER_MISSING',
      'No Authorization header: expected "Bearer <token>". Check the identity source of the authorizer.',
    ],
    [42, 'ERR_BEARER_MISSING', 'The Authorization header value is not a string.'],
    [' ', 'ERR_BEARER_EMPTY', 'The Authorization header is empty.'],
    ['Bearer', 'ERR_BEARER_EMPTY', 'The Authorization header says "Bearer" but carries no token.'],
    [
      'Bearer a b',
      'ERR_BEARER_MALFORMED',
      'The bearer token contains whitespace; expected "Bearer <token>" with a single token.',
    ],
    [
      'Bearer a\u00a0b',
      'ERR_BEARER_MALFORMED',
      'The bearer token contains whitespace; expected "Bearer <token>" with a single token.',
    ],
    [
      'Basic abc',
      'ERR_BEARER_SCHEME',
      'The Authorization header uses the "Basic" scheme; expected "Bearer <token>".',
    ],
    [
      'Digest\tabc',
      'ERR_BEARER_SCHEME',
      'The Authorization header uses the "Digest" scheme; expected "Bearer <token>".',
    ],
    [
      'abc.def',
      'ERR_BEARER_SCHEME',
      'The Authorization header has no scheme; expected "Bearer <token>". Did the client send the bare token?',
    ],
    [
      '1abc def',
      'ERR_BEARER_SCHEME',
      'The Authorization header has no scheme; expected "Bearer <token>". Did the client send the bare token?',
    ],
    [
      `${'S'.repeat(21)} abc`,
      'ERR_BEARER_SCHEME',
      'The Authorization header has no scheme; expected "Bearer <token>". Did the client send the bare token?',
    ],
    [
      'Bearerx abc',
      'ERR_BEARER_SCHEME',
      'The Authorization header uses the "Bearerx" scheme; expected "Bearer <token>".',
    ],
  ])('%j → %s', (value, code, message) => {
    const caught = error(value);
    expect(caught.code).toBe(code);
    expect(caught.message).toBe(message);
  });

  it('accepts a scheme name of 20 characters as a scheme', () => {
    expect(error(`${'S'.repeat(20)} abc`).message).toBe(
      `The Authorization header uses the "${'S'.repeat(20)}" scheme; expected "Bearer <token>".`,
    );
  });
});

describe('cognitoUserPool: refusals', () => {
  it.each<[unknown, string, string]>([
    [{ userPoolId: 'us-east-1', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "us-east-1"'],
    [{ userPoolId: 'x us-east-1_Ab', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "x us-east-1_Ab"'],
    [{ userPoolId: 'us-east-1_Ab!', clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got "us-east-1_Ab!"'],
    [{ userPoolId: 42, clientId: 'c', tokenUse: 'id' }, 'userPoolId', 'got number'],
    [undefined, 'userPoolId', 'got undefined'],
    [
      { userPoolId: 'us-east-1_Ab', clientId: 'c', tokenUse: 'ID' },
      'tokenUse',
      'expected "access" or "id", got "ID".',
    ],
  ])('%j', (options, option, detail) => {
    try {
      cognitoUserPool(options as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidJwtOptionsError);
      expect((error as InvalidJwtOptionsError).option).toBe(option);
      expect((error as Error).message).toMatch(
        new RegExp(`^Invalid option ${option}: .*${detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
  });

  it('accepts user pools of regions with a two-digit number', () => {
    expect(
      cognitoUserPool({
        userPoolId: 'ap-southeast-12_Ab1',
        clientId: 'c',
        tokenUse: 'id',
        issuerType: 'original',
      }).issuer,
    ).toBe('https://cognito-idp.ap-southeast-12.amazonaws.com/ap-southeast-12_Ab1');
  });

  it('keeps requiredScopes only when given, and maps the token use to its audience claim', () => {
    const id = cognitoUserPool({
      userPoolId: 'eu-west-1_Ab1',
      clientId: null,
      tokenUse: 'id',
      issuerType: 'original',
    });
    expect(id).not.toHaveProperty('requiredScopes');
    expect(id.audienceClaims).toEqual(['aud']);
    expect(id.expectedClaims).toEqual({ token_use: 'id' });
    expect(id.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab1');
    const access = cognitoUserPool({
      userPoolId: 'us-gov-west-1_Ab1',
      clientId: ['a', 'b'],
      tokenUse: 'access',
      requiredScopes: ['r'],
    });
    expect(access.requiredScopes).toEqual(['r']);
    expect(access.audience).toEqual(['a', 'b']);
    expect(access.issuer).toEqual([
      'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Ab1',
      'https://issuer-cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Ab1',
    ]);
  });
});
