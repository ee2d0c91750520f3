import { extractBearerToken, JwtVerificationError } from 'lambda-authorizer-kit/jwt';
import { describe, expect, it } from 'vitest';
import { caught } from '../../support/catch.js';
import { assertNoLeak } from '../../support/jwt-helpers.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVlLXNlY3JldA';

/** The error `extractBearerToken(value)` throws, checked to be typed and to leak nothing. */
async function rejection(value: string | null | undefined): Promise<JwtVerificationError> {
  const error = await caught<JwtVerificationError>(() => extractBearerToken(value));
  expect(error).toBeInstanceOf(JwtVerificationError);
  assertNoLeak(error.message, TOKEN, [TOKEN, 'c2lnbmF0dXJlLXZhbHVl', 'dXNlcjpwYXNzd29yZA']);
  return error;
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
  ] as const)('refuses %j with %s', async (header, code) => {
    const error = await rejection(header);
    expect(error.code).toBe(code);
    expect(error.name).toBe('JwtVerificationError');
  });

  it('names another scheme but never echoes a bare token', async () => {
    expect((await rejection('Basic dXNlcjpwYXNzd29yZA')).message).toContain('"Basic"');
    expect((await rejection(TOKEN)).message).toMatch(/bare token/);
  });
});

describe('extractBearerToken: what each refusal says', () => {
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
  ])('%j → %s', async (value, code, message) => {
    const error = await caught(() => extractBearerToken(value as string));
    expect(error).toBeInstanceOf(JwtVerificationError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('accepts a scheme name of 20 characters as a scheme', async () => {
    const error = await caught(() => extractBearerToken(`${'S'.repeat(20)} abc`));
    expect(error).toBeInstanceOf(JwtVerificationError);
    expect(error.message).toBe(
      `The Authorization header uses the "${'S'.repeat(20)}" scheme; expected "Bearer <token>".`,
    );
  });
});
