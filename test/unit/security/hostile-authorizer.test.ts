import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMethodArn } from '../../../src/arn/index.js';
import {
  type AuthorizerLogger,
  createHttpApiAuthorizer,
  createRequestAuthorizer,
  createTokenAuthorizer,
  readRequest,
} from '../../../src/authorizer/index.js';
import { createJwtVerifier } from '../../../src/jwt/index.js';
import { evaluatePolicy } from '../../../src/policy/index.js';
import { createTestIssuer, type TestIssuer } from '../../../src/testing/issuer.js';
import { tamperSignature } from '../../support/jwt-helpers.js';
import {
  expectErrorClass,
  expectTypedError,
  HostileInputError,
  hostileJson,
  hostileString,
  hostileValue,
  isExactUnauthorized,
  RUNS,
  returnsOrThrowsTyped,
} from './hostile.js';

const API_KEY = 'the-one-api-key-0123456789';
const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets';

let issuer: TestIssuer;
let validToken: string;
let otherIssuer: TestIssuer;
type AnyHandler = (event: unknown) => Promise<unknown>;
let handlers: Record<string, AnyHandler>;
const logged: Record<string, unknown>[] = [];
const logger: AuthorizerLogger = {
  error(_message, details) {
    logged.push(details);
  },
};

beforeAll(async () => {
  [issuer, otherIssuer] = await Promise.all([
    createTestIssuer({ algorithm: 'ES256' }),
    createTestIssuer({ algorithm: 'ES256' }),
  ]);
  validToken = issuer.sign({ scope: 'read write', groups: ['a', 'b'] });
  const verifier = createJwtVerifier({ issuer: issuer.issuer, audience: 'test-client', jwks: issuer.jwks() });
  handlers = {
    token: createTokenAuthorizer({ verifier, logger }) as AnyHandler,
    tokenWithPolicy: createTokenAuthorizer({
      verifier,
      logger,
      policy: (builder) => builder.allow('GET', '/pets/*').deny('DELETE', '*'),
    }) as AnyHandler,
    request: createRequestAuthorizer({
      authorize: (request) => ({
        allow: request.header('x-api-key') === API_KEY,
        principalId: 'api-key-caller',
        context: { ip: request.sourceIp ?? 'unknown' },
      }),
      identitySource: ['method.request.header.X-Api-Key'],
      logger,
    }) as AnyHandler,
    httpSimple: createHttpApiAuthorizer({ verifier, response: 'simple', logger }) as AnyHandler,
    httpIam: createHttpApiAuthorizer({ verifier, response: 'iam', logger }) as AnyHandler,
  };
});
afterAll(() => Promise.all([issuer.close(), otherIssuer.close()]));

/** Whether a handler's result lets the request through, in either response format. */
function allows(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as { isAuthorized?: unknown; policyDocument?: { Statement?: unknown } };
  if (r.isAuthorized === true) return true;
  const statements = r.policyDocument?.Statement;
  return Array.isArray(statements) && statements.some((s) => (s as { Effect?: unknown }).Effect === 'Allow');
}

type Outcome = { kind: 'result'; value: unknown } | { kind: 'unauthorized' } | { kind: 'error' };

/** Runs a handler: it returns, throws exactly Error('Unauthorized') (401) or a typed error (500). */
async function run(handler: AnyHandler, event: unknown): Promise<Outcome> {
  try {
    return { kind: 'result', value: await handler(event) };
  } catch (error) {
    if (isExactUnauthorized(error)) return { kind: 'unauthorized' };
    expectTypedError(error);
    return { kind: 'error' };
  }
}

/** Strings that are not a valid token of the issuer, in the places a token is looked for. */
function garbageToken(): fc.Arbitrary<unknown> {
  const [h, p, s] = issuer.sign().split('.') as [string, string, string];
  return fc.oneof(
    hostileValue,
    hostileString.map((t) => `Bearer ${t}`),
    fc.constantFrom(
      // A flipped bit: overwriting the last characters could leave the signature as it was.
      `Bearer ${tamperSignature(`${h}.${p}.${s}`)}`,
      `Bearer ${h}.${p}.`,
      `Bearer ${h}.${p}`,
      `Bearer ${otherIssuer.sign()}`,
      `Bearer ${issuer.sign({ exp: 1 })}`,
      `Bearer ${issuer.sign({ aud: 'someone-else' })}`,
      `Bearer ${issuer.sign({}, { header: { alg: 'none' } })}`,
      `Bearer ${h}.${Buffer.from(JSON.stringify({ iss: issuer.issuer, aud: 'test-client', sub: 'x', exp: 9e9 })).toString('base64url')}.${s}`,
      `Bearer ${validToken} ${validToken}`,
      `Basic ${validToken}`,
      validToken.replace('.', '..'),
    ),
  );
}

const stringMap = fc.oneof(
  hostileValue,
  hostileJson,
  fc.dictionary(
    fc.oneof(
      hostileString,
      fc.constantFrom('Authorization', 'authorization', 'X-Api-Key', 'cookie', '__proto__'),
    ),
    fc.oneof(hostileValue, hostileString),
    { maxKeys: 4 },
  ),
);

function hostileEvent(token: fc.Arbitrary<unknown>, arn: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const headers = fc.oneof(
    stringMap,
    fc
      .tuple(
        fc.constantFrom('Authorization', 'authorization', 'AUTHORIZATION', 'x-api-key'),
        token,
        fc.dictionary(fc.oneof(hostileString, fc.constantFrom('Authorization', '__proto__')), hostileString, {
          maxKeys: 3,
        }),
      )
      .map(([name, value, rest]) => Object.assign(rest, { [name]: value })),
  );
  return fc.oneof(
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 8,
      arbitrary: fc.record(
        {
          type: fc.oneof(fc.constantFrom('TOKEN', 'REQUEST'), hostileValue),
          version: fc.oneof(fc.constantFrom('1.0', '2.0'), hostileValue),
          methodArn: arn,
          routeArn: arn,
          authorizationToken: token,
          identitySource: fc.oneof(hostileValue, fc.array(token, { maxLength: 2 })),
          headers,
          multiValueHeaders: fc.oneof(
            hostileValue,
            fc.dictionary(
              fc.constantFrom('Authorization', 'x-api-key', 'Cookie'),
              fc.array(token, { maxLength: 3 }),
            ),
          ),
          queryStringParameters: stringMap,
          stageVariables: stringMap,
          pathParameters: stringMap,
          cookies: fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 })),
          requestContext: fc.oneof(
            hostileValue,
            fc.record(
              {
                http: fc.oneof(hostileValue, fc.record({ sourceIp: hostileValue })),
                identity: fc.oneof(hostileValue, fc.record({ sourceIp: hostileValue })),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    },
  );
}

const arnInput = fc.oneof(
  { weight: 3, arbitrary: fc.constant(ARN) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect',
      'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets',
      'arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef1234/prod/POST/a:b/c',
      'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*/*',
      'arn:aws:execute-api:us-east-1:123456789012:*',
      '*',
      'arn:aws:lambda:us-east-1:123456789012:function:f',
    ),
  },
  { weight: 2, arbitrary: hostileString.map((tail) => `${ARN}${tail}`) },
  { weight: 2, arbitrary: hostileValue },
);

/** An event that carries the valid credential where the handler looks for it, and hostile parts elsewhere. */
function credentialEvent(name: string): fc.Arbitrary<Record<string, unknown>> {
  const otherHeaders = fc.dictionary(
    fc.oneof(hostileString, fc.constantFrom('__proto__', 'cookie')),
    hostileString,
    {
      maxKeys: 3,
    },
  );
  const extras = fc.record(
    {
      queryStringParameters: stringMap,
      stageVariables: stringMap,
      pathParameters: stringMap,
      cookies: fc.oneof(hostileValue, fc.array(hostileString, { maxLength: 3 })),
      identitySource: hostileValue,
      requestContext: fc.oneof(
        hostileValue,
        fc.record({
          http: fc.record({ sourceIp: hostileValue }),
          identity: fc.record({ sourceIp: hostileValue }),
        }),
      ),
    },
    { requiredKeys: [] },
  );
  return fc.tuple(arnInput, otherHeaders, extras).map(([arn, headers, rest]) => {
    if (name === 'token' || name === 'tokenWithPolicy') {
      return { ...rest, type: 'TOKEN', methodArn: arn, authorizationToken: `Bearer ${validToken}` };
    }
    if (name === 'request') {
      return {
        ...rest,
        type: 'REQUEST',
        methodArn: arn,
        headers: Object.assign(headers, { 'X-Api-Key': API_KEY }),
      };
    }
    return {
      ...rest,
      version: '2.0',
      type: 'REQUEST',
      routeArn: arn,
      headers: Object.assign(headers, { authorization: `Bearer ${validToken}` }),
    };
  });
}

describe('readRequest: hostile events', () => {
  it('never throws and only ever answers strings or undefined', () => {
    fc.assert(
      fc.property(
        hostileEvent(garbageToken(), arnInput),
        fc.array(hostileString, { maxLength: 4 }),
        (event, names) => {
          let request: ReturnType<typeof readRequest>;
          try {
            request = readRequest(event as never);
          } catch (error) {
            expect(error).toBeInstanceOf(HostileInputError);
            return;
          }
          expect(typeof request.methodArn).toBe('string');
          for (const name of [...names, 'authorization', 'x-api-key', 'cookie', '__proto__', 'constructor']) {
            for (const read of [
              request.header,
              request.query,
              request.stageVariable,
              request.pathParameter,
              request.cookie,
            ]) {
              let value: unknown;
              try {
                value = read(name);
              } catch (error) {
                expect(error).toBeInstanceOf(HostileInputError);
                continue;
              }
              expect(value === undefined || typeof value === 'string').toBe(true);
            }
          }
          expect(request.sourceIp === undefined || typeof request.sourceIp === 'string').toBe(true);
        },
      ),
      { numRuns: RUNS.quick },
    );
  });
});

describe('authorizer handlers: hostile events never get an Allow', () => {
  it('answers 401 or 500 (a typed error) for events without a valid token or key, never Allow', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('token', 'tokenWithPolicy', 'request', 'httpSimple', 'httpIam'),
        hostileEvent(garbageToken(), arnInput),
        async (name, event) => {
          const outcome = await run(handlers[name] as AnyHandler, event);
          if (outcome.kind === 'result') expect(allows(outcome.value)).toBe(false);
        },
      ),
      { numRuns: RUNS.quick },
    );
  });

  it('with a valid credential, allows only a parseable ARN and only within its API', async () => {
    let allowed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('token', 'tokenWithPolicy', 'request', 'httpSimple', 'httpIam')
          .chain((name) => fc.tuple(fc.constant(name), credentialEvent(name))),
        async ([name, event]) => {
          const outcome = await run(handlers[name] as AnyHandler, event);
          if (outcome.kind === 'result' && allows(outcome.value)) allowed += 1;
          if (outcome.kind !== 'result' || !allows(outcome.value)) return;
          const e = event as { methodArn?: unknown; routeArn?: unknown };
          const arn = typeof e.methodArn === 'string' ? e.methodArn : (e.routeArn as string);
          const parts = parseMethodArn(arn);
          const result = outcome.value as {
            policyDocument?: { Statement: { Resource: string | string[] }[] };
          };
          if (result.policyDocument === undefined) return; // a simple response: no resources
          const api = `arn:${parts.partition}:execute-api:${parts.region}:${parts.accountId}:${parts.apiId}/`;
          for (const statement of result.policyDocument.Statement) {
            const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
            for (const resource of resources) expect(resource.startsWith(api)).toBe(true);
          }
          if (name !== 'tokenWithPolicy') expect(evaluatePolicy(outcome.value as never, arn)).toBe('Allow');
        },
      ),
      { numRuns: RUNS.medium },
    );
    expect(allowed).toBeGreaterThan(RUNS.medium / 10);
  });

  it('logs a failure only with the typed details, never the raw token', async () => {
    logged.length = 0;
    await fc.assert(
      fc.asyncProperty(hostileEvent(fc.constant(`Bearer ${validToken}`), hostileValue), async (event) => {
        await run(handlers.httpIam as AnyHandler, event);
      }),
      { numRuns: RUNS.slow },
    );
    for (const details of logged) expect(JSON.stringify(details)).not.toContain(validToken.split('.')[2]);
  });
});

describe('authorizer handlers: events no JSON can make', () => {
  it('a cyclic or very deep event gets 401 or 500, not a stack overflow', async () => {
    const cyclic: Record<string, unknown> = { Authorization: 'Bearer x' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { value: 'Bearer y' };
    for (let i = 0; i < 100_000; i++) deep = { deep };
    for (const event of [
      { type: 'TOKEN', authorizationToken: 'Bearer x', methodArn: ARN, headers: cyclic },
      { type: 'TOKEN', authorizationToken: { cyclic }, methodArn: ARN },
      { type: 'REQUEST', methodArn: ARN, headers: { 'X-Api-Key': 'k' }, cookies: [deep] },
      { version: '2.0', routeArn: ARN, headers: cyclic, identitySource: [deep] },
    ]) {
      for (const handler of Object.values(handlers)) {
        const outcome = await run(handler, event);
        if (outcome.kind === 'result') expect(allows(outcome.value)).toBe(false);
      }
    }
  });
});

describe('authorizer factories: hostile options', () => {
  it('return a handler or throw InvalidOptionError', () => {
    const verifier = { verify: async () => ({ sub: 'x' }) };
    const fn = () => undefined;
    const option = (valid: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
    const options = fc.oneof(
      hostileValue,
      fc.record(
        {
          verifier: option(fc.constant(verifier)),
          authorize: option(fc.constant(fn)),
          response: option(fc.constantFrom('simple', 'iam')),
          principalId: option(fc.constant(fn)),
          context: option(fc.constant(fn)),
          enrich: option(fc.constant(fn)),
          enrichTimeoutMs: option(fc.constantFrom(100, 0, -1, Number.NaN)),
          enrichFallback: option(fc.constantFrom({}, { a: 1 }, { a: {} })),
          identitySource: option(fc.constantFrom(['method.request.header.Authorization'], ['nope'], [])),
          logger: hostileValue,
          policy: option(fc.constant(fn)),
          tokenFrom: option(fc.constant(fn)),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(options, (opts) => {
        for (const create of [createTokenAuthorizer, createRequestAuthorizer, createHttpApiAuthorizer] as ((
          o: never,
        ) => unknown)[]) {
          const outcome = returnsOrThrowsTyped(() => create(opts as never));
          if (outcome.ok) expect(typeof outcome.value).toBe('function');
          else expectErrorClass(outcome.error, 'InvalidOptionError');
        }
      }),
      { numRuns: RUNS.quick },
    );
  });

  it('a response option no JSON can show is refused with InvalidOptionError', () => {
    const verifier = { verify: async () => ({ sub: 'x' }) };
    for (const response of [1n, Symbol('simple'), () => 'simple', { toJSON: () => 'simple' }]) {
      const outcome = returnsOrThrowsTyped(() => createHttpApiAuthorizer({ verifier, response } as never));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expectErrorClass(outcome.error, 'InvalidOptionError');
    }
  });
});
