import { safeUrl } from '../lib/url.js';
import { JwksUnavailableError } from './errors.js';

/** Limits of one JSON download. */
export interface FetchJsonLimits {
  /** Abort the whole request (headers and body) after this many milliseconds. */
  readonly timeoutMs: number;
  /** Abort as soon as the body exceeds this many bytes. */
  readonly maxBytes: number;
  /** What is downloaded, for messages: `JWKS` or `discovery document`. */
  readonly what: string;
  /** The error code for a document of the wrong shape or bad JSON. */
  readonly invalidCode: 'ERR_JWKS_INVALID' | 'ERR_JWKS_DISCOVERY';
  /** The `Accept` header sent. Default: `application/json`. */
  readonly accept?: string;
  /** How messages name the URL. Default: the URL itself. */
  readonly label?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `value` cannot be fetched keys from (not an absolute https URL), or `undefined` if it can. */
export function fetchUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'it is not a string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return `it must use https (http is accepted for loopback addresses only), got "${url.protocol}"`;
}

function tooLarge(limits: FetchJsonLimits, uri: string, where: string, detail: string): JwksUnavailableError {
  return new JwksUnavailableError(
    'ERR_JWKS_TOO_LARGE',
    `The ${limits.what} at ${where} is larger than ${limits.maxBytes} bytes (${detail}); the download was aborted. Raise maxJwksBytes if this is expected.`,
    uri,
    200,
  );
}

/** How many redirects one download follows at most. */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A URL for messages: scheme, host and path, never credentials, query or fragment. */
function shownUrl(url: URL): string {
  return JSON.stringify(safeUrl(url));
}

function redirectError(
  limits: FetchJsonLimits,
  uri: string,
  status: number,
  detail: string,
): JwksUnavailableError {
  return new JwksUnavailableError(
    'ERR_JWKS_REDIRECT',
    `The ${limits.what} at ${limits.label ?? uri} ${detail}. Configure the URL the document is actually served from.`,
    uri,
    status,
  );
}

/**
 * Where a redirect answer points, checked like a configured URL (https, or http on loopback only),
 * never from https down to http, without credentials, not seen before in this chain and within
 * {@link MAX_REDIRECTS}.
 * @internal
 */
export function redirectTarget(
  status: number,
  location: string | undefined,
  current: URL,
  visited: Set<string>,
  limits: FetchJsonLimits,
  uri: string,
): URL {
  if (location === undefined || location.trim() === '') {
    throw redirectError(limits, uri, status, `answered HTTP ${status} without a Location header`);
  }
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    throw redirectError(limits, uri, status, `redirected (HTTP ${status}) to a Location that is not a URL`);
  }
  target.hash = '';
  if (target.username !== '' || target.password !== '') {
    throw redirectError(
      limits,
      uri,
      status,
      `redirected to ${shownUrl(target)} with credentials in the URL, which is refused`,
    );
  }
  const problem = fetchUrlProblem(target.href);
  if (problem !== undefined) {
    throw redirectError(
      limits,
      uri,
      status,
      `redirected to ${shownUrl(target)}, which is refused: ${problem}`,
    );
  }
  if (current.protocol === 'https:' && target.protocol !== 'https:') {
    throw redirectError(
      limits,
      uri,
      status,
      `redirected from https to ${shownUrl(target)}, which is refused: a redirect never leaves https`,
    );
  }
  if (visited.has(target.href)) {
    throw redirectError(limits, uri, status, `redirects in a loop (back to ${shownUrl(target)})`);
  }
  if (visited.size > MAX_REDIRECTS) {
    throw redirectError(
      limits,
      uri,
      status,
      `redirected more than ${MAX_REDIRECTS} times (next: ${shownUrl(target)})`,
    );
  }
  return target;
}

/**
 * The deadline of one download, shared by its exchanges: a plain timer that destroys the request
 * under way (an AbortController costs more on a cold start than the whole check).
 */
interface Deadline {
  timedOut: boolean;
  /** Destroys the request under way, if any. */
  cancel?: (() => void) | undefined;
}

/** One HTTP exchange: the status, and the Location of a redirect or the body of a 200. */
interface Answer {
  readonly status: number;
  readonly location?: string | undefined;
  readonly body?: Buffer;
}

const REQUEST_HEADERS = {
  accept: 'application/json',
  // Ask for the document as is: a compressed answer would need a decompression step and its own cap.
  'accept-encoding': 'identity',
  'user-agent': 'lambda-authorizer-kit',
};

/**
 * One GET with node:http or node:https, loaded on the first download rather than at import (a
 * verifier that never downloads does not pay for them). Cheaper on a cold start than the global
 * `fetch`, whose first call loads its whole HTTP client. No keep-alive: a socket kept across a Lambda
 * freeze is often dead on thaw, and a JWKS is downloaded once per cold start and on rotations only.
 */
async function exchange(
  url: URL,
  deadline: Deadline,
  limits: FetchJsonLimits,
  uri: string,
  where: () => string,
): Promise<Answer> {
  const { get } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const headers =
    limits.accept === undefined ? REQUEST_HEADERS : { ...REQUEST_HEADERS, accept: limits.accept };
  return new Promise<Answer>((resolve, reject) => {
    const request = get(url, { agent: false, headers }, (response) => {
      const status = response.statusCode ?? 0;
      const fail = (error: Error) => {
        reject(error);
        request.destroy();
      };
      if (status !== 200) {
        // The body of a redirect or an error is never read.
        resolve({ status, location: response.headers.location });
        request.destroy();
        return;
      }
      const encoding = response.headers['content-encoding'];
      if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
        fail(
          new JwksUnavailableError(
            limits.invalidCode,
            `The ${limits.what} at ${where()} came with Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} although none was asked for (Accept-Encoding: identity). Serve it uncompressed.`,
            uri,
            status,
          ),
        );
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (declared > limits.maxBytes) {
        fail(tooLarge(limits, uri, where(), `${declared} bytes announced`));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      response.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxBytes)
          fail(tooLarge(limits, uri, where(), `more than ${limits.maxBytes} bytes received`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (response.complete) resolve({ status, body: Buffer.concat(chunks, total) });
      });
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) fail(new Error('the connection closed before the whole body arrived'));
      });
    });
    request.on('error', reject);
    deadline.cancel = () => request.destroy(new Error(`no answer within ${limits.timeoutMs} ms`));
    if (deadline.timedOut) deadline.cancel();
  });
}

/**
 * Downloads a document with a timeout covering the whole exchange and a byte cap enforced while
 * reading, so an endless or huge response is cut off, not buffered. Redirects are followed by hand,
 * at most {@link MAX_REDIRECTS}, each target checked like a configured URL; the timeout covers the
 * whole chain. Resolves to the body and how messages name where it came from.
 *
 * @throws {@link JwksUnavailableError} on network errors, timeouts, non-200 answers, refused
 * redirects and oversize.
 */
export async function fetchBody(
  uri: string,
  limits: FetchJsonLimits,
): Promise<{ readonly body: Buffer; readonly where: string }> {
  const deadline: Deadline = { timedOut: false };
  const timer = setTimeout(() => {
    deadline.timedOut = true;
    deadline.cancel?.();
  }, limits.timeoutMs);
  // `where` names the URL that answered when it is not `uri` (after redirects).
  const shown = limits.label ?? uri;
  let where = shown;
  try {
    let answer: Answer;
    try {
      let current = new URL(uri);
      current.hash = '';
      const visited = new Set<string>([current.href]);
      for (;;) {
        answer = await exchange(current, deadline, limits, uri, () => where);
        if (!REDIRECT_STATUSES.has(answer.status)) break;
        current = redirectTarget(answer.status, answer.location, current, visited, limits, uri);
        visited.add(current.href);
        where = `${shown} (redirected to ${shownUrl(current)})`;
      }
      if (answer.status !== 200) {
        throw new JwksUnavailableError(
          'ERR_JWKS_HTTP_STATUS',
          `The ${limits.what} at ${where} answered HTTP ${answer.status}, expected 200. Check the URL and that the endpoint is public.`,
          uri,
          answer.status,
        );
      }
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw error;
      if (deadline.timedOut) {
        throw new JwksUnavailableError(
          'ERR_JWKS_TIMEOUT',
          `The ${limits.what} at ${where} did not arrive within timeoutMs (${limits.timeoutMs} ms). Check that the function can reach it (VPC without NAT gateway or endpoint?).`,
          uri,
          undefined,
          { cause: error },
        );
      }
      throw new JwksUnavailableError(
        'ERR_JWKS_FETCH',
        `The ${limits.what} at ${where} could not be fetched: ${error instanceof Error ? error.message : String(error)}. Check that the function can reach it (VPC without NAT gateway or endpoint?).`,
        uri,
        undefined,
        { cause: error },
      );
    }
    return { body: answer.body ?? Buffer.alloc(0), where };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Downloads (see {@link fetchBody}) and parses a JSON document.
 *
 * @throws {@link JwksUnavailableError} on network errors, timeouts, non-200 answers, refused
 * redirects, oversize and bad JSON.
 */
export async function fetchJson(uri: string, limits: FetchJsonLimits): Promise<unknown> {
  const { body, where } = await fetchBody(uri, limits);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new JwksUnavailableError(
      limits.invalidCode,
      `The ${limits.what} at ${where} is not valid JSON (${body.length} bytes received).`,
      uri,
      200,
      { cause },
    );
  }
}
