import { describeType } from '../lib/describe.js';
import { SigV4SigningError, SigV4TimeoutError } from './errors.js';
import { isSigV4Rejection, toRejectedError } from './rejection.js';
import { type SignedRequest, signRequest } from './sign-request.js';
import type { BodyInput, HeadersInput, SignRequestOptions } from './types.js';

/**
 * The default of {@link SignedFetchInit.timeoutMs}: 10 seconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_TIMEOUT_MS, signedFetch } from 'lambda-authorizer-kit/sigv4';
 * import type { Context } from 'aws-lambda';
 *
 * export const handler = async (_event: unknown, context: Context) => {
 *   // Never wait longer than the function has left.
 *   const timeoutMs = Math.min(DEFAULT_TIMEOUT_MS, context.getRemainingTimeInMillis() - 500);
 *   return (await signedFetch(process.env.ORDERS_URL ?? '', { timeoutMs })).status;
 * };
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of {@link signedFetch}: the request, the signing options and the transport options.
 *
 * @example
 * ```ts
 * import { type SignedFetchInit, signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async (event: { orderId: string }) => {
 *   const init: SignedFetchInit = {
 *     method: 'PUT',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ status: 'shipped' }),
 *     timeoutMs: 3000,
 *     throwOnRejection: false,
 *   };
 *   const response = await signedFetch(`${process.env.ORDERS_URL}/orders/${event.orderId}`, init);
 *   return { statusCode: response.status, body: await response.text() };
 * };
 * ```
 */
export interface SignedFetchInit extends SignRequestOptions {
  /** The HTTP method. Default: `GET`. */
  method?: string | undefined;
  /** Headers to send and sign: a plain object, a `Headers` or `[name, value]` pairs. Default: none. */
  headers?: HeadersInput | undefined;
  /** The body: a string or bytes (streams are refused: they cannot be hashed). Default: none. */
  body?: BodyInput | null | undefined;
  /**
   * The deadline for the whole exchange, body included, in milliseconds: past it the call (or the
   * reading of the body) rejects with a `SigV4TimeoutError`. Keep it below your function's own timeout.
   * Default: {@link DEFAULT_TIMEOUT_MS} (10 000).
   */
  timeoutMs?: number | undefined;
  /** Aborts the request; its reason is rethrown as `fetch` does. Default: none. */
  signal?: AbortSignal | undefined;
  /**
   * Whether AWS's 403 refusals of the signature or of the IAM authorization (`x-amzn-ErrorType`
   * `InvalidSignatureException`, `AccessDeniedException`, `UnrecognizedClientException`...) reject
   * with a `SigV4RejectedError`. Any other response, the function's own 403 included, is returned.
   * Default: `true`; `false` returns those responses too.
   */
  throwOnRejection?: boolean | undefined;
  /**
   * What to do with a redirect. Default: `'manual'`: the 3xx response is returned, because following
   * it would send the session token to wherever it points (and the signature would not match there).
   */
  redirect?: 'manual' | 'follow' | 'error' | undefined;
  /** The `fetch` to send with. Default: `globalThis.fetch`. */
  fetch?: typeof fetch | undefined;
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new SigV4SigningError(
      'ERR_SIGV4_INVALID_OPTION',
      `options.timeoutMs must be a positive number of milliseconds, got ${typeof timeoutMs === 'number' ? String(timeoutMs) : describeType(timeoutMs)}.`,
    );
  }
  return Math.min(timeoutMs, 2_147_483_647);
}

function secretsOf(signed: SignedRequest): string[] {
  const secrets: string[] = [];
  const token = signed.headers['x-amz-security-token'];
  if (token) secrets.push(token);
  const signature = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1];
  if (signature) secrets.push(signature);
  return secrets;
}

/**
 * `fetch` for SigV4-protected URLs, such as Lambda function URLs with auth type `AWS_IAM`: signs the
 * request with {@link signRequest} (region and service from the URL, credentials from the Lambda
 * environment), sends it with a deadline and returns the standard `Response`.
 *
 * Every response is returned as it came, 4xx and 5xx included, except AWS's 403 refusals of the
 * signature or of the IAM authorization, which reject with a `SigV4RejectedError` whose message says
 * what to fix (set `throwOnRejection: false` to get them as responses). Redirects are not followed
 * unless `redirect: 'follow'`. Network failures reject as `fetch` rejects (`TypeError`).
 *
 * @param url - the absolute http(s) URL, query included.
 * @param init - method, headers, body, signing options, `timeoutMs` (default 10 000), `signal`.
 * @returns the response.
 * @throws {@link SigV4SigningError} when the request cannot be signed (see {@link signRequest}).
 * @throws {@link SigV4TimeoutError} `ERR_SIGV4_TIMEOUT` when `timeoutMs` passes first.
 * @throws {@link SigV4RejectedError} `ERR_SIGV4_INVALID_SIGNATURE`, `ERR_SIGV4_SIGNATURE_EXPIRED`,
 * `ERR_SIGV4_ACCESS_DENIED` or `ERR_SIGV4_UNRECOGNIZED_CLIENT` when AWS answers 403.
 *
 * @example
 * ```ts
 * import { signedFetch } from 'lambda-authorizer-kit/sigv4';
 *
 * export const handler = async () => {
 *   const response = await signedFetch('https://abc123.lambda-url.eu-central-1.on.aws/login', {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ user: 'my-user' }),
 *     timeoutMs: 3000,
 *   });
 *   return { statusCode: response.status, body: await response.text() };
 * };
 * ```
 */
export async function signedFetch(url: string | URL, init: SignedFetchInit = {}): Promise<Response> {
  if (typeof init !== 'object' || init === null) {
    throw new SigV4SigningError(
      'ERR_SIGV4_INVALID_OPTION',
      `signedFetch() options must be an object such as { method, headers, body }, got ${describeType(init)}.`,
    );
  }
  if (init.signal !== undefined && init.signal !== null && !(init.signal instanceof AbortSignal)) {
    throw new SigV4SigningError(
      'ERR_SIGV4_INVALID_OPTION',
      `options.signal must be an AbortSignal, got ${describeType(init.signal)}.`,
    );
  }
  const timeoutMs = checkTimeout(init.timeoutMs);
  const send = init.fetch ?? globalThis.fetch;
  if (typeof send !== 'function') {
    throw new SigV4SigningError(
      'ERR_SIGV4_INVALID_OPTION',
      'No fetch is available: run on Node.js 18 or later, or pass options.fetch.',
    );
  }
  const signed = await signRequest(
    { url, method: init.method, headers: init.headers, body: init.body },
    { region: init.region, service: init.service, credentials: init.credentials, date: init.date },
  );

  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new SigV4TimeoutError(
        timeoutMs,
        `No complete response within ${timeoutMs} ms from ${new URL(signed.url).origin}. Raise timeoutMs (keep it below the function's own timeout) or check that the receiver is reachable from the caller (VPC egress, NAT).`,
      ),
    );
  }, timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;

  let response: Response;
  try {
    response = await send(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body ?? null,
      redirect: init.redirect ?? 'manual',
      signal,
    });
  } catch (error) {
    clearTimeout(timer);
    if (controller.signal.aborted && !init.signal?.aborted) throw controller.signal.reason;
    throw error;
  }
  if ((init.throwOnRejection ?? true) && isSigV4Rejection(response)) {
    const rejected = await toRejectedError(response, secretsOf(signed));
    clearTimeout(timer);
    throw rejected;
  }
  return response;
}
