import type {
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
  AppSyncAuthorizerEvent,
} from 'aws-lambda';
import { parseMethodArn } from '../arn/parse.js';
import { buildEvent, type FunctionUrlEvent } from './function-url-emulator-event.js';
import type { FunctionUrlCaller } from './function-url-emulator-verify.js';

/**
 * The methodArn the event factories use when none is given.
 *
 * @example
 * ```ts
 * import { evaluatePolicy } from 'lambda-authorizer-kit/policy';
 * import { DEFAULT_METHOD_ARN, tokenAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 * import { handler } from './authorizer.js';
 *
 * it('allows the route of the event, and the rest of the stage', async () => {
 *   const result = await handler(tokenAuthorizerEvent({ token: 'Bearer ...' })); // methodArn: DEFAULT_METHOD_ARN
 *   expect(evaluatePolicy(result, DEFAULT_METHOD_ARN)).toBe('Allow');
 *   expect(evaluatePolicy(result, DEFAULT_METHOD_ARN.replace('/GET/pets', '/DELETE/pets/42'))).toBe('Allow');
 * });
 * ```
 */
export const DEFAULT_METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets';

type Params = Record<string, string | undefined>;

/**
 * Options of {@link tokenAuthorizerEvent}.
 */
export interface TokenAuthorizerEventOptions {
  /** The `authorizationToken`, usually `Bearer <jwt>`, as API Gateway copies it from the header. */
  token: string;
  /** Default: {@link DEFAULT_METHOD_ARN}. */
  methodArn?: string;
}

/**
 * A TOKEN authorizer event, as API Gateway sends it.
 *
 * @example
 * ```ts
 * import { simulateApiGateway, tokenAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { handler } from './authorizer.js';
 *
 * const outcome = await simulateApiGateway(handler, tokenAuthorizerEvent({ token: 'Bearer abc' }));
 * ```
 */
export function tokenAuthorizerEvent(options: TokenAuthorizerEventOptions): APIGatewayTokenAuthorizerEvent {
  return {
    type: 'TOKEN',
    methodArn: options.methodArn ?? DEFAULT_METHOD_ARN,
    authorizationToken: options.token,
  };
}

/**
 * Options of {@link requestAuthorizerEvent}; every field is optional.
 */
export interface RequestAuthorizerEventOptions {
  /** Default: {@link DEFAULT_METHOD_ARN}; its verb and path fill `httpMethod` and `path`. */
  methodArn?: string;
  /** Default: none. `multiValueHeaders` is derived from it. */
  headers?: Params;
  /** Default: none. `multiValueQueryStringParameters` is derived from it. */
  queryStringParameters?: Params;
  /** Default: none. */
  stageVariables?: Params;
  /** Default: none. */
  pathParameters?: Params;
  /** The API Gateway resource template, e.g. `/pets/{id}`. Default: the ARN's path. */
  resource?: string;
  /** Default: `203.0.113.10`. */
  sourceIp?: string;
}

function multi(map: Params | undefined): Record<string, string[]> | null {
  if (map === undefined) return null;
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(map)) if (value !== undefined) out[key] = [value];
  return out;
}

function identity(sourceIp: string) {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent: 'lambda-authorizer-kit-test',
    userArn: null,
  };
}

/**
 * A REQUEST authorizer event (REST API), as API Gateway sends it.
 *
 * @example
 * ```ts
 * import { requestAuthorizerEvent, simulateApiGateway } from 'lambda-authorizer-kit/testing';
 * import { handler } from './authorizer.js';
 *
 * const event = requestAuthorizerEvent({
 *   headers: { HeaderAuth1: 'headerValue1' },
 *   queryStringParameters: { QueryString1: 'queryValue1' },
 *   stageVariables: { StageVar1: 'stageValue1' },
 * });
 * const outcome = await simulateApiGateway(handler, event); // { statusCode: 200, ... }
 * ```
 */
export function requestAuthorizerEvent(
  options: RequestAuthorizerEventOptions = {},
): APIGatewayRequestAuthorizerEvent {
  const methodArn = options.methodArn ?? DEFAULT_METHOD_ARN;
  const arn = parseMethodArn(methodArn);
  const path = arn.path === '' ? '/' : arn.path;
  return {
    type: 'REQUEST',
    methodArn,
    resource: options.resource ?? path,
    path,
    httpMethod: arn.path === '' ? 'GET' : arn.method,
    headers: options.headers ?? null,
    multiValueHeaders: multi(options.headers),
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.queryStringParameters ?? null,
    multiValueQueryStringParameters: multi(options.queryStringParameters),
    stageVariables: options.stageVariables ?? null,
    requestContext: {
      accountId: arn.accountId,
      apiId: arn.apiId,
      authorizer: undefined,
      httpMethod: arn.method,
      identity: identity(options.sourceIp ?? '203.0.113.10'),
      path: `/${arn.stage}${path}`,
      protocol: 'HTTP/1.1',
      stage: arn.stage,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_700_000_000_000,
      resourceId: 'abc123',
      resourcePath: options.resource ?? path,
    },
  };
}

/**
 * Options of {@link webSocketConnectEvent}; every field is optional.
 */
export interface WebSocketConnectEventOptions {
  /** Default: `arn:aws:execute-api:us-east-1:123456789012:wsapi12345/prod/$connect`. */
  methodArn?: string;
  /** Default: none. */
  headers?: Params;
  /** Default: none. */
  queryStringParameters?: Params;
  /** Default: none. */
  stageVariables?: Params;
  /** Default: `203.0.113.10`. */
  sourceIp?: string;
}

/**
 * A WebSocket `$connect` REQUEST authorizer event.
 *
 * @example
 * ```ts
 * import { simulateApiGateway, webSocketConnectEvent } from 'lambda-authorizer-kit/testing';
 * import { handler } from './connect-authorizer.js';
 *
 * const outcome = await simulateApiGateway(handler, webSocketConnectEvent({ queryStringParameters: { token: 'abc' } }));
 * ```
 */
export function webSocketConnectEvent(
  options: WebSocketConnectEventOptions = {},
): APIGatewayRequestAuthorizerEvent {
  const methodArn =
    options.methodArn ?? 'arn:aws:execute-api:us-east-1:123456789012:wsapi12345/prod/$connect';
  const arn = parseMethodArn(methodArn);
  const base = requestAuthorizerEvent({
    methodArn,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.queryStringParameters === undefined
      ? {}
      : { queryStringParameters: options.queryStringParameters }),
    ...(options.stageVariables === undefined ? {} : { stageVariables: options.stageVariables }),
    ...(options.sourceIp === undefined ? {} : { sourceIp: options.sourceIp }),
  });
  return {
    ...base,
    resource: '$connect',
    path: '',
    httpMethod: 'GET',
    requestContext: {
      ...base.requestContext,
      routeKey: arn.method,
      eventType: 'CONNECT',
      messageDirection: 'IN',
      connectionId: 'L0SM9cOFvHcCIhw=',
      connectedAt: 1_700_000_000_000,
      domainName: `${arn.apiId}.execute-api.${arn.region}.amazonaws.com`,
      path: '',
      resourcePath: '',
    },
  };
}

/**
 * Options of {@link httpApiAuthorizerEvent}; every field is optional.
 */
export interface HttpApiAuthorizerEventOptions {
  /** Default: `arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets`. */
  routeArn?: string;
  /** Header names are lower-cased, as HTTP APIs do. Default: none. */
  headers?: Params;
  /** Default: none. */
  queryStringParameters?: Params;
  /** Default: none. */
  pathParameters?: Params;
  /** Default: none. */
  stageVariables?: Params;
  /** Default: none. */
  cookies?: string[];
  /** Default: the `authorization` header's value, when there is one. */
  identitySource?: string[];
  /** Default: `203.0.113.10`. */
  sourceIp?: string;
}

/**
 * An HTTP API (payload format 2.0) REQUEST authorizer event.
 *
 * @example
 * ```ts
 * import { httpApiAuthorizerEvent, simulateApiGateway } from 'lambda-authorizer-kit/testing';
 * import { handler } from './http-authorizer.js';
 *
 * const outcome = await simulateApiGateway(handler, httpApiAuthorizerEvent({ headers: { authorization: 'Bearer abc' } }));
 * ```
 */
export function httpApiAuthorizerEvent(
  options: HttpApiAuthorizerEventOptions = {},
): APIGatewayRequestAuthorizerEventV2 {
  const routeArn =
    options.routeArn ?? 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/pets';
  const arn = parseMethodArn(routeArn);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers[key.toLowerCase()] = value;
  }
  const query = Object.entries(options.queryStringParameters ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const path = arn.path === '' ? '/' : arn.path;
  const event: APIGatewayRequestAuthorizerEventV2 = {
    version: '2.0',
    type: 'REQUEST',
    routeArn,
    identitySource:
      options.identitySource ?? (headers.authorization === undefined ? [] : [headers.authorization]),
    routeKey: `${arn.method === '*' ? 'ANY' : arn.method} ${path}`,
    rawPath: path,
    rawQueryString: query,
    cookies: options.cookies ?? [],
    headers,
    requestContext: {
      accountId: arn.accountId,
      apiId: arn.apiId,
      domainName: `${arn.apiId}.execute-api.${arn.region}.amazonaws.com`,
      domainPrefix: arn.apiId,
      http: {
        method: arn.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '203.0.113.10',
        userAgent: 'lambda-authorizer-kit-test',
      },
      requestId: 'id-1234',
      routeKey: `${arn.method === '*' ? 'ANY' : arn.method} ${path}`,
      stage: arn.stage,
      time: '14/Nov/2023:22:13:20 +0000',
      timeEpoch: 1_700_000_000_000,
    },
  };
  if (options.queryStringParameters !== undefined)
    event.queryStringParameters = { ...options.queryStringParameters };
  if (options.pathParameters !== undefined) event.pathParameters = { ...options.pathParameters };
  if (options.stageVariables !== undefined) event.stageVariables = { ...options.stageVariables };
  return event;
}

/**
 * Options of {@link functionUrlEvent}; every field is optional.
 */
export interface FunctionUrlEventOptions {
  /** Default: `GET`. */
  method?: string;
  /** The path and query as on the request line, e.g. `/book?page=2`. Default: `/`. */
  target?: string;
  /** Default: `host` and `user-agent` only. */
  headers?: Params;
  /** A text body (sent as is) or bytes (base64, as Lambda passes binary bodies). Default: none. */
  body?: string | Uint8Array;
  /**
   * Who called, as `requestContext.authorizer.iam` reports it. Default: a session of role
   * `caller-role` in account `111122223333`, in no organization.
   */
  caller?: Partial<Omit<FunctionUrlCaller, 'secretAccessKey' | 'sessionToken'>>;
}

/**
 * The event a function URL with auth type `AWS_IAM` sends its function, with the caller's IAM
 * identity, built as {@link startFunctionUrlEmulator} builds it for a request it verified; for unit
 * tests of the function that do not need a signed request.
 *
 * @example
 * ```ts
 * import { createFunctionUrlCallerGuard } from 'lambda-authorizer-kit/authorizer';
 * import { functionUrlEvent } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 *
 * const guard = createFunctionUrlCallerGuard({ accounts: ['111122223333'] });
 *
 * it('refuses a caller from another account', () => {
 *   const event = functionUrlEvent({ target: '/book', caller: { accountId: '999999999999' } });
 *   expect(guard.check(event)).toMatchObject({ allowed: false, response: { statusCode: 403 } });
 * });
 * ```
 */
export function functionUrlEvent(options: FunctionUrlEventOptions = {}): FunctionUrlEvent {
  const body = options.body ?? new Uint8Array();
  const headers: Params = { host: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws' };
  headers['user-agent'] = 'lambda-authorizer-kit-test';
  if (typeof body === 'string' && body !== '') headers['content-type'] = 'text/plain';
  Object.assign(headers, options.headers);
  const rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : [name, value],
  );
  return buildEvent(
    {
      method: options.method ?? 'GET',
      target: options.target ?? '/',
      rawHeaders,
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      sourceIp: '203.0.113.10',
    },
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'unused', ...options.caller },
    {
      urlId: 'abcdefghijklmnopqrstuvwxyz012345',
      region: 'us-east-1',
      accountId: '123456789012',
      functionName: 'my-function',
      timeoutMs: 3000,
    },
    1_700_000_000_000,
  );
}

/**
 * Options of {@link appSyncAuthorizerEvent}; every field but `token` is optional.
 */
export interface AppSyncAuthorizerEventOptions {
  /** The `authorizationToken`: the `Authorization` header as the client sent it. */
  token: string;
  /** Default: `query { me { id } }`. */
  queryString?: string;
  /** Default: none. */
  operationName?: string;
  /** Default: `{}`. */
  variables?: Record<string, unknown>;
  /** Default: `abcdefghijklmnopqrstuvwxyz` (26 characters, as AppSync API ids are). */
  apiId?: string;
  /** Default: `123456789012`. */
  accountId?: string;
  /** Header names are lower-cased; `authorization` is the token unless given. Default: that alone. */
  headers?: Params;
}

/**
 * An AppSync Lambda authorizer event (GraphQL API, `AWS_LAMBDA` authorization), as AppSync sends it.
 *
 * @example
 * ```ts
 * import { appSyncAuthorizerEvent } from 'lambda-authorizer-kit/testing';
 * import { expect, it } from 'vitest';
 * import { handler } from './appsync-authorizer.js';
 *
 * it('refuses a request without a valid token', async () => {
 *   expect(await handler(appSyncAuthorizerEvent({ token: 'not-a-jwt' }))).toMatchObject({ isAuthorized: false });
 * });
 * ```
 */
export function appSyncAuthorizerEvent(options: AppSyncAuthorizerEventOptions): AppSyncAuthorizerEvent {
  const requestHeaders: Record<string, string> = { authorization: options.token };
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) requestHeaders[key.toLowerCase()] = value;
  }
  return {
    authorizationToken: options.token,
    requestContext: {
      apiId: options.apiId ?? 'abcdefghijklmnopqrstuvwxyz',
      accountId: options.accountId ?? '123456789012',
      requestId: 'b80ed838-14c6-4500-b4c3-b694c7bef086',
      queryString: options.queryString ?? 'query { me { id } }',
      ...(options.operationName === undefined ? {} : { operationName: options.operationName }),
      variables: { ...(options.variables ?? {}) },
    },
    requestHeaders,
  };
}
