import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArnError } from '../../../src/arn/index.js';
import { allow, deny, evaluatePolicy, type InvalidPolicyError } from '../../../src/policy/index.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod';

function policy(...statements: object[]): APIGatewayAuthorizerResult {
  return { principalId: 'u', policyDocument: { Version: '2012-10-17', Statement: statements as never } };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as InvalidPolicyError).code;
  }
  return undefined;
}

describe('evaluatePolicy', () => {
  it('allows an exact match and implicitly denies everything else', () => {
    const result = allow('u', `${BASE}/GET/pets`);
    expect(evaluatePolicy(result, `${BASE}/GET/pets`)).toBe('Allow');
    expect(evaluatePolicy(result, `${BASE}/GET/pets/1`)).toBe('ImplicitDeny');
    expect(evaluatePolicy(result, `${BASE}/POST/pets`)).toBe('ImplicitDeny');
  });

  it('lets "*" cross "/" and ":" and "?" match exactly one character', () => {
    const result = allow('u', [`${BASE}/*/pets/*`, `${BASE}/GET/item?`]);
    expect(evaluatePolicy(result, `${BASE}/DELETE/pets/1/toys/urn:x:y`)).toBe('Allow');
    expect(evaluatePolicy(result, `${BASE}/GET/item1`)).toBe('Allow');
    expect(evaluatePolicy(result, `${BASE}/GET/item`)).toBe('ImplicitDeny');
    expect(evaluatePolicy(result, `${BASE}/GET/item12`)).toBe('ImplicitDeny');
    expect(evaluatePolicy(allow('u', '*'), `${BASE}/GET/`)).toBe('Allow');
  });

  it('matches resources case-sensitively', () => {
    expect(evaluatePolicy(allow('u', `${BASE}/GET/Pets`), `${BASE}/GET/pets`)).toBe('ImplicitDeny');
  });

  it('lets an explicit Deny beat any Allow, in any order', () => {
    const result = policy(
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${BASE}/DELETE/*` },
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${BASE}/*` },
    );
    expect(evaluatePolicy(result, `${BASE}/DELETE/pets`)).toBe('Deny');
    expect(evaluatePolicy(result, `${BASE}/GET/pets`)).toBe('Allow');
    expect(evaluatePolicy(deny('u', `${BASE}/*`), `${BASE}/GET/pets`)).toBe('Deny');
  });

  it('counts only statements whose Action covers execute-api:Invoke (case-insensitively)', () => {
    const other = policy({ Action: 'execute-api:ManageConnections', Effect: 'Allow', Resource: '*' });
    expect(evaluatePolicy(other, `${BASE}/GET/`)).toBe('ImplicitDeny');
    for (const action of ['execute-api:*', '*', 'execute-api:invoke', ['s3:GetObject', 'execute-api:Inv*']]) {
      expect(evaluatePolicy(policy({ Action: action, Effect: 'Allow', Resource: '*' }), `${BASE}/GET/`)).toBe(
        'Allow',
      );
    }
    expect(
      evaluatePolicy(
        policy({ NotAction: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }),
        `${BASE}/GET/`,
      ),
    ).toBe('ImplicitDeny');
    expect(
      evaluatePolicy(policy({ NotAction: 's3:*', Effect: 'Allow', Resource: '*' }), `${BASE}/GET/`),
    ).toBe('Allow');
  });

  it('supports NotResource', () => {
    const result = policy({
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      NotResource: `${BASE}/*/admin/*`,
    });
    expect(evaluatePolicy(result, `${BASE}/GET/pets`)).toBe('Allow');
    expect(evaluatePolicy(result, `${BASE}/GET/admin/users`)).toBe('ImplicitDeny');
  });

  it('accepts a single statement object, as IAM does', () => {
    const result = {
      principalId: 'u',
      policyDocument: {
        Version: '2012-10-17',
        Statement: { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' },
      },
    };
    expect(evaluatePolicy(result, `${BASE}/GET/`)).toBe('Allow');
  });

  it('reports malformed results, which API Gateway answers with 500', () => {
    const ok = { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' };
    const cases: unknown[] = [
      null,
      {},
      { principalId: 'u' },
      { principalId: 1, policyDocument: { Version: '2012-10-17', Statement: [ok] } },
      { principalId: 'u', policyDocument: { Version: '2012-10-18', Statement: [ok] } },
      { principalId: 'u', policyDocument: { version: '2012-10-17', statement: [ok] } },
      policy({ ...ok, Effect: 'allow' }),
      policy({ ...ok, Resource: null }),
      policy({ ...ok, Resource: [] }),
      policy({ Effect: 'Allow', Resource: '*' }),
      policy({ ...ok, NotAction: 'x' }),
      policy({ ...ok, Condition: null }),
      policy({ ...ok, Condition: { StringEquals: { k: 1 } } }),
      policy('Allow' as never),
    ];
    for (const result of cases) {
      expect(codeOf(() => evaluatePolicy(result as never, `${BASE}/GET/`))).toBe('ERR_POLICY_MALFORMED');
    }
  });

  it('refuses an invalid methodArn', () => {
    expect(() => evaluatePolicy(allow('u', '*'), 'GET /pets')).toThrow(InvalidArnError);
  });

  describe('conditions', () => {
    const office = policy({
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
    });

    it('need the request values', () => {
      expect(codeOf(() => evaluatePolicy(office, `${BASE}/GET/`))).toBe(
        'ERR_POLICY_CONDITION_CONTEXT_REQUIRED',
      );
    });

    it('evaluate IpAddress for IPv4 and IPv6', () => {
      const at = (ip: string) =>
        evaluatePolicy(office, `${BASE}/GET/`, { conditionContext: { 'aws:SourceIp': ip } });
      expect(at('203.0.113.9')).toBe('Allow');
      expect(at('2001:db8::1')).toBe('Allow');
      expect(at('198.51.100.1')).toBe('ImplicitDeny');
      expect(at('not-an-ip')).toBe('ImplicitDeny');
      expect(evaluatePolicy(office, `${BASE}/GET/`, { conditionContext: {} })).toBe('ImplicitDeny');
    });

    it('apply IAM semantics: AND across keys, OR across values, negation, IfExists, missing keys', () => {
      const stmt = (Condition: object) =>
        policy({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*', Condition });
      const arn = `${BASE}/GET/`;
      const ctx = {
        'aws:SourceIp': '10.0.0.1',
        'custom:tier': 'Gold',
        'custom:age': 30,
        'aws:SecureTransport': true,
      };
      const decide = (condition: object) => evaluatePolicy(stmt(condition), arn, { conditionContext: ctx });
      expect(decide({ StringEquals: { 'custom:tier': ['Silver', 'Gold'] } })).toBe('Allow');
      expect(decide({ StringEquals: { 'CUSTOM:TIER': 'Gold' } })).toBe('Allow');
      expect(decide({ StringEquals: { 'custom:tier': 'gold' } })).toBe('ImplicitDeny');
      expect(decide({ StringEqualsIgnoreCase: { 'custom:tier': 'gold' } })).toBe('Allow');
      expect(decide({ StringNotEquals: { 'custom:tier': ['Gold'] } })).toBe('ImplicitDeny');
      expect(decide({ StringNotEquals: { 'custom:missing': 'x' } })).toBe('Allow');
      expect(decide({ StringLike: { 'custom:tier': 'G?l*' } })).toBe('Allow');
      expect(decide({ StringNotLike: { 'custom:tier': 'S*' } })).toBe('Allow');
      expect(decide({ NumericGreaterThan: { 'custom:age': '18' } })).toBe('Allow');
      expect(decide({ NumericLessThan: { 'custom:age': '18' } })).toBe('ImplicitDeny');
      expect(decide({ Bool: { 'aws:SecureTransport': 'true' } })).toBe('Allow');
      expect(decide({ StringEquals: { 'custom:missing': 'x' } })).toBe('ImplicitDeny');
      expect(decide({ StringEqualsIfExists: { 'custom:missing': 'x' } })).toBe('Allow');
      expect(decide({ Null: { 'custom:missing': 'true' } })).toBe('Allow');
      expect(decide({ Null: { 'custom:tier': 'true' } })).toBe('ImplicitDeny');
      expect(
        decide({ StringEquals: { 'custom:tier': 'Gold' }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
      ).toBe('ImplicitDeny');
      expect(codeOf(() => decide({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }))).toBe(
        'ERR_POLICY_UNSUPPORTED_CONDITION',
      );
    });

    it('let a Deny whose condition does not hold fall through', () => {
      const result = policy(
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' },
        {
          Action: 'execute-api:Invoke',
          Effect: 'Deny',
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      );
      expect(
        evaluatePolicy(result, `${BASE}/GET/`, { conditionContext: { 'aws:SourceIp': '10.1.2.3' } }),
      ).toBe('Allow');
      expect(
        evaluatePolicy(result, `${BASE}/GET/`, { conditionContext: { 'aws:SourceIp': '8.8.8.8' } }),
      ).toBe('Deny');
    });
  });

  it('agrees with a reference matcher on random patterns and ARNs (property)', () => {
    const chars = fc.constantFrom('a', 'b', '/', ':', '*', '?', '.', '$');
    const reference = (pattern: string, value: string) => {
      const source = Array.from(pattern)
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
        .join('');
      return new RegExp(`^${source}$`, 'su').test(value);
    };
    fc.assert(
      fc.property(
        fc.string({ unit: chars, maxLength: 12 }),
        fc.string({ unit: chars, maxLength: 12 }),
        (pattern, tail) => {
          const resource = `${BASE}/GET/${pattern}`;
          const arn = `${BASE}/GET/${tail.replaceAll('*', 'x').replaceAll('?', 'y')}`;
          const expected = reference(resource, arn) ? 'Allow' : 'ImplicitDeny';
          expect(evaluatePolicy(allow('u', resource), arn)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
