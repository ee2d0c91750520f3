import { describe, expect, it } from 'vitest';
import {
  AuthorizerKitError,
  formatMethodArn,
  InvalidArnError,
  parseMethodArn,
} from '../../../src/arn/index.js';

const REST = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error).toBeInstanceOf(AuthorizerKitError);
    expect((error as Error).name).toBe('InvalidArnError');
    return (error as InvalidArnError).code;
  }
  throw new Error('expected an InvalidArnError');
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
  ])('still refuses wildcards outside the stage, verb and path: %j (%s)', (arn, code) => {
    expect(codeOf(() => parseMethodArn(arn))).toBe(code);
  });

  it('refuses values that are not strings with ERR_ARN_NOT_A_STRING', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(codeOf(() => parseMethodArn(value as unknown as string))).toBe('ERR_ARN_NOT_A_STRING');
    }
  });

  it('refuses ARNs longer than 1600 bytes', () => {
    const arn = `arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/${'é'.repeat(780)}`;
    expect(arn.length).toBeLessThan(1600);
    expect(codeOf(() => parseMethodArn(arn))).toBe('ERR_ARN_TOO_LONG');
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
  ])('refuses %j with %s', (arn, code) => {
    expect(codeOf(() => parseMethodArn(arn))).toBe(code);
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
