import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMethodArn, InvalidArnError, type MethodArn, parseMethodArn } from '../../../src/arn/index.js';
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

  it('refuses invalid parts with the same checks as parseMethodArn', () => {
    const good: MethodArn = {
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      apiId: 'abc',
      stage: 'prod',
      method: 'GET',
      path: '/',
    };
    const cases: [Partial<Record<keyof MethodArn, unknown>>, string][] = [
      [{ accountId: 123456789012 }, 'ERR_ARN_MALFORMED'],
      [{ accountId: '1234' }, 'ERR_ARN_INVALID_ACCOUNT'],
      [{ partition: 'gcp' }, 'ERR_ARN_INVALID_PARTITION'],
      [{ path: 'pets' }, 'ERR_ARN_INVALID_PATH'],
      [{ method: 'FETCH' }, 'ERR_ARN_INVALID_METHOD'],
      [{ method: 'a/b', path: '' }, 'ERR_ARN_INVALID_METHOD'],
      [{ path: `/${'x'.repeat(1600)}` }, 'ERR_ARN_TOO_LONG'],
    ];
    for (const [change, code] of cases) {
      const parts = { ...good, ...change } as MethodArn;
      expect(() => formatMethodArn(parts)).toThrow(InvalidArnError);
      try {
        formatMethodArn(parts);
      } catch (error) {
        expect((error as InvalidArnError).code).toBe(code);
      }
    }
    expect(() => formatMethodArn(null as unknown as MethodArn)).toThrow(InvalidArnError);
  });
});
