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

async function readCapped(
  response: Response,
  limits: FetchJsonLimits,
  uri: string,
  where: string,
  abort: () => void,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    abort();
    throw tooLarge(limits, uri, where, `${declared} bytes announced`);
  }
  const body = response.body;
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBytes) {
      abort();
      throw tooLarge(limits, uri, where, `more than ${limits.maxBytes} bytes received`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
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
  const text = `${url.protocol}//${url.host}${url.pathname}`;
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text);
}

function redirectError(
  limits: FetchJsonLimits,
  uri: string,
  status: number,
  detail: string,
): JwksUnavailableError {
  return new JwksUnavailableError(
    'ERR_JWKS_REDIRECT',
    `The ${limits.what} at ${uri} ${detail}. Configure the URL the document is actually served from.`,
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
  response: Response,
  current: URL,
  visited: Set<string>,
  limits: FetchJsonLimits,
  uri: string,
): URL {
  const status = response.status;
  const location = response.headers.get('location');
  if (location === null || location.trim() === '') {
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
 * Downloads and parses a JSON document with a timeout covering the whole exchange and a byte cap
 * enforced while reading, so an endless or huge response is cut off, not buffered. Redirects are
 * followed by hand, at most {@link MAX_REDIRECTS}, each target checked like a configured URL; the
 * timeout covers the whole chain.
 *
 * @throws {@link JwksUnavailableError} on network errors, timeouts, non-200 answers, refused
 * redirects, oversize and bad JSON.
 */
export async function fetchJson(uri: string, limits: FetchJsonLimits): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  // `where` names the URL that answered when it is not `uri` (after redirects).
  let where = uri;
  try {
    let raw: Buffer;
    let status: number;
    try {
      let current = new URL(uri);
      current.hash = '';
      const visited = new Set<string>([current.href]);
      let response: Response;
      for (;;) {
        response = await fetch(current, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
          redirect: 'manual',
        });
        if (!REDIRECT_STATUSES.has(response.status)) break;
        // The body of a redirect is never read.
        response.body?.cancel().catch(() => undefined);
        current = redirectTarget(response, current, visited, limits, uri);
        visited.add(current.href);
        where = `${uri} (redirected to ${shownUrl(current)})`;
      }
      status = response.status;
      if (status !== 200) {
        controller.abort();
        throw new JwksUnavailableError(
          'ERR_JWKS_HTTP_STATUS',
          `The ${limits.what} at ${where} answered HTTP ${status}, expected 200. Check the URL and that the endpoint is public.`,
          uri,
          status,
        );
      }
      raw = await readCapped(response, limits, uri, where, () => controller.abort());
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw error;
      if (timedOut) {
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
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (cause) {
      throw new JwksUnavailableError(
        limits.invalidCode,
        `The ${limits.what} at ${where} is not valid JSON (${raw.length} bytes received).`,
        uri,
        status,
        { cause },
      );
    }
  } finally {
    clearTimeout(timer);
  }
}
