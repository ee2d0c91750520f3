import { normalizeRoutePattern } from '../arn/scopes.js';
import { describeType, describeValue } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import type { PolicyBuilder } from '../policy/builder.js';

/**
 * Routes and the scopes that grant them: keys `'<VERB> <path>'` as in a policy (`GET`, ..., `*` or
 * `ANY` for every verb; the path with IAM wildcards, e.g. `/pets/*`), values the scopes of which a
 * token must hold at least one, as API Gateway's `authorizationScopes` do. The authorizer allows
 * exactly the routes the token's scopes grant, for the whole stage, so the result API Gateway caches
 * for the token stays right on every route; a token that grants none gets an explicit Deny (403).
 *
 * See the example of {@link createTokenAuthorizer}.
 */
export type RouteScopes = Readonly<Record<string, readonly string[]>>;

interface Route {
  readonly method: string;
  readonly path: string;
  readonly scopes: readonly string[];
}

/** Routes checked at creation, ready to grant. @internal */
export class RouteTable {
  readonly #routes: readonly Route[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes;
  }

  /**
   * Adds an Allow statement for each route one of `scopes` grants, or, when they grant none, a Deny
   * over the stage (cache-safe: it is right for every route).
   */
  grant(builder: PolicyBuilder, scopes: Iterable<string>): void {
    const held = new Set(scopes);
    let granted = 0;
    for (const route of this.#routes) {
      if (route.scopes.some((scope) => held.has(scope))) {
        builder.allow(route.method, route.path);
        granted++;
      }
    }
    if (granted === 0) builder.denyAll();
  }
}

/** Why a result built from routes has no Allow statement. @internal */
export const NO_ROUTE_GRANTED = "the token's scopes grant none of the routes";

const MAX_ROUTES = 200;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Checks the `routes` option at creation (keys, verbs, paths, scopes); `undefined` when it is not
 * given. @internal
 */
export function compileRoutes(value: unknown, factory: string): RouteTable | undefined {
  if (value === undefined) return undefined;
  const problem = (message: string): InvalidOptionError =>
    new InvalidOptionError('routes', `${factory}() option routes: ${message}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw problem(
      `must map '<VERB> <path>' to scopes, e.g. { 'GET /pets/*': ['pets:read'] }, got ${describeType(value)}.`,
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw problem('is empty, so it would deny every token: list at least one route.');
  if (entries.length > MAX_ROUTES) {
    throw problem(
      `has ${entries.length} routes, more than ${MAX_ROUTES}: group them under wider paths (e.g. 'GET /pets/*'), which also keeps the policy small.`,
    );
  }
  const routes = entries.map(([key, scopes]): Route => {
    const match = /^(\S+) +(\S+)$/.exec(key);
    if (match === null) {
      throw problem(`key ${describeValue(key)} must be '<VERB> <path>', e.g. 'GET /pets/*' or '* /admin/*'.`);
    }
    const verb = (match[1] as string).toUpperCase() === 'ANY' ? '*' : (match[1] as string);
    let path: string;
    try {
      path = normalizeRoutePattern(verb, match[2] as string);
    } catch (cause) {
      throw new InvalidOptionError(
        'routes',
        `${factory}() option routes, key ${describeValue(key)}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    if (!Array.isArray(scopes) || scopes.length === 0) {
      throw problem(
        `${describeValue(key)} must map to a non-empty array of scopes, got ${Array.isArray(scopes) ? 'an empty one' : describeType(scopes)}.`,
      );
    }
    for (const scope of scopes) {
      if (typeof scope !== 'string' || !SCOPE.test(scope)) {
        throw problem(
          `${describeValue(key)} lists ${describeValue(scope)}, which is not a scope (printable characters, no spaces, quotes or backslashes, as RFC 6749 defines).`,
        );
      }
    }
    return { method: verb, path, scopes: Object.freeze([...scopes]) };
  });
  return new RouteTable(routes);
}
