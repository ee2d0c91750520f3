import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appSyncAnswer } from '../../../src/authorizer/appsync-result.js';
import { appSyncOutcomeOf, simulateAppSync } from '../../../src/testing/appsync.js';
import { appSyncAuthorizerEvent } from '../../../src/testing/events.js';

/*
 * The simulator (src/testing/appsync.ts) and the library's checks (src/authorizer/appsync-result.ts)
 * read AppSync's limits independently; both judge the same generated answers here.
 */
const event = appSyncAuthorizerEvent({ token: 't' });
const field = fc.oneof(
  fc.constantFrom('Query.secret', 'Mutation.deletePost', '_T._f'),
  fc.constantFrom(
    `arn:aws:appsync:us-east-1:123456789012:apis/${event.requestContext.apiId}/types/Query/fields/secret`,
    'arn:aws:appsync:eu-west-1:123456789012:apis/otherapi/types/Query/fields/secret',
    'Query',
    'Query.',
    '.x',
    'a.b.c',
    '1Type.field',
    'arn:aws:appsync:us-east-1:123:apis/x/types/Q/fields/f',
    '',
  ),
  fc.string({ maxLength: 6 }),
  fc.constantFrom<unknown>(5, null, ['Query.a']),
);
const value = fc.oneof(
  { weight: 10, arbitrary: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(undefined, null, [1], { a: 1 }, Number.NaN, new Date(0), () => 1),
  },
);
const answer = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record(
      {
        isAuthorized: fc.oneof(
          { weight: 20, arbitrary: fc.boolean() },
          fc.constantFrom<unknown>('true', 1, null),
        ),
        ttlOverride: fc.oneof(
          fc.integer({ min: -5, max: 3605 }),
          fc.constantFrom<unknown>(1.5, '10', null, 0, 3600),
        ),
        deniedFields: fc.oneof(
          { weight: 5, arbitrary: fc.array(field, { maxLength: 3 }) },
          fc.constantFrom<unknown>('Query.a', null),
        ),
        resolverContext: fc.oneof(
          { weight: 5, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'roles'), value, { maxKeys: 3 }) },
          fc.constantFrom<unknown>(null, [], 'x'),
        ),
      },
      { requiredKeys: ['isAuthorized'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, true, [], 'ok') },
);

function library(result: unknown): 'allow' | 'refuse' | 'malformed' {
  try {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return 'malformed';
    const r = result as Record<string, unknown>;
    const built = appSyncAnswer(r.isAuthorized as boolean, r);
    return built.isAuthorized ? 'allow' : 'refuse';
  } catch {
    return 'malformed';
  }
}

function simulator(result: unknown): 'allow' | 'refuse' | 'malformed' {
  const outcome = appSyncOutcomeOf(result, event);
  if (outcome.authorized) return 'allow';
  return outcome.reason.startsWith('malformed') ? 'malformed' : 'refuse';
}

describe('the AppSync simulator and the library read AppSync alike', () => {
  it('on generated answers (allow, refuse, malformed)', () => {
    fc.assert(
      fc.property(answer, (result) => {
        expect(simulator(result)).toBe(library(result));
      }),
      { numRuns: 3_000 },
    );
  });

  it('caches as the answer says, never a throw, and keeps tokens AppSync refuses from the function', async () => {
    const allow = async () => ({ isAuthorized: true, ttlOverride: 60, deniedFields: ['Query.secret'] });
    expect(await simulateAppSync(allow, event)).toMatchObject({
      authorized: true,
      cachedForSeconds: 60,
      deniedFields: ['Query.secret'],
    });
    expect(await simulateAppSync(async () => ({ isAuthorized: false }), event)).toMatchObject({
      errorType: 'UnauthorizedException',
      cachedForSeconds: 300,
    });
    const thrower = async () => {
      throw new Error('down');
    };
    expect(await simulateAppSync(thrower, event)).toMatchObject({ authorized: false, cachedForSeconds: 0 });
    const long = appSyncAuthorizerEvent({ token: 'x'.repeat(2049) });
    expect(await simulateAppSync(allow, long)).toMatchObject({ authorized: false, invoked: false });
    expect(await simulateAppSync(allow, event, { identityValidationExpression: '^ey' })).toMatchObject({
      invoked: false,
    });
  });
});
