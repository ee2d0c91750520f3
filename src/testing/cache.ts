import {
  compileIdentityReader,
  eventIdentity,
  type IdentityReading,
  tokenIdentity,
} from './gateway-identity.js';
import {
  type AnyAuthorizerHandler,
  AUTHORIZER_TIMEOUT_MS,
  type GatewayOutcome,
  invokeHandler,
  outcomeOf,
  thrownOutcome,
} from './simulate.js';

/**
 * Options of {@link createCachingGateway}.
 */
export interface CachingGatewayOptions {
  /** The authorizer cache TTL. `0` turns caching off. Default: 300 (API Gateway's default). */
  ttlSeconds?: number;
  /**
   * The identity sources of REQUEST authorizers, as configured in API Gateway: the cache key, and
   * what a request must carry (present and non-empty) for the authorizer to run at all, else 401.
   * REST `method.request.header.Name`, `method.request.querystring.Name`, `stageVariables.Name`,
   * `context.name`; WebSocket `route.request.header.Name`, `route.request.querystring.Name`; HTTP API
   * `$request.header.Name`, `$request.querystring.Name`, `$stageVariables.Name`, `$context.name`
   * (`$context.routeKey` caches per route). Header names are case-insensitive, the others not.
   * Default: HTTP API events use their `identitySource` values; REQUEST events need this option
   * while caching is on. TOKEN events always use their token.
   */
  identitySource?: readonly string[];
  /** The clock, in milliseconds. Default: `Date.now`. */
  now?: () => number;
  /** The authorizer timeout. Default: 10 000 ms. */
  timeoutMs?: number;
}

/**
 * An outcome from the caching gateway, saying whether the authorizer ran.
 *
 * See the example of {@link createCachingGateway}.
 */
export interface CachedOutcome extends GatewayOutcome {
  /** `true` when the result came from the authorizer cache rather than a new invocation. */
  fromCache: boolean;
}

/**
 * An API Gateway front with the authorizer cache: see {@link createCachingGateway}.
 */
export interface CachingGateway {
  /** Sends one request through the cache and the authorizer. */
  request(event: unknown): Promise<CachedOutcome>;
  /** How many times the authorizer ran. */
  readonly invocations: number;
  /** Empties the cache (API Gateway: flush the stage's authorizer cache). */
  clear(): void;
}

interface EventLike {
  type?: unknown;
  version?: unknown;
  authorizationToken?: unknown;
  identitySource?: unknown;
  methodArn?: unknown;
  routeArn?: unknown;
}

/**
 * A simulated API Gateway stage with authorizer caching: the first request with an identity runs the
 * authorizer and caches its result for `ttlSeconds`; later requests with the same identity, to any
 * route, reuse that result, and the decision is made against *their* ARN. A policy scoped to the
 * first request's method shows up as a 403 on the next route, as it does on AWS.
 *
 * @example
 * ```ts
 * import { createCachingGateway, tokenAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 * import { handler } from './authorizer.js';
 *
 * it('keeps working from the cache on another route', async () => {
 *   const gateway = createCachingGateway(handler);
 *   const base = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod';
 *   await gateway.request(tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${base}/GET/pets` }));
 *   const second = await gateway.request(tokenAuthorizerEvent({ token: 'Bearer t', methodArn: `${base}/POST/pets` }));
 *   expect(second).toMatchObject({ statusCode: 200, fromCache: true });
 * });
 * ```
 */
export function createCachingGateway(
  handler: AnyAuthorizerHandler,
  options: CachingGatewayOptions = {},
): CachingGateway {
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? AUTHORIZER_TIMEOUT_MS;
  const readIdentity =
    options.identitySource === undefined ? undefined : compileIdentityReader(options.identitySource);
  const cache = new Map<string, { result: unknown; expires: number }>();
  let invocations = 0;

  // The request's cache key, or the identity source it lacks (a 401 without invoking the
  // authorizer, cache or not); `undefined` when no identity source is configured.
  const identityOf = (event: EventLike): IdentityReading | undefined => {
    // A TOKEN authorizer's identity source is its token header, which API Gateway passes as the token.
    if (event.type === 'TOKEN') return tokenIdentity(event);
    if (readIdentity !== undefined) return readIdentity(event);
    const fromEvent = event.version === '2.0' ? eventIdentity(event) : undefined;
    if (fromEvent !== undefined || ttlMs <= 0) return fromEvent;
    if (event.version === '2.0') {
      throw new TypeError(
        'createCachingGateway() needs identity sources to key the cache: HTTP API events must carry identitySource values (caching is off without them).',
      );
    }
    throw new TypeError(
      'createCachingGateway() needs options.identitySource for REQUEST events, e.g. ["method.request.header.Authorization"].',
    );
  };

  return {
    get invocations() {
      return invocations;
    },
    clear() {
      cache.clear();
    },
    async request(event) {
      const e = (event ?? {}) as EventLike;
      const identity = identityOf(e);
      if (identity !== undefined && 'missing' in identity) {
        // API Gateway refuses a request without its identity sources before calling the authorizer.
        return {
          statusCode: 401,
          reason: `an identity source is missing or empty: ${identity.missing}`,
          fromCache: false,
        };
      }
      const key = ttlMs > 0 && identity !== undefined ? identity.key : undefined;
      const hit = key === undefined ? undefined : cache.get(key);
      if (hit !== undefined && hit.expires > now()) {
        return { ...outcomeOf(hit.result, e as never), fromCache: true };
      }
      invocations++;
      let result: unknown;
      try {
        result = await invokeHandler(handler, event, timeoutMs);
      } catch (error) {
        return { ...thrownOutcome(error, timeoutMs), fromCache: false };
      }
      const outcome = outcomeOf(result, e as never);
      if (key !== undefined && outcome.statusCode !== 500) cache.set(key, { result, expires: now() + ttlMs });
      return { ...outcome, fromCache: false };
    },
  };
}
