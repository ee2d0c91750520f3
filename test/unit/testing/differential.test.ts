import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIdentitySources, compileIdentityValues } from '../../../src/authorizer/identity-source.js';
import { readRequest } from '../../../src/authorizer/request.js';
import { checkAuthorizerContext, checkJsonContext } from '../../../src/policy/context.js';
import { evaluatePolicy } from '../../../src/policy/evaluate.js';
import { checkUsageIdentifierKey } from '../../../src/policy/validate.js';
import { httpApiAuthorizerEvent, requestAuthorizerEvent } from '../../../src/testing/events.js';
import { compileIdentityReader } from '../../../src/testing/gateway-identity.js';
import { outcomeOf } from '../../../src/testing/simulate.js';
import {
  account,
  apiId,
  from,
  partition,
  region,
  requestPath,
  requestStage,
} from '../../support/arn-arbitraries.js';

/*
 * The simulators (src/testing/gateway-*.ts) and the library (src/policy, src/authorizer) read AWS's
 * rules independently. Here both judge the same generated results, ARNs and events: where they
 * disagree, one of them misreads AWS, and the fix goes to that side with a regression example below.
 */

type Verdict = 'Allow' | 'Deny' | 'ImplicitDeny' | 'SimpleAllow' | 'SimpleDeny' | 500;
type Values = Record<string, string | number | boolean | string[]>;

/** The library's decision: its context checks, then its policy evaluator. */
function libraryVerdict(result: unknown, arn: string, v2: boolean, values: Values): Verdict {
  try {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return 500;
    const r = result as Record<string, unknown>;
    if (v2 && !('policyDocument' in r)) {
      if (typeof r.isAuthorized !== 'boolean') return 500;
      if (r.context !== undefined) checkJsonContext(r.context);
      return r.isAuthorized ? 'SimpleAllow' : 'SimpleDeny';
    }
    if (r.context !== undefined) (v2 ? checkJsonContext : checkAuthorizerContext)(r.context);
    checkUsageIdentifierKey(r.usageIdentifierKey);
    return evaluatePolicy(r as never, arn, { conditionContext: values });
  } catch {
    return 500;
  }
}

/** The simulator's decision for the same result. */
function simulatorVerdict(result: unknown, arn: string, v2: boolean, values: Values): Verdict {
  const event = v2 ? { version: '2.0', routeArn: arn } : { type: 'REQUEST', methodArn: arn };
  const outcome = outcomeOf(result, event, { conditionContext: values });
  if (outcome.statusCode === 500) return 500;
  if (outcome.decision !== undefined) return outcome.decision;
  return outcome.statusCode === 200 ? 'SimpleAllow' : 'SimpleDeny';
}

// ---- generators -------------------------------------------------------------------------------

const verbs = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
const methodArn = fc
  .record({ partition, region, account, apiId, stage: requestStage, verb: verbs, path: requestPath })
  .map(
    (a) =>
      `arn:${a.partition}:execute-api:${a.region}:${a.account}:${a.apiId}/${a.stage}/${a.verb}${a.path === '/' ? '/' : a.path}`,
  );

/** Resource patterns near the ARN, so that matches and near misses are both common. */
const resourceFor = (arn: string): fc.Arbitrary<string> => {
  const chars = Array.from(arn);
  const at = fc.nat({ max: Math.max(chars.length - 1, 0) });
  const edit = (index: number, replacement: string) =>
    [...chars.slice(0, index), replacement, ...chars.slice(index + 1)].join('');
  const base = arn.split('/')[0] as string;
  return fc.oneof(
    fc.constant(arn),
    fc.constant('*'),
    at.map((i) => `${chars.slice(0, i).join('')}*`),
    at.map((i) => edit(i, '?')),
    at.map((i) => edit(i, '*')),
    fc.tuple(at, at).map(([i, j]) => edit(i, '*').replace(chars[j] as string, '?')),
    at.map((i) => {
      const c = chars[i] as string;
      return edit(i, c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase());
    }),
    at.map((i) => `${chars.slice(0, i).join('')}${chars.slice(i + 1).join('')}`),
    fc.constantFrom(`${base}/*/*`, `${base}/*`, `${base}/*/GET/*`, `${base}/prod/*/*`, `${arn}/*`, `${arn}?`),
    from('a*?:/x', 0, 6),
  );
};

const action = fc.constantFrom(
  'execute-api:Invoke',
  'execute-api:invoke',
  'EXECUTE-API:INVOKE',
  'execute-api:*',
  '*',
  'execute-api:Inv?ke',
  'execute-api:In*',
  '*:Invoke',
  'execute-api:Invoke?',
  'execute-api:ManageConnections',
  's3:GetObject',
);

const ip = fc.constantFrom('198.51.100.9', '203.0.113.200', '10.1.2.3', '2001:db8::1', '::ffff:198.51.100.9');
const cidr = fc.constantFrom(
  '198.51.100.0/24',
  '198.51.100.9',
  '203.0.113.128/25',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '2001:db8::/32',
  '2001:db8::1',
  '198.51.100.0/',
  '198.51.100.0/33',
  '198.51.100.0/024',
);
const tier = fc.constantFrom('gold', 'GOLD', 'silver', 'go*', 'g?ld', '');
const level = fc.constantFrom<string | number | boolean>('5', 5, '5.5', '-1', '1e1', 'x', true, '0x5', ' 5');
const bool = fc.constantFrom<string | boolean>('true', 'false', 'TRUE', true, false);
const oneOrMany = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 }));

const condition: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ IpAddress: fc.record({ 'aws:SourceIp': oneOrMany(cidr) }) }) },
  { weight: 2, arbitrary: fc.record({ NotIpAddress: fc.record({ 'aws:SourceIp': oneOrMany(cidr) }) }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'StringEquals',
          'StringNotEquals',
          'StringEqualsIgnoreCase',
          'StringNotEqualsIgnoreCase',
          'StringLike',
          'StringNotLike',
          'StringEqualsIfExists',
          'StringNotLikeIfExists',
        ),
        fc.constantFrom('custom:tier', 'Custom:Tier'),
        oneOrMany(tier),
      )
      .map(([op, key, v]) => ({ [op]: { [key]: v } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'NumericEquals',
          'NumericNotEquals',
          'NumericLessThan',
          'NumericGreaterThanEquals',
          'NumericLessThanIfExists',
        ),
        oneOrMany(level),
      )
      .map(([op, v]) => ({ [op]: { 'custom:level': v } })),
  },
  { weight: 2, arbitrary: fc.record({ Bool: fc.record({ 'aws:SecureTransport': oneOrMany(bool) }) }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('custom:tier', 'aws:SourceIp'), fc.constantFrom('true', 'false'))
      .map(([key, v]) => ({ Null: { [key]: v } })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      'x',
      [],
      { StringEquals: 'gold' },
      { StringEquals: { 'custom:tier': [] } },
      { StringEquals: { 'custom:tier': { a: 1 } } },
      { StringEquals: { 'custom:tier': null } },
      {},
    ),
  },
);

const requestValues: fc.Arbitrary<Values> = fc.record(
  {
    'aws:SourceIp': ip,
    'custom:tier': fc.oneof(tier, fc.array(tier, { maxLength: 2 })),
    'custom:level': fc.constantFrom<string | number>('3', '7', 5, '5.0', 'high', '0x5', '5 '),
    'AWS:SecureTransport': fc.constantFrom<string | boolean>('true', 'false', true, false),
  },
  { requiredKeys: [] },
);

/** One field: usually well-formed, sometimes broken the ways results get broken. */
const field = <T>(good: fc.Arbitrary<T>, odds = 40) =>
  fc.oneof(
    { weight: odds, arbitrary: good },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(undefined, null, [], 5, ['x', 5], { a: 'b' }, [undefined]),
    },
  );

/** Which of a positive element and its negation (`Action`/`NotAction`) a statement carries. */
const shape = fc.oneof(
  { weight: 24, arbitrary: fc.constant('positive' as const) },
  { weight: 8, arbitrary: fc.constant('negative' as const) },
  { weight: 1, arbitrary: fc.constantFrom('both' as const, 'neither' as const) },
);

const statementFor = (arn: string): fc.Arbitrary<unknown> =>
  fc
    .record(
      {
        Effect: field(
          fc.oneof(
            { weight: 30, arbitrary: fc.constantFrom('Allow', 'Allow', 'Deny') },
            fc.constant('allow'),
          ),
        ),
        actions: field(oneOrMany(action)),
        actionShape: shape,
        resources: field(oneOrMany(resourceFor(arn))),
        resourceShape: shape,
        Condition: fc.option(condition, { nil: undefined, freq: 2 }),
        Sid: fc.constantFrom('s1', null),
      },
      { requiredKeys: ['Effect', 'actions', 'actionShape', 'resources', 'resourceShape', 'Condition'] },
    )
    .map(({ Effect, actions, actionShape, resources, resourceShape, Condition, Sid }) => {
      const s: Record<string, unknown> = {};
      if (Effect !== undefined) s.Effect = Effect;
      const put = (positive: string, negative: string, value: unknown, how: string) => {
        if (how === 'positive' || how === 'both') s[positive] = value;
        if (how === 'negative' || how === 'both') s[negative] = value;
      };
      put('Action', 'NotAction', actions, actionShape);
      put('Resource', 'NotResource', resources, resourceShape);
      if (Condition !== undefined) s.Condition = Condition;
      if (Sid !== undefined) s.Sid = Sid;
      return s;
    });

const flatContext = fc.dictionary(
  fc.constantFrom('tenant', 'roles', 'n', 'admin', 'x'),
  fc.oneof(
    { weight: 30, arbitrary: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean()) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        undefined,
        null,
        ['a'],
        { a: 1 },
        Number.NaN,
        Number.POSITIVE_INFINITY,
        () => 1,
        new Date(0),
        Symbol('s'),
        10n,
      ),
    },
  ),
  { maxKeys: 3 },
);

const jsonContext = fc.dictionary(
  fc.constantFrom('user', 'roles', 'n', 'x'),
  fc.oneof(
    { weight: 30, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        undefined,
        [1, undefined],
        { deep: { n: Number.NaN } },
        { at: new Date(0) },
        { f: () => 1 },
        [Symbol('s')],
      ),
    },
  ),
  { maxKeys: 3 },
);

const contextFor = (v2: boolean) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant(undefined) },
    { weight: 10, arbitrary: v2 ? jsonContext : flatContext },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'x', [], 5) },
  );

const iamResult = (arn: string, v2: boolean): fc.Arbitrary<unknown> =>
  fc
    .record({
      principalId: field(fc.constantFrom('user-42', ''), 20),
      Version: field(
        fc.oneof(
          { weight: 20, arbitrary: fc.constantFrom('2012-10-17', '2008-10-17') },
          fc.constant('2012-10-18'),
        ),
        20,
      ),
      statements: fc.oneof(
        { weight: 6, arbitrary: fc.array(statementFor(arn), { maxLength: 3 }) },
        { weight: 1, arbitrary: statementFor(arn) },
      ),
      context: contextFor(v2),
      usageIdentifierKey: fc.oneof(
        { weight: 20, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.constant('key-1') },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(5, null) },
      ),
    })
    .map(({ principalId, Version, statements, context, usageIdentifierKey }) => {
      const result: Record<string, unknown> = { policyDocument: { Statement: statements } };
      if (principalId !== undefined) result.principalId = principalId;
      if (Version !== undefined) (result.policyDocument as Record<string, unknown>).Version = Version;
      if (context !== undefined) result.context = context;
      if (usageIdentifierKey !== undefined) result.usageIdentifierKey = usageIdentifierKey;
      return result;
    });

const simpleResult: fc.Arbitrary<unknown> = fc
  .record({ isAuthorized: field(fc.boolean()), context: contextFor(true) })
  .map(({ isAuthorized, context }) => ({
    ...(isAuthorized === undefined ? {} : { isAuthorized }),
    ...(context === undefined ? {} : { context }),
  }));

const decisionCase = fc
  .record({ arn: methodArn, v2: fc.boolean(), values: requestValues })
  .chain(({ arn, v2, values }) =>
    fc
      .oneof(
        { weight: 8, arbitrary: iamResult(arn, v2) },
        { weight: v2 ? 3 : 0, arbitrary: simpleResult },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'Allow', [], 0) },
      )
      .map((result) => ({ arn, v2, values, result })),
  );

// ---- the comparisons --------------------------------------------------------------------------

describe('the simulator and the library decide alike', () => {
  it('on generated authorizer results, ARNs and request values (allow, deny, implicit deny, 500)', () => {
    fc.assert(
      fc.property(decisionCase, ({ arn, v2, values, result }) => {
        expect(simulatorVerdict(result, arn, v2, values)).toBe(libraryVerdict(result, arn, v2, values));
      }),
      { numRuns: 3_000 },
    );
  });
});

// ---- identity sources -------------------------------------------------------------------------

const flipCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((flips) => Array.from(name, (c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const headerName = fc.constantFrom('Authorization', 'X-Api-Key', 'X-Tenant').chain(flipCase);
const paramName = fc.constantFrom('token', 'Token', 'tenant');
const identityValue = fc.constantFrom('', ' ', 'v1', 'V1', 'a,b', 'Bearer eyJ.x.y');
const valueMap = (names: fc.Arbitrary<string>) =>
  fc.option(fc.dictionary(names, identityValue, { maxKeys: 3 }), { nil: undefined, freq: 4 });

const identityCase = fc.boolean().chain((v2) =>
  fc.record({
    v2: fc.constant(v2),
    headers: valueMap(headerName),
    query: valueMap(paramName),
    stage: valueMap(paramName),
    sources: fc.array(
      fc.oneof(
        headerName.map((n) =>
          v2 ? `$request.header.${n}` : `${n.length % 2 ? 'method' : 'route'}.request.header.${n}`,
        ),
        paramName.map((n) => (v2 ? `$request.querystring.${n}` : `method.request.querystring.${n}`)),
        paramName.map((n) => (v2 ? `$stageVariables.${n}` : `stageVariables.${n}`)),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

/**
 * Events as API Gateway sends them, with one value per name: which of several values of a repeated
 * header an identity source reads is not documented (REST passes the last in `headers`, all of them
 * in `multiValueHeaders`), so neither side is held to it.
 */
function eventOf(c: {
  v2: boolean;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  stage?: Record<string, string>;
}): unknown {
  const maps = { headers: c.headers, queryStringParameters: c.query, stageVariables: c.stage };
  return c.v2 ? httpApiAuthorizerEvent(maps) : requestAuthorizerEvent(maps);
}

describe('the cache simulator and the library read identity sources alike', () => {
  it('on generated REST, WebSocket and HTTP API events: the same values, the same missing source', () => {
    fc.assert(
      fc.property(identityCase, (c) => {
        const event = eventOf(c);
        const request = readRequest(event as never);
        const values = compileIdentityValues(c.sources)(request);
        const firstMissing = compileIdentitySources(c.sources)(request);
        const reading = compileIdentityReader(c.sources)(event);
        if (firstMissing === undefined) {
          expect(reading).toMatchObject({ values });
        } else {
          expect(reading).toEqual({ missing: firstMissing });
        }
      }),
      { numRuns: 3_000 },
    );
  });
});

// ---- regression examples of disagreements found, and which side read AWS right ----------------

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets';
const both = (result: unknown, values: Values = {}) => ({
  library: libraryVerdict(result, ARN, false, values),
  simulator: simulatorVerdict(result, ARN, false, values),
});
const policy = (...Statement: object[]) => ({
  principalId: 'u',
  policyDocument: { Version: '2012-10-17', Statement },
});

describe('regressions: disagreements the differential test found', () => {
  it('a malformed statement after a matching Deny is a 500: API Gateway parses the whole document', () => {
    const result = policy(
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' },
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '', NotResource: '' },
    );
    expect(both(result)).toEqual({ library: 500, simulator: 500 });
    const nonMatching = policy(
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ARN },
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${ARN}/other`, Condition: null },
    );
    expect(both(nonMatching)).toEqual({ library: 500, simulator: 500 });
  });

  it('condition values may be numbers and Booleans, as IAM grammar allows', () => {
    const result = policy({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: ARN,
      Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 'custom:level': 5 } },
    });
    expect(both(result, { 'aws:SecureTransport': 'true', 'custom:level': '3' })).toEqual({
      library: 'Allow',
      simulator: 'Allow',
    });
    expect(both(result, { 'aws:SecureTransport': 'true', 'custom:level': '7' })).toEqual({
      library: 'ImplicitDeny',
      simulator: 'ImplicitDeny',
    });
  });

  it('an IP range without prefix digits matches nothing (it is not /0)', () => {
    const result = policy({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: ARN,
      Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/' } },
    });
    expect(both(result, { 'aws:SourceIp': '203.0.113.9' })).toEqual({
      library: 'ImplicitDeny',
      simulator: 'ImplicitDeny',
    });
  });

  it('numeric conditions compare integer and decimal values only (not hexadecimal, not padded)', () => {
    const result = policy({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: ARN,
      Condition: { NumericEquals: { 'custom:level': '5' } },
    });
    for (const level of ['0x5', '5 ', ' 5']) {
      expect(both(result, { 'custom:level': level })).toEqual({
        library: 'ImplicitDeny',
        simulator: 'ImplicitDeny',
      });
    }
    expect(both(result, { 'custom:level': '5.0' })).toEqual({ library: 'Allow', simulator: 'Allow' });
  });
});
