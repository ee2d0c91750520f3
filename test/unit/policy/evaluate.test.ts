import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import fc from 'fast-check';
import { InvalidArnError } from 'lambda-authorizer-kit/arn';
import {
  allow,
  type ConditionContext,
  deny,
  evaluatePolicy,
  InvalidOptionError,
  InvalidPolicyError,
} from 'lambda-authorizer-kit/policy';
import { describe, expect, it } from 'vitest';
import { caught } from '../../support/catch.js';

const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod';

function policy(...statements: object[]): APIGatewayAuthorizerResult {
  return { principalId: 'u', policyDocument: { Version: '2012-10-17', Statement: statements as never } };
}

async function codeOf(fn: () => unknown): Promise<string> {
  return (await caught<InvalidPolicyError>(fn)).code;
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

  it('reports malformed results, which API Gateway answers with 500', async () => {
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
      policy({ ...ok, Condition: { StringEquals: { k: { a: 1 } } } }),
      policy('Allow' as never),
    ];
    for (const result of cases) {
      expect(await codeOf(() => evaluatePolicy(result as never, `${BASE}/GET/`))).toBe(
        'ERR_POLICY_MALFORMED',
      );
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

    it('evaluate IpAddress for IPv4 and IPv6', () => {
      const at = (ip: string) =>
        evaluatePolicy(office, `${BASE}/GET/`, { conditionContext: { 'aws:SourceIp': ip } });
      expect(at('203.0.113.9')).toBe('Allow');
      expect(at('2001:db8::1')).toBe('Allow');
      expect(at('198.51.100.1')).toBe('ImplicitDeny');
      expect(at('not-an-ip')).toBe('ImplicitDeny');
      expect(evaluatePolicy(office, `${BASE}/GET/`, { conditionContext: {} })).toBe('ImplicitDeny');
    });

    it('apply IAM semantics: AND across keys, OR across values, negation, IfExists, missing keys', async () => {
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
      expect(await codeOf(() => decide({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }))).toBe(
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

const ARN = `${BASE}/GET/pets`;
const OK = { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' };

describe('evaluatePolicy: condition operators', () => {
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

  it('names an unsupported operator and lists the supported ones', async () => {
    const error = await caught(() => decide({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }, {}));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_UNSUPPORTED_CONDITION');
    expect(error.message).toMatch(
      /^policyDocument\.Statement\[0\]: condition operator "DateGreaterThan" is not supported by the evaluator\. Supported: StringEquals, StringNotEquals, StringEqualsIgnoreCase, .*IpAddress, NotIpAddress, Null, and their IfExists forms\.$/,
    );
  });

  it('says which statement needs the request values', async () => {
    const error = await caught(() =>
      evaluatePolicy(
        policy({ ...OK, Effect: 'Deny', Resource: 'arn:x' }, { ...OK, Condition: { Bool: { k: 'true' } } }),
        ARN,
      ),
    );
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_CONDITION_CONTEXT_REQUIRED');
    expect(error.message).toMatch(
      /^policyDocument\.Statement\[1\] has a Condition; pass the request's values as options\.conditionContext/,
    );
  });

  it('applies StringNotLike: a value matching the pattern fails the condition', () => {
    const decide = (context: ConditionContext) =>
      evaluatePolicy(policy({ ...OK, Condition: { StringNotLike: { k: 'adm*' } } }), ARN, {
        conditionContext: context,
      });
    expect(decide({ k: 'admin' })).toBe('ImplicitDeny');
    expect(decide({ k: 'user' })).toBe('Allow');
  });
});

describe('evaluatePolicy: NotResource and resource lists', () => {
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

  it('refuses a resource list with a value that is not a string', async () => {
    const error = await caught(() => evaluatePolicy(policy({ ...OK, Resource: ['*', 1] }), ARN));
    expect(error).toBeInstanceOf(InvalidPolicyError);
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
    [
      'a string statement',
      policy('Allow' as never),
      'policyDocument.Statement[0] must be an object, got string',
    ],
    [
      'a null statement',
      policy(OK, null as never),
      'policyDocument.Statement[1] must be an object, got null',
    ],
    ['an array statement', policy([OK] as never), 'policyDocument.Statement[0] must be an object, got array'],
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
      'an object as condition value (IAM takes strings, numbers and Booleans)',
      policy({ ...OK, Condition: { StringEquals: { k: {} } } }),
      'policyDocument.Statement[0].Condition.StringEquals.k must be a string, number or boolean, or a non-empty array of them, got object',
    ],
  ])('%s', async (_label, result, message) => {
    const error = await caught(() => evaluatePolicy(result as never, ARN, { conditionContext: {} }));
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error.code).toBe('ERR_POLICY_MALFORMED');
    expect(error.message).toBe(message + SUFFIX);
  });
});

describe('evaluatePolicy: policy language versions', () => {
  it('accepts the 2008-10-17 policy language version', () => {
    const result = {
      principalId: 'u',
      policyDocument: { Version: '2008-10-17', Statement: [OK] },
    };
    expect(evaluatePolicy(result, ARN)).toBe('Allow');
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
  ])('refuses %s', async (_label, options) => {
    const error = await caught(() => evaluatePolicy(allow('u', '*'), ARN, options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.code).toBe('ERR_INVALID_OPTION');
  });

  it('accepts strings, finite numbers, booleans and string lists', async () => {
    const context = { k: 'v', n: 1, b: false, list: ['x', 'v'] };
    expect(evaluatePolicy(conditional, ARN, { conditionContext: context })).toBe('Allow');
    expect(evaluatePolicy(allow('u', '*'), ARN, {})).toBe('Allow');
    expect(evaluatePolicy(allow('u', '*'), ARN, undefined)).toBe('Allow');
    expect((await caught(() => evaluatePolicy(conditional, ARN, {}))).code).toBe(
      'ERR_POLICY_CONDITION_CONTEXT_REQUIRED',
    );
  });
});
