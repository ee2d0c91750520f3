import { describeType } from '../lib/describe.js';
import { InvalidOptionError } from '../lib/errors.js';
import { SigV4RequestError } from './errors.js';
import { isSigV4Rejection, toRejectedError } from './rejection.js';
import { type SignedRequest, signRequest } from './sign-request.js';
import type { BodyInput, HeadersInput, SignRequestOptions } from './types.js';

/**
 * The default of {@link SignedFetchInit.timeoutMs}: 10 seconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_SIGNED_FETCH_TIMEOUT_MS, signedFetch } from 'lambda-authorizer-kit/sigv4';
 * import type { Context } from 'aws-lambda';
 *
 * export const handler = async (_event: unknown, context: Context) => {
 *   // Never wait longer than the function has left.
 *   const timeoutMs = Math.min(DEFAULT_SIGNED_FETCH_TIMEOUT_MS, context.getRemainingTimeInMillis() - 500);
 *   return (await signedFetch(process.env.ORDERS_URL ?? '', { timeoutMs })).status;
 * };
 * ```
 */
export const DEFAULT_SIGNED_FETCH_TIMEOUT_MS = 10_000;

/**
 * Options of {@link signedFetch}: the request, the signing options and the transport options.
 */
export interface SignedFetchInit extends SignRequestOptions {
  /** The HTTP method. Default: `GET`. */
  method?: string | undefined;
  /** Headers to send and sign: a plain object, a `Headers` or `[name, value]` pairs. Default: none. */
  headers?: HeadersInput | undefined;
  /** The body: a string or bytes (streams are refused: they cannot be hashed). Default: none. */
  body?: BodyInput | null | undefined;
  /**
   * The deadline for the whole exchange, redirects and body included, in milliseconds: past it the
   * call (or the reading of the body) rejects with a `SigV4RequestError` (`ERR_SIGV4_TIMEOUT`). The call rejects at the
   * deadline even with a custom `fetch` that ignores its abort signal. Keep it below your function's
   * own timeout. Default: {@link DEFAULT_SIGNED_FETCH_TIMEOUT_MS} (10 000).
   */
  timeoutMs?: number | undefined;
  /**
   * Aborts the request; its reason is rethrown as `fetch` does, even with a custom `fetch` that
   * ignores the signal. Default: none.
   */
  signal?: AbortSignal | undefined;
  /**
   * Whether AWS's 403 refusals of the signature or of the IAM authorization (`x-amzn-ErrorType`
   * `InvalidSignatureException`, `AccessDeniedException`, `UnrecognizedClientException`...) reject
   * with a `SigV4RejectedError`. Any other response, the function's own 403 included, is returned.
   * Default: `true`; `false` returns those responses too.
   */
  throwOnRejection?: boolean | undefined;
  /**
   * What to do with a redirect (301, 302, 303, 307, 308 with a `Location`). Default: `'manual'`: the
   * 3xx response is returned as is. `'error'`: the call rejects as `fetch` rejects (`TypeError`).
   * `'follow'`: a redirect to the same origin (scheme, host and port) is followed, at most 5 in a
   * row, each request signed again for its new URL (303, and 301/302 after a `POST`, become a `GET`
   * without body as `fetch` does); a redirect to another origin is never followed, because the signed
   * headers (`authorization`, `x-amz-date`, `x-amz-security-token`) and the body would go there:
   * the call rejects with a `SigV4RequestError` and nothing is sent to it.
   */
  redirect?: 'manual' | 'follow' | 'error' | undefined;
  /**
   * The `fetch` to send with. Default: `globalThis.fetch`. It is called with `redirect: 'manual'`
   * when `redirect` is `'follow'` (redirects are followed here) and must honour it. The deadline and
   * `signal` settle the call whether or not it honours its abort signal; once the response is
   * returned, they reach the reading of its body only through that signal.
   */
  fetch?: typeof fetch | undefined;
}

/** How many redirects `redirect: 'follow'` follows in a row at most. */
const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Request headers that describe the body: dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS: readonly string[] = [
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
];

const MAX_SHOWN_ORIGIN = 200;

/** The origin of a URL for a message: scheme, host and port, never a path, query or user info. */
function shownOrigin(url: URL): string {
  if (url.origin !== 'null') {
    return url.origin.length > MAX_SHOWN_ORIGIN ? `${url.origin.slice(0, MAX_SHOWN_ORIGIN)}…` : url.origin;
  }
  return `a ${JSON.stringify(url.protocol.slice(0, 20))} URL`;
}

function checkTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_SIGNED_FETCH_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError(
      'timeoutMs',
      `options.timeoutMs must be a positive number of milliseconds, got ${typeof timeoutMs === 'number' ? String(timeoutMs) : describeType(timeoutMs)}.`,
    );
  }
  return Math.min(timeoutMs, 2_147_483_647);
}

function checkRedirect(redirect: unknown): 'manual' | 'follow' | 'error' {
  if (redirect === undefined) return 'manual';
  if (redirect === 'manual' || redirect === 'follow' || redirect === 'error') return redirect;
  throw new InvalidOptionError(
    'redirect',
    `options.redirect must be 'manual' (the default), 'follow' or 'error', got ${typeof redirect === 'string' ? 'another string' : describeType(redirect)}.`,
  );
}

function secretsOf(signed: SignedRequest): string[] {
  const secrets: string[] = [];
  const token = signed.headers['x-amz-security-token'];
  if (token) secrets.push(token);
  const signature = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1];
  if (signature) secrets.push(signature);
  return secrets;
}

/** Releases a response that is not handed out; not awaited, a custom stream may never settle it. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * A promise that rejects with the signal's reason soon after it aborts, and never settles otherwise:
 * one turn of the event loop later, so that a `fetch` that honours the signal settles first with its
 * own error, as without this race. `dispose` removes its listener and timer once the call has settled.
 */
function abortion(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let deferred: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => {
      deferred = setTimeout(() => reject(signal.reason), 0);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const dispose = () => {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    clearTimeout(deferred);
  };
  return { promise, dispose };
}

/** What one call of {@link signedFetch} sends with. */
interface Exchange {
  readonly send: typeof fetch;
  readonly signal: AbortSignal;
  readonly redirect: 'manual' | 'follow' | 'error';
  readonly throwOnRejection: boolean;
  readonly signOptions: SignRequestOptions;
}

/**
 * Where a redirect answer to `current` leads, when it may be followed: the same origin, a URL
 * without user info, within {@link MAX_REDIRECTS}.
 *
 * @throws {@link SigV4RequestError} otherwise.
 */
function redirectTarget(status: number, location: string, current: URL, followed: number): URL {
  const from = shownOrigin(current);
  const manual = "or pass redirect: 'manual' to get the 3xx response and decide yourself";
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    throw new SigV4RequestError(
      'ERR_SIGV4_INVALID_REDIRECT',
      `signedFetch() did not follow the ${status} redirect from ${from}: its Location is not a valid URL. Fix the redirect at the receiver, ${manual}.`,
      { status },
    );
  }
  target.hash = '';
  if (target.origin === 'null' || target.origin !== current.origin) {
    throw new SigV4RequestError(
      'ERR_SIGV4_CROSS_ORIGIN_REDIRECT',
      `signedFetch() did not follow the ${status} redirect from ${from} to ${shownOrigin(target)}, another origin: the request is signed for ${from}, and following it would send its authorization, x-amz-date and x-amz-security-token headers and its body there. Nothing was sent to ${shownOrigin(target)}. Call the URL the receiver is actually served from, ${manual}.`,
      { status },
    );
  }
  if (target.username !== '' || target.password !== '') {
    throw new SigV4RequestError(
      'ERR_SIGV4_INVALID_REDIRECT',
      `signedFetch() did not follow the ${status} redirect from ${from}: its Location carries a user name or password, which a signed request never sends. Fix the redirect at the receiver, ${manual}.`,
      { status },
    );
  }
  if (followed >= MAX_REDIRECTS) {
    throw new SigV4RequestError(
      'ERR_SIGV4_TOO_MANY_REDIRECTS',
      `signedFetch() followed ${MAX_REDIRECTS} redirects within ${from} and was redirected again (${status}): it stopped there, the chain looks like a loop. Call the final URL directly, ${manual}.`,
      { status },
    );
  }
  return target;
}

/**
 * Sends `first`, follows same-origin redirects when asked (signing each new request) and maps AWS's
 * refusals. Every await is checked against the signal, so a late answer after the deadline sends
 * nothing more.
 */
async function exchange(first: SignedRequest, context: Exchange): Promise<Response> {
  const { send, signal, redirect } = context;
  let signed = first;
  for (let followed = 0; ; followed++) {
    if (signal.aborted) throw signal.reason;
    const response = await send(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body ?? null,
      redirect: redirect === 'follow' ? 'manual' : redirect,
      signal,
    });
    if (signal.aborted) {
      discard(response);
      throw signal.reason;
    }
    const location = response.headers.get('location');
    if (redirect === 'follow' && REDIRECT_STATUSES.has(response.status) && location !== null) {
      discard(response);
      const status = response.status;
      const target = redirectTarget(status, location, new URL(signed.url), followed);
      const toGet =
        (status === 303 && signed.method !== 'GET' && signed.method !== 'HEAD') ||
        ((status === 301 || status === 302) && signed.method === 'POST');
      // The signer sets host for the new URL; a GET has no body to describe.
      const headers = Object.fromEntries(
        Object.entries(signed.headers).filter(
          ([name]) => name !== 'host' && !(toGet && BODY_HEADERS.includes(name)),
        ),
      );
      signed = await signRequest(
        {
          url: target,
          method: toGet ? 'GET' : signed.method,
          headers,
          body: toGet ? undefined : signed.body,
        },
        context.signOptions,
      );
      continue;
    }
    if (context.throwOnRejection && isSigV4Rejection(response)) {
      throw await toRejectedError(response, secretsOf(signed));
    }
    return response;
  }
}

/**
 * `fetch` for SigV4-protected URLs, such as Lambda function URLs with auth type `AWS_IAM`: signs the
 * request with {@link signRequest} (region and service from the URL, credentials from the Lambda
 * environment), sends it with a deadline and returns the standard `Response`.
 *
 * Every response is returned as it came, 4xx and 5xx included, except AWS's 403 refusals of the
 * signature or of the IAM authorization, which reject with a `SigV4RejectedError` whose message says
 * what to fix (set `throwOnRejection: false` to get them as responses); only the first few KB of such
 * a refusal are read. Redirects are not followed unless `redirect: 'follow'`, and then only within
 * the same origin. Network failures reject as `fetch` rejects (`TypeError`).
 *
 * @param url - the absolute http(s) URL, query included.
 * @param init - method, headers, body, signing options, `timeoutMs` (default 10 000), `signal`, `redirect`.
 * @returns the response.
 * @throws {@link InvalidOptionError} for a URL, method, header, body or option that cannot be signed
 * or sent (see {@link signRequest}).
 * @throws {@link SigV4RequestError} for credentials that cannot be used (see {@link signRequest}),
 * `ERR_SIGV4_TIMEOUT` when `timeoutMs` passes first, and, with `redirect: 'follow'`,
 * `ERR_SIGV4_CROSS_ORIGIN_REDIRECT`, `ERR_SIGV4_TOO_MANY_REDIRECTS` or `ERR_SIGV4_INVALID_REDIRECT`
 * when a redirect is not followed.
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
    throw new InvalidOptionError(
      'options',
      `signedFetch() options must be an object such as { method, headers, body }, got ${describeType(init)}.`,
    );
  }
  if (init.signal !== undefined && init.signal !== null && !(init.signal instanceof AbortSignal)) {
    throw new InvalidOptionError(
      'signal',
      `options.signal must be an AbortSignal, got ${describeType(init.signal)}.`,
    );
  }
  const timeoutMs = checkTimeout(init.timeoutMs);
  const redirect = checkRedirect(init.redirect);
  const send = init.fetch ?? globalThis.fetch;
  if (typeof send !== 'function') {
    throw new InvalidOptionError(
      'fetch',
      'No fetch is available: run on Node.js 18 or later, or pass options.fetch.',
    );
  }
  const signOptions: SignRequestOptions = {
    region: init.region,
    service: init.service,
    credentials: init.credentials,
    date: init.date,
  };
  const signed = await signRequest(
    { url, method: init.method, headers: init.headers, body: init.body },
    signOptions,
  );

  // One timer for the whole exchange. It aborts the request (and, once the response is returned, the
  // reading of its body), and the call races it, so a `fetch` that ignores the signal cannot outlive it.
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new SigV4RequestError(
        'ERR_SIGV4_TIMEOUT',
        `No complete response within ${timeoutMs} ms from ${new URL(signed.url).origin}. Raise timeoutMs (keep it below the function's own timeout) or check that the receiver is reachable from the caller (VPC egress, NAT).`,
        { timeoutMs },
      ),
    );
  }, timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
  const aborted = abortion(signal);

  try {
    const response = await Promise.race([
      exchange(signed, {
        send,
        signal,
        redirect,
        throwOnRejection: init.throwOnRejection ?? true,
        signOptions,
      }),
      aborted.promise,
    ]);
    // The timer stays to bound the reading of the body (unref'd: it never holds the process); a
    // response without one has nothing left to bound.
    if (response.body === null) clearTimeout(timer);
    return response;
  } catch (error) {
    clearTimeout(timer);
    if (controller.signal.aborted && !init.signal?.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    aborted.dispose();
  }
}
