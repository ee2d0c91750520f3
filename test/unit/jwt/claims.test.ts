import { describe, expect, it } from 'vitest';
import { type ClaimRules, compileClaimChecker, describeDuration } from '../../../src/jwt/claims.js';
import { type JwtPayload, JwtVerificationError } from '../../../src/jwt/index.js';
import { caught } from '../../support/catch.js';

// The claim checks of src/jwt/claims.ts at their boundaries (to the second, with every rule alone),
// which verify() reaches only behind a signature.
const NOW = 1_768_478_400; // 2026-01-15T12:00:00Z
const RULES: ClaimRules = {
  audience: ['client'],
  audienceClaims: ['aud'],
  clockToleranceSeconds: 0,
  maxTokenAgeSeconds: undefined,
  requireExpiration: true,
  requiredClaims: [],
  requiredScopes: [],
  anyOfScopes: [],
  claimIncludes: [],
  expectedClaims: {},
};

function check(payload: Record<string, unknown>, rules: Partial<ClaimRules> = {}, now = NOW): void {
  compileClaimChecker({ ...RULES, ...rules })(
    { aud: 'client', exp: now + 60, ...payload } as JwtPayload,
    now,
  );
}

async function claimError(
  payload: Record<string, unknown>,
  rules: Partial<ClaimRules> = {},
): Promise<JwtVerificationError> {
  const error = await caught(() => check(payload, rules));
  expect(error).toBeInstanceOf(JwtVerificationError);
  return error as JwtVerificationError;
}

describe('describeDuration', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [-1, '1 second'],
    [1.4, '1 second'],
    [119, '119 seconds'],
    [120, '2 minutes'],
    [179, '2 minutes'],
    [7199, '119 minutes'],
    [7200, '2 hours'],
    [3600 * 48 - 1, '47 hours'],
    [3600 * 48, '2 days'],
    [86_400 * 365, '365 days'],
  ])('%d s → %s', async (seconds, text) => {
    expect(describeDuration(seconds)).toBe(text);
  });
});

describe('time claims at their boundaries', () => {
  it('expires at exp, not one second later', async () => {
    expect(() => check({ exp: NOW + 1 })).not.toThrow();
    const error = await claimError({ exp: NOW });
    expect(error.code).toBe('ERR_JWT_EXPIRED');
    expect(error.claim).toBe('exp');
    expect(error.message).toBe(
      'The token expired just now (exp 2026-01-15T12:00:00Z, now 2026-01-15T12:00:00Z). Get a new token from the issuer.',
    );
  });

  it('lets the tolerance stretch exp and nbf by exactly its length, and says so', async () => {
    expect(() => check({ exp: NOW - 4 }, { clockToleranceSeconds: 5 })).not.toThrow();
    const expired = await claimError({ exp: NOW - 5 }, { clockToleranceSeconds: 5 });
    expect(expired.message).toContain(
      '(exp 2026-01-15T11:59:55Z, now 2026-01-15T12:00:00Z, clock tolerance 5 s)',
    );
    expect(() => check({ nbf: NOW + 5 }, { clockToleranceSeconds: 5 })).not.toThrow();
    const early = await claimError({ nbf: NOW + 6 }, { clockToleranceSeconds: 5 });
    expect(early.code).toBe('ERR_JWT_NOT_YET_VALID');
    expect(early.claim).toBe('nbf');
    expect(early.message).toBe(
      "The token is not valid before 2026-01-15T12:00:06Z, 6 seconds from now (now 2026-01-15T12:00:00Z, clock tolerance 5 s). If the issuer's clock runs ahead, set clockToleranceSeconds.",
    );
  });

  it('accepts nbf equal to now', async () => {
    expect(() => check({ nbf: NOW })).not.toThrow();
    expect((await claimError({ nbf: NOW + 1 })).code).toBe('ERR_JWT_NOT_YET_VALID');
  });

  it('requires exp unless told otherwise', async () => {
    const error = await claimError({ exp: undefined });
    expect(error.code).toBe('ERR_JWT_CLAIM');
    expect(error.claim).toBe('exp');
    expect(error.message).toMatch(/^The token has no "exp" claim, so it would never expire/);
    expect(() => check({ exp: undefined }, { requireExpiration: false })).not.toThrow();
  });

  it('enforces maxTokenAgeSeconds to the second, with the tolerance', async () => {
    const rules = { maxTokenAgeSeconds: 100, clockToleranceSeconds: 5 };
    expect(() => check({ iat: NOW - 105 }, rules)).not.toThrow();
    const old = await claimError({ iat: NOW - 106 }, rules);
    expect(old.code).toBe('ERR_JWT_TOO_OLD');
    expect(old.claim).toBe('iat');
    expect(old.message).toBe(
      'The token was issued 106 seconds ago (iat 2026-01-15T11:58:14Z), more than maxTokenAgeSeconds (100, clock tolerance 5 s). Get a new token.',
    );
    expect(() => check({ iat: NOW + 5 }, rules)).not.toThrow();
    const future = await claimError({ iat: NOW + 6 }, rules);
    expect(future.code).toBe('ERR_JWT_NOT_YET_VALID');
    expect(future.claim).toBe('iat');
    expect(future.message).toBe(
      `The token's "iat" (2026-01-15T12:00:06Z) is 6 seconds in the future. If the issuer's clock runs ahead, set clockToleranceSeconds.`,
    );
    const missing = await claimError({}, rules);
    expect(missing.code).toBe('ERR_JWT_CLAIM');
    expect(missing.message).toBe('The token has no "iat" claim, which maxTokenAgeSeconds requires.');
  });

  it('ignores iat without maxTokenAgeSeconds', async () => {
    expect(() => check({ iat: NOW + 10_000 })).not.toThrow();
  });

  it('refuses time claims that are not finite numbers, naming them', async () => {
    for (const claim of ['exp', 'nbf', 'iat'] as const) {
      for (const [value, type] of [
        ['1', 'string'],
        [Number.POSITIVE_INFINITY, 'Infinity'],
        [null, 'null'],
      ] as const) {
        const error = await claimError({ [claim]: value });
        expect(error.code).toBe('ERR_JWT_CLAIM');
        expect(error.claim).toBe(claim);
        expect(error.message).toBe(
          `The token's "${claim}" claim must be a number of seconds since the epoch, got ${type}.`,
        );
      }
    }
  });

  it('prints a date beyond the range of Date as the number', async () => {
    expect((await claimError({ exp: -1e20 })).message).toContain(
      '(exp -100000000000000000000, now 2026-01-15T12:00:00Z)',
    );
  });
});

describe('audience', () => {
  it('names the expected audience, one or several', async () => {
    expect((await claimError({ aud: 'other' })).message).toBe(
      'The token\'s "aud" is "other", expected "client". The audience is the client id of the application an ID token was issued to, or the identifier of the API (resource) an access token was issued for.',
    );
    const several = await claimError({ aud: ['a', 'b'] }, { audience: ['c', 'd'] });
    expect(several.code).toBe('ERR_JWT_AUDIENCE');
    expect(several.claim).toBe('aud');
    expect(several.message).toMatch(/^The token's "aud" is \["a", "b"\], expected one of "c", "d"\./);
  });

  it('describes audience lists with non-strings and long lists', async () => {
    expect((await claimError({ aud: ['a', 7] })).message).toMatch(/is \["a", "number"\], expected "client"/);
    expect((await claimError({ aud: [3] })).message).toMatch(/is number, expected/);
    expect((await claimError({ aud: 7 })).message).toMatch(/is number, expected/);
    const many = Array.from({ length: 12 }, (_, i) => `a${i}`);
    expect((await claimError({ aud: many })).message).toContain('"a8", "a9" and 2 more]');
    expect((await claimError({ aud: [] })).message).toContain('is [none], expected');
    const ten = Array.from({ length: 10 }, (_, i) => `a${i}`);
    expect((await claimError({ aud: ten })).message).toContain('"a8", "a9"], expected');
  });

  it('accepts a matching entry anywhere in a list, and ignores non-string entries', async () => {
    expect(() => check({ aud: [5, 'x', 'client'] })).not.toThrow();
  });

  it('reads the claims in order and reports the first present one that does not match', async () => {
    const rules = { audienceClaims: ['aud', 'client_id'] as const };
    expect(() => check({ aud: undefined, client_id: 'client' }, rules)).not.toThrow();
    const error = await claimError({ aud: undefined, client_id: 'other' }, rules);
    expect(error.claim).toBe('client_id');
    expect(error.message).toMatch(/^The token's "client_id" is "other"/);
  });

  it('names the missing claims, and hints at client_id when the token has it', async () => {
    const missing = await claimError({ aud: undefined }, { audienceClaims: ['aud', 'client_id'] });
    expect(missing.claim).toBe('aud');
    expect(missing.message).toBe('The token has no "aud" or "client_id" claim; expected "client".');
    const hinted = await claimError({ aud: undefined, client_id: 'client' });
    expect(hinted.message).toMatch(
      /^The token has no "aud" claim; expected "client"\. It carries "client_id" instead/,
    );
    expect((await claimError({ aud: undefined, client_id: 5 })).message).toBe(
      'The token has no "aud" claim; expected "client".',
    );
  });

  it('cuts long values and points at the first configured claim', async () => {
    const long = 'x'.repeat(100);
    expect((await claimError({ aud: [long, 'y'] })).message).toContain(`is ["${'x'.repeat(80)}", "y"]`);
    const missing = await claimError({ aud: undefined }, { audienceClaims: ['client_id'] });
    expect(missing.claim).toBe('client_id');
    expect(missing.message).toBe('The token has no "client_id" claim; expected "client".');
  });

  it('skips the check when the audience is null', async () => {
    expect(() => check({ aud: 'anything' }, { audience: null })).not.toThrow();
  });
});

describe('required and expected claims, scopes', () => {
  it('requires own claims only', async () => {
    const error = await claimError({}, { requiredClaims: ['tenant'] });
    expect(error.claim).toBe('tenant');
    expect(error.message).toBe('The token lacks the required claim "tenant".');
    expect((await claimError({}, { requiredClaims: ['toString'] })).claim).toBe('toString');
    expect(() => check({ tenant: null }, { requiredClaims: ['tenant'] })).not.toThrow();
  });

  it('compares expected claims strictly and explains the difference', async () => {
    const rules = { expectedClaims: { level: [1, 2], token_use: 'id' } };
    expect(() => check({ level: 2, token_use: 'id' }, rules)).not.toThrow();
    expect((await claimError({ level: '2', token_use: 'id' }, rules)).message).toBe(
      'The token\'s "level" is "2", expected one of 1, 2.',
    );
    expect((await claimError({ level: 1 }, rules)).message).toBe(
      'The token has no "token_use" claim; expected "id". Cognito issues "id" and "access" tokens: send the kind the verifier expects, or change tokenUse.',
    );
    expect((await claimError({ level: 1, token_use: 'access' }, rules)).message).toMatch(
      /^The token's "token_use" is "access", expected "id"\. Cognito issues/,
    );
    expect((await claimError({}, { expectedClaims: { constructor: 'x' } })).message).toBe(
      'The token has no "constructor" claim; expected "x".',
    );
  });

  it('reads scopes from scope and scp, as a string or a list', async () => {
    const rules = { requiredScopes: ['a', 'b'] };
    expect(() => check({ scope: 'a  b' }, rules)).not.toThrow();
    expect(() => check({ scp: ['a', 'b'] }, rules)).not.toThrow();
    expect(() => check({ scope: 'a', scp: ['b', 7] }, rules)).not.toThrow();
    const one = await claimError({ scope: 'a c' }, rules);
    expect(one.code).toBe('ERR_JWT_SCOPE');
    expect(one.claim).toBe('scope');
    expect(one.message).toBe(
      'The token lacks the scope "b" (its scopes: "a", "c"). Request it when getting the token, or grant it to the client.',
    );
    expect((await claimError({ scope: 'a  c', scp: [7, 'd'] }, rules)).message).toMatch(
      /\(its scopes: "a", "c", "d"\)/,
    );
    expect((await claimError({ scope: 7 }, rules)).message).toBe(
      'The token lacks the scopes "a", "b" (its scopes: none). Request them when getting the token, or grant them to the client.',
    );
  });
});
