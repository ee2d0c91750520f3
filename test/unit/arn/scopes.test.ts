import {
  anyRouteInApi,
  anyRouteInStage,
  formatMethodArn,
  InvalidArnError,
  parseMethodArn,
  routeInStage,
} from 'lambda-authorizer-kit/arn';
import { describe, expect, it } from 'vitest';
import { caught } from '../../support/catch.js';

const REST = 'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/GET/pets/42';
const WS = 'arn:aws:execute-api:us-east-1:123456789012:ws123/live/$connect';

describe('cache-safe scopes', () => {
  it('anyRouteInStage covers every method and path of the stage, keeping the partition', () => {
    expect(anyRouteInStage(REST)).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/*/*',
    );
    expect(anyRouteInStage(parseMethodArn(REST))).toBe(anyRouteInStage(REST));
  });

  it('anyRouteInStage on a WebSocket ARN covers every route key', () => {
    expect(anyRouteInStage(WS)).toBe('arn:aws:execute-api:us-east-1:123456789012:ws123/live/*');
  });

  it('anyRouteInApi covers every stage', () => {
    expect(anyRouteInApi(REST)).toBe('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/*/*/*');
    expect(anyRouteInApi(WS)).toBe('arn:aws:execute-api:us-east-1:123456789012:ws123/*/*');
  });

  it('builds ARNs that parseMethodArn reads back, with "*" for the stage, verb and path', () => {
    const api = anyRouteInApi(REST);
    expect(parseMethodArn(api)).toMatchObject({ apiId: 'abc123', stage: '*', method: '*', path: '/*' });
    expect(formatMethodArn(parseMethodArn(api))).toBe(api);
    expect(parseMethodArn(anyRouteInApi(WS))).toMatchObject({ stage: '*', method: '*', path: '' });
    expect(parseMethodArn(anyRouteInStage(REST))).toMatchObject({ stage: 'prod', method: '*', path: '/*' });
    expect(parseMethodArn(routeInStage(REST, 'GET', 'pets/{id}?'))).toMatchObject({
      method: 'GET',
      path: '/pets/{id}?',
    });
  });

  it('accepts the every-stage ARN as a base, as a string or as parts', () => {
    const api = anyRouteInApi(REST);
    expect(anyRouteInStage(api)).toBe(api);
    expect(anyRouteInApi(parseMethodArn(api))).toBe(api);
    expect(routeInStage(api, 'GET', '/pets/*')).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/*/GET/pets/*',
    );
  });

  it('routeInStage refuses a result over 1600 bytes with ERR_ARN_TOO_LONG', () => {
    const prefix = 'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/DELETE';
    const fits = `/${'a'.repeat(1600 - prefix.length - 1)}`;
    expect(Buffer.byteLength(routeInStage(REST, 'DELETE', fits))).toBe(1600);
    try {
      routeInStage(REST, 'DELETE', `${fits}b`);
      expect.unreachable('routeInStage accepted 1601 bytes');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArnError);
      expect((error as InvalidArnError).code).toBe('ERR_ARN_TOO_LONG');
      expect((error as InvalidArnError).message).toBe(
        'An execute-api ARN is at most 1600 bytes; this one would make 1601 bytes. API Gateway caps a methodArn at 1600 bytes: shorten the path pattern, e.g. end it with "*".',
      );
    }
  });

  it('anyRouteInStage and anyRouteInApi refuse a result over 1600 bytes with ERR_ARN_TOO_LONG', () => {
    // A 1600-byte ARN ending in "/*/" grows by one byte to ".../*/*": only an absurd partition gets there.
    const tail = ':execute-api:us-east-1:123456789012:abc/s/*/';
    const arn = `arn:aws-${'x'.repeat(1600 - 'arn:aws-'.length - tail.length)}${tail}`;
    expect(Buffer.byteLength(arn)).toBe(1600);
    for (const build of [() => anyRouteInStage(arn), () => anyRouteInApi(arn)]) {
      try {
        build();
        expect.unreachable('accepted 1601 bytes');
      } catch (error) {
        expect((error as InvalidArnError).code).toBe('ERR_ARN_TOO_LONG');
        expect((error as InvalidArnError).message).toMatch(
          /1601 bytes\. Only an overlong partition or region/,
        );
      }
    }
  });

  it('routeInStage builds one verb and path pattern in the same stage', () => {
    expect(routeInStage(REST, 'DELETE', '/pets/*')).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/DELETE/pets/*',
    );
    expect(routeInStage(REST, '*', 'orders/{id}/items')).toBe(
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/*/orders/{id}/items',
    );
    expect(routeInStage(REST, 'GET', '/a_b-c.d,e:f~g/?')).toMatch(/GET\/a_b-c\.d,e:f~g\/\?$/);
  });

  it('refuses unknown verbs and unsafe path characters', () => {
    expect(() => routeInStage(REST, 'ANY', '/x')).toThrow(/Use "\*" for any verb/);
    expect(() => routeInStage(REST, 'get', '/x')).toThrow(/Use "GET"/);
    expect(() => routeInStage(REST, 'GET', '/a b')).toThrow(InvalidArnError);
    expect(() => routeInStage(REST, 'GET', '/a"b')).toThrow(InvalidArnError);
    expect(() => routeInStage(REST, 'GET', 42 as unknown as string)).toThrow(InvalidArnError);
  });

  it('refuses an invalid methodArn', () => {
    expect(() => anyRouteInStage('arn:aws:s3:::bucket')).toThrow(InvalidArnError);
    expect(() => anyRouteInApi({} as never)).toThrow(InvalidArnError);
  });
});

describe('routeInStage: what each refusal says', () => {
  it('refuses a method that is not a string with a typed error, not a TypeError', async () => {
    for (const method of [42, null, undefined, {}, ['GET']]) {
      const error = await caught(() => routeInStage(REST, method as never, '/x'));
      expect(error).toBeInstanceOf(InvalidArnError);
      expect(error.code).toBe('ERR_ARN_INVALID_METHOD');
      expect(error.message).toMatch(/must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "\*"\.$/);
    }
  });

  it('gives a hint only when one applies', async () => {
    const unknown = await caught(() => routeInStage(REST, 'FETCH', '/x'));
    expect(unknown).toBeInstanceOf(InvalidArnError);
    expect(unknown.message).toBe(
      'Method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "*".',
    );
    const lowerCase = await caught(() => routeInStage(REST, 'post', '/x'));
    expect(lowerCase).toBeInstanceOf(InvalidArnError);
    expect(lowerCase.message).toMatch(/ Use "POST"\.$/);
  });

  it('names the path and the characters it may hold', async () => {
    const error = await caught(() => routeInStage(REST, 'GET', '/a b'));
    expect(error).toBeInstanceOf(InvalidArnError);
    expect(error.code).toBe('ERR_ARN_INVALID_PATH');
    expect(error.message).toMatch(/^Path "\/a b" may only contain letters, digits, "\/"/);
    const typed = await caught(() => routeInStage(REST, 'GET', 42 as never));
    expect(typed).toBeInstanceOf(InvalidArnError);
    expect(typed.code).toBe('ERR_ARN_INVALID_PATH');
  });
});
