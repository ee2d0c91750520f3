import { compileIdentityValues } from '../authorizer/identity-source.js';
import { readRequest } from '../authorizer/request.js';
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
 *
 * @example
 * ```ts
 * import { createCachingGateway, type CachingGatewayOptions } from 'lambda-authorizer-kit/testing';
 * import { handler } from './authorizer.js';
 *
 * const options: CachingGatewayOptions = { ttlSeconds: 300, identitySource: ['method.request.header.Authorization'] };
 * const gateway = createCachingGateway(handler, options);
 * ```
 */
export interface CachingGatewayOptions {
  /** The authorizer cache TTL. `0` turns caching off. Default: 300 (API Gateway's default). */
  ttlSeconds?: number;
  /**
   * The cache key of REQUEST authorizers (REST, WebSocket): identity source expressions such as
   * `method.request.header.Authorization`. Default: TOKEN events use the token, HTTP API events their
   * `identitySource` values; REQUEST events need this option.
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
 * @example
 * ```ts
 * import type { CachedOutcome } from 'lambda-authorizer-kit/testing';
 *
 * const show = (o: CachedOutcome) => `${o.statusCode}${o.fromCache ? ' (cached)' : ''}`;
 * ```
 */
export interface CachedOutcome extends GatewayOutcome {
  /** `true` when the result came from the authorizer cache rather than a new invocation. */
  fromCache: boolean;
}

/**
 * An API Gateway front with the authorizer cache: see {@link createCachingGateway}.
 *
 * @example
 * ```ts
 * import { createCachingGateway, tokenAuthorizerEvent, type CachingGateway } from 'lambda-authorizer-kit/testing';
 * import { handler } from './authorizer.js';
 *
 * const gateway: CachingGateway = createCachingGateway(handler);
 * await gateway.request(tokenAuthorizerEvent({ token: 'Bearer x' }));
 * ```
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
  const identityValues =
    options.identitySource === undefined ? undefined : compileIdentityValues(options.identitySource);
  const cache = new Map<string, { result: unknown; expires: number }>();
  let invocations = 0;

  const keyOf = (event: EventLike): string | undefined => {
    if (identityValues !== undefined) {
      const values = identityValues(readRequest(event as never));
      return values.some((v) => v === undefined || v === '') ? undefined : JSON.stringify(values);
    }
    // API Gateway answers 401 without calling the authorizer when the token or an identity source is
    // missing or empty.
    if (event.type === 'TOKEN')
      return typeof event.authorizationToken === 'string' && event.authorizationToken !== ''
        ? `token:${event.authorizationToken}`
        : undefined;
    if (event.version === '2.0' && Array.isArray(event.identitySource) && event.identitySource.length > 0) {
      const values: unknown[] = event.identitySource;
      return values.every((v) => typeof v === 'string' && v !== '')
        ? `v2:${JSON.stringify(values)}`
        : undefined;
    }
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
      const key = ttlMs > 0 ? keyOf(e) : undefined;
      if (ttlMs > 0 && key === undefined) {
        // API Gateway refuses a request without its identity sources before calling the authorizer.
        return { statusCode: 401, reason: 'an identity source is missing or empty', fromCache: false };
      }
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
