import { InvalidArnError } from 'lambda-authorizer-kit/arn';
import {
  evaluatePolicy,
  InvalidOptionError,
  InvalidPolicyError,
  PolicyBuilder,
} from 'lambda-authorizer-kit/policy';
import { describe, expect, it } from 'vitest';
import { caught } from '../../support/catch.js';

const BASE = 'arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod';
const METHOD_ARN = `${BASE}/GET/pets/42`;

describe('PolicyBuilder', () => {
  it('keeps the partition, region, account, API and stage of the methodArn', () => {
    const result = new PolicyBuilder(METHOD_ARN).allow('GET', '/pets/*').build({ principalId: 'u1' });
    expect(result).toStrictEqual({
      principalId: 'u1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/GET/pets/*`] }],
      },
    });
  });

  it('merges statements per effect and condition, dedupes resources and omits absent fields', () => {
    const office = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } };
    const result = new PolicyBuilder(METHOD_ARN)
      .allow('GET', 'pets')
      .allow('POST', '/pets')
      .allow('GET', '/pets')
      .deny('DELETE', '/pets/*')
      .allow('*', '/admin/*', office)
      .build({ principalId: 'u1', context: { tenant: 'acme', seats: 3 }, usageIdentifierKey: 'k' });
    expect(result.policyDocument.Statement).toStrictEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [`${BASE}/GET/pets`, `${BASE}/POST/pets`] },
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${BASE}/DELETE/pets/*`] },
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: [`${BASE}/*/admin/*`],
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
      },
    ]);
    expect(result.context).toStrictEqual({ tenant: 'acme', seats: 3 });
    expect(result.usageIdentifierKey).toBe('k');
    expect(JSON.stringify(result)).not.toContain('null');
  });

  it('allowAll covers every route of the stage, so a cached policy stays right', () => {
    const result = new PolicyBuilder(METHOD_ARN).allowAll().build({ principalId: 'u1' });
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([`${BASE}/*/*`]);
    for (const other of [`${BASE}/DELETE/pets/42`, `${BASE}/GET/`, `${BASE}/POST/a:b/c`]) {
      expect(evaluatePolicy(result, other)).toBe('Allow');
    }
    expect(evaluatePolicy(result, METHOD_ARN.replace('/prod/', '/dev/'))).toBe('ImplicitDeny');
  });

  it('a per-method policy shows the caching pitfall: the next route is denied', () => {
    const result = new PolicyBuilder(METHOD_ARN).allow('GET', '/pets/42').build({ principalId: 'u1' });
    expect(evaluatePolicy(result, METHOD_ARN)).toBe('Allow');
    expect(evaluatePolicy(result, `${BASE}/GET/pets/43`)).toBe('ImplicitDeny');
  });

  it('denyAll beats any allow', () => {
    const result = new PolicyBuilder(METHOD_ARN)
      .allow('GET', '/pets/*')
      .denyAll()
      .build({ principalId: 'u1' });
    expect(evaluatePolicy(result, METHOD_ARN)).toBe('Deny');
  });

  it('covers WebSocket $connect with allowAll', () => {
    const ws = 'arn:aws:execute-api:us-east-1:123456789012:ws1/live/$connect';
    const result = new PolicyBuilder(ws).allowAll().build({ principalId: 'u1' });
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:ws1/live/*',
    ]);
    expect(evaluatePolicy(result, ws)).toBe('Allow');
  });

  it('can widen to every stage', () => {
    const result = new PolicyBuilder(METHOD_ARN, { stage: '*' })
      .allow('GET', '/pets')
      .build({ principalId: 'u' });
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([
      'arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/*/GET/pets',
    ]);
    expect(() => new PolicyBuilder(METHOD_ARN, { stage: 'a/b' })).toThrow(InvalidOptionError);
  });

  it('accepts parsed parts as well as the string', () => {
    const fromParts = new PolicyBuilder({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      apiId: 'abc',
      stage: 'prod',
      method: 'GET',
      path: '/',
    });
    expect(fromParts.allowAll().build({ principalId: 'u' }).policyDocument.Statement[0]?.Resource).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:abc/prod/*/*',
    ]);
  });

  it('allows every listed verb and path character, and refuses anything else', () => {
    const builder = new PolicyBuilder(METHOD_ARN);
    for (const verb of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*']) {
      builder.allow(verb, '/a_b-c.d,e:f~g/{id}/*/?');
    }
    expect(builder.build({ principalId: 'u' }).policyDocument.Statement[0]?.Resource).toHaveLength(8);
    for (const verb of ['ANY', 'get', 'CONNECT', 'TRACE', '', 'GET ']) {
      expect(() => builder.allow(verb, '/x')).toThrow(InvalidArnError);
    }
    for (const path of ['/a b', '/a#b', '/a"b', '/a\nb', '/a\\b', '/<x>']) {
      expect(() => builder.deny('GET', path)).toThrow(InvalidArnError);
    }
  });

  it('checks conditions', () => {
    const builder = new PolicyBuilder(METHOD_ARN);
    for (const condition of [
      null,
      [],
      {},
      { IpAddress: {} },
      { IpAddress: { k: 1 } },
      { IpAddress: { k: [] } },
      { 'a b': { k: 'v' } },
    ]) {
      expect(() => builder.allow('GET', '/', condition as never)).toThrow(
        expect.objectContaining({ code: 'ERR_POLICY_INVALID_CONDITION' }),
      );
    }
  });

  it('refuses to build an empty policy, a missing principal or a bad context', () => {
    expect(() => new PolicyBuilder(METHOD_ARN).build({ principalId: 'u' })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_EMPTY' }),
    );
    const builder = new PolicyBuilder(METHOD_ARN).allowAll();
    expect(() => builder.build({ principalId: null as never })).toThrow(InvalidPolicyError);
    expect(() => builder.build(undefined as never)).toThrow(InvalidOptionError);
    expect(() => builder.build({ principalId: 'u', context: { roles: ['a'] } as never })).toThrow(
      InvalidPolicyError,
    );
  });

  it('refuses an invalid methodArn', () => {
    expect(() => new PolicyBuilder('arn:aws:execute-api:us-east-1:123:abc/prod/GET/')).toThrow(
      InvalidArnError,
    );
    expect(() => new PolicyBuilder({} as never)).toThrow(InvalidArnError);
  });

  it('builds again after more calls, without sharing state between results', () => {
    const builder = new PolicyBuilder(METHOD_ARN).allow('GET', '/a');
    const first = builder.build({ principalId: 'u' });
    builder.allow('GET', '/b');
    const second = builder.build({ principalId: 'u' });
    expect(first.policyDocument.Statement[0]?.Resource).toHaveLength(1);
    expect(second.policyDocument.Statement[0]?.Resource).toHaveLength(2);
  });
});

const US_BASE = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod';
const ARN = `${US_BASE}/GET/pets`;

describe('PolicyBuilder: options, parts and grouping', () => {
  it('refuses a stage override that is not a string, even one that prints as a stage name', async () => {
    for (const stage of [42, true, ['prod']]) {
      const error = await caught(() => new PolicyBuilder(ARN, { stage: stage as never }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.code).toBe('ERR_INVALID_OPTION');
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
      [[`${US_BASE}/GET/a`, `${US_BASE}/GET/c`], { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }],
      [[`${US_BASE}/GET/b`], { IpAddress: { 'aws:SourceIp': '192.168.0.0/16' } }],
      [[`${US_BASE}/GET/d`], undefined],
    ]);
  });

  it('refuses build() without options or with null, with a typed error', async () => {
    for (const options of [null, undefined, 'u']) {
      const error = await caught(() => new PolicyBuilder(ARN).allowAll().build(options as never));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.code).toBe('ERR_INVALID_OPTION');
      expect(error.message).toBe('build() takes { principalId, context?, usageIdentifierKey? }.');
    }
  });

  it('says how to fill an empty policy', async () => {
    expect((await caught(() => new PolicyBuilder(ARN).build({ principalId: 'u' }))).message).toBe(
      'The policy has no statement. Call allow(), deny(), allowAll() or denyAll() before build().',
    );
  });

  it('accepts a stage override of several characters', () => {
    const result = new PolicyBuilder(ARN, { stage: 'prod-2_b' }).allowAll().build({ principalId: 'u' });
    expect(result.policyDocument.Statement[0]?.Resource).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:abc/prod-2_b/*/*',
    ]);
    expect(() => new PolicyBuilder(ARN, { stage: 'a'.repeat(129) })).toThrow(InvalidOptionError);
  });
});

describe('PolicyBuilder: condition blocks', () => {
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
  ])('refuses %s, saying what is wrong', async (_label, condition, detail) => {
    const error = await caught(() => builder().allow('GET', '/', condition as never));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_INVALID_CONDITION');
    expect(error.message).toBe(PREFIX + detail + SUFFIX);
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
});
