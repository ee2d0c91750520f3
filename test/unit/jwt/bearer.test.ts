import { describe, expect, it } from 'vitest';
import { BearerTokenError, extractBearerToken } from '../../../src/jwt/index.js';
import { assertNoLeak } from '../../support/jwt-helpers.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVlLXNlY3JldA';

function rejection(value: string | null | undefined): BearerTokenError {
  try {
    extractBearerToken(value);
  } catch (error) {
    expect(error).toBeInstanceOf(BearerTokenError);
    assertNoLeak((error as BearerTokenError).message, TOKEN, [
      TOKEN,
      'c2lnbmF0dXJlLXZhbHVl',
      'dXNlcjpwYXNzd29yZA',
    ]);
    return error as BearerTokenError;
  }
  throw new Error('expected a BearerTokenError');
}

describe('extractBearerToken', () => {
  it.each([
    [`Bearer ${TOKEN}`],
    [`bearer ${TOKEN}`],
    [`BEARER ${TOKEN}`],
    [`  Bearer   ${TOKEN}  `],
    [`Bearer\t${TOKEN}`],
  ])('returns the token of %j', (header) => {
    expect(extractBearerToken(header)).toBe(TOKEN);
  });

  it.each([
    [undefined, 'ERR_BEARER_MISSING'],
    [null, 'ERR_BEARER_MISSING'],
    ['', 'ERR_BEARER_EMPTY'],
    ['   ', 'ERR_BEARER_EMPTY'],
    ['Bearer', 'ERR_BEARER_EMPTY'],
    ['Bearer    ', 'ERR_BEARER_EMPTY'],
    ['Basic dXNlcjpwYXNzd29yZA', 'ERR_BEARER_SCHEME'],
    [TOKEN, 'ERR_BEARER_SCHEME'],
    [`Token ${TOKEN}`, 'ERR_BEARER_SCHEME'],
    [`Bearer${TOKEN}`, 'ERR_BEARER_SCHEME'],
    [`Bearer ${TOKEN} extra`, 'ERR_BEARER_MALFORMED'],
  ] as const)('refuses %j with %s', (header, code) => {
    const error = rejection(header);
    expect(error.code).toBe(code);
    expect(error.name).toBe('BearerTokenError');
  });

  it('names another scheme but never echoes a bare token', () => {
    expect(rejection('Basic dXNlcjpwYXNzd29yZA').message).toContain('"Basic"');
    expect(rejection(TOKEN).message).toMatch(/bare token/);
  });

  it('refuses a non-string value as missing', () => {
    expect(rejection(42 as unknown as string).code).toBe('ERR_BEARER_MISSING');
  });
});
