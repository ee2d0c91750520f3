import { describe, expect, it } from 'vitest';
import { InvalidArnError } from '../../../src/arn/index.js';
import {
  evaluatePolicy,
  InvalidContextError,
  InvalidPolicyError,
  PolicyBuilder,
} from '../../../src/policy/index.js';

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
    expect(() => new PolicyBuilder(METHOD_ARN, { stage: 'a/b' })).toThrow(InvalidPolicyError);
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
    expect(() => builder.build(undefined as never)).toThrow(InvalidPolicyError);
    expect(() => builder.build({ principalId: 'u', context: { roles: ['a'] } as never })).toThrow(
      InvalidContextError,
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
