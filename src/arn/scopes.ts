import { describeValue } from '../lib/describe.js';
import { InvalidArnError } from './errors.js';
import { parseMethodArn } from './parse.js';
import type { MethodArn } from './types.js';
import { isVerbOrWildcard, joinArn, MAX_ARN_BYTES, utf8Length, validateArnParts } from './validate.js';

// RFC 3986 path characters (unreserved, sub-delims, ":", "@", percent escapes), "/", the "{}" of
// resource templates and the IAM wildcards "*" and "?".
const ROUTE_PATTERN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/{}?]*$/;

function toParts(methodArn: string | MethodArn): MethodArn {
  if (typeof methodArn === 'string') return parseMethodArn(methodArn);
  validateArnParts(methodArn);
  return methodArn;
}

function isWebSocketRoute(parts: MethodArn): boolean {
  return parts.path === '';
}

/** Returns `arn` when `parseMethodArn()` can read it back, else throws `ERR_ARN_TOO_LONG`. */
function withinLimit(arn: string, fix: string): string {
  const bytes = utf8Length(arn);
  if (bytes > MAX_ARN_BYTES) {
    throw new InvalidArnError(
      'ERR_ARN_TOO_LONG',
      `An execute-api ARN is at most ${MAX_ARN_BYTES} bytes; this one would make ${bytes} bytes. ${fix}`,
    );
  }
  return arn;
}

const SHORTER_PARTS =
  'Only an overlong partition or region makes it this long: take them from event.methodArn.';

/**
 * Checks a verb and a path pattern for a policy resource and returns the path with a leading `/`.
 * @internal
 */
export function normalizeRoutePattern(method: string, path: string): string {
  if (typeof method !== 'string' || !isVerbOrWildcard(method)) {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    const hint =
      upper === 'ANY' ? ' Use "*" for any verb.' : isVerbOrWildcard(upper) ? ` Use "${upper}".` : '';
    throw new InvalidArnError(
      'ERR_ARN_INVALID_METHOD',
      `Method ${describeValue(method)} must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or "*".${hint}`,
    );
  }
  if (typeof path !== 'string' || !ROUTE_PATTERN.test(path)) {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_PATH',
      `Path ${describeValue(path)} may only contain letters, digits, "/", "-", "_", ".", "~", ",", ":", "{}", percent escapes, other RFC 3986 path characters and the wildcards "*" and "?".`,
    );
  }
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * Builds the ARN of one method and path pattern in the API and stage of `base`, without re-checking
 * the base.
 * @internal
 */
export function routePatternArn(base: MethodArn, method: string, path: string): string {
  return joinArn({ ...base, method, path: normalizeRoutePattern(method, path) });
}

/**
 * The ARN that covers every method and path of the stage the request came in on: the cache-safe scope.
 *
 * With authorizer caching on (the default, 300 s), API Gateway reuses the policy returned for the
 * first request for every method of the API called with the same token. A policy that allows only
 * `event.methodArn` then turns the next route into a 403; a policy on this ARN does not.
 *
 * @param methodArn - `event.methodArn` / `event.routeArn`, or its parsed parts.
 * @returns the stage ARN followed by a `*` method and a `/*` path (REST and HTTP APIs), or by a `*`
 * route key (WebSocket route ARNs). `parseMethodArn()` reads it back.
 * @throws {@link InvalidArnError} when `methodArn` is not a valid execute-api ARN, or when the result
 * would exceed 1600 bytes (only with parts far longer than any API Gateway sends).
 *
 * @example
 * ```ts
 * import { anyRouteInStage } from 'lambda-authorizer-kit/arn';
 * import { allow } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
 *   // Covers every method and path of the stage, so a cached result stays right for every route.
 *   return allow('user-42', anyRouteInStage(event.methodArn));
 * };
 * ```
 */
export function anyRouteInStage(methodArn: string | MethodArn): string {
  return withinLimit(stageWideArn(toParts(methodArn)), SHORTER_PARTS);
}

/**
 * Every method and path (or route key, for WebSocket) of the stage in `parts`, without checking them.
 * @internal
 */
export function stageWideArn(parts: MethodArn): string {
  return joinArn({ ...parts, method: '*', path: isWebSocketRoute(parts) ? '' : '/*' });
}

/**
 * The ARN that covers every stage, method and path of the API the request came in on.
 *
 * @param methodArn - `event.methodArn` / `event.routeArn`, or its parsed parts.
 * @returns the API ARN with a `*` stage, a `*` method and a `/*` path (REST and HTTP APIs), or a `*`
 * stage and a `*` route key (WebSocket route ARNs). `parseMethodArn()` reads it back, with
 * `stage: '*'`.
 * @throws {@link InvalidArnError} when `methodArn` is not a valid execute-api ARN, or when the result
 * would exceed 1600 bytes (only with parts far longer than any API Gateway sends).
 *
 * @example
 * ```ts
 * import { anyRouteInApi } from 'lambda-authorizer-kit/arn';
 * import { allow } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) =>
 *   allow('service-account', anyRouteInApi(event.methodArn));
 * ```
 */
export function anyRouteInApi(methodArn: string | MethodArn): string {
  return withinLimit(stageWideArn({ ...toParts(methodArn), stage: '*' }), SHORTER_PARTS);
}

/**
 * The ARN of one method and path pattern in the API and stage the request came in on.
 *
 * @param methodArn - `event.methodArn` / `event.routeArn`, or its parsed parts.
 * @param method - `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS` or `*` (any verb).
 * @param path - a path pattern such as `/pets/*` (a missing leading `/` is added); `*` matches any
 * run of characters, `/` included, and `?` one character.
 * @returns the ARN of that verb and path pattern; `parseMethodArn()` reads it back.
 * @throws {@link InvalidArnError} for a bad ARN, an unknown verb, a path with characters outside
 * RFC 3986 path characters, `{}`, `*` and `?`, or a result over 1600 bytes, the cap on a methodArn
 * (`ERR_ARN_TOO_LONG`).
 *
 * @example
 * ```ts
 * import { routeInStage } from 'lambda-authorizer-kit/arn';
 * import { allow } from 'lambda-authorizer-kit/policy';
 * import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayTokenAuthorizerEvent) =>
 *   allow('user-42', [routeInStage(event.methodArn, 'GET', '/pets/*'), routeInStage(event.methodArn, '*', '/me')]);
 * ```
 */
export function routeInStage(methodArn: string | MethodArn, method: string, path: string): string {
  return withinLimit(
    routePatternArn(toParts(methodArn), method, path),
    'API Gateway caps a methodArn at 1600 bytes: shorten the path pattern, e.g. end it with "*".',
  );
}
