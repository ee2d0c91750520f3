// The simulator decides with its own reading of AWS's rules (gateway-*.ts) and shares only data with
// the library: the literal "Unauthorized", the registered symbols its errors and refusals carry, and
// the types of the outcome. test/unit/testing/differential.test.ts keeps the two readings in agreement.
import { describeType } from '../lib/describe.js';
import { ERROR_BRAND } from '../lib/errors.js';
import { REFUSAL } from '../lib/refusal.js';
import type { ConditionContext } from '../policy/conditions.js';
import type { PolicyDecision } from '../policy/evaluate.js';
import { UNAUTHORIZED_MESSAGE } from '../policy/unauthorized.js';
import { readFlatContext, readJsonContext } from './gateway-context.js';
import { decidePolicy } from './gateway-policy.js';

/**
 * API Gateway's limit on how long an authorizer may take.
 *
 * @example
 * ```ts
 * import { createJwtVerifier } from 'lambda-authorizer-kit/jwt';
 * import { AUTHORIZER_TIMEOUT_MS } from 'lambda-authorizer-kit/testing';
 *
 * // Give up on a hanging JWKS endpoint well before API Gateway gives up on the authorizer.
 * export const verifier = createJwtVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'my-client-id',
 *   timeoutMs: AUTHORIZER_TIMEOUT_MS / 3,
 * });
 * ```
 */
export const AUTHORIZER_TIMEOUT_MS = 10_000;

/**
 * Any authorizer handler: async, sync, or callback style (`(event, context, callback)`).
 *
 * See the example of {@link simulateApiGateway}.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers of every event type are accepted.
export type AnyAuthorizerHandler = (event: any, context?: any, callback?: any) => unknown;

/**
 * What API Gateway would answer for one request.
 *
 * See the example of {@link simulateApiGateway}.
 */
export interface GatewayOutcome {
  /** 200 (the integration runs), 401, 403 or 500. */
  statusCode: 200 | 401 | 403 | 500;
  /** Why, in words: e.g. `explicit Deny`, `no statement allows ...`, `context["roles"] is an array ...`. */
  reason: string;
  /**
   * The reason code the library's factories gave a refusal or a failure: `ERR_JWT_EXPIRED`,
   * `ERR_AUTHORIZER_DENIED`, `ERR_AUTHORIZER_CALLBACK`, ... (see `AuthorizerErrorCode`); absent
   * for results and errors of other code.
   */
  code?: string;
  /** The principal, when the result had one. */
  principalId?: string;
  /** The context the integration would see, when the request goes through. */
  context?: Record<string, unknown>;
  /** The policy decision for IAM results. */
  decision?: PolicyDecision;
  /** What the handler returned, as it returned it. */
  result?: unknown;
}

/**
 * Options of {@link simulateApiGateway}.
 */
export interface SimulateOptions {
  /** Decide for this ARN instead of the event's (e.g. a cached result reused for another route). Default: the event's. */
  methodArn?: string;
  /** Request values for IAM conditions. Default: `aws:SourceIp` from the event, when it has one. */
  conditionContext?: ConditionContext;
  /** How long the handler may take before API Gateway gives up with 500. Default: 10 000 ms. */
  timeoutMs?: number;
}

interface EventShape {
  version?: unknown;
  methodArn?: unknown;
  routeArn?: unknown;
  requestContext?: { identity?: { sourceIp?: unknown }; http?: { sourceIp?: unknown } };
}

const fakeContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'authorizer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:authorizer',
  memoryLimitInMB: '128',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  logGroupName: '/aws/lambda/authorizer',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => AUTHORIZER_TIMEOUT_MS,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** Calls a handler of any style; resolves to its result, rejects with what it threw or passed as error. @internal */
export function invokeHandler(
  handler: AnyAuthorizerHandler,
  event: unknown,
  timeoutMs: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
    timer.unref?.();
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    const callback = (error: unknown, value?: unknown) =>
      settle(() => (error === null || error === undefined ? resolve(value) : reject(error)));
    try {
      const returned = handler(event, fakeContext, callback);
      if (
        handler.length < 3 ||
        (returned !== undefined && typeof (returned as Promise<unknown>)?.then === 'function')
      ) {
        Promise.resolve(returned).then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(error)),
        );
      }
    } catch (error) {
      settle(() => reject(error));
    }
  });
}

class TimeoutSignal {}

/**
 * The `code` an error of any copy of the package carries (recognised by the registered brand, not by
 * `instanceof`), for the outcome's `code` field; it plays no part in the status code.
 */
function libraryCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    const family = (error as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
    const branded = family === 'refusal' || family === 'error';
    const code = (error as { code?: unknown }).code;
    return branded && typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** The reason code and words a factory marked a refusing result with, if it did. */
function refusalMark(result: unknown): { code: string; reason: string } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  try {
    const mark = (result as { [REFUSAL]?: { code?: unknown; reason?: unknown } })[REFUSAL];
    return typeof mark?.code === 'string' && typeof mark.reason === 'string'
      ? { code: mark.code, reason: mark.reason }
      : undefined;
  } catch {
    return undefined;
  }
}

/** What API Gateway answers when the authorizer throws or times out. @internal */
export function thrownOutcome(error: unknown, timeoutMs: number): GatewayOutcome {
  if (error instanceof TimeoutSignal) {
    return { statusCode: 500, reason: `the authorizer did not answer within ${timeoutMs} ms` };
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  // Only the message decides; the code of the library's own errors is reported alongside.
  const code = libraryCode(error);
  if (message === UNAUTHORIZED_MESSAGE) {
    const reason = (error as { reason?: unknown }).reason;
    return code === undefined
      ? { statusCode: 401, reason: 'the authorizer threw "Unauthorized"' }
      : {
          statusCode: 401,
          reason: `the authorizer threw "Unauthorized" (${code}${typeof reason === 'string' ? `: ${reason}` : ''})`,
          code,
        };
  }
  const name = error instanceof Error ? error.name : describeType(error);
  return {
    statusCode: 500,
    reason: `the authorizer threw ${name}${code === undefined ? '' : ` ${code}`} (not "Unauthorized")${code === undefined ? '' : `: ${message}`}`,
    ...(code === undefined ? {} : { code }),
  };
}

/** The shape of an execute-api ARN: partition, region, account, then `apiId/stage/...`. */
const EXECUTE_API_ARN = /^arn:[^:]+:execute-api:[^:]+:[^:]+:[^/]+\/.+$/s;

/**
 * Decides, as API Gateway would, what a handler's result (or a thrown error) means for the request.
 * @internal
 */
export function outcomeOf(result: unknown, event: EventShape, options: SimulateOptions = {}): GatewayOutcome {
  const v2 = event.version === '2.0';
  const arn = options.methodArn ?? (v2 ? event.routeArn : event.methodArn);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return {
      statusCode: 500,
      reason: `malformed result: ${describeType(result)} instead of an object`,
      result,
    };
  }
  const r = result as Record<string, unknown>;
  if (v2 && !('policyDocument' in r)) {
    // HTTP API simple response: { isAuthorized: boolean, context?: JSON }.
    if (typeof r.isAuthorized !== 'boolean') {
      return { statusCode: 500, reason: 'malformed simple response: isAuthorized must be a boolean', result };
    }
    let context: Record<string, unknown> | undefined;
    if (r.context !== undefined) {
      const reading = readJsonContext(r.context);
      if ('problem' in reading)
        return { statusCode: 500, reason: `malformed simple response: ${reading.problem}`, result };
      context = reading.context;
    }
    return r.isAuthorized
      ? {
          statusCode: 200,
          reason: 'isAuthorized is true',
          ...(context === undefined ? {} : { context }),
          result,
        }
      : denied({ statusCode: 403, reason: 'isAuthorized is false', result });
  }
  if (typeof arn !== 'string')
    return { statusCode: 500, reason: 'the event has no methodArn/routeArn', result };
  if (!EXECUTE_API_ARN.test(arn)) {
    return {
      statusCode: 500,
      reason: `cannot decide: ${JSON.stringify(arn)} is not an execute-api ARN such as API Gateway sends`,
      result,
    };
  }
  let context: Record<string, unknown> | undefined;
  if (r.context !== undefined) {
    // Payload 2.0 IAM results may carry JSON; REST, WebSocket and payload 1.0 only flat values.
    const reading = v2 ? readJsonContext(r.context) : readFlatContext(r.context);
    if ('problem' in reading) {
      return {
        statusCode: 500,
        reason: `malformed result: AuthorizerConfigurationException: ${reading.problem}`,
        result,
      };
    }
    context = reading.context;
  }
  if (r.usageIdentifierKey !== undefined && typeof r.usageIdentifierKey !== 'string') {
    return { statusCode: 500, reason: 'malformed result: usageIdentifierKey must be a string', result };
  }
  const ip = event.requestContext?.http?.sourceIp ?? event.requestContext?.identity?.sourceIp;
  const conditionContext = options.conditionContext ?? (typeof ip === 'string' ? { 'aws:SourceIp': ip } : {});
  const verdict = decidePolicy(r, arn, conditionContext);
  if ('rejected' in verdict) {
    return {
      statusCode: 500,
      reason: verdict.malformed
        ? `malformed result: ${verdict.rejected}`
        : `cannot decide: ${verdict.rejected}`,
      result,
    };
  }
  const { decision } = verdict;
  const principalId = r.principalId as string;
  if (decision === 'Allow') {
    return {
      statusCode: 200,
      reason: 'a statement allows the request',
      principalId,
      decision,
      ...(context === undefined ? {} : { context }),
      result,
    };
  }
  return denied({
    statusCode: 403,
    reason: decision === 'Deny' ? 'an explicit Deny matches the request' : `no statement allows ${arn}`,
    principalId,
    decision,
    result,
  });
}

/** A 403 with the reason code and words a factory marked the result with, if it did. */
function denied(outcome: GatewayOutcome): GatewayOutcome {
  const refusal = refusalMark(outcome.result);
  return refusal === undefined
    ? outcome
    : { ...outcome, reason: `${outcome.reason} (${refusal.code}: ${refusal.reason})`, code: refusal.code };
}

/**
 * Runs an authorizer handler on an event and tells what API Gateway would answer: 200 when the policy
 * allows the event's ARN (or `isAuthorized` is true), 401 for `Unauthorized`, 403 for a deny or an
 * implicit deny, 500 for any other error, a timeout, a malformed result, or a context API Gateway
 * would reject (nested values for REST and WebSocket).
 *
 * @param handler - the authorizer, async, sync or callback style.
 * @param event - a TOKEN, REQUEST, WebSocket or HTTP API event (see the event factories).
 * @param options - another ARN to decide for, condition values, the timeout.
 *
 * @example
 * ```ts
 * import { simulateApiGateway, tokenAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 * import { handler } from './authorizer.js';
 *
 * it('answers 401 without a token', async () => {
 *   const outcome = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: '' }));
 *   expect(outcome.statusCode).toBe(401);
 * });
 * ```
 */
export async function simulateApiGateway(
  handler: AnyAuthorizerHandler,
  event: unknown,
  options: SimulateOptions = {},
): Promise<GatewayOutcome> {
  const timeoutMs = options.timeoutMs ?? AUTHORIZER_TIMEOUT_MS;
  let result: unknown;
  try {
    result = await invokeHandler(handler, event, timeoutMs);
  } catch (error) {
    return thrownOutcome(error, timeoutMs);
  }
  return outcomeOf(result, (event ?? {}) as EventShape, options);
}
