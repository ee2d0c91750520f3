import { describe, expect, it } from 'vitest';
import { createJwtVerifier, type JwtVerifierOptions } from '../../../src/jwt/index.js';
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
    ['an empty audience', { ...base, audience: '' }, 'audience'],
    ['an empty audience list', { ...base, audience: [] }, 'audience'],
    ['alg none', { ...base, algorithms: ['none'] }, 'algorithms'],
    ['HS256', { ...base, algorithms: ['HS256'] }, 'algorithms'],
    ['an unknown algorithm', { ...base, algorithms: ['RS1'] }, 'algorithms'],
    ['an http JWKS URL', { ...base, jwksUri: 'http://auth.example.com/jwks' }, 'jwksUri'],
    ['a relative JWKS URL', { ...base, jwksUri: '/jwks' }, 'jwksUri'],
    ['a non-URL issuer without jwksUri', { ...base, issuer: 'my-issuer' }, 'jwksUri'],
    ['an http issuer to discover', { ...base, issuer: 'http://auth.example.com' }, 'jwksUri'],
    ['a negative tolerance', { ...base, clockToleranceSeconds: -1 }, 'clockToleranceSeconds'],
    ['a zero timeout', { ...base, timeoutMs: 0 }, 'timeoutMs'],
    ['a NaN cache age', { ...base, cacheMaxAgeMs: Number.NaN }, 'cacheMaxAgeMs'],
    ['a bad audience claim', { ...base, audienceClaims: ['azp'] }, 'audienceClaims'],
    ['a scope with a space', { ...base, requiredScopes: ['a b'] }, 'requiredScopes'],
    ['a bad expected claim', { ...base, expectedClaims: { x: { y: 1 } } }, 'expectedClaims.x'],
    ['a bad JWKS', { ...base, jwks: { keys: 'x' } }, 'jwks'],
    ['a non-function clock', { ...base, now: 5 }, 'now'],
    ['an empty issuers list', { issuers: [] }, 'issuers'],
    ['a duplicate issuer', { issuers: [base, base] }, 'issuers'],
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
