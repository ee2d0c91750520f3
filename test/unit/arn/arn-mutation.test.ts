import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMethodArn,
  InvalidArnError,
  type MethodArn,
  parseMethodArn,
  routeInStage,
} from '../../../src/arn/index.js';
import { utf8Length } from '../../../src/arn/validate.js';

const PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/';
const GOOD: MethodArn = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
  apiId: 'abc',
  stage: 'prod',
  method: 'GET',
  path: '/',
};

function errorOf(fn: () => unknown): InvalidArnError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArnError);
    return error as InvalidArnError;
  }
  throw new Error('expected an InvalidArnError');
}

/** An ARN whose UTF-8 encoding is exactly `bytes` long, its path padded with `unit`. */
function arnOfBytes(bytes: number, unit: string): string {
  const unitBytes = Buffer.byteLength(unit);
  const room = bytes - Buffer.byteLength(PREFIX);
  const arn = PREFIX + unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes);
  expect(Buffer.byteLength(arn)).toBe(bytes);
  return arn;
}

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['\x7f', 1],
    ['\x80', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['\uffff', 3],
    ['😀', 4],
    ['\udbff\udfff', 4],
    ['\ud800\udc00', 4],
    ['\ud800', 3],
    ['\udbff', 3],
    ['\udc00', 3],
    ['\udfff', 3],
    ['\ud800a', 4],
    ['\ud800\ud800', 6],
    ['\ud800\ue000', 6],
    ['\ud800\udbff', 6],
    ['a\ud83d', 4],
    ['\udc00\ud800', 6],
    ['\u0800\udc00', 6],
    ['\ud7ff\udfff', 6],
    ['\ue000\udc00', 6],
    ['\udc00\udc00', 6],
    ['\udfff\udfff', 6],
  ])('counts %j as %i bytes, as Buffer.byteLength does', (text, bytes) => {
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(bytes);
  });

  it('agrees with Buffer.byteLength on any UTF-16 string, lone surrogates included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(utf8Length(a)).toBe(Buffer.byteLength(a));
        expect(utf8Length(b)).toBe(Buffer.byteLength(b));
        expect(utf8Length(a + b)).toBe(Buffer.byteLength(a + b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the 1600-byte limit', () => {
  it.each([
    ['ASCII', 'a'],
    ['2-byte', 'é'],
    ['3-byte', '中'],
    ['4-byte', '😀'],
  ])('parses an ARN of exactly 1600 bytes and refuses 1601 (%s path)', (_label, unit) => {
    const atLimit = arnOfBytes(1600, unit);
    expect(parseMethodArn(atLimit).path.length).toBeGreaterThan(0);
    expect(formatMethodArn(parseMethodArn(atLimit))).toBe(atLimit);
    const over = arnOfBytes(1601, unit);
    const error = errorOf(() => parseMethodArn(over));
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
    expect(error.message).toBe('An execute-api ARN is at most 1600 bytes; this one is 1601 bytes.');
  });

  it('counts a lone surrogate as the 3 bytes it becomes on the wire', () => {
    const arn = `${arnOfBytes(1597, 'a')}\ud800`;
    expect(utf8Length(arn)).toBe(1600);
    expect(() => parseMethodArn(arn)).not.toThrow();
    expect(errorOf(() => parseMethodArn(`${arn}x`)).code).toBe('ERR_ARN_TOO_LONG');
  });

  it('formatMethodArn refuses parts that make 1601 bytes, saying how many', () => {
    const parts = parseMethodArn(arnOfBytes(1600, 'é'));
    expect(formatMethodArn(parts)).toHaveLength(PREFIX.length + parts.path.length - 1);
    const error = errorOf(() => formatMethodArn({ ...parts, path: `${parts.path}x` }));
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
    expect(error.message).toBe('An execute-api ARN is at most 1600 bytes; these parts make 1601 bytes.');
  });
});

describe('validateArnParts: whole-value patterns', () => {
  it.each<[keyof MethodArn, string]>([
    ['partition', 'awsx'],
    ['partition', 'xaws'],
    ['partition', 'aws-'],
    ['partition', 'aws-cn '],
    ['region', 'us-east-1x'],
    ['region', '-us-east-1'],
    ['region', '1us-east-1'],
    ['region', 'us-east-123'],
    ['region', 'us-east-'],
    ['apiId', 'ABC1'],
    ['apiId', 'abc!'],
    ['apiId', 'a'.repeat(65)],
    ['accountId', '1234567890123'],
    ['stage', 'a'.repeat(129)],
    ['stage', '*prod'],
    ['stage', 'prod*'],
    ['stage', '**'],
    ['stage', '$default*'],
  ])('refuses %s %j', (field, value) => {
    expect(errorOf(() => formatMethodArn({ ...GOOD, [field]: value })).code).toMatch(/^ERR_ARN_INVALID_/);
  });

  it.each<[keyof MethodArn, string]>([
    ['partition', 'aws-iso-b'],
    ['region', 'us-gov-west-1'],
    ['region', 'ap-southeast-12'],
    ['apiId', 'a'.repeat(64)],
    ['stage', 'a'.repeat(128)],
    ['stage', '*'],
  ])('accepts %s %j', (field, value) => {
    expect(() => formatMethodArn({ ...GOOD, [field]: value })).not.toThrow();
  });
});

describe('parseMethodArn: structure errors say what is missing', () => {
  const SHAPE = 'arn:{partition}:execute-api:{region}:{accountId}:{apiId}/{stage}/{method}/{path}';

  it.each([
    ['xrn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/', 'it does not start with "arn:"'],
    ['ARN:aws:execute-api:us-east-1:123456789012:abc/prod/GET/', 'it does not start with "arn:"'],
    ['arn:aws', 'it has fewer than 6 ":"-separated fields'],
    ['arn:aws:execute-api', 'it has fewer than 6 ":"-separated fields'],
    ['arn:aws:execute-api:us-east-1', 'it has fewer than 6 ":"-separated fields'],
    ['arn:aws:execute-api:us-east-1:123456789012', 'it has fewer than 6 ":"-separated fields'],
    [
      'arn:aws:execute-api:us-east-1:123456789012:abc',
      'the resource has no stage (expected {apiId}/{stage}/...)',
    ],
    [
      'arn:aws:execute-api:us-east-1:123456789012:abc/prod',
      'the resource has no method (expected {apiId}/{stage}/{method}...)',
    ],
  ])('%j: %s', (arn, detail) => {
    const error = errorOf(() => parseMethodArn(arn));
    expect(error.code).toBe('ERR_ARN_MALFORMED');
    expect(error.message).toBe(`Not an execute-api ARN: ${detail}. Expected ${SHAPE}.`);
  });

  it('names the type of a non-string and where to take the ARN from', () => {
    expect(errorOf(() => parseMethodArn(42 as never)).message).toBe(
      'An execute-api ARN must be a string, got number. Pass event.methodArn (REST, WebSocket) or event.routeArn (HTTP API).',
    );
  });

  it('reads an empty method before the path as a bad verb', () => {
    const error = errorOf(() => parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod//pets'));
    expect(error.code).toBe('ERR_ARN_INVALID_METHOD');
    expect(error.message).toMatch(/^ARN method "" must be one of GET, POST/);
  });
});

describe('validateArnParts: each message names the bad part', () => {
  it.each<[Partial<Record<keyof MethodArn, unknown>>, string, string]>([
    [
      { partition: 'gcp' },
      'ERR_ARN_INVALID_PARTITION',
      'ARN partition "gcp" is not an AWS partition; expected "aws", "aws-cn" or "aws-us-gov". Take it from event.methodArn rather than writing it by hand.',
    ],
    [
      { region: 'useast1' },
      'ERR_ARN_INVALID_REGION',
      'ARN region "useast1" is not an AWS region such as "us-east-1".',
    ],
    [
      { accountId: '1234' },
      'ERR_ARN_INVALID_ACCOUNT',
      'ARN account id "1234" must be exactly 12 digits (keep leading zeros; do not store it as a number).',
    ],
    [
      { apiId: 'ABC' },
      'ERR_ARN_INVALID_API_ID',
      'ARN API id "ABC" must be lower-case letters and digits, such as "ivdtdhp7b5".',
    ],
    [
      { stage: 'pr od' },
      'ERR_ARN_INVALID_STAGE',
      'ARN stage "pr od" must be "$default", "*" (every stage) or 1-128 letters, digits, "-" or "_".',
    ],
    [
      { method: 'a/b', path: '' },
      'ERR_ARN_INVALID_METHOD',
      'ARN method "a/b" must be an HTTP verb, "*" or a route key such as "$connect" (printable ASCII, no "/").',
    ],
    [
      { method: 'FETCH' },
      'ERR_ARN_INVALID_METHOD',
      'ARN method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "*".',
    ],
    [
      { path: 'pets' },
      'ERR_ARN_INVALID_PATH',
      'ARN path "pets" must start with "/" (the root resource is "/"), or be "" for a WebSocket route.',
    ],
    [{ path: '/a\u0000b' }, 'ERR_ARN_INVALID_PATH', 'ARN path "/a\\u0000b" contains a control character.'],
    [{ accountId: 123456789012 }, 'ERR_ARN_MALFORMED', 'ARN part "accountId" must be a string, got number.'],
    [{ path: undefined }, 'ERR_ARN_MALFORMED', 'ARN part "path" must be a string, got undefined.'],
  ])('%j → %s', (change, code, message) => {
    const error = errorOf(() => formatMethodArn({ ...GOOD, ...change } as MethodArn));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('refuses parts that are not an object, whatever their type', () => {
    for (const [value, type] of [
      ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/', 'string'],
      [42, 'number'],
      [null, 'null'],
      [undefined, 'undefined'],
    ] as const) {
      const error = errorOf(() => formatMethodArn(value as never));
      expect(error.code).toBe('ERR_ARN_MALFORMED');
      expect(error.message).toBe(
        `ARN parts must be an object like parseMethodArn() returns, got ${type === 'string' ? `"${value}"` : type}.`,
      );
    }
  });
});

describe('routeInStage: refusals', () => {
  const REST = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets';

  it('refuses a method that is not a string with a typed error, not a TypeError', () => {
    for (const method of [42, null, undefined, {}, ['GET']]) {
      const error = errorOf(() => routeInStage(REST, method as never, '/x'));
      expect(error.code).toBe('ERR_ARN_INVALID_METHOD');
      expect(error.message).toMatch(/must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "\*"\.$/);
    }
  });

  it('gives a hint only when one applies', () => {
    expect(errorOf(() => routeInStage(REST, 'FETCH', '/x')).message).toBe(
      'Method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "*".',
    );
    expect(errorOf(() => routeInStage(REST, 'post', '/x')).message).toMatch(/ Use "POST"\.$/);
  });

  it('names the path and the characters it may hold', () => {
    const error = errorOf(() => routeInStage(REST, 'GET', '/a b'));
    expect(error.code).toBe('ERR_ARN_INVALID_PATH');
    expect(error.message).toMatch(/^Path "\/a b" may only contain letters, digits, "\/"/);
    expect(errorOf(() => routeInStage(REST, 'GET', 42 as never)).code).toBe('ERR_ARN_INVALID_PATH');
  });
});
