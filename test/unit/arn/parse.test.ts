import fc from 'fast-check';
import {
  AuthorizerKitError,
  formatMethodArn,
  InvalidArnError,
  parseMethodArn,
} from 'lambda-authorizer-kit/arn';
import { describe, expect, it } from 'vitest';
import { caught } from '../../support/catch.js';

const REST = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/';

async function codeOf(fn: () => unknown): Promise<string> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(InvalidArnError);
  expect(error).toBeInstanceOf(AuthorizerKitError);
  expect(error.name).toBe('InvalidArnError');
  return (error as InvalidArnError).code;
}

describe('parseMethodArn', () => {
  it('parses the AWS documentation methodArn (root resource)', () => {
    expect(parseMethodArn(REST)).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      apiId: 'ivdtdhp7b5',
      stage: 'ESTestInvoke-stage',
      method: 'GET',
      path: '/',
    });
  });

  it('keeps the actual request path, including ":" characters', () => {
    const arn = 'arn:aws:execute-api:eu-west-1:000000000042:abc123/prod/PUT/items/urn:isbn:0451450523/a:b';
    const parts = parseMethodArn(arn);
    expect(parts.path).toBe('/items/urn:isbn:0451450523/a:b');
    expect(parts.accountId).toBe('000000000042');
    expect(parts.method).toBe('PUT');
  });

  it.each([
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws', 'ap-southeast-5'],
  ])('takes the partition %s from the ARN', (partition, region) => {
    const parts = parseMethodArn(`arn:${partition}:execute-api:${region}:123456789012:abc/prod/POST/pets`);
    expect(parts.partition).toBe(partition);
    expect(parts.region).toBe(region);
  });

  it('parses an HTTP API routeArn on the $default stage', () => {
    expect(
      parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/GET/pets/42'),
    ).toMatchObject({ stage: '$default', method: 'GET', path: '/pets/42' });
  });

  it('parses a WebSocket $connect ARN with an empty path', () => {
    expect(
      parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:wsapi123/production/$connect'),
    ).toMatchObject({
      stage: 'production',
      method: '$connect',
      path: '',
    });
  });

  it('parses wildcard verbs', () => {
    expect(parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod/*/*')).toMatchObject({
      method: '*',
      path: '/*',
    });
  });

  it('parses the every-stage ARN anyRouteInApi() builds, and formats it back', () => {
    const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/*';
    expect(parseMethodArn(arn)).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      apiId: 'abc123',
      stage: '*',
      method: '*',
      path: '/*',
    });
    expect(formatMethodArn(parseMethodArn(arn))).toBe(arn);
  });

  it.each([
    ['abc123/*/GET/pets', { stage: '*', method: 'GET', path: '/pets' }],
    ['abc123/*/*/pets/*', { stage: '*', method: '*', path: '/pets/*' }],
    ['abc123/*/DELETE/', { stage: '*', method: 'DELETE', path: '/' }],
    ['ws123/*/*', { stage: '*', method: '*', path: '' }],
    ['ws123/*/$connect', { stage: '*', method: '$connect', path: '' }],
  ])('parses the stage wildcard in %s', (resource, expected) => {
    const arn = `arn:aws-cn:execute-api:cn-north-1:123456789012:${resource}`;
    expect(parseMethodArn(arn)).toMatchObject(expected);
    expect(formatMethodArn(parseMethodArn(arn))).toBe(arn);
  });

  it.each([
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod*/GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/*prod/GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/**/GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/?/GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:*/*/*/*', 'ERR_ARN_INVALID_API_ID'],
    ['arn:aws:execute-api:us-east-1:*:abc/*/*/*', 'ERR_ARN_INVALID_ACCOUNT'],
    ['arn:aws:execute-api:*:123456789012:abc/*/*/*', 'ERR_ARN_INVALID_REGION'],
    ['arn:*:execute-api:us-east-1:123456789012:abc/*/*/*', 'ERR_ARN_INVALID_PARTITION'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/*/G*/pets', 'ERR_ARN_INVALID_METHOD'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/*/*/pets\t', 'ERR_ARN_INVALID_PATH'],
    ['arn:aws:execute-api:us-east-1:123456789012:*', 'ERR_ARN_MALFORMED'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/*', 'ERR_ARN_MALFORMED'],
  ])('still refuses wildcards outside the stage, verb and path: %j (%s)', async (arn, code) => {
    expect(await codeOf(() => parseMethodArn(arn))).toBe(code);
  });

  it('refuses values that are not strings with ERR_ARN_NOT_A_STRING', async () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(await codeOf(() => parseMethodArn(value as unknown as string))).toBe('ERR_ARN_NOT_A_STRING');
    }
  });

  it.each([
    ['', 'ERR_ARN_MALFORMED'],
    ['not an arn', 'ERR_ARN_MALFORMED'],
    ['arn:aws:execute-api:us-east-1:123456789012', 'ERR_ARN_MALFORMED'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc', 'ERR_ARN_MALFORMED'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod', 'ERR_ARN_MALFORMED'],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-fn', 'ERR_ARN_WRONG_SERVICE'],
    ['arn:azure:execute-api:us-east-1:123456789012:abc/prod/GET/', 'ERR_ARN_INVALID_PARTITION'],
    ['arn:aws:execute-api:useast1:123456789012:abc/prod/GET/', 'ERR_ARN_INVALID_REGION'],
    ['arn:aws:execute-api:us-east-1:12345678901:abc/prod/GET/', 'ERR_ARN_INVALID_ACCOUNT'],
    ['arn:aws:execute-api:us-east-1:1234567890123:abc/prod/GET/', 'ERR_ARN_INVALID_ACCOUNT'],
    ['arn:aws:execute-api:us-east-1:12345678901a:abc/prod/GET/', 'ERR_ARN_INVALID_ACCOUNT'],
    ['arn:aws:execute-api:us-east-1:123456789012:ABC/prod/GET/', 'ERR_ARN_INVALID_API_ID'],
    ['arn:aws:execute-api:us-east-1:123456789012:/prod/GET/', 'ERR_ARN_INVALID_API_ID'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc//GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/pr od/GET/', 'ERR_ARN_INVALID_STAGE'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/get/pets', 'ERR_ARN_INVALID_METHOD'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/ANY/pets', 'ERR_ARN_INVALID_METHOD'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod//pets', 'ERR_ARN_INVALID_METHOD'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/', 'ERR_ARN_INVALID_METHOD'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/pets\n', 'ERR_ARN_INVALID_PATH'],
  ])('refuses %j with %s', async (arn, code) => {
    expect(await codeOf(() => parseMethodArn(arn))).toBe(code);
  });

  it('says what was wrong and how to fix it', () => {
    expect(() => parseMethodArn('arn:aws:lambda:us-east-1:123456789012:function:f')).toThrow(
      /service is "lambda", expected "execute-api".*event\.methodArn/,
    );
    expect(() => parseMethodArn('arn:aws:execute-api:us-east-1:12345:abc/prod/GET/')).toThrow(
      /exactly 12 digits/,
    );
    expect(() => parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod/get/x')).toThrow(
      /Verbs are upper case: use "GET"/,
    );
    expect(() => parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod/ANY/x')).toThrow(
      /Use "\*" for any verb/,
    );
  });

  it('never lets a TypeError escape, whatever the input', () => {
    const inputs: unknown[] = ['arn:', 'arn::::::', 'arn:aws:execute-api::::/', `arn:${'a:'.repeat(800)}`];
    for (const input of inputs) {
      expect(() => parseMethodArn(input as string)).toThrow(InvalidArnError);
    }
  });
});

const PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/';

/** An ARN whose UTF-8 encoding is exactly `bytes` long, its path padded with `unit`. */
function arnOfBytes(bytes: number, unit: string): string {
  const unitBytes = Buffer.byteLength(unit);
  const room = bytes - Buffer.byteLength(PREFIX);
  const arn = PREFIX + unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes);
  expect(Buffer.byteLength(arn)).toBe(bytes);
  return arn;
}

describe('parseMethodArn: the 1600-byte limit', () => {
  it.each([
    ['ASCII', 'a'],
    ['2-byte', 'é'],
    ['3-byte', '中'],
    ['4-byte', '😀'],
  ])('parses an ARN of exactly 1600 bytes and refuses 1601 (%s path)', async (_label, unit) => {
    const atLimit = arnOfBytes(1600, unit);
    expect(parseMethodArn(atLimit).path.length).toBeGreaterThan(0);
    expect(formatMethodArn(parseMethodArn(atLimit))).toBe(atLimit);
    const over = arnOfBytes(1601, unit);
    const error = await caught(() => parseMethodArn(over));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
    expect(error.message).toBe('An execute-api ARN is at most 1600 bytes; this one is 1601 bytes.');
  });

  it('counts a lone surrogate as the 3 bytes it becomes on the wire', async () => {
    const arn = `${arnOfBytes(1597, 'a')}\ud800`;
    expect(Buffer.byteLength(arn)).toBe(1600);
    expect(() => parseMethodArn(arn)).not.toThrow();
    const error = await caught(() => parseMethodArn(`${arn}x`));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
  });
});

describe('parseMethodArn: the byte count of a refused ARN is its UTF-8 length', () => {
  // 1601 ASCII bytes: any ARN starting with them is refused, and the message gives its length.
  const OVER = PREFIX + 'x'.repeat(1601 - PREFIX.length);
  const tooLong = (bytes: number) =>
    `An execute-api ARN is at most 1600 bytes; this one is ${1601 + bytes} bytes.`;

  async function refusalOf(text: string): Promise<string> {
    const error = await caught(() => parseMethodArn(OVER + text));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
    return error.message;
  }

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
  ])('counts %j as %i bytes, as Buffer.byteLength does', async (text, bytes) => {
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(await refusalOf(text)).toBe(tooLong(bytes));
  });

  it('agrees with Buffer.byteLength on any UTF-16 string, lone surrogates included (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), async (a, b) => {
        expect(await refusalOf(a)).toBe(tooLong(Buffer.byteLength(a)));
        expect(await refusalOf(b)).toBe(tooLong(Buffer.byteLength(b)));
        expect(await refusalOf(a + b)).toBe(tooLong(Buffer.byteLength(a + b)));
      }),
      { numRuns: 300 },
    );
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
  ])('%j: %s', async (arn, detail) => {
    const error = await caught(() => parseMethodArn(arn));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_MALFORMED');
    expect(error.message).toBe(`Not an execute-api ARN: ${detail}. Expected ${SHAPE}.`);
  });

  it('names the type of a non-string and where to take the ARN from', async () => {
    const error = await caught(() => parseMethodArn(42 as never));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.message).toBe(
      'An execute-api ARN must be a string, got number. Pass event.methodArn (REST, WebSocket) or event.routeArn (HTTP API).',
    );
  });

  it('reads an empty method before the path as a bad verb', async () => {
    const error = await caught(() =>
      parseMethodArn('arn:aws:execute-api:us-east-1:123456789012:abc/prod//pets'),
    );
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_INVALID_METHOD');
    expect(error.message).toMatch(/^ARN method "" must be one of GET, POST/);
  });
});
