import { createJwtVerifier, type JwtVerifierOptions } from 'lambda-authorizer-kit/jwt';
import { describe, expect, it } from 'vitest';
import { invalidOptions } from '../../support/jwt-helpers.js';

const base: JwtVerifierOptions = { issuer: 'https://auth.example.com', audience: 'client' };

describe('createJwtVerifier options', () => {
  it('accepts valid options without any I/O', () => {
    const verifier = createJwtVerifier(base);
    expect(verifier.issuers).toEqual(['https://auth.example.com']);
  });

  it.each([
    ['no options', undefined, 'options'],
    ['no issuer', { audience: 'x' }, 'issuer'],
    ['an issuer with whitespace', { ...base, issuer: 'https://auth.example.com ' }, 'issuer'],
    ['no audience', { issuer: base.issuer }, 'audience'],
    ['HS256', { ...base, algorithms: ['HS256'] }, 'algorithms'],
    ['an unknown algorithm', { ...base, algorithms: ['RS1'] }, 'algorithms'],
    ['a non-URL issuer without jwksUri', { ...base, issuer: 'my-issuer' }, 'jwksUri'],
    ['an http issuer to discover', { ...base, issuer: 'http://auth.example.com' }, 'jwksUri'],
    ['a NaN cache age', { ...base, cacheMaxAgeMs: Number.NaN }, 'cacheMaxAgeMs'],
    ['a bad audience claim', { ...base, audienceClaims: ['azp'] }, 'audienceClaims'],
    ['a scope with a space', { ...base, requiredScopes: ['a b'] }, 'requiredScopes'],
    ['a bad expected claim', { ...base, expectedClaims: { x: { y: 1 } } }, 'expectedClaims.x'],
    ['an empty issuers list', { issuers: [] }, 'issuers'],
    ['a bad issuer entry', { issuers: [base, { issuer: 'https://x.example.com' }] }, 'issuers[1].audience'],
  ])('refuses %s', (_name, options, option) => {
    const error = invalidOptions(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`Invalid option ${option}`);
  });

  it('explains why HS256 is refused', () => {
    expect(invalidOptions({ ...base, algorithms: ['HS256'] }).message).toMatch(/shared-secret.*RS256/);
  });
});

describe('createJwtVerifier options: what each refusal says', () => {
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

  it('names the option of a bad issuer entry with its index', () => {
    const jwks = { keys: [] };
    for (const [entry, option] of [
      [{ typ: '' }, 'issuers[1].typ'],
      [{ requireExpiration: 'yes' }, 'issuers[1].requireExpiration'],
      [{ maxTokenAgeSeconds: -1 }, 'issuers[1].maxTokenAgeSeconds'],
      [{ requiredClaims: 'sub' }, 'issuers[1].requiredClaims'],
      [{ jwks: { keys: 1 } }, 'issuers[1].jwks'],
    ] as const) {
      const error = invalidOptions({
        issuers: [
          { ...base, jwks },
          { issuer: 'https://b.example.com', audience: 'client', jwks, ...entry },
        ],
      });
      expect(error.option).toBe(option);
    }
    expect(invalidOptions({ issuers: [{ ...base, jwks: { keys: 1 } }] }).message).toMatch(
      /^Invalid option issuers\[0\]\.jwks: The document at option issuers\[0\]\.jwks is not a JWKS/,
    );
  });
});
