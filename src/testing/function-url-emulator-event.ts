import { randomUUID } from 'node:crypto';
import type { FunctionUrlCaller } from './function-url-emulator-verify.js';

/**
 * `requestContext.authorizer.iam` of a function URL event with auth type `AWS_IAM`.
 *
 * See the example of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlIamIdentity {
  accessKey: string;
  accountId: string;
  callerId: string;
  cognitoIdentity: null;
  principalOrgId: string | null;
  userArn: string;
  userId: string;
}

/**
 * The payload format 2.0 event a function URL with auth type `AWS_IAM` sends, as `@types/aws-lambda`'s
 * `LambdaFunctionURLEventWithIAMAuthorizer` describes it.
 *
 * See the example of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlEvent {
  /** Always `2.0`. */
  version: string;
  /** Always `$default`. */
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext: {
    accountId: string;
    apiId: string;
    authentication?: unknown;
    authorizer: { iam: FunctionUrlIamIdentity };
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/**
 * The part of the Lambda `Context` the emulator provides.
 *
 * See the example of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** Everything about the function the event and context need. */
export interface FunctionDescription {
  urlId: string;
  region: string;
  accountId: string;
  functionName: string;
  timeoutMs: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Whether Lambda passes a body of this content type as text rather than base64. */
function isText(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/(json|javascript|xml|yaml|x-yaml|x-www-form-urlencoded|graphql)$/.test(type) ||
    /\+(json|xml|yaml)$/.test(type)
  );
}

function decodeQuery(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  }
  return out;
}

/** Builds the payload 2.0 event for a verified request. */
export function buildEvent(
  request: {
    method: string;
    target: string;
    rawHeaders: readonly string[];
    body: Uint8Array;
    sourceIp: string;
  },
  caller: FunctionUrlCaller,
  fn: FunctionDescription,
  nowMs: number,
): FunctionUrlEvent {
  const q = request.target.indexOf('?');
  const rawPath = q < 0 ? request.target : request.target.slice(0, q);
  const rawQueryString = q < 0 ? '' : request.target.slice(q + 1);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(...value.split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const accountId = caller.accountId ?? '111122223333';
  const callerId = caller.callerId ?? 'AROAEXAMPLECALLERROLE:caller-function';
  const domainName = `${fn.urlId}.lambda-url.${fn.region}.on.aws`;
  const event: FunctionUrlEvent = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: fn.accountId,
      apiId: fn.urlId,
      authentication: null,
      authorizer: {
        iam: {
          accessKey: caller.accessKeyId,
          accountId,
          callerId,
          cognitoIdentity: null,
          principalOrgId: caller.principalOrgId ?? null,
          userArn: caller.userArn ?? `arn:aws:sts::${accountId}:assumed-role/caller-role/caller-function`,
          userId: caller.userId ?? callerId,
        },
      },
      domainName,
      domainPrefix: fn.urlId,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clf(nowMs),
      timeEpoch: nowMs,
    },
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  const query = decodeQuery(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (request.body.length > 0) {
    if (isText(headers['content-type'])) {
      event.body = Buffer.from(request.body).toString('utf8');
    } else {
      event.body = Buffer.from(request.body).toString('base64');
      event.isBase64Encoded = true;
    }
  }
  return event;
}

/** A Lambda context for one invocation. */
export function buildContext(
  fn: FunctionDescription,
  requestId: string,
  startMs: number,
): FunctionUrlContext {
  return {
    awsRequestId: requestId,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${fn.region}:${fn.accountId}:function:${fn.functionName}`,
    memoryLimitInMB: '128',
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `emulator/[$LATEST]${requestId.replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, fn.timeoutMs - (Date.now() - startMs)),
  };
}

/** An HTTP response to write. */
export interface EmulatedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/**
 * Turns what the handler returned into the HTTP response, as function URLs do: a result with a
 * `statusCode` is used as is (headers, cookies, base64 body); a string is the body of a 200; any other
 * value is serialized to JSON as the body of a 200 with `content-type: application/json`.
 */
export function toHttpResponse(result: unknown): EmulatedResponse {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const structured = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = structured.statusCode;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      throw new TypeError(`statusCode must be an integer from 100 to 599, got ${String(status)}`);
    }
    const headers: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(structured.headers ?? {})) {
      if (value !== undefined && value !== null) headers.push([name, String(value)]);
    }
    if (Array.isArray(structured.cookies)) {
      for (const cookie of structured.cookies) headers.push(['set-cookie', String(cookie)]);
    }
    const text = typeof structured.body === 'string' ? structured.body : '';
    const body =
      structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    return { status, headers, body };
  }
  const body = typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result);
  return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
}
