// AppSync's rules for a Lambda authorizer's answer, read for the testing kit alone from "Configuring
// authorization and authentication to secure your GraphQL APIs" (AWS_LAMBDA authorization) and the
// API Reference's "LambdaAuthorizerConfig"; no code shared with src/authorizer. The differential test
// (test/unit/testing/appsync-differential.test.ts) keeps the two readings in agreement.
import { REFUSAL } from '../lib/refusal.js';
import { type AnyAuthorizerHandler, AUTHORIZER_TIMEOUT_MS, invokeHandler } from './simulate.js';

/**
 * What AppSync would answer for one GraphQL request with `AWS_LAMBDA` authorization.
 *
 * See the example of {@link simulateAppSync}.
 */
export interface AppSyncOutcome {
  /** `true`: the operation runs; `false`: the client gets `UnauthorizedException`. */
  authorized: boolean;
  /** `'UnauthorizedException'` when not authorized. */
  errorType?: 'UnauthorizedException';
  /** Why, in words. */
  reason: string;
  /** The reason code this kit's handlers marked the answer with, when they did. */
  code?: string;
  /** The fields AppSync nulls, as `TypeName.FieldName`, those for this API only. */
  deniedFields?: string[];
  /** What resolvers see as `$ctx.identity.resolverContext`. */
  resolverContext?: Record<string, unknown>;
  /** How long AppSync caches the answer for the token, in seconds; 0: not cached. */
  cachedForSeconds: number;
  /** Whether the function ran (a token the API refuses up front never reaches it). */
  invoked: boolean;
  /** What the handler returned. */
  result?: unknown;
}

/**
 * Options of {@link simulateAppSync}.
 */
export interface SimulateAppSyncOptions {
  /** The API's `authorizerResultTtlInSeconds`. Default: 300 (the current API Reference's default). */
  authorizerResultTtlInSeconds?: number;
  /** The API's `identityValidationExpression`: a token that does not match never reaches the function. Default: none. */
  identityValidationExpression?: string;
  /** Default: 10 000 ms, AppSync's limit for Lambda authorizers. */
  timeoutMs?: number;
}

const TOKEN_LIMIT = 2048;
const CONTEXT_LIMIT = 5_000_000;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function refused(reason: string, extra: Partial<AppSyncOutcome> = {}): AppSyncOutcome {
  return {
    authorized: false,
    errorType: 'UnauthorizedException',
    reason,
    cachedForSeconds: 0,
    invoked: true,
    ...extra,
  };
}

function markOf(result: unknown): string | undefined {
  try {
    const mark = (result as { [REFUSAL]?: { code?: unknown } })[REFUSAL];
    return typeof mark?.code === 'string' ? mark.code : undefined;
  } catch {
    return undefined;
  }
}

/** A denied field as `Type.field` for the API, `null` when it names another API, `undefined` when malformed. */
function fieldFor(entry: unknown, apiId: unknown, accountId: unknown): string | null | undefined {
  if (typeof entry !== 'string') return undefined;
  const dot = entry.split('.');
  if (dot.length === 2 && dot.every((part) => GRAPHQL_NAME.test(part))) return entry;
  const parts = entry.split(':');
  if (
    parts.length !== 6 ||
    parts[0] !== 'arn' ||
    parts[2] !== 'appsync' ||
    !/^\d{12}$/.test(parts[4] ?? '')
  ) {
    return undefined;
  }
  const path = (parts[5] ?? '').split('/');
  if (path.length !== 6 || path[0] !== 'apis' || path[2] !== 'types' || path[4] !== 'fields')
    return undefined;
  if (
    !/^[A-Za-z0-9]+$/.test(path[1] ?? '') ||
    !/^[a-z-]+$/.test(parts[1] ?? '') ||
    !/^[a-z0-9-]+$/.test(parts[3] ?? '')
  ) {
    return undefined;
  }
  if (!GRAPHQL_NAME.test(path[3] ?? '') || !GRAPHQL_NAME.test(path[5] ?? '')) return undefined;
  return path[1] === apiId && parts[4] === accountId ? `${path[3]}.${path[5]}` : null;
}

/** What AppSync makes of a handler's answer. @internal */
export function appSyncOutcomeOf(result: unknown, event: unknown, apiTtlSeconds = 300): AppSyncOutcome {
  const code = markOf(result);
  const base = { result, ...(code === undefined ? {} : { code }) };
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return refused('malformed answer: not an object', base);
  }
  const r = result as Record<string, unknown>;
  if (typeof r.isAuthorized !== 'boolean')
    return refused('malformed answer: isAuthorized is not a boolean', base);
  let ttl = apiTtlSeconds;
  if (r.ttlOverride !== undefined) {
    const t = r.ttlOverride;
    if (typeof t !== 'number' || t % 1 !== 0 || t < 0 || t > 3600) {
      return refused('malformed answer: ttlOverride is not 0 to 3600 seconds', base);
    }
    ttl = t;
  }
  const context = (event ?? {}) as { requestContext?: { apiId?: unknown; accountId?: unknown } };
  let deniedFields: string[] | undefined;
  if (r.deniedFields !== undefined) {
    if (!Array.isArray(r.deniedFields)) return refused('malformed answer: deniedFields is not a list', base);
    deniedFields = [];
    for (const entry of r.deniedFields) {
      const field = fieldFor(entry, context.requestContext?.apiId, context.requestContext?.accountId);
      if (field === undefined) return refused('malformed answer: a deniedFields entry is not a field', base);
      if (field !== null) deniedFields.push(field);
    }
  }
  let resolverContext: Record<string, unknown> | undefined;
  if (r.resolverContext !== undefined) {
    const c = r.resolverContext;
    if (
      typeof c !== 'object' ||
      c === null ||
      Array.isArray(c) ||
      ![Object.prototype, null].includes(Object.getPrototypeOf(c))
    ) {
      return refused('malformed answer: resolverContext is not an object', base);
    }
    resolverContext = {};
    for (const [key, value] of Object.entries(c)) {
      if (value === undefined) continue;
      const flat =
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value));
      if (!flat)
        return refused(`malformed answer: resolverContext[${JSON.stringify(key)}] is not a flat value`, base);
      resolverContext[key] = value;
    }
    if (new TextEncoder().encode(JSON.stringify(resolverContext)).length > CONTEXT_LIMIT) {
      return refused('malformed answer: resolverContext is over 5 MB', base);
    }
  }
  if (!r.isAuthorized) return refused('isAuthorized is false', { ...base, cachedForSeconds: ttl });
  return {
    authorized: true,
    reason: 'isAuthorized is true',
    cachedForSeconds: ttl,
    invoked: true,
    ...(deniedFields === undefined ? {} : { deniedFields }),
    ...(resolverContext === undefined ? {} : { resolverContext }),
    ...base,
  };
}

/**
 * Runs an AppSync Lambda authorizer on an event and tells what AppSync would answer: authorized (with
 * the fields it nulls and the resolver context), or `UnauthorizedException`; and how long the answer is
 * cached. A throw, a timeout or an answer breaking AppSync's limits is an `UnauthorizedException` that
 * is not cached; a token over 2048 characters, or not matching `identityValidationExpression`, never
 * reaches the function.
 *
 * @example
 * ```ts
 * import { appSyncAuthorizerEvent, simulateAppSync } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 * import { handler } from './appsync-authorizer.js';
 *
 * it('refuses a request without a valid token, and does not cache it', async () => {
 *   const outcome = await simulateAppSync(handler, appSyncAuthorizerEvent({ token: 'nope' }));
 *   expect(outcome).toMatchObject({ authorized: false, errorType: 'UnauthorizedException', cachedForSeconds: 0 });
 * });
 * ```
 */
export async function simulateAppSync(
  handler: AnyAuthorizerHandler,
  event: unknown,
  options: SimulateAppSyncOptions = {},
): Promise<AppSyncOutcome> {
  const token = (event as { authorizationToken?: unknown } | null)?.authorizationToken;
  if (typeof token !== 'string' || token === '') return refused('no authorization token', { invoked: false });
  if (token.length > TOKEN_LIMIT) return refused('the token is over 2048 characters', { invoked: false });
  if (
    options.identityValidationExpression !== undefined &&
    !new RegExp(options.identityValidationExpression).test(token)
  ) {
    return refused('the token does not match identityValidationExpression', { invoked: false });
  }
  const timeoutMs = options.timeoutMs ?? AUTHORIZER_TIMEOUT_MS;
  let result: unknown;
  try {
    result = await invokeHandler(handler, event, timeoutMs);
  } catch {
    return refused('the authorizer threw or did not answer in time');
  }
  return appSyncOutcomeOf(result, event, options.authorizerResultTtlInSeconds ?? 300);
}
