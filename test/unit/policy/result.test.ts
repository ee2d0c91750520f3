import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import {
  type AuthorizerResult,
  allow,
  deny,
  InvalidPolicyError,
  isUnauthorized,
  responseContext,
  UNAUTHORIZED_MESSAGE,
  unauthorized,
} from 'lambda-authorizer-kit/policy';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { caught } from '../../support/catch.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:ivdtdhp7b5/ESTestInvoke-stage/GET/';

describe('allow and deny', () => {
  it('build the exact result API Gateway expects, with PascalCase keys and no null fields', () => {
    expect(allow('me', ARN)).toStrictEqual({
      principalId: 'me',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: ARN }],
      },
    });
    const denied = deny('me', [ARN, ARN.replace('GET', 'POST')]);
    expect(denied.policyDocument.Statement).toStrictEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [ARN, ARN.replace('GET', 'POST')] },
    ]);
    expect(JSON.stringify(denied)).not.toMatch(/null|Condition|context|usageIdentifierKey/);
  });

  it('carries the context of the AWS example and a usage identifier key', () => {
    const result = allow(
      'me',
      ARN,
      { stringKey: 'stringval', numberKey: 123, booleanKey: true },
      { usageIdentifierKey: 'key-1' },
    );
    expect(result.context).toStrictEqual({ stringKey: 'stringval', numberKey: 123, booleanKey: true });
    expect(result.usageIdentifierKey).toBe('key-1');
  });

  it('drops undefined context values', () => {
    expect(allow('me', ARN, { a: 'x', b: undefined } as never).context).toStrictEqual({ a: 'x' });
  });

  it('is assignable to APIGatewayAuthorizerResult from @types/aws-lambda', () => {
    const result: APIGatewayAuthorizerResult = allow('me', ARN, { tenant: 'acme' });
    expect(result.principalId).toBe('me');
    expectTypeOf(deny('me', ARN)).toExtend<APIGatewayAuthorizerResult>();
    expectTypeOf(allow('me', ARN, { n: 1 })).toEqualTypeOf<AuthorizerResult<{ n: number }>>();
  });

  it.each([
    ['an object', { nested: { a: 1 } }, 'nested', /is an object.*500.*JSON\.stringify/],
    ['an array', { roles: ['admin'] }, 'roles', /is an array.*JSON\.stringify/],
    ['null', { email: null }, 'email', /is null.*Omit the key/],
    ['a function', { fn: () => 1 }, 'fn', /is function/],
    ['a symbol', { s: Symbol('x') }, 's', /is symbol/],
    ['a bigint', { big: 10n }, 'big', /is bigint/],
    ['NaN', { n: Number.NaN }, 'n', /is NaN/],
    ['Infinity', { n: Number.POSITIVE_INFINITY }, 'n', /is Infinity/],
  ])('refuses %s in context, naming the key', (_label, context, key, message) => {
    try {
      allow('me', ARN, context as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect((error as InvalidPolicyError).code).toBe('ERR_CONTEXT_INVALID_VALUE');
      expect((error as InvalidPolicyError).key).toBe(key);
      expect((error as Error).message).toContain(`context["${key}"]`);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses a context that is not a plain object', () => {
    for (const context of [null, 'x', 1, ['a']]) {
      expect(() => deny('me', ARN, context as never)).toThrow(
        expect.objectContaining({ code: 'ERR_CONTEXT_NOT_AN_OBJECT' }),
      );
    }
  });

  it('is not fooled by a __proto__ key', () => {
    const context = JSON.parse('{"__proto__": {"admin": true}}');
    expect(() => allow('me', ARN, context)).toThrow(InvalidPolicyError);
    const flat = JSON.parse('{"__proto__": "x"}');
    const result = allow('me', ARN, flat);
    expect(Object.getPrototypeOf(result.context)).toBe(Object.prototype);
    expect(Object.keys(result.context ?? {})).toEqual(['__proto__']);
  });

  it('refuses a non-string principal, a bad resource and a bad usage identifier key', () => {
    expect(() => allow(42 as never, ARN)).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_INVALID_PRINCIPAL' }),
    );
    expect(allow('', ARN).principalId).toBe('');
    expect(() => allow(undefined as never, ARN)).toThrow(InvalidPolicyError);
    expect(() => allow('me', [])).toThrow(expect.objectContaining({ code: 'ERR_POLICY_INVALID_RESOURCE' }));
    expect(() => allow('me', 'GET /pets')).toThrow(/must be an execute-api ARN/);
    expect(() => allow('me', [ARN, 42 as never])).toThrow(/resource\[1\]/);
    expect(() => allow('me', 'arn:aws:lambda:us-east-1:123456789012:function:f')).toThrow(InvalidPolicyError);
    expect(() => allow('me', ARN, undefined, { usageIdentifierKey: '' })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_INVALID_USAGE_IDENTIFIER_KEY' }),
    );
    expect(allow('me', '*').policyDocument.Statement[0]?.Resource).toBe('*');
  });

  it('does not share arrays with the caller', () => {
    const resources = [ARN];
    const result = allow('me', resources);
    resources.push('*');
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([ARN]);
  });
});

describe('unauthorized', () => {
  it('throws an Error whose message is exactly "Unauthorized" (API Gateway 401)', () => {
    expect(() => unauthorized()).toThrow(new Error('Unauthorized'));
    try {
      unauthorized();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(UNAUTHORIZED_MESSAGE);
      expect(isUnauthorized(error)).toBe(true);
    }
    expect(isUnauthorized(new Error('Unauthorized.'))).toBe(false);
    expect(isUnauthorized('Unauthorized')).toBe(false);
  });
});

describe('responseContext', () => {
  it('encodes a JSON body and joins Set-Cookie values into a flat context', () => {
    const context = responseContext({
      body: { message: 'invalid claim', claimValidationErrors: [{ id: 'st-ev' }] },
      setCookie: ['a=1; Path=/', 'b=2'],
      values: { reason: 'claims', gone: undefined },
    });
    expect(context).toStrictEqual({
      reason: 'claims',
      body: '{"message":"invalid claim","claimValidationErrors":[{"id":"st-ev"}]}',
      setCookie: 'a=1; Path=/, b=2',
    });
    const result = deny('', ARN, context);
    expect(JSON.parse(String(result.context?.body))).toEqual({
      message: 'invalid claim',
      claimValidationErrors: [{ id: 'st-ev' }],
    });
    expect(responseContext({ setCookie: 'x=1' })).toStrictEqual({ setCookie: 'x=1' });
  });

  it('refuses what it cannot encode', () => {
    expect(() => responseContext({ body: { f: (() => 1) as never } })).toThrow(InvalidPolicyError);
    expect(() => responseContext({ setCookie: [1 as never] })).toThrow(/setCookie must be/);
    expect(() => responseContext({ values: { a: {} as never } })).toThrow(InvalidPolicyError);
    expect(() => responseContext(null as never)).toThrow(InvalidPolicyError);
  });
});

describe('allow and deny: what each refusal says', () => {
  it('refuses a resource with a control character, even behind a valid prefix', async () => {
    for (const resource of [`${ARN}\n`, `${ARN}\u0000x`, `*\u007f`]) {
      const error = await caught(() => allow('u', resource));
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_POLICY_INVALID_RESOURCE');
    }
  });

  it('refuses a nested list of resources, which would print as a valid ARN', async () => {
    const error = await caught(() => allow('u', [[ARN]] as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_INVALID_RESOURCE');
    expect(error.message).toMatch(/^resource\[0\] must be an execute-api ARN/);
  });

  it('names the resource and says what to pass', async () => {
    expect((await caught(() => allow('u', 'GET /pets'))).message).toBe(
      'resource must be an execute-api ARN such as event.methodArn or anyRouteInStage(event.methodArn), got "GET /pets".',
    );
    expect((await caught(() => allow('u', []))).message).toBe(
      'The resource list is empty; a statement without resources makes API Gateway answer 500. Pass at least one ARN.',
    );
  });

  it('refuses a usage identifier key that is not a string', async () => {
    for (const key of [42, true, {}]) {
      const error = await caught(() => allow('u', ARN, undefined, { usageIdentifierKey: key as never }));
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_POLICY_INVALID_USAGE_IDENTIFIER_KEY');
      expect(error.message).toMatch(
        /^usageIdentifierKey must be a non-empty string \(a usage plan API key\), got (number|boolean|object)\./,
      );
    }
  });

  it('names the type of a bad principal', async () => {
    expect((await caught(() => allow(7 as never, ARN))).message).toBe(
      'principalId must be a string (e.g. the token\'s "sub"), got number. API Gateway answers 500 without one.',
    );
  });

  it('says which context is not an object', async () => {
    const error = await caught(() => allow('u', ARN, [] as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.message).toBe(
      'The authorizer context must be a plain object of key/value pairs, got array.',
    );
  });

  it('tells how to fix a function or symbol context value', async () => {
    const error = await caught(() => allow('u', ARN, { f: (() => 1) as never }));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.message).toMatch(
      /context\["f"\] is function; .* Convert it to a string, number or boolean\.$/,
    );
  });

  it('refuses a resource that only contains an execute-api ARN', async () => {
    expect((await caught(() => allow('u', `x${ARN}`))).code).toBe('ERR_POLICY_INVALID_RESOURCE');
  });

  it('names its errors', async () => {
    expect((await caught(() => allow('u', ARN, null as never))).name).toBe('InvalidPolicyError');
    expect((await caught(() => allow('u', 'x'))).name).toBe('InvalidPolicyError');
  });
});

describe('responseContext: options and what each refusal says', () => {
  it('builds a context from a body alone, or from values alone', () => {
    expect(responseContext({ body: { message: 'no' } })).toStrictEqual({ body: '{"message":"no"}' });
    expect(responseContext({ values: { a: 'x' } })).toStrictEqual({ a: 'x' });
    expect(responseContext({})).toStrictEqual({});
  });

  it('refuses options that are not an object', async () => {
    for (const options of ['x', 1, null, undefined]) {
      const error = await caught(() => responseContext(options as never));
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_CONTEXT_NOT_AN_OBJECT');
      expect(error.message).toMatch(/^responseContext\(\) takes \{ body\?, setCookie\?, values\? \}, got /);
    }
  });

  it('refuses a cookie list with anything but strings, naming setCookie', async () => {
    for (const setCookie of [['a=1', 2], 3, { a: 1 }]) {
      const error = await caught<InvalidPolicyError>(() =>
        responseContext({ setCookie: setCookie as never }),
      );
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_CONTEXT_INVALID_VALUE');
      expect(error.key).toBe('setCookie');
    }
  });
});
