import type {
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { InvalidArnError } from '../arn/errors.js';
import { parseMethodArn } from '../arn/parse.js';

/**
 * Any event a Lambda authorizer receives: TOKEN, REQUEST (REST, WebSocket) or HTTP API payload 2.0.
 *
 * See the example of {@link readRequest}.
 */
export type AuthorizerEvent =
  | APIGatewayTokenAuthorizerEvent
  | APIGatewayRequestAuthorizerEvent
  | APIGatewayRequestAuthorizerEventV2;

type StringMap = Readonly<Record<string, string | undefined>> | null | undefined;

/** Every field any authorizer event may carry, all optional: events are read defensively. */
interface LooseEvent {
  type?: unknown;
  methodArn?: unknown;
  routeArn?: unknown;
  headers?: StringMap;
  multiValueHeaders?: Readonly<Record<string, string[] | undefined>> | null;
  queryStringParameters?: StringMap;
  stageVariables?: StringMap;
  pathParameters?: StringMap;
  cookies?: unknown;
  requestContext?: unknown;
}

/**
 * A uniform, case-insensitive view of an authorizer event, whatever its kind.
 *
 * See the example of {@link readRequest}.
 */
export interface AuthorizerRequest {
  /** The ARN of the request: `methodArn` (REST, WebSocket) or `routeArn` (HTTP API). */
  readonly methodArn: string;
  /** The caller's IP address, or `undefined` where the event does not carry it (TOKEN events). */
  readonly sourceIp: string | undefined;
  /** The event as received. */
  readonly event: AuthorizerEvent;
  /** A header by name, case-insensitively; several values are joined with `,` as HTTP does. */
  header(name: string): string | undefined;
  /** A query string parameter by name (case-sensitive, as API Gateway passes them). */
  query(name: string): string | undefined;
  /** A stage variable by name. */
  stageVariable(name: string): string | undefined;
  /** A path parameter by name. */
  pathParameter(name: string): string | undefined;
  /** A cookie by name, from the `cookies` array (HTTP API) or the `Cookie` header. */
  cookie(name: string): string | undefined;
}

function own(map: StringMap, name: string): string | undefined {
  if (map === null || map === undefined || typeof map !== 'object') return undefined;
  if (!Object.hasOwn(map, name)) return undefined;
  const value = map[name];
  return typeof value === 'string' ? value : undefined;
}

function headerOf(
  headers: StringMap,
  multi: Readonly<Record<string, string[] | undefined>> | null | undefined,
  name: string,
) {
  const wanted = name.toLowerCase();
  if (multi !== null && multi !== undefined && typeof multi === 'object') {
    for (const key of Object.keys(multi)) {
      const values = multi[key];
      if (key.toLowerCase() === wanted && Array.isArray(values)) {
        const strings = values.filter((v): v is string => typeof v === 'string');
        if (strings.length > 0) return strings.join(',');
      }
    }
  }
  if (headers === null || headers === undefined || typeof headers !== 'object') return undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) {
      const value = headers[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

function cookieFrom(list: readonly string[], name: string): string | undefined {
  for (const entry of list) {
    for (const part of entry.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}

/**
 * Wraps an authorizer event in an {@link AuthorizerRequest}: case-insensitive headers, query string,
 * stage variables, path parameters, cookies, source IP and the method/route ARN, the same for REST,
 * WebSocket and HTTP API events. Missing maps (`null` in the API Gateway console's test events) read
 * as empty.
 *
 * @example
 * ```ts
 * import { readRequest } from 'lambda-authorizer-kit/authorizer';
 * import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
 *
 * export const handler = async (event: APIGatewayRequestAuthorizerEvent) => {
 *   const request = readRequest(event);
 *   const tenant = request.header('X-Tenant') ?? request.query('tenant');
 * };
 * ```
 */
export function readRequest(event: AuthorizerEvent): AuthorizerRequest {
  const e = (typeof event === 'object' && event !== null ? event : {}) as LooseEvent;
  const methodArn =
    typeof e.methodArn === 'string' ? e.methodArn : typeof e.routeArn === 'string' ? e.routeArn : '';
  const context = (e.requestContext ?? {}) as {
    identity?: { sourceIp?: unknown };
    http?: { sourceIp?: unknown };
  };
  const ip = context.http?.sourceIp ?? context.identity?.sourceIp;
  return {
    methodArn,
    sourceIp: typeof ip === 'string' ? ip : undefined,
    event,
    header: (name) => headerOf(e.headers, e.multiValueHeaders, name),
    query: (name) => own(e.queryStringParameters, name),
    stageVariable: (name) => own(e.stageVariables, name),
    pathParameter: (name) => own(e.pathParameters, name),
    cookie: (name) => {
      if (Array.isArray(e.cookies)) {
        const found = cookieFrom(
          e.cookies.filter((c): c is string => typeof c === 'string'),
          name,
        );
        if (found !== undefined) return found;
      }
      const header = headerOf(e.headers, e.multiValueHeaders, 'cookie');
      return header === undefined ? undefined : cookieFrom([header], name);
    },
  };
}

/**
 * The ARN of an API Gateway event, checked: a valid execute-api ARN naming the request's own stage.
 * A `*` stage is a policy wildcard no request carries; allowing "the whole stage" of such an ARN
 * would allow every stage, so it is refused (a 500).
 * @internal
 */
export function requestArn(arn: unknown): string {
  const parts = parseMethodArn(arn as string);
  if (parts.stage === '*') {
    throw new InvalidArnError(
      'ERR_ARN_INVALID_STAGE',
      'The event\'s ARN has the stage "*", a policy wildcard: API Gateway names the request\'s stage. Pass the event as API Gateway sends it.',
    );
  }
  return arn as string;
}
