import { InvalidOptionError } from '../lib/errors.js';

/**
 * Identity sources as API Gateway reads them, for the testing kit's cache simulator: written from
 * AWS's documentation alone, sharing no code with `src/authorizer` (whose readers the differential
 * test checks against this one).
 *
 * - TOKEN authorizers: the cache key is the token, and an empty token header is a 401 without
 *   invoking the authorizer.
 * - REST REQUEST authorizers: `method.request.header.X` (header names case-insensitive),
 *   `method.request.querystring.X`, `stageVariables.X`, `context.X`; WebSocket: `route.request.*`.
 *   "These parameters will be used to derive the authorization caching key and to perform runtime
 *   validation of the REQUEST authorizer by verifying all of the identity-related request parameters
 *   are present, not null and non-empty. Only when this is true does the authorizer invoke the
 *   authorizer Lambda function, otherwise, it returns a 401 Unauthorized response."
 *   https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 * - HTTP APIs: `$request.header.X` (case-insensitive), `$request.querystring.X` (case-sensitive),
 *   `$context.X`, `$stageVariables.X`; a missing identity source is a 401 without invoking the
 *   authorizer, and with caching on the identity sources are the cache key (add `$context.routeKey`
 *   to cache per route).
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 *
 * @internal
 */

/** The cache key of a request (and the values it is made of), or the identity source it lacks. */
export type IdentityReading =
  | { readonly key: string; readonly values: readonly string[] }
  | { readonly missing: string };

type Where = 'header' | 'querystring' | 'stageVariables' | 'context';

interface Source {
  readonly expression: string;
  readonly where: Where;
  readonly name: string;
}

const FORMS: readonly [RegExp, Where][] = [
  [/^(?:method\.request|route\.request|\$request)\.header\.(.+)$/s, 'header'],
  [/^(?:method\.request|route\.request|\$request)\.querystring\.(.+)$/s, 'querystring'],
  [/^\$?stageVariables\.(.+)$/s, 'stageVariables'],
  [/^\$?context\.(.+)$/s, 'context'],
];

/** HTTP API context variables whose value sits elsewhere in a payload 2.0 event's requestContext. */
const V2_CONTEXT: Readonly<Record<string, string>> = {
  'identity.sourceIp': 'http.sourceIp',
  'identity.userAgent': 'http.userAgent',
  httpMethod: 'http.method',
  protocol: 'http.protocol',
};

interface LooseEvent {
  version?: unknown;
  headers?: unknown;
  queryStringParameters?: unknown;
  stageVariables?: unknown;
  requestContext?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function exact(map: unknown, name: string): string | undefined {
  return isRecord(map) && Object.hasOwn(map, name) ? scalar(map[name]) : undefined;
}

function anyCase(map: unknown, name: string): string | undefined {
  if (!isRecord(map)) return undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(map)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = scalar(map[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function contextValue(event: LooseEvent, name: string): string | undefined {
  const path = event.version === '2.0' ? (V2_CONTEXT[name] ?? name) : name;
  let node: unknown = event.requestContext;
  for (const step of path.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, step)) return undefined;
    node = node[step];
  }
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean'
    ? String(node)
    : undefined;
}

function sourceValue(event: LooseEvent, source: Source): string | undefined {
  switch (source.where) {
    // The single-value maps: where API Gateway puts the value a mapping expression reads.
    case 'header':
      return anyCase(event.headers, source.name);
    case 'querystring':
      return exact(event.queryStringParameters, source.name);
    case 'stageVariables':
      return exact(event.stageVariables, source.name);
    case 'context':
      return contextValue(event, source.name);
  }
}

/**
 * Compiles identity source expressions into a reader of an event's cache key.
 * @throws {@link InvalidOptionError} for something that is not an identity source expression.
 */
export function compileIdentityReader(sources: readonly string[]): (event: unknown) => IdentityReading {
  if (!Array.isArray(sources)) {
    throw new InvalidOptionError(
      'identitySource',
      `identitySource must be an array of expressions such as ["method.request.header.Authorization"], got ${sources === null ? 'null' : typeof sources}.`,
    );
  }
  const compiled: Source[] = [];
  for (const expression of sources as unknown[]) {
    const form =
      typeof expression === 'string' ? FORMS.find(([pattern]) => pattern.test(expression)) : undefined;
    const name = form === undefined ? undefined : (form[0].exec(expression as string)?.[1] as string);
    if (form === undefined || name === undefined) {
      throw new InvalidOptionError(
        'identitySource',
        `identitySource ${typeof expression === 'string' ? JSON.stringify(expression) : typeof expression} is not an API Gateway identity source. Use method.request.header.Name, method.request.querystring.Name, stageVariables.Name, context.name (REST), route.request.header.Name, route.request.querystring.Name (WebSocket) or $request.header.Name, $request.querystring.Name, $stageVariables.Name, $context.name (HTTP API).`,
      );
    }
    compiled.push({ expression: expression as string, where: form[1], name });
  }
  return (event) => {
    const e = (isRecord(event) ? event : {}) as LooseEvent;
    const values: string[] = [];
    for (const source of compiled) {
      const value = sourceValue(e, source);
      if (value === undefined || value === '') return { missing: source.expression };
      values.push(value);
    }
    return { key: `sources:${JSON.stringify(values)}`, values };
  };
}

/** A TOKEN event's cache key: its token, unless empty. */
export function tokenIdentity(event: { authorizationToken?: unknown }): IdentityReading {
  const token = event.authorizationToken;
  return typeof token === 'string' && token !== ''
    ? { key: `token:${token}`, values: [token] }
    : { missing: 'the token (authorizationToken)' };
}

/**
 * An HTTP API event's cache key from the values API Gateway put in its `identitySource` field, or
 * `undefined` when it carries none (no identity sources configured).
 */
export function eventIdentity(event: { identitySource?: unknown }): IdentityReading | undefined {
  const values = event.identitySource;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (typeof value !== 'string' || value === '') return { missing: `identitySource[${i}]` };
  }
  return { key: `event:${JSON.stringify(values)}`, values: values as string[] };
}
