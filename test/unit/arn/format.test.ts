import fc from 'fast-check';
import { formatMethodArn, InvalidArnError, type MethodArn, parseMethodArn } from 'lambda-authorizer-kit/arn';
import { describe, expect, it } from 'vitest';
import {
  account,
  apiId,
  partition,
  region,
  requestPath,
  requestStage,
  routeKey,
  verb,
} from '../../support/arn-arbitraries.js';
import { caught } from '../../support/catch.js';

const stage = requestStage;
const restPath = requestPath;

const restArn = fc.record({
  partition,
  region,
  accountId: account,
  apiId,
  stage,
  method: verb,
  path: restPath,
});
const webSocketArn = fc.record({
  partition,
  region,
  accountId: account,
  apiId,
  stage,
  method: routeKey,
  path: fc.constant(''),
});
const anyParts: fc.Arbitrary<MethodArn> = fc.oneof(restArn, webSocketArn);

describe('formatMethodArn', () => {
  it('formats the parts of the AWS documentation example', () => {
    expect(
      formatMethodArn({
        partition: 'aws',
        region: 'us-east-1',
        accountId: '123456789012',
        apiId: 'ivdtdhp7b5',
        stage: 'ESTestInvoke-stage',
        method: 'GET',
        path: '/',
      }),
    ).toBe('arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/');
  });

  it('formats WebSocket route ARNs without a path', () => {
    expect(
      formatMethodArn({
        partition: 'aws-cn',
        region: 'cn-north-1',
        accountId: '123456789012',
        apiId: 'ws1',
        stage: 'prod',
        method: '$connect',
        path: '',
      }),
    ).toBe('arn:aws-cn:execute-api:cn-north-1:123456789012:ws1/prod/$connect');
  });

  it('is the exact inverse of parseMethodArn for every valid ARN (property)', () => {
    fc.assert(
      fc.property(anyParts, (parts) => {
        const arn = formatMethodArn(parts);
        expect(parseMethodArn(arn)).toEqual(parts);
        expect(formatMethodArn(parseMethodArn(arn))).toBe(arn);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips strings: format(parse(a)) === a (property)', () => {
    const arnString = anyParts.map(
      (p) =>
        `arn:${p.partition}:execute-api:${p.region}:${p.accountId}:${p.apiId}/${p.stage}/${p.method}${p.path}`,
    );
    fc.assert(
      fc.property(arnString, (arn) => {
        expect(formatMethodArn(parseMethodArn(arn))).toBe(arn);
      }),
      { numRuns: 500 },
    );
  });
});

const GOOD: MethodArn = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
  apiId: 'abc',
  stage: 'prod',
  method: 'GET',
  path: '/',
};

describe('formatMethodArn: the 1600-byte limit', () => {
  it('refuses parts that make 1601 bytes, saying how many', async () => {
    const prefix = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/';
    const atLimit = `${prefix}${'é'.repeat(772)}`;
    expect(Buffer.byteLength(atLimit)).toBe(1600);
    const parts = parseMethodArn(atLimit);
    expect(formatMethodArn(parts)).toHaveLength(prefix.length + parts.path.length - 1);
    const error = await caught(() => formatMethodArn({ ...parts, path: `${parts.path}x` }));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_TOO_LONG');
    expect(error.message).toBe('An execute-api ARN is at most 1600 bytes; these parts make 1601 bytes.');
  });
});

describe('formatMethodArn: each part must match its whole pattern', () => {
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
  ])('refuses %s %j', async (field, value) => {
    const error = await caught(() => formatMethodArn({ ...GOOD, [field]: value }));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toMatch(/^ERR_ARN_INVALID_/);
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

describe('formatMethodArn: each refusal names the bad part', () => {
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
  ])('%j → %s', async (change, code, message) => {
    const error = await caught(() => formatMethodArn({ ...GOOD, ...change } as MethodArn));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('refuses parts that are not an object, whatever their type', async () => {
    for (const [value, type] of [
      ['arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/', 'string'],
      [42, 'number'],
      [null, 'null'],
      [undefined, 'undefined'],
    ] as const) {
      const error = await caught(() => formatMethodArn(value as never));
      expect(error).toBeInstanceOf(InvalidArnError);
      expect(error.code).toBe('ERR_ARN_MALFORMED');
      expect(error.message).toBe(
        `ARN parts must be an object like parseMethodArn() returns, got ${type === 'string' ? `"${value}"` : type}.`,
      );
    }
  });
});
