import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildContext,
  buildEvent,
  type EmulatedResponse,
  type FunctionDescription,
  type FunctionUrlContext,
  type FunctionUrlEvent,
  toHttpResponse,
} from './function-url-emulator-event.js';
import { type FunctionUrlCaller, verifySigV4 } from './function-url-emulator-verify.js';

export type {
  FunctionUrlContext,
  FunctionUrlEvent,
  FunctionUrlIamIdentity,
} from './function-url-emulator-event.js';
export type { FunctionUrlCaller } from './function-url-emulator-verify.js';

/** The largest request body a function URL accepts (6 MB). */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * Options of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlEmulatorOptions {
  /**
   * The function behind the URL: called with the payload 2.0 event once the signature is verified.
   * Its result becomes the HTTP response as function URLs make it: `{ statusCode, headers, cookies,
   * body, isBase64Encoded }` as is, a string as the body of a 200, anything else as a JSON 200. A
   * thrown error gives a 502. An async `(event) => result` handler written for a function URL with
   * IAM auth (`LambdaFunctionURLEventWithIAMAuthorizer` from `@types/aws-lambda`) fits.
   */
  handler(event: FunctionUrlEvent, context: FunctionUrlContext): unknown;
  /**
   * The callers allowed to sign requests: one or several credentials, each with the identity reported
   * in `requestContext.authorizer.iam`. Any other access key is refused with 403 as AWS refuses it.
   */
  credentials: FunctionUrlCaller | readonly FunctionUrlCaller[];
  /** The function's region: requests must be signed for it. Default: `us-east-1`. */
  region?: string | undefined;
  /** The URL id, used in `requestContext.domainName` and `apiId`. Default: `emulatedfunctionurl0001`. */
  urlId?: string | undefined;
  /** The account that owns the function (`requestContext.accountId`). Default: `123456789012`. */
  accountId?: string | undefined;
  /** The function name, in the context. Default: `function-url-emulator`. */
  functionName?: string | undefined;
  /** The clock signatures are checked against (AWS allows 5 minutes of skew). Default: `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Called with what the handler threw (the caller gets a 502). Default: `console.error`.
   */
  onHandlerError?: ((error: unknown) => void) | undefined;
}

/**
 * A running emulator.
 *
 * See the example of {@link startFunctionUrlEmulator}.
 */
export interface FunctionUrlEmulator {
  /** The function URL to call, `http://127.0.0.1:<port>/`. Sign for {@link region}, service `lambda`. */
  readonly url: string;
  /** The region requests must be signed for (pass it as `region` when signing: the host names none). */
  readonly region: string;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function awsError(errorType: string, messageKey: string, message: string, status = 403): EmulatedResponse {
  return {
    status,
    headers: [
      ['content-type', 'application/json'],
      ['x-amzn-ErrorType', errorType],
    ],
    body: Buffer.from(JSON.stringify({ [messageKey]: message })),
  };
}

function write(res: ServerResponse, response: EmulatedResponse, requestId: string): void {
  res.statusCode = response.status;
  res.setHeader('x-amzn-RequestId', requestId);
  const cookies: string[] = [];
  for (const [name, value] of response.headers) {
    if (name.toLowerCase() === 'set-cookie') cookies.push(value);
    else res.setHeader(name, value);
  }
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.setHeader('content-length', response.body.length);
  res.end(response.body);
}

/**
 * Starts a local stand-in for a Lambda function URL with auth type `AWS_IAM`: a real HTTP server on
 * 127.0.0.1 that verifies SigV4 as AWS does and answers refusals as AWS does (403 with
 * `x-amzn-ErrorType` `InvalidSignatureException`, `IncompleteSignatureException`,
 * `UnrecognizedClientException` or `AccessDeniedException`, and AWS's message, including "Signature
 * expired" beyond 5 minutes of clock skew), then calls your handler with the payload 2.0 event,
 * `requestContext.authorizer.iam` included, and returns its result as the HTTP response. Test a caller
 * and its callee together without AWS.
 *
 * The signature is re-derived from what arrived on the wire, independently of the signer.
 *
 * @param options - the handler, the known callers' credentials and the region; see
 * {@link FunctionUrlEmulatorOptions}.
 * @returns the URL to call, the region to sign for, and `close()`.
 * @throws `TypeError` when `handler` is not a function or no credentials are given.
 *
 * @example
 * ```ts
 * import { signedFetch } from 'lambda-authorizer-kit/sigv4';
 * import { startFunctionUrlEmulator } from 'lambda-authorizer-kit/testing';
 *
 * const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test-secret' };
 * const emulator = await startFunctionUrlEmulator({
 *   credentials,
 *   handler: async (event) => ({ caller: event.requestContext.authorizer.iam.userArn }),
 * });
 * export const handler = async () => {
 *   const response = await signedFetch(emulator.url, { region: emulator.region, credentials });
 *   return response.json();
 * };
 * // later: await emulator.close();
 * ```
 */
export async function startFunctionUrlEmulator(
  options: FunctionUrlEmulatorOptions,
): Promise<FunctionUrlEmulator> {
  if (typeof options?.handler !== 'function') {
    throw new TypeError('startFunctionUrlEmulator() needs a handler function.');
  }
  const callers = (Array.isArray(options.credentials) ? options.credentials : [options.credentials]).filter(
    (caller): caller is FunctionUrlCaller => typeof caller === 'object' && caller !== null,
  );
  if (callers.length === 0) {
    throw new TypeError('startFunctionUrlEmulator() needs the credentials of at least one caller.');
  }
  const handler = options.handler.bind(options);
  const now = options.now ?? Date.now;
  const onHandlerError = options.onHandlerError ?? ((error: unknown) => console.error(error));
  const fn: FunctionDescription = {
    urlId: options.urlId ?? 'emulatedfunctionurl0001',
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    functionName: options.functionName ?? 'function-url-emulator',
    timeoutMs: 3000,
  };

  async function respond(req: IncomingMessage): Promise<EmulatedResponse> {
    const body = await readBody(req);
    if (body === undefined) {
      return awsError(
        'RequestTooLargeException',
        'Message',
        `Request must be smaller than ${MAX_BODY_BYTES} bytes for the InvokeFunction operation`,
        413,
      );
    }
    const arrived = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body,
    };
    const nowMs = now();
    const outcome = verifySigV4(arrived, callers, fn.region, nowMs);
    if (!outcome.ok) return awsError(outcome.errorType, outcome.messageKey, outcome.message);
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const event = buildEvent({ ...arrived, sourceIp }, outcome.caller, fn, nowMs);
    try {
      const result = await handler(event, buildContext(fn, event.requestContext.requestId, Date.now()));
      return toHttpResponse(result);
    } catch (error) {
      onHandlerError(error);
      return awsError('Function.Unhandled', 'Message', 'Internal Server Error', 502);
    }
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    respond(req).then(
      (response) => write(res, response, requestId),
      (error: unknown) => {
        onHandlerError(error);
        write(res, awsError('ServiceException', 'Message', 'Internal Server Error', 500), requestId);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    region: fn.region,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
