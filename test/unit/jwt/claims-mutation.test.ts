import { describe, expect, it } from 'vitest';
import { type ClaimRules, compileClaimChecker, describeDuration } from '../../../src/jwt/claims.js';
import { decodeCompactJwt } from '../../../src/jwt/decode.js';
import { type JwtPayload, JwtVerificationError } from '../../../src/jwt/index.js';
import { segment } from '../../support/jwt-helpers.js';

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

function claimError(payload: Record<string, unknown>, rules: Partial<ClaimRules> = {}): JwtVerificationError {
  try {
    check(payload, rules);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtVerificationError);
    return error as JwtVerificationError;
  }
  throw new Error('expected a JwtVerificationError');
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
  ])('%d s → %s', (seconds, text) => {
    expect(describeDuration(seconds)).toBe(text);
  });
});

describe('time claims at their boundaries', () => {
  it('expires at exp, not one second later', () => {
    expect(() => check({ exp: NOW + 1 })).not.toThrow();
    const error = claimError({ exp: NOW });
    expect(error.code).toBe('ERR_JWT_EXPIRED');
    expect(error.claim).toBe('exp');
    expect(error.message).toBe(
      'The token expired just now (exp 2026-01-15T12:00:00Z, now 2026-01-15T12:00:00Z). Get a new token from the issuer.',
    );
  });

  it('lets the tolerance stretch exp and nbf by exactly its length, and says so', () => {
    expect(() => check({ exp: NOW - 4 }, { clockToleranceSeconds: 5 })).not.toThrow();
    const expired = claimError({ exp: NOW - 5 }, { clockToleranceSeconds: 5 });
    expect(expired.message).toContain(
      '(exp 2026-01-15T11:59:55Z, now 2026-01-15T12:00:00Z, clock tolerance 5 s)',
    );
    expect(() => check({ nbf: NOW + 5 }, { clockToleranceSeconds: 5 })).not.toThrow();
    const early = claimError({ nbf: NOW + 6 }, { clockToleranceSeconds: 5 });
    expect(early.code).toBe('ERR_JWT_NOT_YET_VALID');
    expect(early.claim).toBe('nbf');
    expect(early.message).toBe(
      "The token is not valid before 2026-01-15T12:00:06Z, 6 seconds from now (now 2026-01-15T12:00:00Z, clock tolerance 5 s). If the issuer's clock runs ahead, set clockToleranceSeconds.",
    );
  });

  it('accepts nbf equal to now', () => {
    expect(() => check({ nbf: NOW })).not.toThrow();
    expect(claimError({ nbf: NOW + 1 }).code).toBe('ERR_JWT_NOT_YET_VALID');
  });

  it('requires exp unless told otherwise', () => {
    const error = claimError({ exp: undefined });
    expect(error.code).toBe('ERR_JWT_CLAIM');
    expect(error.claim).toBe('exp');
    expect(error.message).toMatch(/^The token has no "exp" claim, so it would never expire/);
    expect(() => check({ exp: undefined }, { requireExpiration: false })).not.toThrow();
  });

  it('enforces maxTokenAgeSeconds to the second, with the tolerance', () => {
    const rules = { maxTokenAgeSeconds: 100, clockToleranceSeconds: 5 };
    expect(() => check({ iat: NOW - 105 }, rules)).not.toThrow();
    const old = claimError({ iat: NOW - 106 }, rules);
    expect(old.code).toBe('ERR_JWT_TOO_OLD');
    expect(old.claim).toBe('iat');
    expect(old.message).toBe(
      'The token was issued 106 seconds ago (iat 2026-01-15T11:58:14Z), more than maxTokenAgeSeconds (100, clock tolerance 5 s). Get a new token.',
    );
    expect(() => check({ iat: NOW + 5 }, rules)).not.toThrow();
    const future = claimError({ iat: NOW + 6 }, rules);
    expect(future.code).toBe('ERR_JWT_NOT_YET_VALID');
    expect(future.claim).toBe('iat');
    expect(future.message).toBe(
      `The token's "iat" (2026-01-15T12:00:06Z) is 6 seconds in the future. If the issuer's clock runs ahead, set clockToleranceSeconds.`,
    );
    const missing = claimError({}, rules);
    expect(missing.code).toBe('ERR_JWT_CLAIM');
    expect(missing.message).toBe('The token has no "iat" claim, which maxTokenAgeSeconds requires.');
  });

  it('ignores iat without maxTokenAgeSeconds', () => {
    expect(() => check({ iat: NOW + 10_000 })).not.toThrow();
  });

  it('refuses time claims that are not finite numbers, naming them', () => {
    for (const claim of ['exp', 'nbf', 'iat'] as const) {
      for (const [value, type] of [
        ['1', 'string'],
        [Number.POSITIVE_INFINITY, 'Infinity'],
        [null, 'null'],
      ] as const) {
        const error = claimError({ [claim]: value });
        expect(error.code).toBe('ERR_JWT_CLAIM');
        expect(error.claim).toBe(claim);
        expect(error.message).toBe(
          `The token's "${claim}" claim must be a number of seconds since the epoch, got ${type}.`,
        );
      }
    }
  });

  it('prints a date beyond the range of Date as the number', () => {
    expect(claimError({ exp: -1e20 }).message).toContain(
      '(exp -100000000000000000000, now 2026-01-15T12:00:00Z)',
    );
  });
});

describe('audience', () => {
  it('names the expected audience, one or several', () => {
    expect(claimError({ aud: 'other' }).message).toBe(
      'The token\'s "aud" is "other", expected "client". The audience is the client id of the application an ID token was issued to, or the identifier of the API (resource) an access token was issued for.',
    );
    const several = claimError({ aud: ['a', 'b'] }, { audience: ['c', 'd'] });
    expect(several.code).toBe('ERR_JWT_AUDIENCE');
    expect(several.claim).toBe('aud');
    expect(several.message).toMatch(/^The token's "aud" is \["a", "b"\], expected one of "c", "d"\./);
  });

  it('describes audience lists with non-strings and long lists', () => {
    expect(claimError({ aud: ['a', 7] }).message).toMatch(/is \["a", "number"\], expected "client"/);
    expect(claimError({ aud: [3] }).message).toMatch(/is number, expected/);
    expect(claimError({ aud: 7 }).message).toMatch(/is number, expected/);
    const many = Array.from({ length: 12 }, (_, i) => `a${i}`);
    expect(claimError({ aud: many }).message).toContain('"a8", "a9" and 2 more]');
    expect(claimError({ aud: [] }).message).toContain('is [none], expected');
    const ten = Array.from({ length: 10 }, (_, i) => `a${i}`);
    expect(claimError({ aud: ten }).message).toContain('"a8", "a9"], expected');
  });

  it('accepts a matching entry anywhere in a list, and ignores non-string entries', () => {
    expect(() => check({ aud: [5, 'x', 'client'] })).not.toThrow();
  });

  it('reads the claims in order and reports the first present one that does not match', () => {
    const rules = { audienceClaims: ['aud', 'client_id'] as const };
    expect(() => check({ aud: undefined, client_id: 'client' }, rules)).not.toThrow();
    const error = claimError({ aud: undefined, client_id: 'other' }, rules);
    expect(error.claim).toBe('client_id');
    expect(error.message).toMatch(/^The token's "client_id" is "other"/);
  });

  it('names the missing claims, and hints at client_id when the token has it', () => {
    const missing = claimError({ aud: undefined }, { audienceClaims: ['aud', 'client_id'] });
    expect(missing.claim).toBe('aud');
    expect(missing.message).toBe('The token has no "aud" or "client_id" claim; expected "client".');
    const hinted = claimError({ aud: undefined, client_id: 'client' });
    expect(hinted.message).toMatch(
      /^The token has no "aud" claim; expected "client"\. It carries "client_id" instead/,
    );
    expect(claimError({ aud: undefined, client_id: 5 }).message).toBe(
      'The token has no "aud" claim; expected "client".',
    );
  });

  it('cuts long values and points at the first configured claim', () => {
    const long = 'x'.repeat(100);
    expect(claimError({ aud: [long, 'y'] }).message).toContain(`is ["${'x'.repeat(80)}", "y"]`);
    const missing = claimError({ aud: undefined }, { audienceClaims: ['client_id'] });
    expect(missing.claim).toBe('client_id');
    expect(missing.message).toBe('The token has no "client_id" claim; expected "client".');
  });

  it('skips the check when the audience is null', () => {
    expect(() => check({ aud: 'anything' }, { audience: null })).not.toThrow();
  });
});

describe('required and expected claims, scopes', () => {
  it('requires own claims only', () => {
    const error = claimError({}, { requiredClaims: ['tenant'] });
    expect(error.claim).toBe('tenant');
    expect(error.message).toBe('The token lacks the required claim "tenant".');
    expect(claimError({}, { requiredClaims: ['toString'] }).claim).toBe('toString');
    expect(() => check({ tenant: null }, { requiredClaims: ['tenant'] })).not.toThrow();
  });

  it('compares expected claims strictly and explains the difference', () => {
    const rules = { expectedClaims: { level: [1, 2], token_use: 'id' } };
    expect(() => check({ level: 2, token_use: 'id' }, rules)).not.toThrow();
    expect(claimError({ level: '2', token_use: 'id' }, rules).message).toBe(
      'The token\'s "level" is "2", expected one of 1, 2.',
    );
    expect(claimError({ level: 1 }, rules).message).toBe(
      'The token has no "token_use" claim; expected "id". Cognito issues "id" and "access" tokens: send the kind the verifier expects, or change tokenUse.',
    );
    expect(claimError({ level: 1, token_use: 'access' }, rules).message).toMatch(
      /^The token's "token_use" is "access", expected "id"\. Cognito issues/,
    );
    expect(claimError({}, { expectedClaims: { constructor: 'x' } }).message).toBe(
      'The token has no "constructor" claim; expected "x".',
    );
  });

  it('reads scopes from scope and scp, as a string or a list', () => {
    const rules = { requiredScopes: ['a', 'b'] };
    expect(() => check({ scope: 'a  b' }, rules)).not.toThrow();
    expect(() => check({ scp: ['a', 'b'] }, rules)).not.toThrow();
    expect(() => check({ scope: 'a', scp: ['b', 7] }, rules)).not.toThrow();
    const one = claimError({ scope: 'a c' }, rules);
    expect(one.code).toBe('ERR_JWT_SCOPE');
    expect(one.claim).toBe('scope');
    expect(one.message).toBe(
      'The token lacks the scope "b" (its scopes: "a", "c"). Request it when getting the token, or grant it to the client.',
    );
    expect(claimError({ scope: 'a  c', scp: [7, 'd'] }, rules).message).toMatch(
      /\(its scopes: "a", "c", "d"\)/,
    );
    expect(claimError({ scope: 7 }, rules).message).toBe(
      'The token lacks the scopes "a", "b" (its scopes: none). Request them when getting the token, or grant them to the client.',
    );
  });
});

describe('decodeCompactJwt', () => {
  const header = segment({ alg: 'RS256' });
  const payload = segment({ sub: 'x' });

  function malformed(token: unknown, max = 1000): JwtVerificationError {
    try {
      decodeCompactJwt(token, max);
    } catch (error) {
      expect(error).toBeInstanceOf(JwtVerificationError);
      return error as JwtVerificationError;
    }
    throw new Error('expected a JwtVerificationError');
  }

  it('decodes the header and the payload, with or without a signature segment', () => {
    const decoded = decodeCompactJwt(`${header}.${payload}.AQID`, 1000);
    expect(decoded.header).toEqual({ alg: 'RS256' });
    expect(decoded.payload).toEqual({ sub: 'x' });
    expect(decodeCompactJwt(`${header}.${payload}.`, 1000).payload).toEqual({ sub: 'x' });
  });

  it('checks the size before anything else, at maxTokenBytes exactly', () => {
    const token = `${header}.${payload}.AQID`;
    expect(() => decodeCompactJwt(token, token.length)).not.toThrow();
    const error = malformed(token, token.length - 1);
    expect(error.code).toBe('ERR_JWT_TOO_LARGE');
    expect(error.message).toBe(
      `The token is ${token.length} characters long, more than maxTokenBytes (${token.length - 1}). Raise maxTokenBytes if your issuer really sends tokens this large.`,
    );
  });

  it.each<[string, unknown, string]>([
    ['a number', 42, 'A token must be a string, got number.'],
    ['an empty string', '', 'The token is empty.'],
    [
      'a Bearer header',
      'Bearer x.y.z',
      'The token starts with "Bearer ": pass the header value through extractBearerToken() first.',
    ],
    [
      'one segment',
      'abc',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 1. Did you pass the whole Authorization header, or an opaque access token?',
    ],
    [
      'two segments',
      'a.b',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 2.',
    ],
    [
      'four segments',
      'a.b.c.d',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 4.',
    ],
    [
      'five segments',
      'a.b.c.d.e',
      'A JWT has 3 dot-separated segments (header.payload.signature), this token has 5. Encrypted tokens (JWE) are not supported.',
    ],
    ['an empty header', `.${payload}.AQID`, "The token's header segment is empty."],
    ['an empty payload', `${header}..AQID`, "The token's payload segment is empty."],
    [
      'a padded signature',
      `${header}.${payload}.AQI=`,
      'The token\'s signature segment is not canonical base64url (no padding, no "+" or "/").',
    ],
    [
      'a non-canonical header',
      `${header}x.${payload}.AQID`,
      'The token\'s header segment is not canonical base64url (no padding, no "+" or "/").',
    ],
    [
      'a non-JSON payload',
      `${header}.${segment('not json')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'invalid UTF-8',
      `${header}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'a payload that is not valid UTF-8 inside a string',
      `${header}.${Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64url')}.AQID`,
      "The token's payload is not UTF-8 JSON once base64url-decoded.",
    ],
    [
      'an array header',
      `${segment([1])}.${payload}.AQID`,
      "The token's header must be a JSON object, got array.",
    ],
    [
      'a null payload',
      `${header}.${segment('null')}.AQID`,
      "The token's payload must be a JSON object, got null.",
    ],
    [
      'a string payload',
      `${header}.${segment('"x"')}.AQID`,
      "The token's payload must be a JSON object, got string.",
    ],
  ])('refuses %s with a message that says what is wrong', (_label, token, message) => {
    const error = malformed(token);
    expect(error.code).toBe('ERR_JWT_MALFORMED');
    expect(error.message).toBe(message);
  });

  it('reads "bearer" followed by any whitespace as a header value, and nothing else', () => {
    expect(malformed('bearer\tx.y.z').message).toMatch(/^The token starts with "Bearer "/);
    expect(malformed('Bearerx.y.z').message).toMatch(/^The token's header segment is not canonical/);
    expect(malformed('abc bearer x').message).toMatch(/^A JWT has 3 dot-separated segments/);
  });

  it('accepts base64url of every length but 4n+1, and only without stray bits', () => {
    for (const signature of ['', 'AA', 'AAA', 'AAAA', 'AQ', 'AQI', 'Zg', 'Zm8']) {
      expect(() => decodeCompactJwt(`${header}.${payload}.${signature}`, 1000)).not.toThrow();
    }
    for (const signature of ['A', 'AAAAA', 'AB', 'AE', 'AAB', 'Zh', 'Zm9', 'a+b', 'a/b_', 'AA==']) {
      expect(malformed(`${header}.${payload}.${signature}`).message).toMatch(
        /signature segment is not canonical/,
      );
    }
  });
});
