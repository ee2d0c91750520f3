import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyRouteInApi,
  anyRouteInStage,
  formatMethodArn,
  type MethodArn,
  parseMethodArn,
  routeInStage,
} from '../../../src/arn/index.js';
import {
  type AuthorizerResult,
  allow,
  deny,
  evaluatePolicy,
  PolicyBuilder,
  responseContext,
  simpleResponse,
} from '../../../src/policy/index.js';
import {
  expectErrorClass,
  expectJsonRoundTrip,
  hasControlCharacter,
  hostileJson,
  hostileString,
  hostileValue,
  RUNS,
  returnsOrThrowsTyped,
} from './hostile.js';

const PARTS = {
  partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
  region: fc.constantFrom('us-east-1', 'eu-central-1', 'cn-north-1', 'us-gov-west-1'),
  accountId: fc.constantFrom('123456789012', '000000000000'),
  apiId: fc.constantFrom('abc123', 'ivdtdhp7b5'),
  stage: fc.constantFrom('prod', '$default', 'dev_1', '*'),
  method: fc.constantFrom('GET', 'POST', '*', '$connect', 'get', 'ANY'),
  path: fc.constantFrom('/pets/42', '/', '', '/a:b/c', '/*', '/pets/{id}', '/%2F/..'),
};

/** A part that is usually valid and sometimes hostile: reaches the checks behind the first one. */
function mostly<T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown> = hostileString) {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

const arnParts = fc.record({
  partition: mostly(PARTS.partition),
  region: mostly(PARTS.region),
  accountId: mostly(PARTS.accountId),
  apiId: mostly(PARTS.apiId),
  stage: mostly(PARTS.stage),
  method: mostly(PARTS.method),
  path: mostly(PARTS.path),
});

const arnLike = arnParts.map(
  (p) =>
    `arn:${p.partition}:execute-api:${p.region}:${p.accountId}:${p.apiId}/${p.stage}/${p.method}${p.path}`,
);

const validArn = fc
  .record({
    partition: PARTS.partition,
    region: PARTS.region,
    accountId: PARTS.accountId,
    apiId: PARTS.apiId,
    stage: fc.constantFrom('prod', '$default', 'dev_1'),
    method: fc.constantFrom('GET', 'POST', 'DELETE'),
    path: fc.constantFrom('/pets/42', '/', '/a:b/c', '/x/y/z'),
  })
  .map((p) => formatMethodArn(p));

/** Strings a caller could pass as an ARN: hostile text, ARN-shaped text with hostile parts, anything. */
const arnInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: arnLike },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileValue },
  { weight: 1, arbitrary: arnParts },
);

const context: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  hostileJson,
  fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), hostileValue, {
    maxKeys: 5,
  }),
  fc.dictionary(hostileString, fc.oneof(hostileString, fc.integer(), fc.boolean()), { maxKeys: 5 }),
);

const condition: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  fc.dictionary(
    fc.oneof(hostileString, fc.constantFrom('IpAddress', 'StringEquals', 'aws:Foo', 'Null')),
    fc.oneof(
      hostileValue,
      fc.dictionary(
        hostileString,
        fc.oneof(hostileValue, fc.array(hostileString, { maxLength: 3 }), hostileString),
        { maxKeys: 3 },
      ),
    ),
    { maxKeys: 3 },
  ),
);

/** A result API Gateway could pass on: plain JSON that survives a round trip unchanged. */
function expectWellFormedResult(result: AuthorizerResult, effect?: 'Allow' | 'Deny'): void {
  expect(typeof result.principalId).toBe('string');
  expect(result.policyDocument.Version).toBe('2012-10-17');
  expect(result.policyDocument.Statement.length).toBeGreaterThan(0);
  for (const statement of result.policyDocument.Statement) {
    if (effect !== undefined) expect(statement.Effect).toBe(effect);
    expect(['Allow', 'Deny']).toContain(statement.Effect);
    expect(statement.Action).toBe('execute-api:Invoke');
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) {
      expect(typeof resource).toBe('string');
      expect(hasControlCharacter(resource)).toBe(false);
    }
  }
  if (result.context !== undefined) {
    expect(Object.getPrototypeOf(result.context)).toBe(Object.prototype);
    for (const value of Object.values(result.context)) {
      expect(['string', 'number', 'boolean']).toContain(typeof value);
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  }
  if (result.usageIdentifierKey !== undefined) expect(typeof result.usageIdentifierKey).toBe('string');
  expectJsonRoundTrip(result);
}

describe('arn: hostile input', () => {
  it('parseMethodArn returns parts that format back to the input, or throws InvalidArnError', () => {
    fc.assert(
      fc.property(arnInput, (arn) => {
        const outcome = returnsOrThrowsTyped(() => parseMethodArn(arn as string));
        if (!outcome.ok) {
          expectErrorClass(outcome.error, 'InvalidArnError');
          return;
        }
        expect(typeof arn).toBe('string');
        expect(formatMethodArn(outcome.value)).toBe(arn);
        expect(Buffer.byteLength(arn as string)).toBeLessThanOrEqual(1600);
      }),
      { numRuns: RUNS.quick },
    );
  });

  it('formatMethodArn returns an ARN that parses back to the parts, or throws InvalidArnError', () => {
    fc.assert(
      fc.property(fc.oneof(arnParts, hostileValue), (parts) => {
        const outcome = returnsOrThrowsTyped(() => formatMethodArn(parts as MethodArn));
        if (!outcome.ok) {
          expectErrorClass(outcome.error, 'InvalidArnError');
          return;
        }
        const p = parts as MethodArn;
        expect(parseMethodArn(outcome.value)).toEqual({
          partition: p.partition,
          region: p.region,
          accountId: p.accountId,
          apiId: p.apiId,
          stage: p.stage,
          method: p.method,
          path: p.path,
        });
      }),
      { numRuns: RUNS.quick },
    );
  });

  it('anyRouteInStage, anyRouteInApi and routeInStage only throw InvalidArnError', () => {
    fc.assert(
      fc.property(
        arnInput,
        mostly(PARTS.method, hostileValue),
        mostly(PARTS.path, hostileValue),
        (arn, m, p) => {
          for (const run of [
            () => anyRouteInStage(arn as string),
            () => anyRouteInApi(arn as string),
            () => routeInStage(arn as string, m as string, p as string),
          ]) {
            const outcome = returnsOrThrowsTyped(run);
            if (outcome.ok) {
              expect(outcome.value.startsWith('arn:')).toBe(true);
              expect(hasControlCharacter(outcome.value)).toBe(false);
            } else {
              expectErrorClass(outcome.error, 'InvalidArnError');
            }
          }
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});

describe('policy: hostile input', () => {
  it('allow() and deny() build a well-formed result or throw a typed error', () => {
    fc.assert(
      fc.property(
        mostly(fc.string({ maxLength: 20 }), hostileValue),
        fc.oneof(arnInput, fc.array(arnInput, { maxLength: 3 }), fc.constant('*')),
        fc.oneof(fc.constant(undefined), context),
        fc.oneof(
          fc.constant(undefined),
          hostileValue,
          fc.record({ usageIdentifierKey: hostileValue }, { requiredKeys: [] }),
        ),
        (principal, resource, ctx, options) => {
          for (const [effect, build] of [
            ['Allow', allow],
            ['Deny', deny],
          ] as const) {
            const outcome = returnsOrThrowsTyped(() =>
              build(principal as string, resource as string, ctx as never, options as never),
            );
            if (outcome.ok) expectWellFormedResult(outcome.value, effect);
          }
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('PolicyBuilder survives any sequence of calls with hostile arguments', () => {
    const verb = mostly(fc.constantFrom('GET', 'POST', '*', 'get', 'ANY'), hostileValue);
    const path = mostly(fc.constantFrom('/pets/*', 'pets', '/', '/a?b', '/{proxy+}'), hostileValue);
    const maybeCondition = fc.oneof(fc.constant(undefined), condition);
    const step = fc.oneof(
      fc.tuple(fc.constant('allow' as const), verb, path, maybeCondition),
      fc.tuple(fc.constant('deny' as const), verb, path, maybeCondition),
      fc.tuple(fc.constant('allowAll' as const), maybeCondition),
      fc.tuple(fc.constant('denyAll' as const), maybeCondition),
      fc.tuple(
        fc.constant('build' as const),
        fc.oneof(
          hostileValue,
          fc.record(
            {
              principalId: mostly(fc.string({ maxLength: 10 }), hostileValue),
              context,
              usageIdentifierKey: hostileValue,
            },
            { requiredKeys: [] },
          ),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(arnInput, validArn),
        fc.oneof(
          fc.constant(undefined),
          hostileValue,
          fc.record({ stage: mostly(fc.constantFrom('*', 'dev', '$default'), hostileValue) }),
        ),
        fc.array(step, { maxLength: 6 }),
        (arn, options, steps) => {
          const created = returnsOrThrowsTyped(() => new PolicyBuilder(arn as string, options as never));
          if (!created.ok) return;
          const builder = created.value;
          for (const [name, ...args] of steps) {
            const outcome = returnsOrThrowsTyped(() =>
              (builder[name] as (...a: unknown[]) => unknown).apply(builder, args),
            );
            if (name === 'build' && outcome.ok) {
              expectWellFormedResult(outcome.value as AuthorizerResult);
              returnsOrThrowsTyped(() =>
                evaluatePolicy(outcome.value as AuthorizerResult, formatMethodArn(builder.methodArn)),
              );
            } else if (outcome.ok) {
              expect(outcome.value).toBe(builder);
            }
          }
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('simpleResponse() returns serializable JSON or throws a typed error', () => {
    fc.assert(
      fc.property(
        mostly(fc.boolean(), hostileValue),
        fc.oneof(fc.constant(undefined), context),
        (ok, ctx) => {
          const outcome = returnsOrThrowsTyped(() => simpleResponse(ok as boolean, ctx as never));
          if (!outcome.ok) return;
          expect(outcome.value.isAuthorized).toBe(ok);
          expectJsonRoundTrip(outcome.value);
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('responseContext() returns a flat context or throws a typed error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileValue,
          fc.record(
            {
              body: fc.oneof(hostileValue, hostileJson),
              setCookie: fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 })),
              values: context,
            },
            { requiredKeys: [] },
          ),
        ),
        (options) => {
          const outcome = returnsOrThrowsTyped(() => responseContext(options as never));
          if (!outcome.ok) return;
          for (const value of Object.values(outcome.value)) {
            expect(['string', 'number', 'boolean']).toContain(typeof value);
          }
          expectJsonRoundTrip(outcome.value);
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});

/** IAM matching, written independently of src/lib/wildcard.ts: dynamic programming over code points. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let row = new Array<boolean>(v.length + 1).fill(false);
  row[0] = true;
  for (const pc of p) {
    const next = new Array<boolean>(v.length + 1).fill(false);
    next[0] = pc === '*' && row[0] === true;
    for (let j = 1; j <= v.length; j++) {
      if (pc === '*') next[j] = row[j] === true || next[j - 1] === true;
      else next[j] = row[j - 1] === true && (pc === '?' || pc === v[j - 1]);
    }
    row = next;
  }
  return row[v.length] === true;
}

function list(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value;
  return undefined;
}

/** What API Gateway decides for a condition-free result, or undefined where it would answer 500. */
function referenceDecision(result: unknown, arn: string): 'Allow' | 'Deny' | 'ImplicitDeny' | undefined {
  const document = (result as { policyDocument?: { Statement?: unknown } }).policyDocument;
  const raw = document?.Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  let allowed = false;
  let denied = false;
  for (const s of statements as Record<string, unknown>[]) {
    const actions = list(s.Action);
    const notActions = list(s.NotAction);
    const resources = list(s.Resource);
    const notResources = list(s.NotResource);
    const action = actions
      ? actions.some((a) => globMatches(a, 'execute-api:Invoke', true))
      : !notActions?.some((a) => globMatches(a, 'execute-api:Invoke', true));
    const resource = resources
      ? resources.some((r) => globMatches(r, arn))
      : !notResources?.some((r) => globMatches(r, arn));
    if (!action || !resource) continue;
    if (s.Effect === 'Deny') denied = true;
    if (s.Effect === 'Allow') allowed = true;
  }
  return denied ? 'Deny' : allowed ? 'Allow' : 'ImplicitDeny';
}

/** Resource patterns near the ARN: itself, with wildcards cut in, a neighbour, anything. */
function resourcePattern(arn: string): fc.Arbitrary<unknown> {
  const cut = fc
    .tuple(fc.nat(arn.length), fc.nat(arn.length))
    .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]);
  return fc.oneof(
    fc.constant(arn),
    fc.constant('*'),
    cut.map(([a, b]) => `${arn.slice(0, a)}*${arn.slice(b)}`),
    cut.map(([a]) => `${arn.slice(0, a)}?${arn.slice(a + 1)}`),
    cut.map(([a]) => `${arn.slice(0, a)}*`),
    fc.constant(arn.replace(/:\d{12}:/, ':999999999999:')),
    fc.constant(arn.toUpperCase()),
    fc.constant(`${arn}/extra`),
    hostileString,
  );
}

function statement(arn: string, withCondition: boolean): fc.Arbitrary<unknown> {
  const patterns = fc.oneof(resourcePattern(arn), fc.array(resourcePattern(arn), { maxLength: 3 }));
  const action = fc.oneof(
    fc.constantFrom(
      'execute-api:Invoke',
      'execute-api:*',
      '*',
      'EXECUTE-API:invoke',
      'execute-api:Invok?',
      's3:*',
    ),
    fc.array(fc.constantFrom('execute-api:Invoke', 's3:GetObject', 'execute-api:ManageConnections'), {
      maxLength: 3,
    }),
    hostileValue,
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow', 'ALLOW', ' Allow'), hostileValue),
          Action: action,
          NotAction: action,
          Resource: patterns,
          NotResource: patterns,
          ...(withCondition ? { Condition: condition } : {}),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

function policyResult(arn: string, withCondition: boolean): fc.Arbitrary<unknown> {
  const statements = fc.oneof(
    fc.array(statement(arn, withCondition), { maxLength: 4 }),
    statement(arn, withCondition),
    hostileValue,
  );
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          principalId: mostly(fc.string({ maxLength: 8 }), hostileValue),
          policyDocument: mostly(
            fc.record(
              {
                Version: mostly(fc.constantFrom('2012-10-17', '2008-10-17'), hostileValue),
                Statement: statements,
              },
              { requiredKeys: [] },
            ),
            hostileValue,
          ),
          context: context,
        },
        { requiredKeys: ['principalId', 'policyDocument'] },
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

describe('evaluatePolicy: hostile results never fail open', () => {
  it('agrees with an independent IAM reference on condition-free results, or throws a typed error', () => {
    fc.assert(
      fc.property(
        validArn.chain((arn) => fc.tuple(fc.constant(arn), policyResult(arn, false))),
        ([arn, result]) => {
          const outcome = returnsOrThrowsTyped(() => evaluatePolicy(result as never, arn));
          if (!outcome.ok) {
            expectErrorClass(outcome.error, 'InvalidPolicyError');
            return;
          }
          expect(outcome.value).toBe(referenceDecision(result, arn));
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('checks the condition context of a matching conditional statement, whatever its shape', () => {
    const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets';
    const operators = [
      'IpAddress',
      'NotIpAddress',
      'StringEquals',
      'StringEqualsIgnoreCase',
      'StringLike',
      'NumericLessThan',
      'Bool',
      'Null',
      'StringNotEqualsIfExists',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...operators),
        fc.oneof(fc.constantFrom('10.0.0.0/8', '::/0', 'true', '5', '*'), hostileString),
        fc.oneof(
          hostileValue,
          fc.dictionary(
            fc.constantFrom('aws:SourceIp', 'AWS:SOURCEIP', 'aws:other', '__proto__'),
            fc.oneof(
              hostileValue,
              fc.array(hostileValue, { maxLength: 3 }),
              fc.constantFrom('10.1.2.3', '::1', 'TRUE', '4'),
            ),
            { maxKeys: 3 },
          ),
        ),
        (operator, expected, conditionContext) => {
          const result = new PolicyBuilder(arn)
            .allowAll({ [operator]: { 'aws:SourceIp': expected } })
            .build({ principalId: 'p' });
          const outcome = returnsOrThrowsTyped(() =>
            evaluatePolicy(result, arn, { conditionContext } as never),
          );
          if (outcome.ok) expect(['Allow', 'ImplicitDeny']).toContain(outcome.value);
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('never answers Allow without an Allow statement, whatever the result, ARN and options', () => {
    const options = fc.oneof(
      fc.constant(undefined),
      hostileValue,
      fc.record({
        conditionContext: fc.oneof(
          hostileValue,
          fc.dictionary(
            fc.oneof(hostileString, fc.constantFrom('aws:SourceIp', 'aws:username')),
            fc.oneof(
              hostileValue,
              fc.array(hostileValue, { maxLength: 3 }),
              fc.constantFrom('203.0.113.7', '::1'),
            ),
            { maxKeys: 3 },
          ),
        ),
      }),
    );
    fc.assert(
      fc.property(
        fc
          .oneof(validArn, arnLike, hostileValue)
          .chain((arn) =>
            fc.tuple(fc.constant(arn), policyResult(typeof arn === 'string' ? arn : 'x', true), options),
          ),
        ([arn, result, opts]) => {
          const outcome = returnsOrThrowsTyped(() =>
            evaluatePolicy(result as never, arn as string, opts as never),
          );
          if (!outcome.ok) return;
          expect(['Allow', 'Deny', 'ImplicitDeny']).toContain(outcome.value);
          if (outcome.value === 'Allow') {
            parseMethodArn(arn as string);
            const raw = (result as { policyDocument: { Statement: unknown } }).policyDocument.Statement;
            const statements = (Array.isArray(raw) ? raw : [raw]) as { Effect?: unknown }[];
            expect(statements.some((s) => s.Effect === 'Allow')).toBe(true);
            expect(
              statements.some(
                (s) =>
                  s.Effect === 'Deny' &&
                  referenceDecision({ policyDocument: { Statement: [s] } }, arn as string) === 'Deny' &&
                  (s as { Condition?: unknown }).Condition === undefined,
              ),
            ).toBe(false);
          }
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});

describe('sparse arrays: a hole is not a string', () => {
  const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets';
  // biome-ignore lint/suspicious/noSparseArray: the holes are the hostile input.
  const sparse = [arn, , arn];

  it('allow() refuses a resource list with holes', () => {
    const outcome = returnsOrThrowsTyped(() => allow('p', sparse as string[]));
    expect(outcome.ok).toBe(false);
  });

  it('a condition with holes in its values is refused when it is added', () => {
    // biome-ignore lint/suspicious/noSparseArray: the holes are the hostile input.
    const condition = { StringEquals: { 'aws:username': ['a', , 'b'] } };
    const outcome = returnsOrThrowsTyped(() => new PolicyBuilder(arn).allowAll(condition as never));
    expect(outcome.ok).toBe(false);
  });

  it('responseContext() refuses setCookie with holes', () => {
    // biome-ignore lint/suspicious/noSparseArray: the holes are the hostile input.
    const outcome = returnsOrThrowsTyped(() => responseContext({ setCookie: ['a=1', , 'b=2'] as string[] }));
    expect(outcome.ok).toBe(false);
  });

  it('evaluatePolicy() refuses Resource, Action and condition values with holes', () => {
    const statement = { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: sparse };
    const result = { principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [statement] } };
    expect(returnsOrThrowsTyped(() => evaluatePolicy(result, arn)).ok).toBe(false);
    // biome-ignore lint/suspicious/noSparseArray: the holes are the hostile input.
    const action = { ...statement, Resource: arn, Action: [, 'execute-api:Invoke'] };
    expect(
      returnsOrThrowsTyped(() =>
        evaluatePolicy({ ...result, policyDocument: { Version: '2012-10-17', Statement: [action] } }, arn),
      ).ok,
    ).toBe(false);
    const conditional = new PolicyBuilder(arn)
      .allowAll({ StringLike: { 'aws:SourceIp': '*' } })
      .build({ principalId: 'p' });
    // biome-ignore lint/suspicious/noSparseArray: the holes are the hostile input.
    const conditionContext = { 'aws:SourceIp': [, '203.0.113.7'] };
    expect(
      returnsOrThrowsTyped(() => evaluatePolicy(conditional, arn, { conditionContext } as never)).ok,
    ).toBe(false);
  });
});

describe('evaluatePolicy: the options are checked before they are used', () => {
  const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets';
  const conditional = new PolicyBuilder(arn)
    .allowAll({ StringEqualsIgnoreCase: { 'aws:SourceIp': '203.0.113.7' } })
    .build({ principalId: 'p' });

  it.each([
    ['null options', null],
    ['a string as options', 'aws:SourceIp'],
    ['a null condition context', { conditionContext: null }],
    ['an array as condition context', { conditionContext: ['203.0.113.7'] }],
    ['a number in a value list', { conditionContext: { 'aws:SourceIp': [1] } }],
    ['a null-prototype object as value', { conditionContext: { 'aws:SourceIp': Object.create(null) } }],
    ['a symbol as value', { conditionContext: { 'aws:SourceIp': Symbol('ip') } }],
    ['NaN as value', { conditionContext: { 'aws:SourceIp': Number.NaN } }],
  ])('%s is refused with ERR_INVALID_OPTION', (_name, options) => {
    const outcome = returnsOrThrowsTyped(() => evaluatePolicy(conditional, arn, options as never));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect((outcome.error as { code?: string }).code).toBe('ERR_INVALID_OPTION');
  });

  it('a well-formed condition context still decides', () => {
    expect(evaluatePolicy(conditional, arn, { conditionContext: { 'aws:SourceIp': '203.0.113.7' } })).toBe(
      'Allow',
    );
    expect(evaluatePolicy(conditional, arn, { conditionContext: { 'aws:SourceIp': ['198.51.100.1'] } })).toBe(
      'ImplicitDeny',
    );
  });
});
