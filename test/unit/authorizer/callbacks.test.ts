import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthorizerRequest,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier, type JwtVerifier } from '../../../src/jwt/index.js';
import { checkAuthorizerContext } from '../../../src/policy/context.js';
import { allow, deny, type PolicyBuilder, unauthorized } from '../../../src/policy/index.js';
import {
  createTestIssuer,
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  simulateApiGateway,
  type TestIssuer,
  tokenAuthorizerEvent,
} from '../../../src/testing/index.js';
import { parts } from '../../support/jwt-helpers.js';
import { recordingLogger } from '../../support/logger.js';

/**
 * Property: whatever a user callback does (answer at once or after some microtasks, throw, reject,
 * throw `unauthorized()`, answer odd values, hang, change the builder after it settled), the request
 * is allowed only when the callback explicitly allowed, and no value the caller sent reaches a log
 * line or what `util.inspect()` shows of the thrown error.
 */
const BASE = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod';
const PATH_SECRET = 'pathsecret-9b1e55c0';
const RUNS = 150;

let issuer: TestIssuer;
let verifier: JwtVerifier;
let token: string;
const { lines, logger } = recordingLogger();

beforeAll(async () => {
  issuer = await createTestIssuer({ audience: 'my-client-id' });
  verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'my-client-id', jwks: issuer.jwks() });
  token = issuer.sign({ sub: 'user-1' });
});
afterAll(() => issuer.close());

/** What a generated callback does. */
type Act =
  | { kind: 'answer'; value: unknown } // answers a value chosen by the slot (its "allow", "deny", ...)
  | { kind: 'odd'; value: unknown } // answers anything at all
  | { kind: 'throw'; leak: number }
  | { kind: 'throwValue'; leak: number }
  | { kind: 'unauthorized' }
  | { kind: 'hang' };
interface Behaviour {
  act: Act;
  /** 0: synchronously; n: after n microtasks (an async callback). */
  delay: number;
}

const oddValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    'true',
    'allow',
    'Allow',
    1,
    {},
    [],
    { allow: 'true' },
    { isAuthorized: true },
    Symbol('x'),
  ),
);
const behaviour = (answers: readonly unknown[]): fc.Arbitrary<Behaviour> =>
  fc.record({
    act: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...answers).map((value): Act => ({ kind: 'answer', value })) },
      { weight: 2, arbitrary: oddValue.map((value): Act => ({ kind: 'odd', value })) },
      { weight: 1, arbitrary: fc.nat(4).map((leak): Act => ({ kind: 'throw', leak })) },
      { weight: 1, arbitrary: fc.nat(4).map((leak): Act => ({ kind: 'throwValue', leak })) },
      { weight: 1, arbitrary: fc.constant<Act>({ kind: 'unauthorized' }) },
      { weight: 1, arbitrary: fc.constant<Act>({ kind: 'hang' }) },
    ),
    delay: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  });

/** A caller value for a callback to put in what it throws: the token, its parts, a header, the path. */
function callerValue(leak: number): string {
  const [header, payload, signature] = parts(token);
  return [token, signature, `${header}.${payload}`, `Bearer ${token}`, PATH_SECRET][leak] as string;
}

/** Runs a behaviour: `produce` turns the chosen answer into what the callback returns (builder calls included). */
function run(b: Behaviour, produce: (value: unknown) => unknown): unknown {
  const act = (): unknown => {
    switch (b.act.kind) {
      case 'answer':
        return produce(b.act.value);
      case 'odd':
        return b.act.value;
      case 'throw':
        throw Object.assign(new Error(`failed for ${callerValue(b.act.leak)}`), {
          detail: callerValue(b.act.leak),
        });
      case 'throwValue':
        throw callerValue(b.act.leak);
      case 'unauthorized':
        unauthorized();
        break;
      case 'hang':
        return new Promise(() => undefined);
    }
  };
  if (b.delay === 0) return act();
  let chain: Promise<void> = Promise.resolve();
  for (let i = 1; i < b.delay; i++) chain = chain.then(() => undefined);
  return chain.then(act);
}

/** Runs a handler and checks that nothing the caller sent was logged or shows on the error. */
async function decide(handler: (event: never) => unknown, event: unknown, b: Behaviour) {
  lines.length = 0;
  let thrown: unknown;
  const outcome = await simulateApiGateway(
    async (e: unknown) => {
      try {
        return await (handler as (event: unknown) => Promise<unknown>)(e);
      } catch (error) {
        thrown = error;
        throw error;
      }
    },
    event,
    // A hanging callback never settles: any deadline gives the same 500.
    { timeoutMs: b.act.kind === 'hang' ? 30 : 10_000 },
  );
  const shown = `${lines.join('\n')}\n${thrown === undefined ? '' : inspect(thrown, { depth: 10 })}`;
  for (let leak = 0; leak < 5; leak++) expect(shown).not.toContain(callerValue(leak).replace(/^Bearer /, ''));
  return outcome;
}

/**
 * Whether the callback explicitly allowed: a chosen answer that means "allow", or an odd value that,
 * read by the slot's own rule, does (`true` for a simple response, a valid context, ...).
 */
const explicit = (
  b: Behaviour,
  allowing: (value: unknown) => boolean,
  oddAllows: (value: unknown) => boolean = () => false,
) => (b.act.kind === 'answer' && allowing(b.act.value)) || (b.act.kind === 'odd' && oddAllows(b.act.value));

/** A context API Gateway passes on for IAM results: an object whose values are flat. */
const flatContext = (value: unknown) => {
  try {
    checkAuthorizerContext(value);
    return true;
  } catch {
    return false;
  }
};

const tokenEvent = () =>
  tokenAuthorizerEvent({ token: `Bearer ${token}`, methodArn: `${BASE}/GET/pets/${PATH_SECRET}` });
const httpEvent = () =>
  httpApiAuthorizerEvent({
    headers: { authorization: `Bearer ${token}` },
    routeArn: `${BASE}/GET/pets/${PATH_SECRET}`,
    pathParameters: { id: PATH_SECRET },
  });

describe('generated callbacks never yield Allow unless they allowed, and never leak a caller value', () => {
  it('TOKEN policy', async () => {
    await fc.assert(
      fc.asyncProperty(
        behaviour(['allowAll', 'allowGet', 'denyAll', 'nothing', 'returnBuilder', 'late']),
        async (b) => {
          let late: PolicyBuilder | undefined;
          const handler = createTokenAuthorizer({
            verifier,
            logger,
            policy: ((builder: PolicyBuilder) =>
              run(b, (value) => {
                if (value === 'allowAll') builder.allowAll();
                if (value === 'allowGet') builder.allow('GET', '/*');
                if (value === 'denyAll') builder.denyAll();
                if (value === 'returnBuilder') return builder.allow('GET', '/pets/*');
                if (value === 'late') late = builder;
                return undefined;
              })) as never,
          });
          const outcome = await decide(handler, tokenEvent(), b);
          late?.allowAll(); // after the answer: must change nothing
          const allowed = explicit(b, (v) => v === 'allowAll' || v === 'allowGet' || v === 'returnBuilder');
          expect(outcome.statusCode === 200).toBe(allowed);
          if (!allowed) expect([401, 403, 500]).toContain(outcome.statusCode);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('REQUEST authorize', async () => {
    const answers = ['allow', 'deny', 'unknown', 'allowResult', 'denyResult', 'allowNoPrincipal'];
    await fc.assert(
      fc.asyncProperty(behaviour(answers), async (b) => {
        const handler = createRequestAuthorizer({
          logger,
          authorize: ((request: AuthorizerRequest) =>
            run(b, (value) => {
              if (value === 'allow') return { allow: true, principalId: 'p' };
              if (value === 'deny') return { allow: false, principalId: 'p' };
              if (value === 'unknown') return { allow: false };
              if (value === 'allowResult') return allow('p', request.methodArn);
              if (value === 'denyResult') return deny('p', request.methodArn);
              return { allow: true };
            })) as never,
        });
        const event = requestAuthorizerEvent({
          methodArn: `${BASE}/GET/pets/${PATH_SECRET}`,
          headers: { authorization: `Bearer ${token}` },
        });
        const outcome = await decide(handler, event, b);
        const oddDecision = (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !('policyDocument' in v) &&
          (v as { allow?: unknown }).allow === true &&
          typeof (v as { principalId?: unknown }).principalId === 'string';
        if (outcome.statusCode === 200 && b.act.kind === 'odd') expect(oddDecision(b.act.value)).toBe(true);
        else
          expect(outcome.statusCode === 200).toBe(explicit(b, (v) => v === 'allow' || v === 'allowResult'));
      }),
      { numRuns: RUNS },
    );
  });

  it('REQUEST authorize under routes: a 200 only for scopes that grant the route', async () => {
    const answers = ['allowRead', 'allowAdmin', 'allowNone', 'allowNoScopes', 'allowResource', 'deny'];
    await fc.assert(
      fc.asyncProperty(behaviour(answers), async (b) => {
        const handler = createRequestAuthorizer({
          logger,
          routes: { 'GET /pets/*': ['pets:read', 'pets:admin'], 'DELETE /pets/*': ['pets:admin'] },
          authorize: (() =>
            run(b, (value) => {
              if (value === 'allowRead') return { allow: true, principalId: 'p', scopes: ['pets:read'] };
              if (value === 'allowAdmin') return { allow: true, principalId: 'p', scopes: ['pets:admin'] };
              if (value === 'allowNone') return { allow: true, principalId: 'p', scopes: ['orders:read'] };
              if (value === 'allowResource')
                return { allow: true, principalId: 'p', scopes: ['pets:read'], resource: '*' };
              if (value === 'deny') return { allow: false, principalId: 'p' };
              return { allow: true, principalId: 'p' };
            })) as never,
        });
        const event = requestAuthorizerEvent({
          methodArn: `${BASE}/GET/pets/${PATH_SECRET}`,
          headers: { authorization: `Bearer ${token}` },
        });
        const outcome = await decide(handler, event, b);
        const oddAllows = (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          'policyDocument' in v &&
          (v as { policyDocument?: { Statement?: { Effect?: unknown }[] } }).policyDocument?.Statement?.some(
            (statement) => statement.Effect === 'Allow',
          ) === true;
        if (outcome.statusCode === 200 && b.act.kind === 'odd') expect(oddAllows(b.act.value)).toBe(true);
        else
          expect(outcome.statusCode === 200).toBe(
            explicit(b, (v) => v === 'allowRead' || v === 'allowAdmin'),
          );
      }),
      { numRuns: RUNS },
    );
  });

  it('HTTP API authorize, simple responses and IAM results', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('simple' as const, 'iam' as const),
        behaviour([true, false, undefined, 'builderAllow', 'builderDeny', 'late']),
        async (response, b) => {
          let late: PolicyBuilder | undefined;
          const authorize = (_claims: unknown, _request: unknown, builder?: PolicyBuilder) =>
            run(b, (value) => {
              if (value === 'builderAllow') builder?.allow('GET', '/*');
              if (value === 'builderDeny') builder?.denyAll();
              if (value === 'late') late = builder;
              return typeof value === 'string' ? undefined : value;
            });
          const handler = createHttpApiAuthorizer({
            verifier,
            logger,
            response,
            authorize: authorize as never,
          });
          const outcome = await decide(handler, httpEvent(), b);
          late?.allowAll();
          const isTrue = (v: unknown) => v === true;
          const allowed =
            response === 'simple'
              ? explicit(b, isTrue, isTrue)
              : explicit(b, (v) => v === true || v === 'builderAllow', isTrue);
          expect(outcome.statusCode === 200).toBe(allowed);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('context, principalId, usageIdentifierKey and tokenFrom: a 200 only with a valid answer, and then the default decision', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'context' as const,
          'principalId' as const,
          'usageIdentifierKey' as const,
          'tokenFrom' as const,
        ),
        behaviour(['valid']),
        async (slot, b) => {
          const valid = {
            context: { plan: 'pro' },
            principalId: 'user#1',
            usageIdentifierKey: 'usage-plan-key-1',
            tokenFrom: `Bearer ${token}`,
          }[slot];
          const callback = () => run(b, () => valid);
          const handler =
            slot === 'tokenFrom'
              ? createHttpApiAuthorizer({
                  verifier,
                  logger,
                  response: 'simple',
                  tokenFrom: callback as never,
                })
              : createTokenAuthorizer({ verifier, logger, [slot]: callback as never });
          const outcome = await decide(handler, slot === 'tokenFrom' ? httpEvent() : tokenEvent(), b);
          // tokenFrom is synchronous: an answer after microtasks is a promise, which is refused.
          const oddAllows = {
            context: flatContext,
            principalId: (v: unknown) => typeof v === 'string',
            usageIdentifierKey: (v: unknown) => v === undefined || (typeof v === 'string' && v !== ''),
            tokenFrom: () => false,
          }[slot];
          const allowed = explicit(b, () => true, oddAllows) && (slot !== 'tokenFrom' || b.delay === 0);
          expect(outcome.statusCode === 200).toBe(allowed);
          if (allowed && b.act.kind === 'answer' && slot === 'context')
            expect(outcome.context).toEqual({ plan: 'pro' });
          if (allowed && b.act.kind === 'answer' && slot === 'principalId')
            expect(outcome.principalId).toBe('user#1');
          if (allowed && b.act.kind === 'answer' && slot === 'usageIdentifierKey')
            expect(outcome.result).toMatchObject({ usageIdentifierKey: 'usage-plan-key-1' });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('enrich: a failure allows only with onEnrichFailure fallback, and then with exactly the fallback', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('fallback' as const, 'deny' as const, 'fail' as const),
        behaviour(['valid']),
        async (mode, b) => {
          const handler = createTokenAuthorizer({
            verifier,
            logger,
            context: () => ({}),
            enrich: (() => run(b, () => ({ plan: 'pro' }))) as never,
            onEnrichFailure: mode,
            enrichFallback: { plan: 'basic' },
            enrichTimeoutMs: b.act.kind === 'hang' ? 10 : 10_000,
          });
          const outcome = await decide(handler, tokenEvent(), {
            ...b,
            act: b.act.kind === 'hang' ? { kind: 'answer', value: 0 } : b.act,
          });
          const failed = b.act.kind === 'throw' || b.act.kind === 'throwValue' || b.act.kind === 'hang';
          if (b.act.kind === 'answer')
            expect(outcome).toMatchObject({ statusCode: 200, context: { plan: 'pro' } });
          else if (b.act.kind === 'odd') expect(outcome.statusCode === 200).toBe(flatContext(b.act.value));
          else if (failed && mode === 'fallback')
            expect(outcome).toMatchObject({ statusCode: 200, context: { plan: 'basic' } });
          else expect(outcome.statusCode).not.toBe(200);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
