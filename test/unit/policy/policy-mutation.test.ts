import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  allow,
  type ConditionContext,
  evaluatePolicy,
  InvalidContextError,
  InvalidPolicyError,
  PolicyBuilder,
  responseContext,
  simpleResponse,
} from '../../../src/policy/index.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod';
const ARN = `${BASE}/GET/pets`;
const OK = { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' };

function policy(...statements: unknown[]): APIGatewayAuthorizerResult {
  return { principalId: 'u', policyDocument: { Version: '2012-10-17', Statement: statements as never } };
}

function errorOf<T extends Error = InvalidPolicyError>(fn: () => unknown): T & { code: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as T & { code: string };
  }
  throw new Error('expected an error');
}

describe('evaluatePolicy: conditions', () => {
  const decide = (Condition: object, context: ConditionContext) =>
    evaluatePolicy(policy({ ...OK, Condition }), ARN, { conditionContext: context });

  it.each<[string, object, ConditionContext, string]>([
    ['StringNotEquals, another value', { StringNotEquals: { k: 'Silver' } }, { k: 'Gold' }, 'Allow'],
    ['StringNotEquals, the same value', { StringNotEquals: { k: 'Gold' } }, { k: 'Gold' }, 'ImplicitDeny'],
    [
      'StringEqualsIgnoreCase, other value',
      { StringEqualsIgnoreCase: { k: 'silver' } },
      { k: 'Gold' },
      'ImplicitDeny',
    ],
    [
      'StringNotEqualsIgnoreCase, other case',
      { StringNotEqualsIgnoreCase: { k: 'GOLD' } },
      { k: 'gold' },
      'ImplicitDeny',
    ],
    [
      'StringNotEqualsIgnoreCase, other value',
      { StringNotEqualsIgnoreCase: { k: 'silver' } },
      { k: 'Gold' },
      'Allow',
    ],
    ['StringNotEqualsIgnoreCase, missing key', { StringNotEqualsIgnoreCase: { k: 'x' } }, {}, 'Allow'],
    ['Bool false against true', { Bool: { k: 'false' } }, { k: true }, 'ImplicitDeny'],
    ['Bool FALSE against false', { Bool: { k: 'FALSE' } }, { k: false }, 'Allow'],
    ['NumericEquals 30 = 30.0', { NumericEquals: { k: '30.0' } }, { k: 30 }, 'Allow'],
    ['NumericEquals 30 ≠ 31', { NumericEquals: { k: '31' } }, { k: 30 }, 'ImplicitDeny'],
    ['NumericNotEquals 30 ≠ 31', { NumericNotEquals: { k: '31' } }, { k: 30 }, 'Allow'],
    ['NumericNotEquals 30 = 30', { NumericNotEquals: { k: '30' } }, { k: '30' }, 'ImplicitDeny'],
    ['NumericLessThan 17 < 18', { NumericLessThan: { k: '18' } }, { k: 17 }, 'Allow'],
    ['NumericLessThan 18 < 18', { NumericLessThan: { k: '18' } }, { k: 18 }, 'ImplicitDeny'],
    ['NumericLessThanEquals 18 <= 18', { NumericLessThanEquals: { k: '18' } }, { k: 18 }, 'Allow'],
    ['NumericLessThanEquals 17 <= 18', { NumericLessThanEquals: { k: '18' } }, { k: 17 }, 'Allow'],
    ['NumericLessThanEquals 19 <= 18', { NumericLessThanEquals: { k: '18' } }, { k: 19 }, 'ImplicitDeny'],
    ['NumericGreaterThan 18 > 18', { NumericGreaterThan: { k: '18' } }, { k: 18 }, 'ImplicitDeny'],
    ['NumericGreaterThan 19 > 18', { NumericGreaterThan: { k: '18' } }, { k: 19 }, 'Allow'],
    ['NumericGreaterThanEquals 18 >= 18', { NumericGreaterThanEquals: { k: '18' } }, { k: 18 }, 'Allow'],
    ['NumericGreaterThanEquals 19 >= 18', { NumericGreaterThanEquals: { k: '18' } }, { k: 19 }, 'Allow'],
    [
      'NumericGreaterThanEquals 17 >= 18',
      { NumericGreaterThanEquals: { k: '18' } },
      { k: 17 },
      'ImplicitDeny',
    ],
    ['NumericEquals, empty value is not 0', { NumericEquals: { k: '0' } }, { k: '' }, 'ImplicitDeny'],
    ['NumericEquals, blank value is not 0', { NumericEquals: { k: '0' } }, { k: ' ' }, 'ImplicitDeny'],
    ['NumericEquals, blank expected is not 0', { NumericEquals: { k: ' ' } }, { k: 0 }, 'ImplicitDeny'],
    ['NumericEquals, empty expected is not 0', { NumericEquals: { k: '' } }, { k: 0 }, 'ImplicitDeny'],
    ['NumericLessThan, empty value', { NumericLessThan: { k: '5' } }, { k: '' }, 'ImplicitDeny'],
    [
      'NumericGreaterThan, Infinity value',
      { NumericGreaterThan: { k: '5' } },
      { k: 'Infinity' },
      'ImplicitDeny',
    ],
    ['NumericLessThan, Infinity expected', { NumericLessThan: { k: 'Infinity' } }, { k: 5 }, 'ImplicitDeny'],
    ['NumericLessThan, -Infinity value', { NumericLessThan: { k: '5' } }, { k: '-Infinity' }, 'ImplicitDeny'],
    ['NumericEquals, not a number', { NumericEquals: { k: 'abc' } }, { k: 'abc' }, 'ImplicitDeny'],
    ['Null false on a present key', { Null: { k: 'false' } }, { k: 'x' }, 'Allow'],
    ['Null false on a missing key', { Null: { k: 'false' } }, {}, 'ImplicitDeny'],
    ['Null TRUE on a missing key', { Null: { k: 'TRUE' } }, {}, 'Allow'],
    ['a multi-valued key, one value matching', { StringEquals: { k: 'b' } }, { k: ['a', 'b'] }, 'Allow'],
    [
      'a multi-valued key, no value matching',
      { StringEquals: { k: 'c' } },
      { k: ['a', 'b'] },
      'ImplicitDeny',
    ],
    [
      'StringNotEquals on a multi-valued key',
      { StringNotEquals: { k: 'b' } },
      { k: ['a', 'b'] },
      'ImplicitDeny',
    ],
  ])('%s', (_label, condition, context, decision) => {
    expect(decide(condition, context)).toBe(decision);
  });

  it.each<[string, string, string]>([
    ['an exact IPv4 address (no prefix)', '203.0.113.9', 'Allow'],
    ['another exact IPv4 address', '203.0.113.8', 'ImplicitDeny'],
    ['a /32', '203.0.113.9/32', 'Allow'],
    ['a /31 holding it', '203.0.113.8/31', 'Allow'],
    ['a /0 (every IPv4 address)', '0.0.0.0/0', 'Allow'],
    ['an IPv6 network', '2001:db8::/64', 'ImplicitDeny'],
    ['a negative prefix', '203.0.113.0/-1', 'ImplicitDeny'],
    ['an IPv4 prefix above 32', '203.0.113.0/33', 'ImplicitDeny'],
    ['a fractional prefix', '203.0.113.0/24.5', 'ImplicitDeny'],
    ['a prefix that is not a number', '203.0.113.0/x', 'ImplicitDeny'],
    ['a leading slash', '/8', 'ImplicitDeny'],
    ['garbage', 'not-a-cidr', 'ImplicitDeny'],
  ])('IpAddress with %s (IPv4 caller): never throws on a malformed CIDR', (_label, cidr, decision) => {
    expect(decide({ IpAddress: { 'aws:SourceIp': cidr } }, { 'aws:SourceIp': '203.0.113.9' })).toBe(decision);
  });

  it.each<[string, string, string]>([
    ['an IPv6 /64 holding it', '2001:db8::/64', 'Allow'],
    ['an IPv6 /128 of it', '2001:db8::1/128', 'Allow'],
    ['an exact IPv6 address', '2001:db8::1', 'Allow'],
    ['an IPv6 prefix above 128', '2001:db8::/129', 'ImplicitDeny'],
    ['an IPv4 network', '0.0.0.0/0', 'ImplicitDeny'],
  ])('IpAddress with %s (IPv6 caller)', (_label, cidr, decision) => {
    expect(decide({ IpAddress: { 'aws:SourceIp': cidr } }, { 'aws:SourceIp': '2001:db8::1' })).toBe(decision);
  });

  it('treats a caller value that is not an IP as outside every network, even a malformed one', () => {
    expect(decide({ IpAddress: { 'aws:SourceIp': 'not-a-cidr' } }, { 'aws:SourceIp': 'not-an-ip' })).toBe(
      'ImplicitDeny',
    );
    expect(decide({ NotIpAddress: { 'aws:SourceIp': 'garbage' } }, { 'aws:SourceIp': 'garbage' })).toBe(
      'Allow',
    );
  });

  it('names an unsupported operator and lists the supported ones', () => {
    const error = errorOf(() => decide({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }, {}));
    expect(error.code).toBe('ERR_POLICY_UNSUPPORTED_CONDITION');
    expect(error.message).toMatch(
      /^policyDocument\.Statement\[0\]: condition operator "DateGreaterThan" is not supported by the evaluator\. Supported: StringEquals, StringNotEquals, StringEqualsIgnoreCase, .*IpAddress, NotIpAddress, Null, and their IfExists forms\.$/,
    );
  });

  it('says which statement needs the request values', () => {
    const error = errorOf(() =>
      evaluatePolicy(
        policy({ ...OK, Effect: 'Deny', Resource: 'arn:x' }, { ...OK, Condition: { Bool: { k: 'true' } } }),
        ARN,
      ),
    );
    expect(error.code).toBe('ERR_POLICY_CONDITION_CONTEXT_REQUIRED');
    expect(error.message).toMatch(
      /^policyDocument\.Statement\[1\] has a Condition; pass the request's values as options\.conditionContext/,
    );
  });
});

describe('evaluatePolicy: NotResource and lists', () => {
  it('NotResource with several patterns excludes a request matching any of them', () => {
    const result = policy({
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      NotResource: [`${BASE}/*/admin/*`, `${BASE}/DELETE/*`],
    });
    expect(evaluatePolicy(result, `${BASE}/GET/admin/users`)).toBe('ImplicitDeny');
    expect(evaluatePolicy(result, `${BASE}/DELETE/pets`)).toBe('ImplicitDeny');
    expect(evaluatePolicy(result, `${BASE}/GET/pets`)).toBe('Allow');
  });

  it('refuses a resource list with a value that is not a string', () => {
    const error = errorOf(() => evaluatePolicy(policy({ ...OK, Resource: ['*', 1] }), ARN));
    expect(error.code).toBe('ERR_POLICY_MALFORMED');
    expect(error.message).toBe(
      'policyDocument.Statement[0].Resource must be a string or a non-empty array of strings, got array. API Gateway answers 500 for a malformed authorizer result.',
    );
  });
});

describe('evaluatePolicy: malformed results name the bad field', () => {
  const SUFFIX = '. API Gateway answers 500 for a malformed authorizer result.';

  it.each<[string, unknown, string]>([
    ['a string result', 'Allow', 'The result is string'],
    ['a null result', null, 'The result is null'],
    [
      'a numeric principal',
      { principalId: 1, policyDocument: {} },
      'principalId must be a string, got number',
    ],
    [
      'a null document',
      { principalId: 'u', policyDocument: null },
      'policyDocument must be an object, got null',
    ],
    [
      'an array document',
      { principalId: 'u', policyDocument: [] },
      'policyDocument must be an object, got array',
    ],
    [
      'a numeric Version',
      { principalId: 'u', policyDocument: { Version: 20121017, Statement: [OK] } },
      'policyDocument.Version must be "2012-10-17"',
    ],
    ['a string statement', policy('Allow'), 'policyDocument.Statement[0] must be an object, got string'],
    ['a null statement', policy(OK, null), 'policyDocument.Statement[1] must be an object, got null'],
    ['an array statement', policy([OK]), 'policyDocument.Statement[0] must be an object, got array'],
    [
      'a lower-case Effect',
      policy({ ...OK, Effect: 'allow' }),
      'policyDocument.Statement[0].Effect must be "Allow" or "Deny" (case-sensitive)',
    ],
    [
      'both Action and NotAction',
      policy({ ...OK, NotAction: 'x' }),
      'policyDocument.Statement[0] must have exactly one of Action and NotAction',
    ],
    [
      'a null NotResource',
      policy({ Action: 'execute-api:Invoke', Effect: 'Allow', NotResource: [] }),
      'policyDocument.Statement[0].NotResource must be a string or a non-empty array of strings, got array',
    ],
    [
      'a string Condition',
      policy({ ...OK, Condition: 'x' }),
      'policyDocument.Statement[0].Condition must be an object, got string',
    ],
    [
      'an array Condition',
      policy({ ...OK, Condition: [] }),
      'policyDocument.Statement[0].Condition must be an object, got array',
    ],
    [
      'a null operator block',
      policy({ ...OK, Condition: { StringEquals: null } }),
      'policyDocument.Statement[0].Condition.StringEquals must map condition keys to values',
    ],
    [
      'a string operator block',
      policy({ ...OK, Condition: { StringEquals: 'k' } }),
      'policyDocument.Statement[0].Condition.StringEquals must map condition keys to values',
    ],
    [
      'an array operator block',
      policy({ ...OK, Condition: { StringEquals: ['k'] } }),
      'policyDocument.Statement[0].Condition.StringEquals must map condition keys to values',
    ],
    [
      'a numeric condition value',
      policy({ ...OK, Condition: { StringEquals: { k: 1 } } }),
      'policyDocument.Statement[0].Condition.StringEquals.k must be a string or a non-empty array of strings, got number',
    ],
  ])('%s', (_label, result, message) => {
    const error = errorOf(() => evaluatePolicy(result as never, ARN, { conditionContext: {} }));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_MALFORMED');
    expect(error.message).toBe(message + SUFFIX);
  });
});

describe('PolicyBuilder: options and grouping', () => {
  it('refuses a stage override that is not a string, even one that prints as a stage name', () => {
    for (const stage of [42, true, ['prod']]) {
      const error = errorOf(() => new PolicyBuilder(ARN, { stage: stage as never }));
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_POLICY_INVALID_OPTION');
      expect(error.message).toMatch(
        /^options\.stage (number|boolean|array) must be a stage name, "\$default" or "\*" \(every stage\)\.$/,
      );
    }
  });

  it('exposes the methodArn parts it binds statements to, with the stage override, as a copy', () => {
    const builder = new PolicyBuilder(ARN, { stage: '$default' });
    const parts = builder.methodArn;
    expect(parts).toStrictEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      apiId: 'abc',
      stage: '$default',
      method: 'GET',
      path: '/pets',
    });
    parts.stage = 'other';
    expect(builder.methodArn.stage).toBe('$default');
    expect(builder.statementCount).toBe(0);
    expect(builder.allow('GET', '/a').deny('GET', '/b').statementCount).toBe(2);
  });

  it('keeps one statement per distinct condition', () => {
    const result = new PolicyBuilder(ARN)
      .allow('GET', '/a', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })
      .allow('GET', '/b', { IpAddress: { 'aws:SourceIp': '192.168.0.0/16' } })
      .allow('GET', '/c', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })
      .allow('GET', '/d')
      .build({ principalId: 'u' });
    expect(result.policyDocument.Statement.map((s) => [s.Resource, s.Condition])).toStrictEqual([
      [[`${BASE}/GET/a`, `${BASE}/GET/c`], { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
      [[`${BASE}/GET/b`], { IpAddress: { 'aws:SourceIp': '192.168.0.0/16' } }],
      [[`${BASE}/GET/d`], undefined],
    ]);
  });

  it('refuses build() without options or with null, with a typed error', () => {
    for (const options of [null, undefined, 'u']) {
      const error = errorOf(() => new PolicyBuilder(ARN).allowAll().build(options as never));
      expect(error).toBeInstanceOf(InvalidPolicyError);
      expect(error.code).toBe('ERR_POLICY_INVALID_OPTION');
      expect(error.message).toBe('build() takes { principalId, context?, usageIdentifierKey? }.');
    }
  });

  it('says how to fill an empty policy', () => {
    expect(errorOf(() => new PolicyBuilder(ARN).build({ principalId: 'u' })).message).toBe(
      'The policy has no statement. Call allow(), deny(), allowAll() or denyAll() before build().',
    );
  });
});

describe('condition blocks given to the builder', () => {
  const builder = () => new PolicyBuilder(ARN);
  const PREFIX = 'Invalid condition: ';
  const SUFFIX =
    '. Expected { Operator: { "condition:key": "value" | ["values"] } }, e.g. { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }.';

  it('accepts a single string value and copies lists', () => {
    const values = ['10.0.0.0/8'];
    const result = builder()
      .allow('GET', '/a', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24', 'aws:VpcSourceIp': values } })
      .build({ principalId: 'u' });
    values.push('0.0.0.0/0');
    expect(result.policyDocument.Statement[0]?.Condition).toStrictEqual({
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24', 'aws:VpcSourceIp': ['10.0.0.0/8'] },
    });
  });

  it.each<[string, unknown, string]>([
    ['a string', 'x', 'got string'],
    ['null', null, 'got null'],
    ['an empty object', {}, 'it has no operator'],
    ['an operator that is not a name', { 'a b': { k: 'v' } }, 'operator "a b" is not a name'],
    [
      'a string operator block',
      { IpAddress: 'x' },
      'IpAddress must map condition keys to values, got string',
    ],
    ['a null operator block', { IpAddress: null }, 'IpAddress must map condition keys to values, got null'],
    [
      'an array operator block',
      { IpAddress: ['k'] },
      'IpAddress must map condition keys to values, got array',
    ],
    ['an empty operator block', { IpAddress: {} }, 'IpAddress has no condition key'],
    [
      'a list with a number',
      { IpAddress: { k: ['10.0.0.0/8', 1] } },
      'IpAddress["k"] must be a string or a non-empty array of strings',
    ],
  ])('refuses %s, saying what is wrong', (_label, condition, detail) => {
    const error = errorOf(() => builder().allow('GET', '/', condition as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_INVALID_CONDITION');
    expect(error.message).toBe(PREFIX + detail + SUFFIX);
  });
});

describe('allow/deny inputs', () => {
  it('refuses a resource with a control character, even behind a valid prefix', () => {
    for (const resource of [`${ARN}\n`, `${ARN}\u0000x`, `*\u007f`]) {
      const error = errorOf(() => allow('u', resource));
      expect(error.code).toBe('ERR_POLICY_INVALID_RESOURCE');
    }
  });

  it('refuses a nested list of resources, which would print as a valid ARN', () => {
    const error = errorOf(() => allow('u', [[ARN]] as never));
    expect(error.code).toBe('ERR_POLICY_INVALID_RESOURCE');
    expect(error.message).toMatch(/^resource\[0\] must be an execute-api ARN/);
  });

  it('names the resource and says what to pass', () => {
    expect(errorOf(() => allow('u', 'GET /pets')).message).toBe(
      'resource must be an execute-api ARN such as event.methodArn or anyRouteInStage(event.methodArn), got "GET /pets".',
    );
    expect(errorOf(() => allow('u', [])).message).toBe(
      'The resource list is empty; a statement without resources makes API Gateway answer 500. Pass at least one ARN.',
    );
  });

  it('refuses a usage identifier key that is not a string', () => {
    for (const key of [42, true, {}]) {
      const error = errorOf(() => allow('u', ARN, undefined, { usageIdentifierKey: key as never }));
      expect(error.code).toBe('ERR_POLICY_INVALID_OPTION');
      expect(error.message).toMatch(
        /^usageIdentifierKey must be a non-empty string \(a usage plan API key\), got (number|boolean|object)\./,
      );
    }
  });

  it('names the type of a bad principal', () => {
    expect(errorOf(() => allow(7 as never, ARN)).message).toBe(
      'principalId must be a string (e.g. the token\'s "sub"), got number. API Gateway answers 500 without one.',
    );
  });

  it('says which context is not an object', () => {
    const error = errorOf<InvalidContextError>(() => allow('u', ARN, [] as never));
    expect(error.message).toBe(
      'The authorizer context must be a plain object of key/value pairs, got array.',
    );
    expect(errorOf(() => simpleResponse(true, 'x' as never)).message).toBe(
      'The simple response context must be a plain object of key/value pairs, got string.',
    );
  });

  it('tells how to fix a function or symbol context value', () => {
    const error = errorOf<InvalidContextError>(() => allow('u', ARN, { f: (() => 1) as never }));
    expect(error.message).toMatch(
      /context\["f"\] is function; .* Convert it to a string, number or boolean\.$/,
    );
  });
});

describe('simpleResponse contexts', () => {
  function contextError(context: Record<string, unknown>): InvalidContextError {
    const error = errorOf<InvalidContextError>(() => simpleResponse(true, context));
    expect(error).toBeInstanceOf(InvalidContextError);
    expect(error.code).toBe('ERR_CONTEXT_INVALID_VALUE');
    return error;
  }

  it('allows 64 levels of nesting and refuses 65, for arrays and objects', () => {
    for (const wrap of [(v: unknown) => [v], (v: unknown) => ({ a: v })]) {
      let value: unknown = 'leaf';
      for (let i = 0; i < 64; i++) value = wrap(value);
      expect(simpleResponse(true, { d: value }).context).toStrictEqual({ d: value });
      expect(contextError({ d: wrap(value) }).message).toMatch(
        /is nested more than 64 levels deep\. Flatten it\.$/,
      );
    }
  });

  it('refuses deep objects without overflowing the stack', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) value = { a: value };
    expect(contextError({ deep: value }).key).toBe('deep');
  });

  it('names the path of a bad value inside arrays and objects', () => {
    expect(contextError({ list: [1, 2n] }).message).toMatch(/^context\["list"\]\[1\] is a bigint/);
    expect(contextError({ o: { n: Number.NaN } }).message).toBe(
      'context["o"]["n"] is NaN, which JSON cannot carry. Use a finite number or a string.',
    );
    expect(contextError({ s: [Symbol('x')] }).message).toBe(
      'context["s"][0] is a symbol, which JSON cannot carry. Convert it to a string, number, boolean, array or object.',
    );
  });

  it('reports a cycle back to the context itself at the key that closes it', () => {
    const context: Record<string, unknown> = { a: 1 };
    context.self = context;
    const error = contextError(context);
    expect(error.key).toBe('self');
    expect(error.message).toBe('context["self"] refers back to itself (a cycle), which JSON cannot carry.');
  });

  it('names the class of a non-plain object, or says it is a class instance', () => {
    class Session {}
    expect(contextError({ s: new Session() }).message).toMatch(
      /^context\["s"\] is a Session, not plain JSON\./,
    );
    expect(contextError({ s: Object.create(Object.create(null)) }).message).toMatch(
      /^context\["s"\] is a class instance, not plain JSON\./,
    );
  });

  it('accepts null-prototype objects and skips nested undefined values', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    const response = simpleResponse(true, { bare, nested: { gone: undefined, kept: 'x' } });
    expect(response.context?.bare).toBe(bare);
    expect(response.context?.nested).toStrictEqual({ gone: undefined, kept: 'x' });
  });

  it('refuses a non-boolean isAuthorized with a typed, explained error', () => {
    const error = errorOf(() => simpleResponse(1 as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_INVALID_OPTION');
    expect(error.message).toBe(
      'isAuthorized must be a boolean, got number. API Gateway answers 500 otherwise.',
    );
  });
});

describe('responseContext inputs', () => {
  it('builds a context from a body alone, or from values alone', () => {
    expect(responseContext({ body: { message: 'no' } })).toStrictEqual({ body: '{"message":"no"}' });
    expect(responseContext({ values: { a: 'x' } })).toStrictEqual({ a: 'x' });
    expect(responseContext({})).toStrictEqual({});
  });

  it('refuses options that are not an object', () => {
    for (const options of ['x', 1, null, undefined]) {
      const error = errorOf<InvalidContextError>(() => responseContext(options as never));
      expect(error).toBeInstanceOf(InvalidContextError);
      expect(error.code).toBe('ERR_CONTEXT_NOT_AN_OBJECT');
      expect(error.message).toMatch(/^responseContext\(\) takes \{ body\?, setCookie\?, values\? \}, got /);
    }
  });

  it('refuses a cookie list with anything but strings, naming setCookie', () => {
    for (const setCookie of [['a=1', 2], 3, { a: 1 }]) {
      const error = errorOf<InvalidContextError>(() => responseContext({ setCookie: setCookie as never }));
      expect(error).toBeInstanceOf(InvalidContextError);
      expect(error.code).toBe('ERR_CONTEXT_INVALID_VALUE');
      expect(error.key).toBe('setCookie');
    }
  });
});

describe('policy odds and ends', () => {
  it('accepts the 2008-10-17 policy language version', () => {
    const result = {
      principalId: 'u',
      policyDocument: { Version: '2008-10-17', Statement: [OK] },
    };
    expect(evaluatePolicy(result, ARN)).toBe('Allow');
  });

  it('applies StringNotLike: a value matching the pattern fails the condition', () => {
    const decide = (context: ConditionContext) =>
      evaluatePolicy(policy({ ...OK, Condition: { StringNotLike: { k: 'adm*' } } }), ARN, {
        conditionContext: context,
      });
    expect(decide({ k: 'admin' })).toBe('ImplicitDeny');
    expect(decide({ k: 'user' })).toBe('Allow');
  });

  it('accepts qualified condition operators such as ForAnyValue:StringLike', () => {
    const result = new PolicyBuilder(ARN)
      .allow('GET', '/', { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': ['a*'] } })
      .build({ principalId: 'u' });
    expect(result.policyDocument.Statement[0]?.Condition).toEqual({
      'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': ['a*'] },
    });
    for (const operator of ['For Any:StringLike', ':StringLike', 'a:b:c', 'String1']) {
      expect(() => new PolicyBuilder(ARN).allow('GET', '/', { [operator]: { k: 'v' } })).toThrow(
        InvalidPolicyError,
      );
    }
  });

  it('accepts a stage override of several characters', () => {
    const result = new PolicyBuilder(ARN, { stage: 'prod-2_b' }).allowAll().build({ principalId: 'u' });
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:abc/prod-2_b/*/*',
    ]);
    expect(() => new PolicyBuilder(ARN, { stage: 'a'.repeat(129) })).toThrow(InvalidPolicyError);
  });

  it('refuses a resource that only contains an execute-api ARN', () => {
    expect(errorOf(() => allow('u', `x${ARN}`)).code).toBe('ERR_POLICY_INVALID_RESOURCE');
  });

  it('names its errors', () => {
    expect(errorOf(() => allow('u', ARN, null as never)).name).toBe('InvalidContextError');
    expect(errorOf(() => allow('u', 'x')).name).toBe('InvalidPolicyError');
  });
});

describe('evaluatePolicy options', () => {
  const conditional = policy({ ...OK, Condition: { StringEquals: { k: 'v' } } });

  it.each<[string, unknown]>([
    ['null options', null],
    ['string options', 'x'],
    ['a string context', { conditionContext: 'k=v' }],
    ['a null context', { conditionContext: null }],
    ['an array context', { conditionContext: [] }],
    ['an object value', { conditionContext: { k: {} } }],
    ['a NaN value', { conditionContext: { k: Number.NaN } }],
    ['a null value', { conditionContext: { k: null } }],
    ['a list with a number', { conditionContext: { k: ['v', 1] } }],
  ])('refuses %s', (_label, options) => {
    const error = errorOf(() => evaluatePolicy(allow('u', '*'), ARN, options as never));
    expect(error.code).toBe('ERR_POLICY_INVALID_OPTION');
  });

  it('accepts strings, finite numbers, booleans and string lists', () => {
    const context = { k: 'v', n: 1, b: false, list: ['x', 'v'] };
    expect(evaluatePolicy(conditional, ARN, { conditionContext: context })).toBe('Allow');
    expect(evaluatePolicy(allow('u', '*'), ARN, {})).toBe('Allow');
    expect(evaluatePolicy(allow('u', '*'), ARN, undefined)).toBe('Allow');
    expect(errorOf(() => evaluatePolicy(conditional, ARN, {})).code).toBe(
      'ERR_POLICY_CONDITION_CONTEXT_REQUIRED',
    );
  });
});
